import { appendFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { secretVariableName, workspaceConnectorsDir, type CliIo } from './write-secrets';

/** The pull request comment commands of Airbyte's Gradle era, and the target each one runs. */
export const COMMENT_COMMANDS = { test: 'integrationTest', publish: 'publish' } as const;
export type CommentCommand = keyof typeof COMMENT_COMMANDS;

/**
 * Who may run a command: people with write access to the repository, as GitHub's permission API reports
 * it (repos/{owner}/{repo}/collaborators/{user}/permission). The comment's author_association is no proof:
 * MEMBER is any member of the organisation, COLLABORATOR may be a read-only collaborator.
 */
export const WRITE_PERMISSIONS = ['admin', 'maintain', 'write'] as const;

/** Each GitHub API request fails after this long. */
export const GITHUB_API_TIMEOUT_MS = 15_000;

export const USAGE = `Usage: nx-airbyte-comment-command
       nx-airbyte-comment-command --connector-exists <name> [--workspace-root <dir>]

Without options (the parse job, on the default branch's code): checks the comment command in COMMENT
(only its first line, only /test or /publish connector=connectors/<name>), that COMMENT_AUTHOR has
write access to GITHUB_REPOSITORY (GitHub's permission API, with GH_TOKEN), and reads the head commit
of pull request PR_NUMBER. Writes command=, connector=, target=, secret= (the connector's
<NAME>_CREDS variable) and sha= to $GITHUB_OUTPUT.

--connector-exists <name>: after the pull request's commit is checked out, checks that it has the
connector (a folder with a Dockerfile in the connectors folder); HEAD_SHA, if set, is named in the message.

Exit status: 0 a command to run (or no command at all), 1 refused, 2 usage.`;

/** The whole first line, strictly: nothing but the command, one connector name of lowercase letters, digits and dashes. */
const COMMAND_LINE = /^\/(test|publish) connector=connectors\/((?:source|destination)-[a-z0-9]+(?:-[a-z0-9]+)*)$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export interface ParsedCommand {
  command: CommentCommand;
  /** The connector's project name, e.g. source-faker: safe to use in a shell (checked against the pattern). */
  connector: string;
  /** The Nx target the command runs. */
  target: (typeof COMMENT_COMMANDS)[CommentCommand];
}

/** Why a comment is not a command that may run. */
export class CommentCommandError extends Error {
  override readonly name = 'CommentCommandError';
}

/**
 * Reads `/test connector=connectors/<name>` or `/publish connector=connectors/<name>` from the first line
 * of a comment. Anything else on that line (options, a second connector, shell characters, other paths)
 * is refused; undefined when the comment is not a command at all. Whether the connector exists is not
 * checked here: the pull request may be the one that adds it (see checkConnectorExists).
 */
export function parseCommentCommand(body: string): ParsedCommand | undefined {
  const firstLine = (body ?? '').split(/\r?\n/)[0].trim();
  if (!/^\/(test|publish)(\s|$)/.test(firstLine)) return undefined;
  const match = COMMAND_LINE.exec(firstLine);
  if (!match) {
    throw new CommentCommandError('not a command this repository runs: write /test connector=connectors/<name> or /publish connector=connectors/<name>, with <name> like source-faker (lowercase letters, digits and dashes)');
  }
  const command = match[1] as CommentCommand;
  return { command, connector: match[2], target: COMMENT_COMMANDS[command] };
}

/** Where the GitHub API is and who asks: the variables GitHub Actions sets, plus the token. */
export interface GitHubApi {
  url: string;
  repository: string;
  token: string;
  timeoutMs?: number;
}

/** Answers of the GitHub API this checker uses; a refusal names the request and the status, never the token. */
async function githubGet(api: GitHubApi, resource: string): Promise<Record<string, unknown>> {
  const url = `${api.url.replace(/\/+$/, '')}/repos/${api.repository}/${resource}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${api.token}`, 'x-github-api-version': '2022-11-28' },
      signal: AbortSignal.timeout(api.timeoutMs ?? GITHUB_API_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${api.timeoutMs ?? GITHUB_API_TIMEOUT_MS} ms` : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    throw new CommentCommandError(`GET ${url}: ${reason}`);
  }
  if (response.status === 404) throw new CommentCommandError(`GET ${url}: 404, not found`);
  if (response.status !== 200) throw new CommentCommandError(`GET ${url}: HTTP ${response.status}; the job's token needs contents: read and pull-requests: read`);
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (body === null || typeof body !== 'object') throw new CommentCommandError(`GET ${url}: the answer is not a JSON object`);
  return body as Record<string, unknown>;
}

/** The author's permission on the repository: admin, maintain, write, triage, read or none (role_name, else the legacy permission). */
export async function authorPermission(api: GitHubApi, author: string): Promise<string> {
  const body = await githubGet(api, `collaborators/${encodeURIComponent(author)}/permission`);
  const role = typeof body['role_name'] === 'string' ? body['role_name'] : undefined;
  const permission = typeof body['permission'] === 'string' ? body['permission'] : undefined;
  // role_name tells maintain from write; the legacy field folds maintain into write and triage into read
  return role ?? permission ?? 'none';
}

/** The commit the pull request's head points at now: the one the command's jobs check out (not the mutable refs/pull/N/head). */
export async function pullRequestHead(api: GitHubApi, pullRequest: string): Promise<string> {
  const body = await githubGet(api, `pulls/${encodeURIComponent(pullRequest)}`);
  const sha = (body['head'] as { sha?: unknown } | undefined)?.sha;
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha)) throw new CommentCommandError(`pull request ${pullRequest}: the API gave no head commit`);
  return sha;
}

