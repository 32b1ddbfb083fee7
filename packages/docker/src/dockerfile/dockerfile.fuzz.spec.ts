import { DockerfileSyntaxError } from '../errors';
import { parseDockerfile } from './dockerfile';
import { fuzzSeed, SeededRandom } from '../../../protocol/test/support/seeded-random';

// Dockerfiles with odd LABEL (and ENV, ARG, FROM) syntax: unbalanced quotes, escapes, continuations,
// the escape directive, variable forms, CRLF, tabs, heredocs, empty keys. Every one parses or is refused
// with a DockerfileSyntaxError naming the file and a line that exists. Deterministic: FUZZ_SEED replays.
const SEED = fuzzSeed(20260802);
const CASES = 20_000;
const FILE = 'airbyte-integrations/connectors/source-fuzz/Dockerfile';

const KEYS = ['io.airbyte.name', 'io.airbyte.version', '"io.airbyte.name"', "'io.airbyte.version'", 'maintainer', '', '=', 'a=b', '${NAME}', '$VERSION', '"', 'k\\', 'ключ', 'io.airbyte.name='];
const VALUES = ['airbyte/source-fuzz', '0.1.0', '"quoted value"', "'single'", '"unbalanced', "'unbalanced", '${VERSION:-1.0}', '${VERSION:+set}', '${VERSION', '${}', '$', '\\"', 'a\\ b', '"a\\"b"', '', '`x`', '😀', '"multi \\\n line"', '=x', '\t'];
const ANY_INSTRUCTION = ['LABEL', 'label', 'ENV', 'ARG', 'FROM', 'RUN', 'COPY', 'ENTRYPOINT', 'CMD', 'WORKDIR', 'ONBUILD', 'HEALTHCHECK', 'NOTAN', 'USER'];

function labelLine(random: SeededRandom): string {
  const pairs = Array.from({ length: random.int(0, 3) }, () => {
    const separator = random.pick(['=', '=', '=', ' ', '  ', '\t', '==', '']);
    return `${random.pick(KEYS)}${separator}${random.pick(VALUES)}`;
  });
  const joiner = random.pick([' ', ' ', ' \\\n  ', '\t', ' \\\r\n', ' \\\n# a comment in between\n  ', ' \\\n\n  ']);
  return `${random.pick(['LABEL', 'label', 'LABEL ', 'ENV'])} ${pairs.join(joiner)}${random.pick(['', '', ' ', ' \\', '\\'])}`;
}

function otherLine(random: SeededRandom): string {
  const keyword = random.pick(ANY_INSTRUCTION);
  switch (keyword) {
    case 'FROM': return `FROM ${random.pick(['airbyte/base-python:dev', 'debian:bookworm-slim', '${BASE}', '$BASE:${TAG:-dev}', '', 'a b c', 'x AS 1bad', 'scratch AS build', '--platform=$BUILDPLATFORM debian'])}`;
    case 'ARG': return `ARG ${random.pick(['BASE=airbyte/base-python:dev', 'TAG', 'VERSION=0.2.0', '1BAD=x', '', 'A="b c"', 'X=${Y:-z}'])}`;
    case 'ENTRYPOINT': return `ENTRYPOINT ${random.pick(['["python3", "/main.py"]', '["unclosed"', 'python3 main.py', '', '[1, 2]', '[]'])}`;
    case 'RUN': return `RUN ${random.pick(['echo hi', '<<EOF\necho hi\nEOF', 'echo "unterminated', 'apt-get install -y x \\\n && true'])}`;
    default: return `${keyword} ${random.text(random.int(0, 12), 'ab $={}"\'\\')}`;
  }
}

function dockerfile(random: SeededRandom): string {
  const lines: string[] = [];
  if (random.chance(0.1)) lines.push(random.pick(['# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1', '# escape=x']));
  if (random.chance(0.3)) lines.push(otherLine(random));
  if (random.chance(0.9)) lines.push(`FROM ${random.pick(['airbyte/base-python:dev', 'debian:bookworm-slim', '${BASE:-debian}'])}`);
  const count = random.int(0, 8);
  for (let i = 0; i < count; i++) lines.push(random.chance(0.6) ? labelLine(random) : otherLine(random));
  let text = lines.join(random.pick(['\n', '\n', '\r\n']));
  if (random.chance(0.05)) text = `\ufeff${text}`;
  if (random.chance(0.1)) text += random.pick(['\\', '\n\\', '\n', '\u0000']);
  return text;
}

describe(`parseDockerfile under fuzzing (seed ${SEED}, FUZZ_SEED=<n> to replay)`, () => {
  it(`parses or refuses, naming file and line, each of ${CASES.toLocaleString('en')} Dockerfiles with odd LABEL syntax`, () => {
    console.log(`Dockerfile fuzz: seed ${SEED}, ${CASES} cases`);
    const random = new SeededRandom(SEED);
    let parsed = 0;
    let refused = 0;
    for (let n = 0; n < CASES; n++) {
      const text = dockerfile(random);
      try {
        const result = parseDockerfile(text, { file: FILE, buildArgs: random.chance(0.3) ? { BASE: 'debian', TAG: '1' } : {} });
        if (result.stages.length === 0 || result.baseImages.some((image) => typeof image !== 'string' || image === '')) throw new Error('parsed without a stage or with an empty base image');
        if (result.airbyteName !== undefined && typeof result.airbyteName !== 'string') throw new Error('airbyteName must be a string');
        parsed++;
      } catch (error) {
        const lineCount = text.split(/\r?\n/).length;
        const named = error instanceof DockerfileSyntaxError && error.file === FILE && error.line >= 1 && error.line <= lineCount && error.message.startsWith(`${FILE}:${error.line}: `);
        if (!named) throw new Error(`case ${n} (replay with FUZZ_SEED=${SEED}): ${JSON.stringify(text)} gave ${(error as Error).stack}`);
        refused++;
      }
    }
    console.log(`Dockerfile fuzz: ${parsed} parsed, ${refused} refused with file:line`);
    expect(parsed).toBeGreaterThan(CASES / 10);
    expect(refused).toBeGreaterThan(CASES / 10);
  });
});
