import { appendFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { workspaceConnectorsDir, type CliIo } from './write-secrets';

/** The pull request comment commands of Airbyte's Gradle era, and the target each one runs. */
export const COMMENT_COMMANDS = { test: 'integrationTest', publish: 'publish' } as const;
export type CommentCommand = keyof typeof COMMENT_COMMANDS;

/** Who may run a command: people with write access, as GitHub reports them (forks could not use Airbyte's either). */
export const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'] as const;

/** The whole first line, strictly: nothing but the command, one connector name of lowercase letters, digits and dashes. */
const COMMAND_LINE = /^\/(test|publish) connector=connectors\/((?:source|destination)-[a-z0-9]+(?:-[a-z0-9]+)*)$/;

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
 * is refused; undefined when the comment is not a command at all.
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

/**
 * For GitHub Actions: reads COMMENT (the comment body) and AUTHOR_ASSOCIATION from the environment, never
 * from the command line, checks them and that the connector exists, and appends `command=`,
 * `connector=` and `target=` to $GITHUB_OUTPUT (or prints them). 0: a command to run, or no command at all (nothing is
 * written, so no job runs); 1: refused.
 */
export function main(_argv: readonly string[], io: CliIo): number {
  let parsed: ParsedCommand | undefined;
  try {
    parsed = parseCommentCommand(io.env['COMMENT'] ?? '');
  } catch (error) {
    io.err(`nx-airbyte-comment-command: ${(error as Error).message}`);
    return 1;
  }
  if (!parsed) {
    io.out('nx-airbyte-comment-command: the comment is no /test or /publish command; nothing to run');
    return 0;
  }
  const association = io.env['AUTHOR_ASSOCIATION'] ?? '';
  if (!(TRUSTED_ASSOCIATIONS as readonly string[]).includes(association)) {
    io.err(`nx-airbyte-comment-command: /${parsed.command} may be run by the repository's owners, members and collaborators only; the comment's author is ${association || 'unknown'}`);
    return 1;
  }
  const connectorsDir = workspaceConnectorsDir(io.cwd);
  if (!existsSync(path.join(io.cwd, connectorsDir, parsed.connector, 'Dockerfile'))) {
    io.err(`nx-airbyte-comment-command: there is no connector ${parsed.connector} in ${connectorsDir}`);
    return 1;
  }
  const lines = [`command=${parsed.command}`, `connector=${parsed.connector}`, `target=${parsed.target}`];
  const outputFile = io.env['GITHUB_OUTPUT'];
  if (outputFile) appendFileSync(outputFile, `${lines.join('\n')}\n`);
  for (const line of lines) io.out(line);
  return 0;
}
