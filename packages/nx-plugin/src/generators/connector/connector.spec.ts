import { readJson, updateNxJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse as parseYaml } from 'yaml';
import connectorGenerator, { ConnectorGeneratorError } from './connector';
import { nameBasedUuid } from './definition-id';
import { DEFINITION_MARKERS, emptySeedFile } from './definitions';
import type { ConnectorGeneratorSchema } from './schema';
import { TEMPLATE_IDS, TEMPLATES, type TemplateId } from './templates';

const CONNECTORS = 'airbyte-integrations/connectors';
const SEED = 'airbyte-config/init/src/main/resources/seed';
const CONFIG = 'airbyte-config/init/src/main/resources/config';

function rootOf(template: TemplateId, name = 'my-api'): string {
  return `${CONNECTORS}/${TEMPLATES[template].connectorType}-${name}`;
}

function filesUnder(tree: Tree, root: string): string[] {
  return tree
    .listChanges()
    .filter((change) => change.type === 'CREATE' && change.path.startsWith(`${root}/`))
    .map((change) => change.path.slice(root.length + 1))
    .sort();
}

/** Runs the generator expecting a refusal; returns its message and checks that nothing was written. */
async function refusal(tree: Tree, options: Partial<ConnectorGeneratorSchema>): Promise<string> {
  const before = tree.listChanges().length;
  const error = await connectorGenerator(tree, { template: 'python-source', name: 'my-api', ...options } as ConnectorGeneratorSchema).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConnectorGeneratorError);
  expect(tree.listChanges()).toHaveLength(before);
  return (error as Error).message;
}

