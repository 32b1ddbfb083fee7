import type { JsonValue } from '@nx-airbyte/protocol';
import { InvalidOptionError } from '../errors';

/** The protocol commands a connector image answers, appended to its ENTRYPOINT. */
export const CONNECTOR_COMMANDS = ['spec', 'check', 'discover', 'read', 'write'] as const;
export type ConnectorCommand = (typeof CONNECTOR_COMMANDS)[number];

/** Where the input files go inside the container (the Airbyte acceptance harness convention). */
export const CONFIG_PATH = '/data/tap_config.json';
export const CATALOG_PATH = '/data/catalog.json';
export const STATE_PATH = '/data/state.json';

/** A JSON value (serialised with JSON.stringify) or raw bytes (written as they are). */
export type ConnectorFileContents = JsonValue | Buffer;

export interface ConnectorInputs {
  config?: ConnectorFileContents;
  catalog?: ConnectorFileContents;
  state?: ConnectorFileContents;
}

export interface ConnectorInvocation {
  /** Arguments after the ENTRYPOINT: `read --config /data/tap_config.json --catalog ...`. */
  args: string[];
  /** Files to place into the container before it starts; paths relative to `/`. */
  files: Array<{ path: string; contents: Buffer }>;
}

type InputName = keyof ConnectorInputs;

/** Which inputs each command needs and accepts, after the Airbyte CLI contract. */
const INPUTS: Record<ConnectorCommand, { required: InputName[]; optional: InputName[] }> = {
  spec: { required: [], optional: [] },
  check: { required: ['config'], optional: [] },
  discover: { required: ['config'], optional: [] },
  read: { required: ['config', 'catalog'], optional: ['state'] },
  write: { required: ['config', 'catalog'], optional: [] },
};

const FILES: Record<InputName, { flag: string; path: string }> = {
  config: { flag: '--config', path: CONFIG_PATH },
  catalog: { flag: '--catalog', path: CATALOG_PATH },
  state: { flag: '--state', path: STATE_PATH },
};

/** The command line and input files of one protocol command; throws when an input is missing or not accepted. */
export function connectorInvocation(command: ConnectorCommand, inputs: ConnectorInputs): ConnectorInvocation {
  if (!CONNECTOR_COMMANDS.includes(command)) {
    throw new InvalidOptionError('runConnector', 'command', `must be one of ${CONNECTOR_COMMANDS.join(', ')}, got ${JSON.stringify(command)}`);
  }
  const { required, optional } = INPUTS[command];
  const args: string[] = [command];
  const files: ConnectorInvocation['files'] = [];
  for (const name of ['config', 'catalog', 'state'] as const) {
    const contents = inputs[name];
    if (contents === undefined) {
      if (required.includes(name)) throw new InvalidOptionError('runConnector', name, `is required for "${command}" (it becomes ${FILES[name].flag} ${FILES[name].path})`);
      continue;
    }
    if (!required.includes(name) && !optional.includes(name)) {
      throw new InvalidOptionError('runConnector', name, `is not part of "${command}" (${describeInputs(command)})`);
    }
    args.push(FILES[name].flag, FILES[name].path);
    files.push({ path: FILES[name].path.slice(1), contents: serialise(name, contents) });
  }
  return { args, files };
}

function describeInputs(command: ConnectorCommand): string {
  const { required, optional } = INPUTS[command];
  if (required.length === 0 && optional.length === 0) return `${command} takes no files`;
  return `${command} takes ${[...required, ...optional.map((o) => `optionally ${o}`)].join(', ')}`;
}

function serialise(name: InputName, contents: ConnectorFileContents): Buffer {
  if (Buffer.isBuffer(contents)) return contents;
  const text = JSON.stringify(contents);
  if (text === undefined) throw new InvalidOptionError('runConnector', name, 'must be JSON-serialisable or a Buffer');
  return Buffer.from(text);
}
