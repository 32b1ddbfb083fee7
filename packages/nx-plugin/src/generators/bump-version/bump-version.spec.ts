import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import bumpVersionGenerator, { BumpVersionError, planBump } from './bump-version';
import type { BumpVersionGeneratorSchema } from './schema';

const ROOT = 'airbyte-integrations/connectors/source-shop';
const SEED = 'airbyte-config/init/src/main/resources/seed/source_definitions.yaml';
const ID = '0b5c3a6e-3f3a-4a8e-9c1d-2f6d1e8b7c41';
const JSON_FILE = `airbyte-config/init/src/main/resources/config/STANDARD_SOURCE_DEFINITION/${ID}.json`;
const DOCS = 'docs/integrations/sources/shop.md';

const DOCKERFILE = `FROM debian:bookworm-slim
# the version of record
LABEL io.airbyte.name=airbyte/source-shop io.airbyte.version=0.1.0
`;

// comments, quoting and another entry that must not move
const SEED_TEXT = `# The sources this repository ships.
- name: Other
  sourceDefinitionId: 11111111-2222-4333-8444-555555555555
  dockerRepository: airbyte/source-other
  dockerImageTag: 0.1.0   # not this one
  documentationUrl: https://docs.airbyte.com/integrations/sources/other

# the shop, keys in the order Amazon Seller Partner used
- name: Shop
  sourceDefinitionId: ${ID}
  dockerRepository: airbyte/source-shop
  sourceType: api
  dockerImageTag: "0.1.0"
  documentationUrl: https://docs.airbyte.com/integrations/sources/shop
# SOURCE DEFINITION BY CODE GENERATOR
`;

const STANDARD = {
  name: 'Shop',
  sourceDefinitionId: ID,
  dockerRepository: 'airbyte/source-shop',
  sourceType: 'api',
  dockerImageTag: '0.1.0',
  documentationUrl: 'https://docs.airbyte.com/integrations/sources/shop',
};

const METADATA = `metadataSpecVersion: "1.0"
data:
  # kept in step with the Dockerfile
  name: Shop
  definitionId: ${ID}
  connectorType: source
  dockerRepository: airbyte/source-shop
  dockerImageTag: '0.1.0'
  releaseStage: alpha
`;

const DOCS_TEXT = `# Shop

## Changelog

| version | date | pull request | subject |
|---|---|---|---|
| 0.1.0 | 2026-11-01 | | New source: Shop |

## After
`;

let tree: Tree;

function workspace(overrides: Partial<Record<string, string | null>> = {}): Tree {
  const files: Record<string, string | null> = {
    [`${ROOT}/Dockerfile`]: DOCKERFILE,
    [SEED]: SEED_TEXT,
    [JSON_FILE]: `${JSON.stringify(STANDARD, null, 2)}\n`,
    [`${ROOT}/metadata.yaml`]: METADATA,
    [DOCS]: DOCS_TEXT,
    ...overrides,
  };
  const created = createTreeWithEmptyWorkspace();
  for (const [file, text] of Object.entries(files)) if (text !== null) created.write(file, text);
  return created;
}

const bump = (schema: Partial<BumpVersionGeneratorSchema>) => bumpVersionGenerator(tree, { project: 'source-shop', bump: 'minor', ...schema });
const read = (file: string) => tree.read(file, 'utf-8') as string;
const NOW = new Date('2026-12-01T12:00:00Z');

async function refusal(schema: Partial<BumpVersionGeneratorSchema>): Promise<Error> {
  const before = tree.listChanges().length;
  const error = await bump(schema).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error('expected the generator to refuse');
  expect(error).toBeInstanceOf(BumpVersionError);
  expect(tree.listChanges().length).toBe(before);
  return error;
}

beforeEach(() => {
  tree = workspace();
});