describe('nx g connector', () => {
  let tree: Tree;
  const ci = process.env['CI'];

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    delete process.env['CI'];
  });

  afterAll(() => {
    if (ci === undefined) delete process.env['CI'];
    else process.env['CI'] = ci;
  });

  describe.each(TEMPLATE_IDS)('the %s template', (template) => {
    const { connectorType } = TEMPLATES[template];
    const root = rootOf(template);

    beforeEach(async () => {
      await connectorGenerator(tree, { template, name: 'my-api' });
    });

    it(`writes ${connectorType}-my-api with a Dockerfile carrying the labels and AIRBYTE_ENTRYPOINT`, () => {
      const dockerfile = tree.read(`${root}/Dockerfile`, 'utf-8') ?? '';
      expect(dockerfile).toContain(`LABEL io.airbyte.name=airbyte/${connectorType}-my-api`);
      expect(dockerfile).toContain('LABEL io.airbyte.version=0.1.0');
      expect(dockerfile).toMatch(/^ENV AIRBYTE_ENTRYPOINT="[^"]+"$/m);
      expect(dockerfile).toMatch(/^ENTRYPOINT \[/m);
    });

    it('writes .dockerignore, a README that builds and tests through Nx, and a git-ignored secrets/ with instructions', () => {
      const files = filesUnder(tree, root);
      expect(files).toEqual(expect.arrayContaining(['.dockerignore', '.gitignore', 'README.md', 'secrets/README.md']));
      expect(tree.read(`${root}/.gitignore`, 'utf-8')).toMatch(/^secrets\/$/m);
      const readme = tree.read(`${root}/README.md`, 'utf-8') ?? '';
      expect(readme).toContain(`npx nx run ${connectorType}-my-api:build`);
      expect(readme).toContain(`npx nx run ${connectorType}-my-api:integrationTest`);
      expect(tree.read(`${root}/secrets/README.md`, 'utf-8')).toContain('git-ignored');
    });

    it('writes acceptance-test-config.yml in the acceptance_tests format, naming the dev image', () => {
      const config = parseYaml(tree.read(`${root}/acceptance-test-config.yml`, 'utf-8') ?? '') as Record<string, unknown>;
      expect(config['connector_image']).toBe(`airbyte/${connectorType}-my-api:dev`);
      expect(config).toHaveProperty('acceptance_tests.spec.tests');
      expect(config).toHaveProperty('acceptance_tests.connection.tests');
      expect(config).not.toHaveProperty('tests');
    });

    it('writes the integration_tests inputs', () => {
      const inputs = filesUnder(tree, root).filter((file) => file.startsWith('integration_tests/'));
      const expected = ['integration_tests/configured_catalog.json', 'integration_tests/invalid_config.json', 'integration_tests/sample_config.json'];
      expected.push(connectorType === 'source' ? 'integration_tests/abnormal_state.json' : 'integration_tests/messages.jsonl');
      expect(inputs).toEqual(expect.arrayContaining(expected));
    });

    it('marks each decision point with a TODO', () => {
      const todos = filesUnder(tree, root).filter((file) => (tree.read(`${root}/${file}`, 'utf-8') ?? '').includes('TODO'));
      expect(todos.length).toBeGreaterThanOrEqual(3);
    });

    it('leaves no template syntax, __token__ path or .template suffix behind', () => {
      for (const file of filesUnder(tree, root)) {
        expect(file.replace(/__init__\.py$/, 'init.py')).not.toMatch(/__\w+__|\.template$/);
        expect(tree.read(`${root}/${file}`, 'utf-8')).not.toMatch(/<%|%>/);
      }
    });

    it('adds a docs page stub and a definitions entry with its STANDARD json', () => {
      expect(tree.read(`docs/integrations/${connectorType}s/my-api.md`, 'utf-8')).toMatch(/^# My Api\n/);
      const entries = parseYaml(tree.read(`${SEED}/${connectorType}_definitions.yaml`, 'utf-8') ?? '') as Array<Record<string, string>>;
      expect(entries).toHaveLength(1);
      const [entry] = entries;
      expect(entry).toMatchObject({ name: 'My Api', dockerRepository: `airbyte/${connectorType}-my-api`, dockerImageTag: '0.1.0' });
      const id = entry[`${connectorType}DefinitionId`];
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(readJson(tree, `${CONFIG}/STANDARD_${connectorType.toUpperCase()}_DEFINITION/${id}.json`)).toEqual(entry);
    });
  });

  describe('output', () => {
    it('puts a source in <connectorsDir>/source-<name> and a destination in destination-<name>', async () => {
      await connectorGenerator(tree, { template: 'generic-source', name: 'acme-2' });
      await connectorGenerator(tree, { template: 'python-destination', name: 'acme-2' });
      expect(tree.exists(`${CONNECTORS}/source-acme-2/Dockerfile`)).toBe(true);
      expect(tree.exists(`${CONNECTORS}/destination-acme-2/Dockerfile`)).toBe(true);
    });

    it('spells the name in each language: Python modules, classes, Java packages', async () => {
      await connectorGenerator(tree, { template: 'python-http-api-source', name: 'my-api' });
      await connectorGenerator(tree, { template: 'java-destination', name: 'my-api' });
      expect(tree.read(`${CONNECTORS}/source-my-api/source_my_api/source.py`, 'utf-8')).toContain('class SourceMyApi(AbstractSource):');
      const java = `${CONNECTORS}/destination-my-api/src/main/java/io/airbyte/integrations/destination/my_api/MyApiDestination.java`;
      expect(tree.read(java, 'utf-8')).toContain('package io.airbyte.integrations.destination.my_api;');
    });

    it('takes connectorsDir from the nx-airbyte plugin options in nx.json', async () => {
      const nxJson = readNxJson(tree) ?? {};
      updateNxJson(tree, { ...nxJson, plugins: [{ plugin: '@nx-airbyte/nx-plugin', options: { connectorsDir: 'connectors/' } }] });
      await connectorGenerator(tree, { template: 'python-source', name: 'my-api' });
      expect(tree.exists('connectors/source-my-api/Dockerfile')).toBe(true);
    });

    it('wraps the tap given with --tap, and tap-<name> by default', async () => {
      await connectorGenerator(tree, { template: 'singer-python-source', name: 'shop', tap: 'tap-shopify' });
      await connectorGenerator(tree, { template: 'singer-python-source', name: 'crm' });
      expect(tree.read(`${CONNECTORS}/source-shop/source_shop/source.py`, 'utf-8')).toContain('TAP_CMD = "tap-shopify"');
      expect(tree.read(`${CONNECTORS}/source-shop/setup.py`, 'utf-8')).toContain('"tap-shopify"');
      expect(tree.read(`${CONNECTORS}/source-crm/source_crm/source.py`, 'utf-8')).toContain('TAP_CMD = "tap-crm"');
    });

    it('returns a callback that says what was created and to search for TODO next', async () => {
      const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        const callback = await connectorGenerator(tree, { template: 'typescript-source', name: 'my-api' });
        callback();
        const printed = [...info.mock.calls, ...log.mock.calls].flat().join('\n');
        expect(printed).toContain(`Created source-my-api from the typescript-source template`);
        expect(printed).toContain(`grep -rn TODO ${CONNECTORS}/source-my-api`);
        expect(printed).toContain('npx nx run source-my-api:integrationTest');
      } finally {
        info.mockRestore();
        log.mockRestore();
      }
    });
  });

  describe('the definitions entry', () => {
    it('goes just above the marker line, leaving comments and earlier entries as they were', async () => {
      const seed = `# my own comment\n- name: Faker\n  sourceDefinitionId: dfd88b22-b603-4c3d-aad7-3701784586b1\n  dockerRepository: airbyte/source-faker\n  dockerImageTag: "0.1.0" # quoted on purpose\n${DEFINITION_MARKERS.source}\n# trailing comment\n`;
      tree.write(`${SEED}/source_definitions.yaml`, seed);
      await connectorGenerator(tree, { template: 'python-source', name: 'my-api', definitionId: '3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c41' });
      const text = tree.read(`${SEED}/source_definitions.yaml`, 'utf-8') ?? '';
      expect(text.startsWith(seed.split(DEFINITION_MARKERS.source)[0])).toBe(true);
      expect(text).toContain(`  releaseStage: alpha\n${DEFINITION_MARKERS.source}\n# trailing comment\n`);
      expect((parseYaml(text) as Array<{ name: string }>).map((entry) => entry.name)).toEqual(['Faker', 'My Api']);
    });

    it('creates the seed file, marker included, when the workspace has none', async () => {
      await connectorGenerator(tree, { template: 'java-destination', name: 'my-api' });
      const text = tree.read(`${SEED}/destination_definitions.yaml`, 'utf-8') ?? '';
      expect(text.startsWith(emptySeedFile('destination').split(DEFINITION_MARKERS.destination)[0])).toBe(true);
      expect(text.trimEnd().endsWith(DEFINITION_MARKERS.destination)).toBe(true);
    });

    it('gets a fresh random UUID each time without CI', async () => {
      await connectorGenerator(tree, { template: 'python-source', name: 'one' });
      await connectorGenerator(tree, { template: 'python-source', name: 'two' });
      const ids = (parseYaml(tree.read(`${SEED}/source_definitions.yaml`, 'utf-8') ?? '') as Array<{ sourceDefinitionId: string }>).map((entry) => entry.sourceDefinitionId);
      expect(new Set(ids).size).toBe(2);
    });

    it('gets a UUID derived from the image name when CI is set, the same on every run', async () => {
      process.env['CI'] = 'true';
      await connectorGenerator(tree, { template: 'python-source', name: 'my-api' });
      const again = createTreeWithEmptyWorkspace();
      await connectorGenerator(again, { template: 'python-source', name: 'my-api' });
      const expected = nameBasedUuid('airbyte/source-my-api');
      expect(expected).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(tree.read(`${SEED}/source_definitions.yaml`, 'utf-8')).toContain(`sourceDefinitionId: ${expected}`);
      expect(again.read(`${SEED}/source_definitions.yaml`, 'utf-8')).toEqual(tree.read(`${SEED}/source_definitions.yaml`, 'utf-8'));
    });

    it('uses the --definitionId given', async () => {
      await connectorGenerator(tree, { template: 'python-source', name: 'my-api', definitionId: '3F0C6A52-8E7D-4C1B-9A55-2F6D1E8B7C41' });
      expect(tree.exists(`${CONFIG}/STANDARD_SOURCE_DEFINITION/3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c41.json`)).toBe(true);
    });
  });

  describe('refuses, writing nothing,', () => {
    it.each([
      ['an uppercase letter', 'My-Api', /'My-Api' is not a valid connector name: use lowercase letters, digits and single dashes/],
      ['an underscore', 'my_api', /not a valid connector name/],
      ['a space', 'my api', /not a valid connector name/],
      ['a leading digit', '3m', /starting with a letter/],
      ['a trailing dash', 'my-api-', /not a valid connector name/],
      ['a double dash', 'my--api', /single dashes/],
      ['an empty name', '', /a connector name is required/],
    ])('a name with %s', async (_what, name, message) => {
      expect(await refusal(tree, { name })).toMatch(message);
    });

    it('a name that already carries the source- prefix, saying which name to give', async () => {
      expect(await refusal(tree, { name: 'source-my-api' })).toContain("give the name without the prefix (e.g. 'my-api')");
    });

    it('a java-destination name that is a Java keyword', async () => {
      expect(await refusal(tree, { template: 'java-destination', name: 'new' })).toContain('Java keyword');
    });

    it('a connector folder that exists, naming it', async () => {
      tree.write(`${CONNECTORS}/source-my-api/notes.txt`, 'mine');
      expect(await refusal(tree, { name: 'my-api' })).toBe(
        `Cannot create source-my-api: ${CONNECTORS}/source-my-api already exists. Choose another name, or move that folder away first.`,
      );
      expect(tree.read(`${CONNECTORS}/source-my-api/notes.txt`, 'utf-8')).toBe('mine');
    });

    it('an unknown template, listing the known ones', async () => {
      expect(await refusal(tree, { template: 'ruby-source' as TemplateId })).toContain(`choose one of ${TEMPLATE_IDS.join(', ')}`);
    });

    it('a docs page that exists', async () => {
      tree.write('docs/integrations/sources/my-api.md', '# mine\n');
      expect(await refusal(tree, { name: 'my-api' })).toContain('docs page docs/integrations/sources/my-api.md already exists');
    });

    it('a definitions entry for the same image', async () => {
      tree.write(`${SEED}/source_definitions.yaml`, `- name: Mine\n  sourceDefinitionId: 3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c41\n  dockerRepository: airbyte/source-my-api\n${DEFINITION_MARKERS.source}\n`);
      expect(await refusal(tree, { name: 'my-api' })).toContain('already has an entry with dockerRepository airbyte/source-my-api (Mine)');
    });

    it('a definitions entry with the same id', async () => {
      tree.write(`${SEED}/source_definitions.yaml`, `- name: Mine\n  sourceDefinitionId: 3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c41\n  dockerRepository: airbyte/source-mine\n${DEFINITION_MARKERS.source}\n`);
      expect(await refusal(tree, { name: 'my-api', definitionId: '3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c41' })).toContain('already has an entry with sourceDefinitionId');
    });

    it('a STANDARD definition file that exists for the id', async () => {
      tree.write(`${CONFIG}/STANDARD_SOURCE_DEFINITION/3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c41.json`, '{}');
      expect(await refusal(tree, { name: 'my-api', definitionId: '3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c41' })).toContain('the sourceDefinitionId is taken');
    });

    it('a seed file without the marker line, naming the line to add', async () => {
      tree.write(`${SEED}/source_definitions.yaml`, '- name: Faker\n  dockerRepository: airbyte/source-faker\n');
      expect(await refusal(tree, { name: 'my-api' })).toContain(`has no marker line '${DEFINITION_MARKERS.source}'`);
    });

    it('a seed file that is not valid YAML', async () => {
      tree.write(`${SEED}/source_definitions.yaml`, `- name: [unclosed\n${DEFINITION_MARKERS.source}\n`);
      expect(await refusal(tree, { name: 'my-api' })).toContain('is not valid YAML');
    });

    it('a --definitionId that is not a UUID', async () => {
      expect(await refusal(tree, { definitionId: 'FAKE-UUID-0000-0000-000000000000' })).toContain('is not a UUID');
    });

    it('a --tap that is not a package name', async () => {
      expect(await refusal(tree, { template: 'singer-python-source', tap: 'tap shopify; rm -rf /' })).toContain('is not a Python package name');
    });
  });
});
