import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface CliChildResult {
  /** The CLI's exit status (null when the process was killed). */
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Peak resident memory of the CLI process, MiB. */
  maxRssMiB: number | undefined;
  /** From spawning the process to its exit. */
  seconds: number;
  pid: number;
  stdout: string;
  stderr: string;
}

const CHILD = path.join(__dirname, 'cli-child-main.js');

/**
 * Runs `connector-acceptance-test <args>` in a child process (cli-child-main.js) and resolves when it
 * exits, with its peak RSS and wall time. `onStart` gets the process, e.g. to signal it.
 */
export function runCliInChild(args: readonly string[], options: { env?: NodeJS.ProcessEnv; onStart?: (pid: number) => void; onStdout?: (text: string) => void } = {}): Promise<CliChildResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  options.onStart?.(child.pid as number);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    options.onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => {
      const report = /^cli-child: (\{.*\})$/m.exec(stderr);
      const maxRssKiB = report ? (JSON.parse(report[1]) as { maxRssKiB: number }).maxRssKiB : undefined;
      resolve({ status, signal, maxRssMiB: maxRssKiB === undefined ? undefined : maxRssKiB / 1024, seconds: (Date.now() - started) / 1000, pid: child.pid as number, stdout, stderr });
    });
  });
}
