import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient, parseEngineAddress, pingEngine, toEngineError } from './engine-client';
import { DockerEngineError, DockerUnavailableError, InvalidOptionError } from './errors';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

async function unusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('parseEngineAddress', () => {
  it('defaults to /var/run/docker.sock', () => {
    expect(parseEngineAddress(undefined)).toEqual({ address: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' });
  });

  it('reads a unix:// address', () => {
    expect(parseEngineAddress('unix:///run/user/1000/docker.sock')).toEqual({ address: 'unix:///run/user/1000/docker.sock', socketPath: '/run/user/1000/docker.sock' });
  });

  it('reads a tcp:// address, with 2375 as the default port', () => {
    expect(parseEngineAddress('tcp://127.0.0.1:2376')).toEqual({ address: 'tcp://127.0.0.1:2376', hostname: '127.0.0.1', port: 2376 });
    expect(parseEngineAddress('tcp://localhost')).toMatchObject({ port: 2375 });
  });

  it('refuses other schemes with the forms it accepts', () => {
    expect(() => parseEngineAddress('ssh://me@host')).toThrow(InvalidOptionError);
    expect(() => parseEngineAddress('ssh://me@host')).toThrow('use unix:///path/to/docker.sock or tcp://host:port');
  });
});

describe('createDockerClient', () => {
  const saved = process.env.DOCKER_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it('honours DOCKER_HOST', () => {
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:12375';
    expect(createDockerClient().address).toBe('tcp://127.0.0.1:12375');
  });

  it('prefers the host option over DOCKER_HOST', () => {
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:12375';
    expect(createDockerClient({ host: 'unix:///tmp/other.sock' }).address).toBe('unix:///tmp/other.sock');
  });

  it('rejects a host that is not a string', () => {
    expect(() => createDockerClient({ host: 42 as unknown as string })).toThrow('option "host" must be a string');
  });
});

describe('pingEngine when no engine answers', () => {
  it('names a missing socket and says what to do, quickly', async () => {
    const socket = path.join(tmpdir(), `nx-airbyte-no-engine-${process.pid}.sock`);
    const client = createDockerClient({ host: `unix://${socket}` });
    const started = Date.now();
    const failure = pingEngine(client);
    await expect(failure).rejects.toBeInstanceOf(DockerUnavailableError);
    await expect(failure).rejects.toThrow(`No Docker engine answered at unix://${socket} while pinging the engine (ENOENT: no socket there): run tools/bootstrap, start Docker, or set DOCKER_HOST to an engine that is running.`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a refused TCP connection', async () => {
    const port = await unusedPort();
    await expect(pingEngine(createDockerClient({ host: `tcp://127.0.0.1:${port}` }))).rejects.toThrow(`No Docker engine answered at tcp://127.0.0.1:${port} while pinging the engine (ECONNREFUSED: connection refused)`);
  });

  it('gives up after the timeout when something accepts connections but never answers', async () => {
    const silent = createServer(() => undefined);
    const port = await listen(silent);
    try {
      const started = Date.now();
      await expect(pingEngine(createDockerClient({ host: `tcp://127.0.0.1:${port}` }), 300)).rejects.toThrow(/no answer within 300 ms\): run tools\/bootstrap/);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      silent.close();
    }
  });
});

describe('toEngineError', () => {
  const client = createDockerClient({ host: 'unix:///var/run/docker.sock' });

  it('maps an HTTP failure to a DockerEngineError with the engine message and what was done', () => {
    const raw = Object.assign(new Error('(HTTP code 404) no such container - No such container: abc '), { statusCode: 404, json: { message: 'No such container: abc' } });
    const mapped = toEngineError(client, 'removing container abc', raw);
    expect(mapped).toBeInstanceOf(DockerEngineError);
    expect(mapped.message).toBe('Docker failed while removing container abc (HTTP 404): No such container: abc');
  });

  it('maps EACCES on the socket to a DockerUnavailableError', () => {
    const raw = Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' });
    expect(toEngineError(client, 'listing images', raw).message).toContain('(EACCES: permission denied on the socket)');
  });
});
