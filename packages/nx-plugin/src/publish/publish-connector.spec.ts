import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRegistryAddress, registryImageName, type RegistryAddress } from '@nx-airbyte/docker';
import { registryStateAfterFailure, type RegistryTarget } from './publish-connector';

// What publish says after a failed push, from what a registry answers (a fake one on 127.0.0.1: HEAD of manifests only).
const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;
let server: Server;
let registry: RegistryAddress;
let tags: Record<string, string>;
let broken: boolean;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (broken) return void response.writeHead(500).end();
    const tag = /^\/v2\/airbyte\/source-x\/manifests\/([^/]+)$/.exec(request.url ?? '')?.[1];
    const digest = tag ? tags[tag] : undefined;
    response.writeHead(digest ? 200 : 404, digest ? { 'docker-content-digest': digest } : {}).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = parseRegistryAddress(`127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  tags = {};
  broken = false;
});

const target = (latestBefore: string | undefined): RegistryTarget => ({ registry, remote: registryImageName(registry, 'airbyte/source-x'), repository: 'airbyte/source-x', version: '0.2.0', latestBefore });

describe('registryStateAfterFailure', () => {
  it('says nothing was pushed only when the registry shows neither the version nor a changed latest', async () => {
    tags = { latest: OLD };
    const [line] = await registryStateAfterFailure(target(OLD), false);
    expect(line).toBe(`Looked up after the failure: ${registry.name}/airbyte/source-x:0.2.0 is not in the registry and ${registry.name}/airbyte/source-x:latest is as it was (${OLD}). Nothing was pushed: the registry and the release files are as they were; publish again.`);
  });

  it('says the version is in the registry when a push that failed or timed out landed all the same', async () => {
    tags = { '0.2.0': NEW, latest: OLD };
    const lines = await registryStateAfterFailure(target(OLD), false);
    expect(lines[0]).toBe(`Looked up after the failure: ${registry.name}/airbyte/source-x:0.2.0 is in the registry (${NEW}); ${registry.name}/airbyte/source-x:latest is as it was (${OLD}).`);
    expect(lines[1]).toMatch(/The version is now in the registry, and publish never replaces a version/);
    expect(lines.join('\n')).not.toContain('Nothing was pushed');
  });

  it('says latest changed when only latest moved', async () => {
    tags = { latest: NEW };
    const lines = await registryStateAfterFailure(target(undefined), false);
    expect(lines[0]).toContain(`latest changed: absent before, ${NEW} now`);
    expect(lines[1]).toMatch(/latest no longer names the image it did/);
  });

  it('says the registry could not be asked, and never that nothing was pushed, when the look-up fails', async () => {
    broken = true;
    const [line] = await registryStateAfterFailure(target(OLD), false);
    expect(line).toMatch(/^The registry could not be asked what it holds now \(.*HTTP 500.*\): a push may have landed\. Check .*:0\.2\.0 and .*:latest before publishing again/);
    expect(line).not.toContain('Nothing was pushed');
  });
});
