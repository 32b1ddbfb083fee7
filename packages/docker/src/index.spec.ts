// Importing the package must stay cheap: the Nx graph plugin loads it for the Dockerfile parser.
const loaded: string[] = [];
jest.mock('dockerode', () => {
  loaded.push('dockerode');
  return jest.requireActual('dockerode');
});
jest.mock('tar-fs', () => {
  loaded.push('tar-fs');
  return jest.requireActual('tar-fs');
});
jest.mock('@nx-airbyte/protocol', () => {
  loaded.push('@nx-airbyte/protocol');
  return jest.requireActual('@nx-airbyte/protocol');
});
jest.mock('@balena/dockerignore', () => {
  loaded.push('@balena/dockerignore');
  return jest.requireActual('@balena/dockerignore');
});

describe('importing @nx-airbyte/docker', () => {
  it('loads neither dockerode, tar-fs, the dockerignore matcher nor the protocol package (and its ajv)', () => {
    const api = jest.requireActual('./index');
    expect(api.parseDockerfile('FROM x\n').baseImages).toEqual(['x']);
    expect(loaded).toEqual([]);
  });

  it('loads dockerode when a client is created', () => {
    const api = jest.requireActual('./index');
    api.createDockerClient({ host: 'unix:///var/run/docker.sock' });
    expect(loaded).toContain('dockerode');
  });
});
