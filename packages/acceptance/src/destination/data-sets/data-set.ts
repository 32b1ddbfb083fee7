import type { AirbyteMessage, AirbyteStateMessage, JsonObject } from '@nx-airbyte/protocol';

/** A stream a data set writes, with what a configured catalog says of it. */
export interface DataSetStream {
  name: string;
  namespace?: string;
  jsonSchema: JsonObject;
  /** Paths of the primary key's fields; every data set stream has one, some composite. */
  primaryKey: string[][];
  cursorField: string[];
}

/** One message of a data set, as written: records by stream name (and namespace), states as they are. */
export type DataSetMessage = { stream: string; namespace?: string; data: JsonObject } | { state: AirbyteStateMessage };

/** A sync's messages and the streams they belong to, generated on demand so that no test holds them. */
export interface DataSet {
  name: string;
  streams: DataSetStream[];
  /** The messages of one sync, RECORD and STATE, in order; `emitted_at` is set when they are generated. */
  messages(): Iterable<AirbyteMessage>;
}

/** What every record of the data sets is stamped with: a fixed instant, so runs are reproducible. */
export const EMITTED_AT_BASE = 1_700_000_000_000;

/** Turns written messages into protocol messages, lazily. */
export function* protocolMessages(messages: Iterable<DataSetMessage>): Generator<AirbyteMessage> {
  let index = 0;
  for (const message of messages) {
    if ('state' in message) {
      yield { type: 'STATE', state: message.state };
      continue;
    }
    index += 1;
    yield { type: 'RECORD', record: { stream: message.stream, ...(message.namespace !== undefined ? { namespace: message.namespace } : {}), data: message.data, emitted_at: EMITTED_AT_BASE + index } };
  }
}

/** A data set from a fixed list of written messages. */
export function fixedDataSet(name: string, streams: DataSetStream[], messages: readonly DataSetMessage[]): DataSet {
  return { name, streams, messages: () => protocolMessages(messages) };
}

export function streamKey(stream: { name: string; namespace?: string | null }): string {
  return `${stream.namespace ?? ''}\u0000${stream.name}`;
}

/** How failures name a stream: `namespace.name`, or the name alone. */
export function streamLabel(stream: { name: string; namespace?: string | null }): string {
  return stream.namespace ? `${stream.namespace}.${stream.name}` : stream.name;
}
