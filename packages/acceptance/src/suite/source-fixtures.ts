import { readFileSync } from 'node:fs';
import { findImage, findManifestDigest, pullImage, registryImageName, splitImageReference, type ImageInfo, type RegistrySettings } from '@nx-airbyte/docker';
import type { AirbyteCatalog, ConfiguredAirbyteCatalog, ConnectorSpecification, JsonObject, JsonValue } from '@nx-airbyte/protocol';
import { parse as parseYaml } from 'yaml';
import { catalogMissingOnlySyncModes } from '../checks/discovery/lenient-catalog';
import type { AcceptanceConfig } from '../config/acceptance-config';
import type { ConnectorSession, RunEnding } from './connector-session';

/**
 * What several tests share, computed once per run: the spec, each config file, the discovered catalog
 * per config, the image's configuration. A fixture that cannot be had throws an Error whose message is
 * the failure of every test that needed it.
 */
export class SourceFixtures {
  private specRun?: Promise<ConnectorSpecification>;
  private readonly catalogs = new Map<string, Promise<AirbyteCatalog>>();
  private readonly configs = new Map<string, JsonObject>();
  private image?: Promise<ImageInfo>;
  private readonly previousImages = new Map<string, Promise<PreviousImage>>();

  constructor(
    private readonly session: ConnectorSession,
    private readonly config: AcceptanceConfig,
    /** Where published versions are, for backward compatibility against one that is not local. */
    private readonly registry?: RegistrySettings,
  ) {}

  /**
   * The image of the connector at `version` (`latest` included): `<repository>:<version>` from the local
   * store, else pulled from the registry when one is configured and has that tag; else why not.
   */
  previousImage(version: string): Promise<PreviousImage> {
    let found = this.previousImages.get(version);
    if (!found) this.previousImages.set(version, (found = this.findPreviousImage(version)));
    return found;
  }

  spec(timeoutMs: number): Promise<ConnectorSpecification> {
    this.specRun ??= this.runSpec(timeoutMs);
    return this.specRun;
  }

  imageInfo(): Promise<ImageInfo> {
    this.image ??= findImage(this.session.client, this.session.image).then((info) => {
      if (!info) throw new Error(`image ${this.session.image} is not in the local Docker store; build it first (nx run <connector>:build)`);
      return info;
    });
    return this.image;
  }

  /** A connector config file; a missing secrets file fails with the loader's advice on creating it. */
  connectorConfig(path: string): JsonObject {
    const cached = this.configs.get(path);
    if (cached) return cached;
    const missing = this.config.missingSecretFiles.find((file) => file.path === path);
    if (missing) throw new Error(missing.message);
    const value = readJsonOrYaml(path, 'connector config');
    if (!isObject(value)) throw new Error(`connector config ${path} must hold a JSON object`);
    this.configs.set(path, value);
    return value;
  }

  /** Every config file the suites use that can be read now (for the secrets to watch for). */
  readableConfigs(paths: Iterable<string>): JsonObject[] {
    const configs: JsonObject[] = [];
    for (const path of new Set(paths)) {
      try {
        configs.push(this.connectorConfig(path));
      } catch {
        // the tests that use it report why it cannot be read
      }
    }
    return configs;
  }

  discoveredCatalog(configPath: string, timeoutMs: number): Promise<AirbyteCatalog> {
    const cache = this.config.cacheDiscoveredCatalog;
    const cached = cache ? this.catalogs.get(configPath) : undefined;
    if (cached) return cached;
    const discovered = this.runDiscover(configPath, timeoutMs);
    if (cache) this.catalogs.set(configPath, discovered);
    return discovered;
  }

