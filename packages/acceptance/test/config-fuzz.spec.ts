import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ConfigError, type ConfigProblem } from '../src/config/config-error';
import { CONFIG_FILE_NAME, loadAcceptanceConfig } from '../src/config/load';
import { CONFIG_FIXTURES } from './fixtures/config/fixture-paths';
import { fuzzSeed, SeededRandom } from '../../protocol/test/support/seeded-random';

// A fuzzed corpus of acceptance configs: the fixture configs (both formats) with values replaced by
// other types, keys deleted, misspelt or added, anchors, aliases and tags, text cut and spliced, bytes
// that are not UTF-8. Every one loads, or is refused with a ConfigError whose problems name the file
// and the field (key path or line); nothing else may be thrown. FUZZ_SEED=<n> replays a run.
const SEED = fuzzSeed(20260803);
const CASES = Number(process.env.FUZZ_CASES ?? 1500);

/** A problem of the file as a whole, the only kind without a key path: it cannot be read, is empty, is not YAML, or holds more than one document. */
const FILE_LEVEL_PROBLEM = /^(invalid YAML: |the file is empty;|the file holds \d+ YAML documents|cannot read the file: )/;

/** A key path, or a problem of the whole file that says so: a line number alone, or the word "file", is not enough. */
function namesItsField(problem: ConfigProblem): boolean {
  if (typeof problem.keyPath === 'string') return problem.keyPath !== '';
  return FILE_LEVEL_PROBLEM.test(String(problem.message));
}

const SEEDS = readdirSync(CONFIG_FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'broken')
  .map((entry) => entry.name)
  .filter((name) => readdirSync(path.join(CONFIG_FIXTURES, name)).includes(CONFIG_FILE_NAME));

const ODD_VALUES: unknown[] = [null, '', 0, -1, 1.5, Infinity, true, 'yes', [], {}, [[]], { a: { b: {} } }, 'x'.repeat(5000), '../../../etc/passwd', '/dev/null', '~', '${HOME}', '\u0000', '😀', 'integration_tests', ['a', 1, null]];
const KEY_TYPOS = (key: string) => [`${key}s`, key.slice(1), key.toUpperCase(), key.replace(/_/g, '-'), `${key} `, `x_${key}`];

function mutateValue(random: SeededRandom, value: unknown, depth: number): unknown {
  if (random.chance(0.08)) return random.pick(ODD_VALUES);
  if (Array.isArray(value)) {
    const items = value.map((item) => mutateValue(random, item, depth + 1));
    if (random.chance(0.1)) items.push(random.pick(ODD_VALUES));
    if (random.chance(0.1) && items.length > 0) items.splice(random.int(0, items.length - 1), 1);
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).flatMap(([key, inner]): Array<[string, unknown]> => {
      if (random.chance(0.05)) return []; // a required key may go
      const name = random.chance(0.04) ? random.pick(KEY_TYPOS(key)) : key;
      return [[name, mutateValue(random, inner, depth + 1)]];
    });
    if (random.chance(0.05)) entries.push([random.pick(['unknown_key', 'bypass_reason', 'tests', 'timeout_seconds', '<<', '__proto__']), random.pick(ODD_VALUES)]);
    return Object.fromEntries(entries);
  }
  return value;
}

function mutateText(random: SeededRandom, text: string): string | Buffer {
  const at = random.int(0, text.length);
  switch (random.int(0, 9)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + random.pick([':', '- ', '\t', '"', "'", '{', '[', '&a ', '*a', '!!binary ', '!!python/object ', '<<: *a\n', '%YAML 1.1\n', '---\n', '...\n', '#', '\r']) + text.slice(at);
    case 2: return `base: &a\n  - *a\n${text}`; // an alias to its own anchor
    case 3: return `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n${text}`;
    case 4: return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(text.slice(at))]);
    case 5: return text.replace(/\n {2}/g, '\n\t');
    case 6: return text.split('\n').map((line) => (random.chance(0.1) ? `${line}\n${line}` : line)).join('\n'); // duplicate keys
    case 7: return `${'['.repeat(random.int(100, 1000))}\n${text}`;
    default: return text.slice(0, at) + text.slice(at + random.int(1, 40));
  }
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-config-fuzz-'));
  for (const name of SEEDS) cpSync(path.join(CONFIG_FIXTURES, name), path.join(scratch, name), { recursive: true });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('what counts as naming the field of a problem', () => {
  const file = '/x/acceptance-test-config.yml';
  it('a key path, or a file-level problem (empty, not YAML, several documents, unreadable) without one', () => {
    expect(namesItsField({ file, line: 3, keyPath: 'acceptance_tests.spec', message: 'must be a map' })).toBe(true);
    expect(namesItsField({ file, message: 'the file is empty; it needs at least connector_image and acceptance_tests' })).toBe(true);
    expect(namesItsField({ file, line: 2, column: 1, message: 'invalid YAML: bad indentation' })).toBe(true);
  });

  it('not a line number alone, nor a message that mentions the file or the document', () => {
    expect(namesItsField({ file, line: 3, message: 'must be a map' })).toBe(false);
    expect(namesItsField({ file, line: 3, message: 'the file referred to is missing' })).toBe(false);
    expect(namesItsField({ file, message: 'this document is wrong' })).toBe(false);
    expect(namesItsField({ file, line: 1, keyPath: '', message: 'must be a map' })).toBe(false);
  });
});

describe(`loadAcceptanceConfig under fuzzing (seed ${SEED}, FUZZ_SEED=<n> to replay)`, () => {
  it(`loads, or refuses naming file and field, each of ${CASES} mutated acceptance configs`, async () => {
    console.log(`config fuzz: seed ${SEED}, ${CASES} cases from ${SEEDS.length} fixture configs`);
    const random = new SeededRandom(SEED);
    let loaded = 0;
    let refused = 0;
    for (let n = 0; n < CASES; n++) {
      const name = random.pick(SEEDS);
      const original = readFileSync(path.join(CONFIG_FIXTURES, name, CONFIG_FILE_NAME), 'utf8');
      const file = path.join(scratch, name, CONFIG_FILE_NAME);
      let contents: string | Buffer = random.chance(0.6) ? stringifyYaml(mutateValue(random, parseYaml(original), 0)) : original;
      if (random.chance(0.5)) contents = mutateText(random, contents.toString());
      writeFileSync(file, contents);
      const replay = `case ${n} of ${name} (replay with FUZZ_SEED=${SEED}): ${JSON.stringify(contents.toString().slice(0, 3000))}`;
      try {
        const config = await loadAcceptanceConfig(file);
        if (config.file !== file || typeof config.connectorImage !== 'string') throw new Error('loaded without file or image');
        loaded++;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw new Error(`${replay}\nthrew ${(error as Error).stack}`);
        for (const problem of error.problems) {
          if (!path.isAbsolute(problem.file) || !namesItsField(problem) || typeof problem.message !== 'string' || problem.message.trim() === '') throw new Error(`${replay}\na problem without file, field or words: ${JSON.stringify(problem)}`);
        }
        if (!error.message.includes(file)) throw new Error(`${replay}\nthe message does not name the file: ${error.message}`);
        refused++;
      }
    }
    console.log(`config fuzz: ${loaded} loaded, ${refused} refused with file and field`);
    expect(loaded).toBeGreaterThan(CASES / 20);
    expect(refused).toBeGreaterThan(CASES / 4);
  }, 120_000);
});
