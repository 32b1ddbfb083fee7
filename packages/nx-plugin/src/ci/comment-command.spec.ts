import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CommentCommandError, main, parseCommentCommand } from './comment-command';

describe('parseCommentCommand', () => {
  it.each([
    ['/test connector=connectors/source-faker', { command: 'test', connector: 'source-faker', target: 'integrationTest' }],
    ['/publish connector=connectors/destination-local-json  \nThanks!', { command: 'publish', connector: 'destination-local-json', target: 'publish' }],
  ])('reads %j', (body, expected) => {
    expect(parseCommentCommand(body)).toEqual(expected);
  });

  it.each(['LGTM', 'please /test connector=connectors/source-faker', '', '/testing is fun'])('is no command: %j', (body) => {
    expect(parseCommentCommand(body)).toBeUndefined();
  });

  it.each([
    '/test connector=connectors/source-faker; curl http://example.com',
    '/test connector=connectors/source-$(id)',
    '/test connector=connectors/source-`id`',
    '/test connector=connectors/../../etc',
    '/test connector=connectors/Source-Faker',
    '/test connector=connectors/source-faker --skip-nx-cache',
    '/test connector=connectors/source-faker connector=connectors/source-x',
    '/test connector=bases/base-python',
    '/publish connector=connectors/source-faker"',
    '/publish',
  ])('refuses %j, saying what a command looks like', (body) => {
    expect(() => parseCommentCommand(body)).toThrow(CommentCommandError);
    expect(() => parseCommentCommand(body)).toThrow(/write \/test connector=connectors\/<name> or \/publish connector=connectors\/<name>/);
  });
});

describe('nx-airbyte-comment-command', () => {
  let workspace: string;
  let out: string[];
  let err: string[];
  const run = (env: NodeJS.ProcessEnv) => {
    out = [];
    err = [];
    return main([], { out: (line) => out.push(line), err: (line) => err.push(line), env, cwd: workspace });
  };

  beforeEach(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-comment-'));
    mkdirSync(path.join(workspace, 'airbyte-integrations/connectors/source-faker'), { recursive: true });
    writeFileSync(path.join(workspace, 'airbyte-integrations/connectors/source-faker/Dockerfile'), 'FROM x\n');
  });

  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('writes command, connector and target to $GITHUB_OUTPUT for a member', () => {
    const output = path.join(workspace, 'github-output');
    expect(run({ COMMENT: '/test connector=connectors/source-faker', AUTHOR_ASSOCIATION: 'MEMBER', GITHUB_OUTPUT: output })).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('command=test\nconnector=source-faker\ntarget=integrationTest\n');
  });

  it('refuses an author without write access', () => {
    expect(run({ COMMENT: '/publish connector=connectors/source-faker', AUTHOR_ASSOCIATION: 'CONTRIBUTOR' })).toBe(1);
    expect(err[0]).toMatch(/\/publish may be run by the repository's owners, members and collaborators only; the comment's author is CONTRIBUTOR/);
  });

  it('refuses a connector that does not exist, and says when the comment is no command', () => {
    expect(run({ COMMENT: '/test connector=connectors/source-nope', AUTHOR_ASSOCIATION: 'OWNER' })).toBe(1);
    expect(err[0]).toBe('nx-airbyte-comment-command: there is no connector source-nope in airbyte-integrations/connectors');
    const output = path.join(workspace, 'github-output');
    expect(run({ COMMENT: '/testing the waters', AUTHOR_ASSOCIATION: 'OWNER', GITHUB_OUTPUT: output })).toBe(0);
    expect(existsSync(output)).toBe(false);
  });
});
