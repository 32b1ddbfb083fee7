import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient, removeImage, type DockerClient } from '@nx-airbyte/docker';
import { TEMPLATES, type TemplateId } from '../src/generators/connector/templates';

// Green at birth: each template that can build here is generated into a fresh workspace by the real
// `nx g connector`, and its `nx run <project>:integrationTest` (unit tests, npm ci and bundle for TypeScript,
// the image, the acceptance suite) must pass with no change. Needs a Docker engine (tools/bootstrap) and,
// for the TypeScript templates, npm's registry or cache on the host.
const WORKSPACE_ROOT = path.join(__dirname, '../../..');
const NX = path.join(WORKSPACE_ROOT, 'node_modules/.bin/nx');
const RUN = Date.now().toString(36);
const GREEN: readonly TemplateId[] = ['python-source', 'generic-source', 'python-destination', 'typescript-source', 'typescript-destination'];
/** The suites each kind of connector must pass (with at least one test passed in each). */
const SUITES = {
  source: ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental'],
  destination: ['spec', 'connection', 'destination'],
} as const;
/** Destination tests that must pass as generated: the templates support overwrite and append, and write namespaces apart. */
const DESTINATION_TESTS = ['test_sync[data_set=exchange_rates]', 'test_sync[data_set=edge_cases]', 'test_second_sync', 'test_incremental_sync', 'test_sync_uses_airbyte_stream_namespace_if_not_null'];

interface Report {
  counts: { passed: number; failed: number; skipped: number };
  tests: Array<{ id: string; suite: string; status: 'passed' | 'failed' | 'skipped' }>;
}

let workspace: string;
let client: DockerClient;
const timings: Array<{ template: TemplateId; generateSeconds: number; greenSeconds: number; passed: number; skipped: number }> = [];

function nx(args: string[]): { status: number | null; output: string; seconds: number } {
  const started = Date.now();
  const { CI: _ci, ...env } = process.env;
  const result = spawnSync(NX, args, {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  // Nx colours its output when the test itself runs under Nx (FORCE_COLOR): compare plain text.
  const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex
  return { status: result.status, output, seconds: (Date.now() - started) / 1000 };
}

beforeAll(() => {
  client = createDockerClient();
  workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-green-'));
  symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules'), path.join(workspace, 'node_modules'));
  writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'connectors', private: true, devDependencies: { '@nx-airbyte/nx-plugin': '0.1.0' } }));
  writeFileSync(
    path.join(workspace, 'nx.json'),
    JSON.stringify({
      plugins: ['@nx-airbyte/nx-plugin'],
      cacheDirectory: path.join(workspace, '.nx/cache'),
      namedInputs: { default: ['{projectRoot}/**/*'], production: ['default'] },
      analytics: false,
    }),
  );
  // The base images the templates build on, as this repository has them (same inputs: the images are reused).
  mkdirSync(path.join(workspace, 'airbyte-integrations'));
  cpSync(path.join(WORKSPACE_ROOT, 'airbyte-integrations/bases'), path.join(workspace, 'airbyte-integrations/bases'), { recursive: true });
  mkdirSync(path.join(workspace, 'airbyte-integrations/connectors'));
});

afterAll(async () => {
  for (const template of GREEN) {
    await removeImage(client, `airbyte/${TEMPLATES[template].connectorType}-${connectorName(template)}:dev`, { force: true }).catch(() => undefined);
  }
  rmSync(workspace, { recursive: true, force: true });
  if (timings.length > 0) {
    console.log(
      ['template                 generate  green   passed  skipped', ...timings.map((t) => `${t.template.padEnd(24)} ${t.generateSeconds.toFixed(1).padStart(6)} s ${t.greenSeconds.toFixed(0).padStart(5)} s ${String(t.passed).padStart(7)} ${String(t.skipped).padStart(8)}`)].join('\n'),
    );
  }
}, 120_000);

function connectorName(template: TemplateId): string {
  return `green-${template.replace(/-(source|destination)$/, '')}-${RUN}`;
}

describe.each(GREEN)('the %s template', (template) => {
  const { connectorType } = TEMPLATES[template];
  const project = `${connectorType}-${connectorName(template)}`;

  it(
    'passes its acceptance suite (nx run integrationTest) right after nx g connector, offline',
    () => {
      const generated = nx(['g', 'connector', '--template', template, '--name', connectorName(template), '--no-interactive']);
      expect(generated.status).toBe(0);
      expect(generated.output).toContain(`Created ${project} from the ${template} template`);

      const green = nx(['run', `${project}:integrationTest`, '--outputStyle=static']);
      if (green.status !== 0) throw new Error(`nx run ${project}:integrationTest failed (exit ${green.status}):\n${green.output.slice(-6000)}`);
      expect(green.output).toMatch(/\d+ passed, 0 failed/);

      const report = JSON.parse(readFileSync(path.join(workspace, 'dist/airbyte-integrations/connectors', project, 'acceptance/report.json'), 'utf8')) as Report;
      expect(report.counts.failed).toBe(0);
      for (const suite of SUITES[connectorType]) {
        expect(report.tests.filter((test) => test.suite === suite && test.status === 'passed').map((test) => test.id)).not.toEqual([]);
      }
      if (connectorType === 'destination') {
        const passed = report.tests.filter((test) => test.status === 'passed').map((test) => test.id);
        expect(DESTINATION_TESTS.map((name) => `destination.${name}`).filter((id) => !passed.includes(id))).toEqual([]);
      }
      timings.push({ template, generateSeconds: generated.seconds, greenSeconds: green.seconds, passed: report.counts.passed, skipped: report.counts.skipped });
    },
    600_000,
  );
});
