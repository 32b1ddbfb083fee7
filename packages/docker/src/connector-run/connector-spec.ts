import type { ConnectorSpecification } from '@nx-airbyte/protocol';
import type { DockerClient } from '../engine-client';
import { ConnectorSpecError } from '../errors';
import { runConnector, type RunConnectorOptions } from './run-connector';

/** A `spec` run answers in seconds; a minute covers a cold start on a loaded machine. */
export const DEFAULT_SPEC_TIMEOUT_MS = 60_000;
const STDERR_TAIL_LINES = 20;

export type RunSpecOptions = Pick<RunConnectorOptions, 'env' | 'runId' | 'labels' | 'timeoutMs'> & {
  /** Masks stderr lines before they go into an error message. */
  mask?: (text: string) => string;
};

/**
 * Runs `spec` in a fresh container of `image` and returns its one SPEC message's spec, checked against
 * the protocol's schema. Rejects with ConnectorSpecError (exit status, no or several SPEC messages, an
 * invalid spec, a timeout), with the connector's last stderr lines.
 */
export async function runSpec(client: DockerClient, image: string, options: RunSpecOptions = {}): Promise<ConnectorSpecification> {
  const mask = options.mask ?? ((text: string) => text);
  const run = await runConnector(client, { image, command: 'spec', env: options.env, runId: options.runId, labels: options.labels, timeoutMs: options.timeoutMs ?? DEFAULT_SPEC_TIMEOUT_MS });
  const specs: unknown[] = [];
  const stderrTail: string[] = [];
  for await (const item of run.output) {
    if (item.type === 'message' && item.message.type === 'SPEC') specs.push(item.message.spec);
    else if (item.type === 'stderr') {
      stderrTail.push(mask(item.text));
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    }
  }
  const result = await run.result;
  if (result.timedOut) throw new ConnectorSpecError(image, `did not finish within ${options.timeoutMs ?? DEFAULT_SPEC_TIMEOUT_MS} ms`, stderrTail);
  if (result.exitCode !== 0) throw new ConnectorSpecError(image, `exited with status ${result.exitCode}`, stderrTail);
  if (specs.length !== 1) throw new ConnectorSpecError(image, `gave ${specs.length} SPEC messages; exactly one is required`, stderrTail);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateConnectorSpecification } = require('@nx-airbyte/protocol') as typeof import('@nx-airbyte/protocol');
  const violations = validateConnectorSpecification(specs[0]);
  if (violations.length > 0) throw new ConnectorSpecError(image, `the SPEC message is not a valid ConnectorSpecification: ${violations.slice(0, 3).map((v) => v.message).join('; ')}`);
  return specs[0] as ConnectorSpecification;
}
