import type { ConnectorSpecification } from '@nx-airbyte/protocol';
import { isSeq, parseDocument, stringify } from 'yaml';
import type { ConnectorType } from '../generators/connector/templates';
import { ReleaseFileError } from './connector-release';

/** One published image and its spec, as Airbyte's seed/<type>_specs.yaml held them. */
export interface SpecCacheEntry {
  /** `<io.airbyte.name>:<version>`, e.g. airbyte/source-x:0.2.0. */
  dockerImage: string;
  spec: Record<string, unknown>;
}

const HEADER = [
  '# The spec of every published connector image, one entry per image, sorted by dockerImage.',
  '# Written by `nx run <connector>:publish` (nx-airbyte), as Airbyte\'s SeedConnectorSpecGenerator wrote it. Do NOT edit by hand.',
].join('\n');

/** Fields Airbyte's ConnectorSpecification model always wrote, with its defaults. */
const SPEC_DEFAULTS = { supportsNormalization: false, supportsDBT: false, supported_destination_sync_modes: [] };

/** `<definitionsDir>/seed/<type>_specs.yaml`, next to the definitions. */
export function specCachePath(definitionsDir: string, connectorType: ConnectorType): string {
  return `${definitionsDir}/seed/${connectorType}_specs.yaml`;
}

/** The entries of a spec cache file; none when the file does not exist yet. Throws ReleaseFileError when it is not a list of {dockerImage, spec}. */
export function readSpecCache(file: string, text: string | undefined): SpecCacheEntry[] {
  if (text === undefined) return [];
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ReleaseFileError(file, undefined, `is not valid YAML: ${document.errors[0].message}`);
  if (document.contents === null) return [];
  if (!isSeq(document.contents)) throw new ReleaseFileError(file, undefined, 'must hold a YAML list of { dockerImage, spec } entries');
  const entries = document.toJS() as unknown[];
  entries.forEach((entry, index) => {
    const candidate = entry as Partial<SpecCacheEntry> | null;
    if (!candidate || typeof candidate.dockerImage !== 'string' || !/^[^:\s]+:[^:\s]+$/.test(candidate.dockerImage) || typeof candidate.spec !== 'object' || candidate.spec === null) {
      throw new ReleaseFileError(file, `entry ${index + 1}`, 'must have dockerImage (repository:tag) and spec (an object)');
    }
  });
  return entries as SpecCacheEntry[];
}

/**
 * The spec cache with `<repository>:<version>`'s spec: any entry of another version of the repository
 * is replaced (one entry per image), and the list is sorted by dockerImage.
 */
export function updateSpecCache(file: string, text: string | undefined, repository: string, version: string, spec: ConnectorSpecification): string {
  const others = readSpecCache(file, text).filter((entry) => repositoryOf(entry.dockerImage) !== repository);
  const entries = [...others, { dockerImage: `${repository}:${version}`, spec: { ...spec, ...defaultsMissingFrom(spec) } }];
  entries.sort((a, b) => (a.dockerImage < b.dockerImage ? -1 : a.dockerImage > b.dockerImage ? 1 : 0));
  return `${HEADER}\n${stringify(entries, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })}`;
}

function repositoryOf(dockerImage: string): string {
  return dockerImage.slice(0, dockerImage.lastIndexOf(':'));
}

function defaultsMissingFrom(spec: ConnectorSpecification): Partial<typeof SPEC_DEFAULTS> {
  return Object.fromEntries(Object.entries(SPEC_DEFAULTS).filter(([key]) => !(key in spec)));
}
