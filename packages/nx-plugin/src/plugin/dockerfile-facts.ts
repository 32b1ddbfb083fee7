import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileSyntaxError, parseDockerfile } from '@nx-airbyte/docker';

/** What the graph needs from a Dockerfile. */
export interface DockerfileFacts {
  /** Images it FROMs, ARGs substituted, earlier stages left out. */
  baseImages: string[];
  /** Its `io.airbyte.name` label, when the last stage sets one. */
  airbyteName?: string;
}

/** Parsed Dockerfiles by file and text: each is parsed once per plugin process, by whoever asks first. */
const remembered = new Map<string, DockerfileFacts | DockerfileSyntaxError>();
/** A long-lived daemon sees many versions of the same files; past this many, start afresh. */
const MAX_REMEMBERED = 10_000;
/** Dockerfiles parsed per turn of the event loop by parseInBackground. */
const BACKGROUND_CHUNK = 25;

/** The facts of a Dockerfile's text; throws DockerfileSyntaxError (naming `file` and the line) when it does not parse. */
export function dockerfileFacts(file: string, text: string): DockerfileFacts {
  const key = `${file}\0${text}`;
  let facts = remembered.get(key);
  if (!facts) {
    facts = parse(file, text);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(key, facts);
  }
  if (facts instanceof DockerfileSyntaxError) throw facts;
  return facts;
}

function parse(file: string, text: string): DockerfileFacts | DockerfileSyntaxError {
  try {
    const dockerfile = parseDockerfile(text, { file });
    return { baseImages: dockerfile.baseImages, ...(dockerfile.airbyteName !== undefined ? { airbyteName: dockerfile.airbyteName } : {}) };
  } catch (error) {
    if (error instanceof DockerfileSyntaxError) return error;
    throw error;
  }
}

/**
 * Reads and parses Dockerfiles a few at a time while the plugin process would otherwise wait: between
 * createNodes and createDependencies, Nx merges every project's configuration (~0.2-0.3 s for 500
 * projects), and a cold parser needs ~0.2 ms a file. createDependencies reads each file again and
 * uses what was parsed here only for the same text, so a file that changed meanwhile is parsed afresh.
 */
export function parseInBackground(workspaceRoot: string, files: readonly string[]): void {
  let next = 0;
  const step = () => {
    for (const end = Math.min(next + BACKGROUND_CHUNK, files.length); next < end; next++) {
      try {
        dockerfileFacts(files[next], readFileSync(join(workspaceRoot, files[next]), 'utf8'));
      } catch {
        // createDependencies reports what does not parse, and a file that cannot be read is its concern too
      }
    }
    if (next < files.length) setImmediate(step);
  };
  setImmediate(step);
}
