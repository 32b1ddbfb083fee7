import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryError } from '../errors';
import { parseRegistryAddress, type RegistryAddress } from './registry-address';
import { checkRegistryAccess, findManifestDigest, listTags, parseAuthChallenge } from './registry-api';

// A stand-in for a registry's HTTP API on 127.0.0.1: what each auth scheme answers, nothing more.
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const BASIC = `Basic ${Buffer.from('alice:s3cret-pass').toString('base64')}`;
type Mode = 'open' | 'basic' | 'bearer';
let mode: Mode = 'open';
let server: Server;
let registry: RegistryAddress;
const seen: Array<{ method: string; url: string; authorization?: string }> = [];

function handle(request: IncomingMessage, response: ServerResponse): void {
  seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/token') {
    if (request.headers.authorization !== BASIC) return void response.writeHead(401).end();
    return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `token-for-${url.searchParams.get('scope')}` }));
  }
  const authorized =
    mode === 'open' ||
    (mode === 'basic' && request.headers.authorization === BASIC) ||
    (mode === 'bearer' && request.headers.authorization?.startsWith('Bearer token-for-repository:'));
  if (!authorized) {
    const challenge = mode === 'basic' ? 'Basic realm="test"' : `Bearer realm="http://127.0.0.1:${(server.address() as AddressInfo).port}/token",service="test-registry"`;
    return void response.writeHead(401, { 'www-authenticate': challenge }).end();
  }
  if (url.pathname === '/v2/') return void response.writeHead(200).end('{}');
  if (url.pathname === '/v2/airbyte/source-x/manifests/0.1.0') return void response.writeHead(200, { 'docker-content-digest': DIGEST }).end();
  if (url.pathname === '/v2/airbyte/source-x/tags/list') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'airbyte/source-x', tags: ['0.1.0', 'latest'] }));
  response.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = parseRegistryAddress(`127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

describe('findManifestDigest', () => {
  it('gives the digest of a tag the registry has, and undefined for one it has not', async () => {
    mode = 'open';
    expect(await findManifestDigest(registry, 'airbyte/source-x', '0.1.0')).toBe(DIGEST);
    expect(await findManifestDigest(registry, 'airbyte/source-x', '0.2.0')).toBeUndefined();
    expect(seen.every((request) => request.method === 'HEAD')).toBe(true);
  });

  it('answers a Basic challenge with the credentials', async () => {
    mode = 'basic';
    expect(await findManifestDigest(registry, 'airbyte/source-x', '0.1.0', { credentials: { username: 'alice', password: 's3cret-pass' } })).toBe(DIGEST);
    expect(seen.map((request) => request.authorization)).toEqual([undefined, BASIC]);
  });

  it('gets a Bearer token for the repository from the realm the challenge names', async () => {
    mode = 'bearer';
    expect(await findManifestDigest(registry, 'airbyte/source-x', '0.1.0', { credentials: { username: 'alice', password: 's3cret-pass' } })).toBe(DIGEST);
    expect(seen[1].url).toBe('/token?service=test-registry&scope=repository%3Aairbyte%2Fsource-x%3Apull');
  });

  it('says credentials are needed when the registry asks and none were given', async () => {
    mode = 'basic';
    const error = await findManifestDigest(registry, 'airbyte/source-x', '0.1.0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'credentials-required' });
    expect((error as Error).message).toMatch(/asked for credentials while looking up airbyte\/source-x:0.1.0/);
  });

  it.each(['basic', 'bearer'] as const)('says the credentials were refused (%s), naming the user and never the password', async (scheme) => {
    mode = scheme;
    const error = await findManifestDigest(registry, 'airbyte/source-x', '0.1.0', { credentials: { username: 'alice', password: 'wrong-password' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized' });
    expect((error as Error).message).toMatch(/refused the credentials/);
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('says nothing answers at an address where no registry listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = parseRegistryAddress(`127.0.0.1:${port}`);
    const error = await findManifestDigest(nowhere, 'airbyte/source-x', '0.1.0').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as Error).message).toMatch(new RegExp(`Registry 127.0.0.1:${port} did not answer .*ECONNREFUSED; start the registry`));
  });
});

describe('listTags and checkRegistryAccess', () => {
  it('lists the tags of a repository, none for an unknown one', async () => {
    mode = 'open';
    expect(await listTags(registry, 'airbyte/source-x')).toEqual(['0.1.0', 'latest']);
    expect(await listTags(registry, 'airbyte/source-y')).toEqual([]);
  });

  it('checks access with the credentials', async () => {
    mode = 'basic';
    await expect(checkRegistryAccess(registry, { credentials: { username: 'alice', password: 's3cret-pass' } })).resolves.toBeUndefined();
    await expect(checkRegistryAccess(registry)).rejects.toMatchObject({ kind: 'credentials-required' });
  });
});

describe('parseAuthChallenge', () => {
  it('reads the scheme and quoted or bare parameters', () => {
    expect(parseAuthChallenge('Bearer realm="https://auth.example/token",service=registry.example,scope="repository:a/b:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' },
    });
    expect(parseAuthChallenge(null)).toBeUndefined();
  });
});
