import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerClient, RegistrySettings } from '@nx-airbyte/docker';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { AcceptanceConfig } from '../../src/config/acceptance-config';
import { loadAcceptanceConfig } from '../../src/config/load';
import { testId, type TestResult } from '../../src/report/test-result';
import { runAcceptanceTests, type AcceptanceRunResult } from '../../src/suite/run-acceptance-tests';

/** One run of a fixture connector's acceptance config, broken (BREAK) or edited for the occasion. */
export interface Scenario {
  breaks?: string[];
  /** Changes to the fixture's acceptance config (a parsed YAML object). */
  edit?: (config: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
  image?: string;
  filter?: string;
  /** Where published versions are (backward compatibility). */
  registry?: RegistrySettings;
}

/**
 * Runs the suite on a copy of a fixture's acceptance-test-config.yml (base_path pointing back at the fixture),
 * with BREAK as custom_environment_variables: how the Docker tests break one thing at a time.
 */
export function scenarioRunner(options: { client: () => DockerClient; fixtureDir: string; image: string; scratch: () => string; runId: string }) {
  return async function runScenario(scenario: Scenario): Promise<AcceptanceRunResult> {
    const loaded = await loadScenarioConfig({ fixtureDir: options.fixtureDir, scratch: options.scratch(), image: scenario.image ?? options.image }, scenario);
    return runAcceptanceTests({ config: loaded, client: options.client(), filter: scenario.filter, runId: options.runId, registry: scenario.registry });
  };
}

/** A fixture's acceptance config, edited for a scenario, written under `scratch` and loaded. */
export async function loadScenarioConfig(options: { fixtureDir: string; scratch: string; image: string }, scenario: Pick<Scenario, 'breaks' | 'edit'>): Promise<AcceptanceConfig> {
  const config = parseYaml(readFileSync(join(options.fixtureDir, 'acceptance-test-config.yml'), 'utf8'));
  config.base_path = options.fixtureDir;
  if (scenario.breaks) config.custom_environment_variables = { BREAK: scenario.breaks.join(',') };
  scenario.edit?.(config);
  const file = mkdtempSync(join(options.scratch, 'config-'));
  writeFileSync(join(file, 'acceptance-test-config.yml'), stringifyYaml(config));
  return loadAcceptanceConfig(file, { imageOverride: options.image });
}

/** The result of the test `suite.name` or `suite.name[params]`; throws, listing what ran, when there is none. */
export function resultOf(run: AcceptanceRunResult, id: string): TestResult {
  const found = run.results.find((test) => testId(test) === id || `${test.suite}.${test.name}` === id);
  if (!found) throw new Error(`no result for ${id}; got ${run.results.map(testId).join(', ')}`);
  return found;
}

export function failureText(test: TestResult): string {
  return test.failures.map((failure) => failure.message).join('\n');
}
