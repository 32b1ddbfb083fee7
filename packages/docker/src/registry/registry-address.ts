import { InvalidOptionError } from '../errors';

/** Where images are pushed and pulled: one registry, and optionally a namespace (path) inside it. */
export interface RegistryAddress {
  /** As people write it, without a scheme: `127.0.0.1:5000`, `ghcr.io/my-org`, `docker.io`. */
  name: string;
  /** `host[:port]`. */
  host: string;
  /** The path repositories go under (`my-org`), or ''. */
  namespace: string;
  /** Base URL of the registry's HTTP API v2, without a trailing slash: `http://127.0.0.1:5000`, `https://registry-1.docker.io`. */
  apiUrl: string;
  /** What the engine's X-Registry-Auth header names as the server (`serveraddress`). */
  serverAddress: string;
  /** Docker Hub: image names carry no registry prefix, single-name repositories live under `library/`. */
  dockerHub: boolean;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * Reads a registry address: `host[:port][/namespace]`, optionally with `http://` or `https://` in front.
 * Without a scheme the API is spoken over plain HTTP to localhost and 127.0.0.0/8 (as the engine treats
 * those as insecure registries), over HTTPS to anything else.
 */
export function parseRegistryAddress(text: string): RegistryAddress {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InvalidOptionError('parseRegistryAddress', 'registry', 'must be a registry address like 127.0.0.1:5000 or ghcr.io/my-org');
  }
  const trimmed = text.trim().replace(/\/+$/, '');
  const scheme = /^(https?):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  const withoutScheme = scheme ? trimmed.slice(scheme.length + 3) : trimmed;
  const [host, ...path] = withoutScheme.split('/');
  if (!HOST.test(host) || Number(host.split(':')[1] ?? 1) > 65535) {
    throw new InvalidOptionError('parseRegistryAddress', 'registry', `${JSON.stringify(text)} is not host[:port][/namespace], e.g. 127.0.0.1:5000 or ghcr.io/my-org`);
  }
  const badComponent = path.find((component) => !PATH_COMPONENT.test(component));
  if (badComponent !== undefined) {
    throw new InvalidOptionError('parseRegistryAddress', 'registry', `${JSON.stringify(text)}: namespace part ${JSON.stringify(badComponent)} must be lowercase letters and digits, separated by . _ or -`);
  }
  const namespace = path.join('/');
  const dockerHub = DOCKER_HUB_HOSTS.has(host.toLowerCase());
  const secure = scheme ? scheme === 'https' : !isLoopback(host);
  return {
    name: namespace ? `${host}/${namespace}` : host,
    host,
    namespace,
    apiUrl: dockerHub ? 'https://registry-1.docker.io' : `${secure ? 'https' : 'http'}://${host}`,
    serverAddress: dockerHub ? 'https://index.docker.io/v1/' : host,
    dockerHub,
  };
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The repository's path inside the registry, as its API names it: `my-org/airbyte/source-x`, `library/debian` on Docker Hub. */
export function registryRepositoryPath(registry: RegistryAddress, repository: string): string {
  const inside = registry.namespace ? `${registry.namespace}/${repository}` : repository;
  return registry.dockerHub && !inside.includes('/') ? `library/${inside}` : inside;
}

/** The image name the engine pushes to and pulls from: `127.0.0.1:5000/airbyte/source-x`, or `airbyte/source-x` on Docker Hub. */
export function registryImageName(registry: RegistryAddress, repository: string): string {
  const inside = registry.namespace ? `${registry.namespace}/${repository}` : repository;
  return registry.dockerHub ? inside : `${registry.host}/${inside}`;
}
