import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse as parseYaml } from 'yaml';
import { planConnector, ConnectorGeneratorError } from './connector';
import { definitionEntry, DefinitionsError, insertDefinition, readEntries, seedFilePath } from './definitions';
import { connectorNameProblem, connectorNames } from './names';
import { TEMPLATE_IDS, TEMPLATES } from './templates';
import { fuzzSeed, SeededRandom } from '../../../../protocol/test/support/seeded-random';

// Generator names and connector definitions YAML under fuzzing: every name is accepted (and then gives
// valid identifiers in every spelling) or refused with words that quote it; every mutated seed file
// takes the new entry or is refused naming the file. FUZZ_SEED=<n> replays a run.
const SEED = fuzzSeed(20260804);
const REPOSITORY_ROOT = path.join(__dirname, '../../../../..');
const DEFINITIONS_DIR = 'airbyte-config/init/src/main/resources';

const NAME_ALPHABET = 'abcxyz019-_. /\\AZé😀\u0000\n$`"\'';
const NAME_SHAPES = ['my-api', 'source-x', 'destination-y', '..', '../../etc', 'a--b', '-a', 'a-', '1abc', 'class', 'a-class', 'ab'.repeat(200), '', ' ', 'con', 'node_modules', 'secrets'];

function fuzzedName(random: SeededRandom): unknown {
  if (random.chance(0.05)) return random.pick([undefined, null, 5, {}, ['a'], true]);
  if (random.chance(0.3)) return random.pick(NAME_SHAPES) + (random.chance(0.5) ? random.text(random.int(0, 3), NAME_ALPHABET) : '');
  return random.text(random.int(0, 16), random.chance(0.5) ? 'abc019-' : NAME_ALPHABET);
}

describe(`generator names under fuzzing (seed ${SEED}, FUZZ_SEED=<n> to replay)`, () => {
  it('accepts a name only when every spelling of it is a valid identifier, and otherwise quotes it in the refusal', () => {
    const random = new SeededRandom(SEED);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      const name = fuzzedName(random);
      const type = random.pick(['source', 'destination'] as const);
      const language = random.pick([undefined, 'java', 'python']);
      const problem = connectorNameProblem(name, type, language);
      const replay = `case ${n} (replay with FUZZ_SEED=${SEED}): name ${JSON.stringify(name)}`;
      if (problem === undefined) {
        const names = connectorNames(name as string);
        const valid = /^[a-z][a-z0-9_]*$/.test(names.snake) && /^[A-Z][A-Za-z0-9]*$/.test(names.proper) && /^[A-Z][A-Z0-9_]*$/.test(names.constant) && !names.dash.includes('..');
        if (!valid) throw new Error(`${replay} was accepted but spells as ${JSON.stringify(names)}`);
        accepted++;
      } else if (typeof problem !== 'string' || (typeof name === 'string' && name.trim() !== '' && !problem.includes(`'${name}`))) {
        throw new Error(`${replay} was refused without quoting it: ${problem}`);
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('the generator plans a connector for an accepted name and refuses the others with a ConnectorGeneratorError, writing nothing', async () => {
    const random = new SeededRandom(SEED + 1);
    const tree: Tree = createTreeWithEmptyWorkspace();
    for (let n = 0; n < 300; n++) {
      const name = fuzzedName(random);
      const template = random.pick(TEMPLATE_IDS);
      const replay = `case ${n} (replay with FUZZ_SEED=${SEED}): template ${template}, name ${JSON.stringify(name)}`;
      const before = tree.listChanges().length;
      try {
        const plan = await planConnector(tree, { template, name: name as string, definitionId: '3f0d1e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6' }, {});
        if (connectorNameProblem(name, TEMPLATES[template].connectorType, TEMPLATES[template].language) !== undefined) throw new Error('planned a connector for a refused name');
        if (!plan.root.startsWith('airbyte-integrations/connectors/') || plan.root.includes('..')) throw new Error(`planned outside the connectors folder: ${plan.root}`);
      } catch (error) {
        if (!(error instanceof ConnectorGeneratorError)) throw new Error(`${replay}: threw ${(error as Error).stack}`);
      }
      if (tree.listChanges().length !== before) throw new Error(`${replay}: planning wrote files`);
    }
  });
});

describe(`connector definitions YAML under fuzzing (seed ${SEED}, FUZZ_SEED=<n> to replay)`, () => {
  const file = seedFilePath(DEFINITIONS_DIR, 'source');
  const original = readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
  const entry = definitionEntry({ connectorType: 'source', name: 'Fuzz Api', id: '3f0d1e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6', dockerRepository: 'airbyte/source-fuzz-api', dockerImageTag: '0.1.0', documentationUrl: 'https://docs.airbyte.com/integrations/sources/fuzz-api' });

  function mutate(random: SeededRandom, text: string): string {
    const lines = text.split('\n');
    for (let i = random.int(1, 4); i > 0; i--) {
      const at = random.int(0, lines.length - 1);
      switch (random.int(0, 7)) {
        case 0: lines.splice(at, 1); break;
        case 1: lines.splice(at, 0, lines[random.int(0, lines.length - 1)]); break; // duplicate entries, keys
        case 2: lines[at] = lines[at].replace(/^(\s*)/, '$1\t'); break;
        case 3: lines[at] = `${lines[at]}${random.pick([':', ' "', " '", ' &a', ' *a', ' [', ' {', ' !!binary', ' #'])}`; break;
        case 4: lines.splice(at, 0, random.pick(['- name: Other\n  sourceDefinitionId: 3f0d1e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6', '- dockerRepository: airbyte/source-fuzz-api', '- just a string', '- [1, 2]', 'key: value', '%YAML 1.2', '---', '- name: x\n  <<: *a'])); break;
        case 5: lines[at] = lines[at].slice(0, random.int(0, lines[at].length)); break;
        case 6: lines.splice(at, 0, '# SOURCE DEFINITION BY CODE GENERATOR'); break;
        default: lines[at] = lines[at].replace('# SOURCE DEFINITION BY CODE GENERATOR', '# SOURCE DEFINITIONS'); break;
      }
    }
    return lines.join('\n');
  }

  it('inserts the new entry into each of 2,000 mutated seed files, or refuses naming the file', () => {
    const random = new SeededRandom(SEED + 2);
    let inserted = 0;
    for (let n = 0; n < 2000; n++) {
      const text = mutate(random, original);
      const replay = `case ${n} (replay with FUZZ_SEED=${SEED}): ${JSON.stringify(text.slice(0, 3000))}`;
      try {
        const updated = insertDefinition(file, text, 'source', entry);
        const entries = readEntries(file, updated);
        if (!entries.some((other) => other['dockerRepository'] === entry['dockerRepository'])) throw new Error('the new entry is not in the file');
        parseYaml(updated);
        inserted++;
      } catch (error) {
        if (!(error instanceof DefinitionsError) || !error.message.includes(file)) throw new Error(`${replay}\nthrew ${(error as Error).stack}`);
      }
    }
    expect(inserted).toBeGreaterThan(100);
  });
});