/** Refuses, naming the folder, a connector the checked-out workspace does not have. */
export function checkConnectorExists(workspaceRoot: string, connector: string, commit?: string): void {
  if (!COMMAND_LINE.test(`/test connector=connectors/${connector}`)) throw new CommentCommandError(`${JSON.stringify(connector)} is not a connector name (source-<name> or destination-<name>)`);
  const connectorsDir = workspaceConnectorsDir(workspaceRoot);
  if (!existsSync(path.join(workspaceRoot, connectorsDir, connector, 'Dockerfile'))) {
    throw new CommentCommandError(`the pull request${commit ? ` at ${commit}` : ''} has no connector ${connector}: there is no ${connectorsDir}/${connector}/Dockerfile`);
  }
}

/**
 * For GitHub Actions: reads COMMENT, COMMENT_AUTHOR, PR_NUMBER, GITHUB_REPOSITORY, GITHUB_API_URL and
 * GH_TOKEN from the environment, never from the command line; checks the command and the author's write
 * access, reads the pull request's head commit, and appends `command=`, `connector=`, `target=`,
 * `secret=` and `sha=` to $GITHUB_OUTPUT (or prints them). 0: a command to run, or no command at all
 * (nothing is written, so no job runs); 1: refused; 2: usage.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values: { 'connector-exists'?: string; 'workspace-root'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { 'connector-exists': { type: 'string' }, 'workspace-root': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    io.err(`nx-airbyte-comment-command: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    if (values['connector-exists'] !== undefined) {
      checkConnectorExists(path.resolve(io.cwd, values['workspace-root'] ?? '.'), values['connector-exists'], io.env['HEAD_SHA'] || undefined);
      io.out(`nx-airbyte-comment-command: the pull request has the connector ${values['connector-exists']}`);
      return 0;
    }
    return await checkCommand(io);
  } catch (error) {
    if (!(error instanceof CommentCommandError)) throw error;
    io.err(`nx-airbyte-comment-command: ${error.message}`);
    return 1;
  }
}

async function checkCommand(io: CliIo): Promise<number> {
  const parsed = parseCommentCommand(io.env['COMMENT'] ?? '');
  if (!parsed) {
    io.out('nx-airbyte-comment-command: the comment is no /test or /publish command; nothing to run');
    return 0;
  }
  const author = io.env['COMMENT_AUTHOR'] ?? '';
  if (!GITHUB_LOGIN.test(author)) throw new CommentCommandError(`COMMENT_AUTHOR must be the comment author's GitHub login, got ${JSON.stringify(author)}`);
  const pullRequest = io.env['PR_NUMBER'] ?? '';
  if (!/^[1-9][0-9]*$/.test(pullRequest)) throw new CommentCommandError(`PR_NUMBER must be the pull request's number, got ${JSON.stringify(pullRequest)}`);
  const repository = io.env['GITHUB_REPOSITORY'] ?? '';
  if (!REPOSITORY.test(repository)) throw new CommentCommandError(`GITHUB_REPOSITORY must be <owner>/<name>, got ${JSON.stringify(repository)}`);
  const token = io.env['GH_TOKEN'] ?? '';
  if (!token) throw new CommentCommandError('GH_TOKEN is not set: the job must pass ${{ github.token }} to read the author\'s permission');
  const api: GitHubApi = { url: io.env['GITHUB_API_URL'] || 'https://api.github.com', repository, token };

  const permission = await authorPermission(api, author);
  if (!(WRITE_PERMISSIONS as readonly string[]).includes(permission)) {
    throw new CommentCommandError(`/${parsed.command} may be run only by people with write access to ${repository}; ${author} has ${permission}`);
  }
  const sha = await pullRequestHead(api, pullRequest);
  const lines = [`command=${parsed.command}`, `connector=${parsed.connector}`, `target=${parsed.target}`, `secret=${secretVariableName(parsed.connector)}`, `sha=${sha}`];
  const outputFile = io.env['GITHUB_OUTPUT'];
  if (outputFile) appendFileSync(outputFile, `${lines.join('\n')}\n`);
  for (const line of lines) io.out(line);
  io.out(`nx-airbyte-comment-command: ${author} (${permission}) runs /${parsed.command} for ${parsed.connector} on pull request ${pullRequest} at ${sha}`);
  return 0;
}