describe('bump-version', () => {
  it.each([
    ['patch', '0.1.1'],
    ['minor', '0.2.0'],
    ['major', '1.0.0'],
    ['0.3.0', '0.3.0'],
  ])('--bump %s: writes %s into every release file', async (kind, version) => {
    await bump({ bump: kind, changelog: 'Add the refunds stream' });
    expect(read(`${ROOT}/Dockerfile`)).toBe(DOCKERFILE.replace('io.airbyte.version=0.1.0', `io.airbyte.version=${version}`));
    expect(read(SEED)).toBe(SEED_TEXT.replace('dockerImageTag: "0.1.0"', `dockerImageTag: "${version}"`));
    expect(JSON.parse(read(JSON_FILE))).toEqual({ ...STANDARD, dockerImageTag: version });
    expect(Object.keys(JSON.parse(read(JSON_FILE)))).toEqual(Object.keys(STANDARD));
    expect(read(`${ROOT}/metadata.yaml`)).toBe(METADATA.replace("dockerImageTag: '0.1.0'", `dockerImageTag: '${version}'`));
    expect(read(DOCS)).toMatch(new RegExp(`\\|---\\|---\\|---\\|---\\|\\n\\| ${version.replace(/\./g, '\\.')} \\| \\d{4}-\\d{2}-\\d{2} \\| \\| Add the refunds stream \\|\\n\\| 0\\.1\\.0 \\|`));
  });

  it('keeps every comment, blank line and the other entries of the definitions file', async () => {
    await bump({ bump: 'patch' });
    const changed = read(SEED).split('\n').filter((line, index) => line !== SEED_TEXT.split('\n')[index]);
    expect(changed).toEqual(['  dockerImageTag: "0.1.1"']);
  });

  it('fills the changelog columns by name, today as the date, TODO without --changelog, and says so', () => {
    tree = workspace({ [DOCS]: '## Changelog\n\n| version | date | change |\n|---|---|---|\n| 0.1.0 | 2026-11-25 | First version. |\n' });
    const plan = planBump(tree, { project: 'source-shop', bump: 'minor' }, NOW);
    expect(plan.writes.find((write) => write.path === DOCS)?.text).toContain('| 0.2.0 | 2026-12-01 | TODO: what changed |\n| 0.1.0 |');
    expect(plan.notes.join('\n')).toMatch(/says TODO/);
  });

  it('bumps a connector without metadata.yaml or docs page, and notes that no changelog row was added', () => {
    tree = workspace({ [`${ROOT}/metadata.yaml`]: null, [DOCS]: null });
    const plan = planBump(tree, { project: 'source-shop', bump: 'patch' }, NOW);
    expect(plan.writes.map((write) => write.path)).toEqual([`${ROOT}/Dockerfile`, SEED, JSON_FILE]);
    expect(plan.notes.join('\n')).toMatch(/No docs page \(looked for docs\/integrations\/sources\/shop.md, docs\/connectors\/source-shop.md\)/);
  });

  it('finds this repository\'s docs/connectors/<project>.md page too', () => {
    tree = workspace({ [DOCS]: null, 'docs/connectors/source-shop.md': DOCS_TEXT });
    expect(planBump(tree, { project: 'source-shop', bump: 'patch' }, NOW).writes.map((write) => write.path)).toContain('docs/connectors/source-shop.md');
  });

  it('bumps a destination, whose entry has a destinationDefinitionId', async () => {
    const root = 'airbyte-integrations/connectors/destination-lake';
    const id = '3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c40';
    const entry = { name: 'Lake', destinationDefinitionId: id, dockerRepository: 'airbyte/destination-lake', dockerImageTag: '1.4.2', documentationUrl: 'https://example.com' };
    tree.write(`${root}/Dockerfile`, 'FROM debian:bookworm-slim\nLABEL io.airbyte.version=1.4.2\nLABEL io.airbyte.name=airbyte/destination-lake\n');
    tree.write('airbyte-config/init/src/main/resources/seed/destination_definitions.yaml', `- name: Lake\n  destinationDefinitionId: ${id}\n  dockerRepository: airbyte/destination-lake\n  dockerImageTag: 1.4.2\n  documentationUrl: https://example.com\n# DESTINATION DEFINITION BY CODE GENERATOR\n`);
    tree.write(`airbyte-config/init/src/main/resources/config/STANDARD_DESTINATION_DEFINITION/${id}.json`, JSON.stringify(entry, null, 2));
    await bumpVersionGenerator(tree, { project: 'destination-lake', bump: 'major' });
    expect(read(`${root}/Dockerfile`)).toContain('LABEL io.airbyte.version=2.0.0\n');
    expect(read('airbyte-config/init/src/main/resources/seed/destination_definitions.yaml')).toContain('  dockerImageTag: 2.0.0\n');
  });
});

