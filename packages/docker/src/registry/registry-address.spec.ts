import { InvalidOptionError } from '../errors';
import { parseRegistryAddress, registryImageName, registryRepositoryPath } from './registry-address';

describe('parseRegistryAddress', () => {
  it('speaks plain HTTP to a registry on the loopback address, as the engine does', () => {
    expect(parseRegistryAddress('127.0.0.1:5000')).toEqual({ name: '127.0.0.1:5000', host: '127.0.0.1:5000', namespace: '', apiUrl: 'http://127.0.0.1:5000', serverAddress: '127.0.0.1:5000', dockerHub: false });
    expect(parseRegistryAddress('localhost:5000').apiUrl).toBe('http://localhost:5000');
  });

  it('speaks HTTPS to any other host, and keeps a namespace for the repositories', () => {
    const registry = parseRegistryAddress('ghcr.io/my-org/');
    expect(registry).toMatchObject({ name: 'ghcr.io/my-org', host: 'ghcr.io', namespace: 'my-org', apiUrl: 'https://ghcr.io' });
    expect(registryImageName(registry, 'airbyte/source-x')).toBe('ghcr.io/my-org/airbyte/source-x');
    expect(registryRepositoryPath(registry, 'airbyte/source-x')).toBe('my-org/airbyte/source-x');
  });

  it('takes an explicit scheme', () => {
    expect(parseRegistryAddress('http://registry.internal:5000').apiUrl).toBe('http://registry.internal:5000');
    expect(parseRegistryAddress('https://127.0.0.1:5443').apiUrl).toBe('https://127.0.0.1:5443');
  });

  it('knows Docker Hub: no prefix on image names, its API host and auth server, library/ for single names', () => {
    const hub = parseRegistryAddress('docker.io');
    expect(hub).toMatchObject({ apiUrl: 'https://registry-1.docker.io', serverAddress: 'https://index.docker.io/v1/', dockerHub: true });
    expect(registryImageName(hub, 'airbyte/source-x')).toBe('airbyte/source-x');
    expect(registryRepositoryPath(hub, 'debian')).toBe('library/debian');
  });

  it.each([
    ['', /must be a registry address/],
    ['not a host', /is not host\[:port\]\[\/namespace\]/],
    ['127.0.0.1:99999', /is not host\[:port\]/],
    ['ghcr.io/My-Org', /namespace part "My-Org" must be lowercase/],
  ])('refuses %j, saying what a registry address looks like', (text, message) => {
    expect(() => parseRegistryAddress(text)).toThrow(InvalidOptionError);
    expect(() => parseRegistryAddress(text)).toThrow(message);
  });
});