  /**
   * The catalog a read test runs with: the configured catalog file with each stream's schema replaced by
   * the discovered one (as the original did), or, without a file, every discovered stream in full_refresh.
   */
  async configuredCatalog(configPath: string, catalogPath: string | undefined, timeoutMs: number): Promise<ConfiguredAirbyteCatalog> {
    const discovered = await this.discoveredCatalog(configPath, timeoutMs);
    const byName = new Map(discovered.streams.map((stream) => [stream.name, stream]));
    if (!catalogPath) {
      return {
        streams: discovered.streams.map((stream) => ({ stream, sync_mode: 'full_refresh', destination_sync_mode: 'append', ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}) })),
      };
    }
    const file = readJsonOrYaml(catalogPath, 'configured catalog');
    if (!isObject(file) || !Array.isArray(file.streams)) throw new Error(`configured catalog ${catalogPath} must be an object with a 'streams' array`);
    const catalog = file as unknown as ConfiguredAirbyteCatalog;
    return {
      ...catalog,
      streams: catalog.streams.map((configured) => {
        const live = byName.get(configured.stream?.name);
        return live ? { ...configured, stream: { ...configured.stream, json_schema: live.json_schema } } : configured;
      }),
    };
  }

  private async findPreviousImage(version: string): Promise<PreviousImage> {
    const { repository } = splitImageReference(this.session.image);
    const local = `${repository}:${version}`;
    if (local === this.session.image) return { missing: `the previous version's image ${local} is the image under test` };
    const found = await findImage(this.session.client, local);
    if (found) return { image: local, ...versionLabel(found) };
    if (!this.registry) return { missing: `the previous version's image ${local} is not in the local Docker store, and no registry is configured to look in (--registry, or NX_AIRBYTE_REGISTRY); pull or build it to compare` };
    const { registry, credentials } = this.registry;
    if (!(await findManifestDigest(registry, repository, version, { credentials }))) {
      return { missing: `the previous version's image ${local} is not in the local Docker store, nor in the registry ${registry.name}; publish or build it to compare` };
    }
    const remote = `${registryImageName(registry, repository)}:${version}`;
    await pullImage(this.session.client, registry, remote, { credentials });
    const pulled = await findImage(this.session.client, remote);
    return { image: remote, ...(pulled ? versionLabel(pulled) : {}) };
  }

  private async runSpec(timeoutMs: number): Promise<ConnectorSpecification> {
    const run = await this.session.collect({ command: 'spec', test: 'spec', timeoutMs });
    const specs = run.messages.flatMap((message) => (message.type === 'SPEC' ? [message.spec] : []));
    if (specs.length !== 1) throw new Error(`spec: ${describeRun(run)} gave ${specs.length} SPEC messages; exactly one is required`);
    return specs[0];
  }

  private async runDiscover(configPath: string, timeoutMs: number): Promise<AirbyteCatalog> {
    const config = this.connectorConfig(configPath);
    // the raw CATALOG lines, in case the protocol refuses one only for missing supported_sync_modes
    const catalogLines = new Map<number, string>();
    const keep = (line: number, text: string) => {
      if (catalogLines.size < CATALOG_LINES_KEPT && text.includes('"CATALOG"')) catalogLines.set(line, text);
    };
    const run = await this.session.collect({ command: 'discover', test: 'discovery', config, timeoutMs, onStdoutLine: keep });
    const catalogs = run.messages.flatMap((message) => (message.type === 'CATALOG' ? [message.catalog] : []));
    if (catalogs.length === 0) {
      const refused = run.diagnostics.filter((diagnostic) => diagnostic.kind === 'not-a-message' && catalogLines.has(diagnostic.line));
      const lenient = refused.flatMap((diagnostic) => catalogMissingOnlySyncModes(catalogLines.get(diagnostic.line) as string) ?? []);
      // test_streams_has_sync_modes names the streams; the other discovery tests judge the rest
      if (lenient.length === 1 && refused.length === 1) return lenient[0];
    }
    if (catalogs.length !== 1) throw new Error(`discover: ${describeRun(run)} gave ${catalogs.length} CATALOG messages; exactly one is required`);
    return catalogs[0];
  }
}

/** CATALOG lines of a discover kept raw; a connector prints one. */
const CATALOG_LINES_KEPT = 2;

/** A previous version's image to compare with (and its real version, when labelled: `latest` is a tag, not a version), or why there is none. */
export type PreviousImage = { image: string; version?: string } | { missing: string };

/** The version an image says it is (label io.airbyte.version), as Airbyte's suite read it for disable_for_version. */
function versionLabel(image: ImageInfo): { version?: string } {
  const version = image.labels['io.airbyte.version'];
  return version ? { version } : {};
}

/** The facts of a run that explain a failure: exit code, timeout, the last stderr lines. */
export function describeRun(run: RunEnding): string {
  const parts: string[] = [];
  const connector = `the connector ${run.image}`;
  if (run.timedOut) parts.push(`${connector} did not finish within its timeout and was killed (after ${Math.round(run.durationMs / 1000)} s)`);
  else if (run.oomKilled) parts.push(`${connector} was killed by the kernel for running out of memory (exit code ${run.exitCode})`);
  else if (run.messageCount === 0 && run.diagnostics.length === 0 && run.stderrLines === 0) parts.push(`${connector} exited with code ${run.exitCode} without printing anything`);
  else parts.push(`${connector} exited with code ${run.exitCode}`);
  if (run.diagnostics.length > 0) parts.push(`${run.diagnostics.length} line(s) of stdout were not protocol messages (first, line ${run.diagnostics[0].line}: ${run.diagnostics[0].reason}: ${run.diagnostics[0].excerpt})`);
  if (run.stderrTail.length > 0) parts.push(`last stderr lines:\n      ${run.stderrTail.join('\n      ')}`);
  return parts.join('; ');
}

export function readJsonOrYaml(path: string, what: string): JsonValue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return (/\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text)) as JsonValue;
  } catch (error) {
    throw new Error(`the ${what} ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
