import type { Failure } from '../failure';

/** What test_docker_env needs from the image's configuration (`docker inspect` .Config). */
export interface ImageEntrypointConfig {
  /** Config.Entrypoint: null when the image has none. */
  entrypoint: readonly string[] | null | undefined;
  /** Config.Env: `NAME=value` strings. */
  env: readonly string[] | null | undefined;
}

const VARIABLE = 'AIRBYTE_ENTRYPOINT';

/** test_docker_env: AIRBYTE_ENTRYPOINT is set and equals the space-joined ENTRYPOINT. */
export function checkDockerEnv(image: ImageEntrypointConfig): Failure[] {
  const entry = (image.env ?? []).find((line) => line.startsWith(`${VARIABLE}=`));
  const value = entry?.slice(VARIABLE.length + 1);
  const entrypoint = (image.entrypoint ?? []).join(' ');
  if (!value) {
    return [{ message: `${VARIABLE} must be set in the Dockerfile (ENV ${VARIABLE}="${entrypoint}")`, expected: entrypoint, actual: value ?? null }];
  }
  if (value !== entrypoint) {
    return [{ message: `${VARIABLE} must equal the space-joined ENTRYPOINT: ${VARIABLE} is "${value}", ENTRYPOINT is "${entrypoint}"`, expected: entrypoint, actual: value }];
  }
  return [];
}
