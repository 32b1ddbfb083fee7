import { InvalidOptionError } from '../errors';
import { connectorInvocation, type ConnectorCommand } from './connector-invocation';

describe('connectorInvocation', () => {
  it('runs spec with no arguments and no files', () => {
    expect(connectorInvocation('spec', {})).toEqual({ args: ['spec'], files: [] });
  });

  it('passes check the config at /data/tap_config.json as JSON', () => {
    const invocation = connectorInvocation('check', { config: { api_key: 'k' } });
    expect(invocation.args).toEqual(['check', '--config', '/data/tap_config.json']);
    expect(invocation.files).toEqual([{ path: 'data/tap_config.json', contents: Buffer.from('{"api_key":"k"}') }]);
  });

  it('passes read the config, catalog and state in the harness order', () => {
    const invocation = connectorInvocation('read', { config: {}, catalog: { streams: [] }, state: [] });
    expect(invocation.args).toEqual(['read', '--config', '/data/tap_config.json', '--catalog', '/data/catalog.json', '--state', '/data/state.json']);
    expect(invocation.files.map((f) => f.path)).toEqual(['data/tap_config.json', 'data/catalog.json', 'data/state.json']);
  });

  it('leaves --state out of read when there is no state', () => {
    expect(connectorInvocation('read', { config: {}, catalog: {} }).args).toEqual(['read', '--config', '/data/tap_config.json', '--catalog', '/data/catalog.json']);
  });

  it('writes a Buffer as it is, so malformed files can be tested', () => {
    expect(connectorInvocation('check', { config: Buffer.from('{not json') }).files[0].contents.toString()).toBe('{not json');
  });

  it('requires a config for check, naming the flag it becomes', () => {
    expect(() => connectorInvocation('check', {})).toThrow(new InvalidOptionError('runConnector', 'config', 'is required for "check" (it becomes --config /data/tap_config.json)'));
  });

  it('requires a catalog for write', () => {
    expect(() => connectorInvocation('write', { config: {} })).toThrow(/"catalog" is required for "write"/);
  });

  it('refuses a state for discover and says what discover takes', () => {
    expect(() => connectorInvocation('discover', { config: {}, state: {} })).toThrow('runConnector: option "state" is not part of "discover" (discover takes config)');
  });

  it('refuses files for spec', () => {
    expect(() => connectorInvocation('spec', { config: {} })).toThrow('spec takes no files');
  });

  it('refuses an unknown command', () => {
    expect(() => connectorInvocation('sync' as ConnectorCommand, {})).toThrow('option "command" must be one of spec, check, discover, read, write, got "sync"');
  });
});
