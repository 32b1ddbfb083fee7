/** What to tell people when no Docker engine answers. */
export const START_DOCKER_HINT = 'run tools/bootstrap, start Docker, or set DOCKER_HOST to an engine that is running';

/** No Docker engine answered at `address` (socket missing, connection refused, permission denied, timeout). */
export class DockerUnavailableError extends Error {
  override readonly name = 'DockerUnavailableError';

  constructor(
    readonly address: string,
    readonly action: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`No Docker engine answered at ${address} while ${action} (${reason}): ${START_DOCKER_HINT}.`, options);
  }
}

/** The engine answered, but refused or failed a request. */
export class DockerEngineError extends Error {
  override readonly name = 'DockerEngineError';

  constructor(
    readonly action: string,
    readonly statusCode: number | undefined,
    readonly engineMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`Docker failed while ${action}${statusCode ? ` (HTTP ${statusCode})` : ''}: ${engineMessage}`, options);
  }
}

/** A Dockerfile that cannot be parsed; `line` is 1-based. */
export class DockerfileSyntaxError extends Error {
  override readonly name = 'DockerfileSyntaxError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

/** A build context folder that cannot be packed (missing folder or Dockerfile, unreadable file). */
export class BuildContextError extends Error {
  override readonly name = 'BuildContextError';

  constructor(
    readonly contextDir: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Build context ${contextDir}: ${problem}`, options);
  }
}

/** Where in the Dockerfile a build failed, as the engine reported it ("Step 3/7 : RUN make"). */
export interface BuildStep {
  number: number;
  total: number;
  instruction: string;
}

/** Docker reported an error while building, or the build did not finish in time. */
export class ImageBuildError extends Error {
  override readonly name = 'ImageBuildError';

  constructor(
    message: string,
    readonly tags: readonly string[],
    readonly step: BuildStep | undefined,
    readonly engineMessage: string,
    readonly timedOut: boolean = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An image that is not in the engine's local store. */
export class ImageNotFoundError extends Error {
  override readonly name = 'ImageNotFoundError';

  constructor(
    readonly image: string,
    hint: string,
  ) {
    super(`Image ${image} is not in the local Docker image store: ${hint}.`);
  }
}

/** Options that break the contract of a public function (wrong type, missing file for a command). */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';

  constructor(
    readonly functionName: string,
    readonly option: string,
    problem: string,
  ) {
    super(`${functionName}: option "${option}" ${problem}`);
  }
}

/** How a registry request failed: nothing answered, it wants credentials, it refused the ones given, or it failed otherwise. */
export type RegistryFailureKind = 'unreachable' | 'credentials-required' | 'unauthorized' | 'refused';

/** A registry (HTTP API v2, or the engine talking to it on push and pull) did not do what was asked. Never holds a password. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly registry: string,
    readonly action: string,
    readonly kind: RegistryFailureKind,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Registry ${registry} ${REGISTRY_FAILURES[kind]} while ${action}: ${reason}`, options);
  }
}

const REGISTRY_FAILURES: Record<RegistryFailureKind, string> = {
  unreachable: 'did not answer',
  'credentials-required': 'asked for credentials',
  unauthorized: 'refused the credentials',
  refused: 'failed',
};

/** A connector's `spec` did not give exactly one valid SPEC message, or the container failed. */
export class ConnectorSpecError extends Error {
  override readonly name = 'ConnectorSpecError';

  constructor(
    readonly image: string,
    problem: string,
    /** The connector's last stderr lines. */
    readonly stderrTail: readonly string[] = [],
  ) {
    super(`spec of ${image}: ${problem}${stderrTail.length > 0 ? `\nLast stderr lines:\n  ${stderrTail.join('\n  ')}` : ''}`);
  }
}
