import { createServer, type Server, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preTasksExecution, probeRemoteCache, REMOTE_CACHE_SERVER_ENV, REMOTE_CACHE_TOKEN_ENV } from './remote-cache-check';

interface TestServer {
  url: string;
  requests: Array<{ url?: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that answers every request with `status` (or never, with status 0). */
async function serve(status: number): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ url: request.url, headers: request.headers });
    if (status === 0) return; // hang
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nobody listens on: bound once, then released. */
async function closedPortUrl(): Promise<string> {
  const server = await serve(200);
  await server.close();
  return server.url;
}

describe('probeRemoteCache', () => {
  it('calls a server that answers 404 for a missing entry reachable, asking under /v1/cache/', async () => {
    const server = await serve(404);
    try {
      expect(await probeRemoteCache(server.url)).toEqual({ reachable: true, status: 404 });
      expect(server.requests[0].url).toMatch(/^\/v1\/cache\//);
    } finally {
      await server.close();
    }
  });

  it('sends the access token as a bearer token, and a 401 still means the server is there', async () => {
    const server = await serve(401);
    try {
      expect(await probeRemoteCache(`${server.url}/`, { token: 'tok-123' })).toEqual({ reachable: true, status: 401 });
      expect(server.requests[0].headers.authorization).toBe('Bearer tok-123');
    } finally {
      await server.close();
    }
  });

  it('calls a 5xx answer (a proxy whose backend is down) unreachable', async () => {
    const server = await serve(502);
    try {
      expect(await probeRemoteCache(server.url)).toEqual({ reachable: false, reason: 'it answered 502 Bad Gateway' });
    } finally {
      await server.close();
    }
  });

  it('says connection refused for a port nobody listens on', async () => {
    expect(await probeRemoteCache(await closedPortUrl())).toEqual({ reachable: false, reason: 'ECONNREFUSED' });
  });

  it('gives up after the timeout on a server that never answers', async () => {
    const server = await serve(0);
    try {
      const started = Date.now();
      expect(await probeRemoteCache(server.url, { timeoutMs: 300 })).toEqual({ reachable: false, reason: 'no answer within 300 ms' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });

  it('refuses what is not an http(s) URL without sending anything', async () => {
    expect(await probeRemoteCache('not a url')).toEqual({ reachable: false, reason: '"not a url" is not a URL' });
    expect(await probeRemoteCache('ftp://127.0.0.1/')).toEqual({ reachable: false, reason: 'ftp: is not http: or https:' });
  });
});

describe('preTasksExecution', () => {
  const saved = { ...process.env };
  let warn: jest.SpyInstance;

  beforeEach(() => {
    delete process.env[REMOTE_CACHE_SERVER_ENV];
    delete process.env[REMOTE_CACHE_TOKEN_ENV];
    delete process.env.NX_SKIP_REMOTE_CACHE;
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    process.env = { ...saved };
    warn.mockRestore();
  });

  it('does nothing when no remote cache is configured', async () => {
    await preTasksExecution({});
    expect(process.env[REMOTE_CACHE_SERVER_ENV]).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('leaves a reachable remote cache on, silently', async () => {
    const server = await serve(404);
    try {
      process.env[REMOTE_CACHE_SERVER_ENV] = server.url;
      await preTasksExecution({});
      expect(process.env[REMOTE_CACHE_SERVER_ENV]).toBe(server.url);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await server.close();
    }
  });

  it('turns an unreachable remote cache off for the run, with a warning that names it and the reason', async () => {
    const url = await closedPortUrl();
    process.env[REMOTE_CACHE_SERVER_ENV] = url;
    await preTasksExecution({});
    expect(process.env[REMOTE_CACHE_SERVER_ENV]).toBe('');
    expect(process.env.NX_SKIP_REMOTE_CACHE).toBe('true');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain(`the remote cache ${url} is unreachable (ECONNREFUSED); this run uses the local cache only`);
  });

  it('never prints credentials put in the URL', async () => {
    const url = (await closedPortUrl()).replace('http://', 'http://user:s3cret-pass@');
    process.env[REMOTE_CACHE_SERVER_ENV] = url;
    await preTasksExecution({});
    expect(warn.mock.calls[0][0]).not.toContain('s3cret-pass');
    expect(warn.mock.calls[0][0]).toContain('http://***@127.0.0.1');
  });

  it('does not probe when the remote cache is skipped anyway', async () => {
    process.env[REMOTE_CACHE_SERVER_ENV] = await closedPortUrl();
    process.env.NX_SKIP_REMOTE_CACHE = 'true';
    await preTasksExecution({});
    expect(warn).not.toHaveBeenCalled();
  });
});