describe('bump-version refuses, changing nothing', () => {
  it.each(['0.1.0', '0.0.9'])('a version that is not greater than the current one (%s)', async (version) => {
    const error = await refusal({ bump: version });
    expect(error.message).toBe(`Cannot bump source-shop: ${version} is not greater than the current version 0.1.0 (${ROOT}/Dockerfile). A published version is never replaced: choose a greater one.`);
  });

  it.each([
    ['bigger', /"bigger" is neither major, minor, patch nor a version x\.y\.z/],
    ['v0.2.0', /"v0\.2\.0" is neither major, minor, patch nor a version/],
    ['0.2.0+build.5', /has a \+build part, which a Docker tag cannot hold/],
  ])('--bump %s', async (value, message) => {
    expect((await refusal({ bump: value })).message).toMatch(message);
  });

  it('a connector that does not exist', async () => {
    expect((await refusal({ project: 'source-nope' })).message).toMatch(/there is no connector at airbyte-integrations\/connectors\/source-nope/);
  });

  it('a connector with no entry in the definitions, naming the file', async () => {
    tree = workspace({ [SEED]: SEED_TEXT.replace('airbyte/source-shop', 'airbyte/source-shop-old') });
    expect((await refusal({})).message).toBe(
      `Cannot bump source-shop: ${SEED} (dockerRepository): no entry with dockerRepository airbyte/source-shop (the Dockerfile's io.airbyte.name); add one, as nx g connector does, or fix the label`,
    );
  });

  it('a missing STANDARD_SOURCE_DEFINITION file, naming it', async () => {
    tree = workspace({ [JSON_FILE]: null });
    expect((await refusal({})).message).toMatch(new RegExp(`${JSON_FILE}: missing \\(the JSON mirror of the airbyte/source-shop entry`));
  });

  it('a definitions entry whose tag disagrees with the Dockerfile, naming the definitions file', async () => {
    tree = workspace({ [SEED]: SEED_TEXT.replace('dockerImageTag: "0.1.0"', 'dockerImageTag: "0.0.9"') });
    const error = await refusal({});
    expect(error.message).toMatch(new RegExp(`^Cannot bump source-shop: ${SEED} \\(dockerImageTag of airbyte/source-shop\\): disagrees`));
    expect(error.message).toContain(`${SEED}: dockerImageTag of airbyte/source-shop is "0.0.9", but the Dockerfile's io.airbyte.version says "0.1.0"`);
  });

  it('a JSON definition that disagrees with its entry, naming the JSON file and the field', async () => {
    tree = workspace({ [JSON_FILE]: JSON.stringify({ ...STANDARD, name: 'Old Shop' }) });
    expect((await refusal({})).message).toContain(`${JSON_FILE}: name is "Old Shop", but its entry in ${SEED} says "Shop"`);
  });

  it('a metadata.yaml that disagrees, naming it', async () => {
    tree = workspace({ [`${ROOT}/metadata.yaml`]: METADATA.replace("'0.1.0'", "'0.1.1'") });
    expect((await refusal({})).message).toContain(`${ROOT}/metadata.yaml: data.dockerImageTag is "0.1.1", but the Dockerfile's io.airbyte.version says "0.1.0"`);
  });

  it('two entries for one repository', async () => {
    tree = workspace({ [SEED]: `${SEED_TEXT}- name: Shop again\n  sourceDefinitionId: ${ID}\n  dockerRepository: airbyte/source-shop\n  dockerImageTag: 0.1.0\n` });
    expect((await refusal({})).message).toMatch(/2 entries with dockerRepository airbyte\/source-shop; keep one/);
  });

  it('a Dockerfile version that is not written out', async () => {
    tree = workspace({ [`${ROOT}/Dockerfile`]: 'FROM debian:bookworm-slim\nARG VERSION=0.1.0\nLABEL io.airbyte.name=airbyte/source-shop io.airbyte.version=${VERSION}\n' });
    expect((await refusal({})).message).toMatch(/line 3 does not write the version out \(e\.g\. it uses an ARG\)/);
  });

  it('a --changelog entry with no docs page to write it to', async () => {
    tree = workspace({ [DOCS]: null });
    expect((await refusal({ changelog: 'Something' })).message).toMatch(/no docs page to write the --changelog entry to/);
  });

  it('a docs page without a changelog table, and a version already in the changelog', async () => {
    tree = workspace({ [DOCS]: '# Shop\n\nNo table here.\n' });
    expect((await refusal({})).message).toMatch(/docs\/integrations\/sources\/shop.md \(Changelog\): has no changelog table/);
    tree = workspace({ [DOCS]: DOCS_TEXT.replace('| 0.1.0 |', '| 0.2.0 | 2026-11-02 | | early |\n| 0.1.0 |') });
    expect((await refusal({})).message).toMatch(/already has a row for 0\.2\.0/);
  });
});
