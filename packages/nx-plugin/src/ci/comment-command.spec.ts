import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  const HEAD = 'a'.repeat(40);
  let workspace: string;
  let out: string[];
  let err: string[];
  let server: Server;
  let apiUrl: string;
  let requests: Array<{ url: string; authorization?: string }>;
  /** What the fake GitHub API answers: login -> permission body, and the pull request's head. */
  let permissions: Record<string, Record<string, string>>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
      const permission = /^\/repos\/owner\/repo\/collaborators\/([^/]+)\/permission$/.exec(request.url ?? '');
      const body = permission ? permissions[decodeURIComponent(permission[1])] : request.url === '/repos/owner/repo/pulls/7' ? { number: 7, head: { sha: HEAD } } : undefined;
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { message: 'Not Found' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const run = (env: NodeJS.ProcessEnv, argv: string[] = []) => {
    out = [];
    err = [];
    return main(argv, { out: (line) => out.push(line), err: (line) => err.push(line), env, cwd: workspace });
  };
  const commentEnv = (comment: string, author: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    COMMENT: comment,
    COMMENT_AUTHOR: author,
    PR_NUMBER: '7',
    GITHUB_REPOSITORY: 'owner/repo',
    GITHUB_API_URL: apiUrl,
    GH_TOKEN: 'token-of-the-job',
    ...extra,
  });

  beforeEach(() => {
    requests = [];
    permissions = {
      maintainer: { permission: 'write', role_name: 'maintain' },
      writer: { permission: 'write', role_name: 'write' },
      reader: { permission: 'read', role_name: 'read' },
      triager: { permission: 'read', role_name: 'triage' },
      legacy: { permission: 'admin' },
    };
    workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-comment-'));
    mkdirSync(path.join(workspace, 'airbyte-integrations/connectors/source-faker'), { recursive: true });
    writeFileSync(path.join(workspace, 'airbyte-integrations/connectors/source-faker/Dockerfile'), 'FROM x\n');
  });

  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('writes command, connector, target, the secret variable and the head commit to $GITHUB_OUTPUT for an author with write access', async () => {
    const output = path.join(workspace, 'github-output');
    expect(await run(commentEnv('/test connector=connectors/source-faker', 'writer', { GITHUB_OUTPUT: output }))).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(`command=test\nconnector=source-faker\ntarget=integrationTest\nsecret=SOURCE_FAKER_CREDS\nsha=${HEAD}\n`);
    expect(requests.map((request) => request.url)).toEqual(['/repos/owner/repo/collaborators/writer/permission', '/repos/owner/repo/pulls/7']);
    expect(requests.every((request) => request.authorization === 'Bearer token-of-the-job')).toBe(true);
    expect(out.join('\n')).not.toContain('token-of-the-job');
  });

  it.each(['maintainer', 'legacy'])('accepts %s (maintain or admin)', async (author) => {
    expect(await run(commentEnv('/publish connector=connectors/source-faker', author))).toBe(0);
  });

  it.each([
    ['reader', 'read'],
    ['triager', 'triage'],
  ])('refuses %s, who has no write access, whatever the comment says about the author', async (author, permission) => {
    expect(await run(commentEnv('/publish connector=connectors/source-faker', author, { AUTHOR_ASSOCIATION: 'MEMBER' }))).toBe(1);
    expect(err[0]).toBe(`nx-airbyte-comment-command: /publish may be run only by people with write access to owner/repo; ${author} has ${permission}`);
    expect(requests.map((request) => request.url)).not.toContain('/repos/owner/repo/pulls/7');
  });

  it('refuses an author the API does not know, and a login that is no login', async () => {
    expect(await run(commentEnv('/test connector=connectors/source-faker', 'stranger'))).toBe(1);
    expect(err[0]).toMatch(/collaborators\/stranger\/permission: 404/);
    expect(await run(commentEnv('/test connector=connectors/source-faker', 'a b'))).toBe(1);
    expect(err[0]).toMatch(/COMMENT_AUTHOR must be the comment author's GitHub login/);
  });

  it('does not look for the connector in the default branch: a pull request may add it', async () => {
    expect(await run(commentEnv('/test connector=connectors/source-new-one', 'writer'))).toBe(0);
    expect(out).toContain('connector=source-new-one');
  });

  it('says when the comment is no command, and writes nothing', async () => {
    const output = path.join(workspace, 'github-output');
    expect(await run(commentEnv('/testing the waters', 'reader', { GITHUB_OUTPUT: output }))).toBe(0);
    expect(existsSync(output)).toBe(false);
    expect(requests).toEqual([]);
  });

  it('--connector-exists checks the checked-out pull request, naming the commit', async () => {
    expect(await run({ HEAD_SHA: HEAD }, ['--connector-exists', 'source-faker'])).toBe(0);
    expect(await run({ HEAD_SHA: HEAD }, ['--connector-exists', 'source-nope'])).toBe(1);
    expect(err[0]).toBe(`nx-airbyte-comment-command: the pull request at ${HEAD} has no connector source-nope: there is no airbyte-integrations/connectors/source-nope/Dockerfile`);
    expect(await run({}, ['--connector-exists', '../etc'])).toBe(1);
    expect(err[0]).toMatch(/is not a connector name/);
  });
});
