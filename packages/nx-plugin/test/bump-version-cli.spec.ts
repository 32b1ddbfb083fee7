import { TempWorkspace } from './support/temp-workspace';

// `nx g bump-version` as people type it: the real nx binary in a temporary git workspace, the built plugin.
const ROOT = 'airbyte-integrations/connectors/source-tide';
const SEED = 'airbyte-config/init/src/main/resources/seed/source_definitions.yaml';
const ID = '5a4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const JSON_FILE = `airbyte-config/init/src/main/resources/config/STANDARD_SOURCE_DEFINITION/${ID}.json`;
const DOCS = 'docs/integrations/sources/tide.md';
let workspace: TempWorkspace;

beforeAll(() => {
  workspace = TempWorkspace.create('nx-airbyte-bump-version-', {
    files: {
      [`${ROOT}/Dockerfile`]: 'FROM debian:bookworm-slim\nLABEL io.airbyte.version=0.4.2\nLABEL io.airbyte.name=airbyte/source-tide\n',
      [SEED]: `# sources\n- name: Tide\n  sourceDefinitionId: ${ID}\n  dockerRepository: airbyte/source-tide\n  dockerImageTag: 0.4.2 # bumped by nx g bump-version\n  documentationUrl: https://docs.airbyte.com/integrations/sources/tide\n# SOURCE DEFINITION BY CODE GENERATOR\n`,
      [JSON_FILE]: JSON.stringify({ name: 'Tide', sourceDefinitionId: ID, dockerRepository: 'airbyte/source-tide', dockerImageTag: '0.4.2', documentationUrl: 'https://docs.airbyte.com/integrations/sources/tide' }, null, 2),
      [DOCS]: '# Tide\n\n## Changelog\n\n| version | date | pull request | subject |\n|---|---|---|---|\n| 0.4.2 | 2026-10-01 | | Tides of 2026 |\n',
    },
  });
}, 60_000);

afterAll(() => {
  workspace.remove();
});

describe('nx g bump-version in a workspace', () => {
  it('bumps with the project as the first argument, says what it changed, and changes exactly those files', () => {
    const { status, output } = workspace.nx(['g', 'bump-version', 'source-tide', '--bump=minor', '--changelog=Moon phases', '--no-interactive']);
    expect(status).toBe(0);
    expect(output).toContain('Bumped source-tide from 0.4.2 to 0.5.0:');
    expect(workspace.git('status', '--porcelain').split('\n').filter(Boolean).map((line) => line.slice(3)).sort()).toEqual([JSON_FILE, `${ROOT}/Dockerfile`, SEED, DOCS].sort());
    expect(workspace.read(SEED)).toContain('  dockerImageTag: 0.5.0 # bumped by nx g bump-version\n');
    expect(workspace.read(DOCS)).toMatch(/\| 0\.5\.0 \| \d{4}-\d{2}-\d{2} \| \| Moon phases \|\n\| 0\.4\.2 \|/);
    workspace.commitAll('bump');
  });

  it('refuses a version that is not greater, exits non-zero and changes nothing', () => {
    const { status, output } = workspace.nx(['g', 'bump-version', '--project', 'source-tide', '--bump', '0.5.0', '--no-interactive']);
    expect(status).not.toBe(0);
    expect(output).toContain('Cannot bump source-tide: 0.5.0 is not greater than the current version 0.5.0');
    expect(workspace.git('status', '--porcelain')).toBe('');
  });

  it('documents every option in --help', () => {
    const { status, output } = workspace.nx(['g', 'bump-version', '--help']);
    expect(status).toBe(0);
    for (const option of ['--project', '--bump', '--changelog', '--docsPage', '--connectorsDir', '--definitionsDir']) expect(output).toContain(option);
    expect(output).toMatch(/major, minor or patch/);
  });
});
