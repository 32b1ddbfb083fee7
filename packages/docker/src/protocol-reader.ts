import type * as Protocol from '@nx-airbyte/protocol';

export type ProtocolReader = Pick<typeof Protocol, 'LineSplitter' | 'parseLine'>;

/**
 * The protocol package's line reader, loaded on first use: the package's index also loads ajv and
 * its schemas (~100 ms), which importing this package (for the Dockerfile parser) must not pay.
 */
export function protocolReader(): ProtocolReader {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@nx-airbyte/protocol') as ProtocolReader;
}
