import type { AirbyteCatalog } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';

/** test_discover: discover emitted exactly one CATALOG, with at least one stream, names unique. */
export function checkDiscoverOutput(catalogs: readonly AirbyteCatalog[]): Failure[] {
  if (catalogs.length !== 1) {
    return [{ message: `discover must emit exactly one CATALOG message; it emitted ${catalogs.length}`, expected: 1, actual: catalogs.length }];
  }
  const streams = catalogs[0].streams;
  if (streams.length === 0) return [{ message: 'the catalog must contain at least one stream; it has none', pointer: '/streams' }];
  const seen = new Map<string, number>();
  const failures: Failure[] = [];
  streams.forEach((stream, index) => {
    const first = seen.get(stream.name);
    if (first === undefined) seen.set(stream.name, index);
    else failures.push({ message: `stream name '${stream.name}' is used twice in the catalog (streams ${first} and ${index}); names must be unique`, stream: stream.name, pointer: `/streams/${index}/name` });
  });
  return failures;
}
