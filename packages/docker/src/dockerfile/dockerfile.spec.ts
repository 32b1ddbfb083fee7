import { DockerfileSyntaxError, InvalidOptionError } from '../errors';
import { parseDockerfile } from './dockerfile';

function syntaxErrorOf(text: string, file?: string): DockerfileSyntaxError {
  try {
    parseDockerfile(text, { file });
  } catch (error) {
    if (error instanceof DockerfileSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a DockerfileSyntaxError, but the Dockerfile parsed');
}

describe('parseDockerfile: FROM and stages', () => {
  it('reads the image of a single-stage Dockerfile', () => {
    const parsed = parseDockerfile('FROM debian:bookworm-slim\nRUN true\n');
    expect(parsed.stages).toHaveLength(1);
    expect(parsed.stages[0].from).toEqual({ image: 'debian:bookworm-slim', written: 'debian:bookworm-slim' });
    expect(parsed.stages[0].line).toBe(1);
    expect(parsed.baseImages).toEqual(['debian:bookworm-slim']);
  });

  it('names stages with AS in any case and lower-cases the name', () => {
    const parsed = parseDockerfile('FROM node:20 as Builder\nRUN make\nFROM debian:bookworm-slim AS final\n');
    expect(parsed.stages.map((s) => s.name)).toEqual(['builder', 'final']);
    expect(parsed.stages[1].line).toBe(3);
  });

  it('recognises a FROM of an earlier stage and keeps it out of the base images', () => {
    const parsed = parseDockerfile('FROM python:3.11-slim AS base\nFROM base AS build\nFROM BASE\n');
    expect(parsed.stages[1].from.stage).toBe(0);
    expect(parsed.stages[2].from.stage).toBe(0);
    expect(parsed.baseImages).toEqual(['python:3.11-slim']);
  });

  it('does not count scratch as a base image', () => {
    expect(parseDockerfile('FROM scratch\nCOPY a /a\n').baseImages).toEqual([]);
  });

  it('reads the --platform flag and substitutes global ARGs in it', () => {
    const parsed = parseDockerfile('ARG ARCH=linux/arm64\nFROM --platform=$ARCH alpine:3 AS a\n');
    expect(parsed.stages[0].from).toEqual({ image: 'alpine:3', written: 'alpine:3', platform: 'linux/arm64' });
  });

  it('substitutes ARGs declared before FROM with their defaults', () => {
    const parsed = parseDockerfile('ARG BASE=debian\nARG TAG=bookworm-slim\nFROM ${BASE}:$TAG\n');
    expect(parsed.stages[0].from.image).toBe('debian:bookworm-slim');
    expect(parsed.stages[0].from.written).toBe('${BASE}:$TAG');
    expect(parsed.globalArgs.map((a) => [a.name, a.defaultValue, a.line])).toEqual([
      ['BASE', 'debian', 1],
      ['TAG', 'bookworm-slim', 2],
    ]);
  });

  it('lets build args override ARG defaults', () => {
    const parsed = parseDockerfile('ARG TAG=bookworm-slim\nFROM debian:${TAG}\n', { buildArgs: { TAG: 'bullseye' } });
    expect(parsed.stages[0].from.image).toBe('debian:bullseye');
  });

  it('uses the ${VAR:-default} fallback when the ARG has no value', () => {
    const parsed = parseDockerfile('ARG REGISTRY\nFROM ${REGISTRY:-docker.io}/library/debian\n');
    expect(parsed.stages[0].from.image).toBe('docker.io/library/debian');
  });

  it('uses the ${VAR:+alternative} form only when the ARG is set', () => {
    const text = 'ARG REGISTRY\nFROM ${REGISTRY:+${REGISTRY}/}debian\n';
    expect(parseDockerfile(text).stages[0].from.image).toBe('debian');
    expect(parseDockerfile(text, { buildArgs: { REGISTRY: 'localhost:5000' } }).stages[0].from.image).toBe('localhost:5000/debian');
  });

  it('lists each external base image once, in order of first use', () => {
    const parsed = parseDockerfile('FROM a:1 AS one\nFROM b:2 AS two\nFROM a:1\n');
    expect(parsed.baseImages).toEqual(['a:1', 'b:2']);
  });
});

describe('parseDockerfile: LABEL', () => {
  it('reads a single key=value label', () => {
    const parsed = parseDockerfile('FROM x\nLABEL io.airbyte.version=0.1.0\n');
    expect(parsed.stages[0].labels).toEqual([{ key: 'io.airbyte.version', value: '0.1.0', line: 2 }]);
    expect(parsed.airbyteVersion).toBe('0.1.0');
  });

  it('reads several pairs on one line', () => {
    const parsed = parseDockerfile('FROM x\nLABEL io.airbyte.name=airbyte/source-x io.airbyte.version=1.2.3\n');
    expect(parsed.labels).toEqual({ 'io.airbyte.name': 'airbyte/source-x', 'io.airbyte.version': '1.2.3' });
    expect(parsed.airbyteName).toBe('airbyte/source-x');
  });

  it('keeps spaces inside double- and single-quoted values', () => {
    const parsed = parseDockerfile(`FROM x\nLABEL description="A source with spaces" other='single quoted  value'\n`);
    expect(parsed.labels).toEqual({ description: 'A source with spaces', other: 'single quoted  value' });
  });

  it('unescapes escaped quotes inside double quotes', () => {
    const parsed = parseDockerfile('FROM x\nLABEL title="say \\"hi\\" now"\n');
    expect(parsed.labels.title).toBe('say "hi" now');
  });

  it('reads a value with an escaped space outside quotes', () => {
    expect(parseDockerfile('FROM x\nLABEL a=one\\ two\n').labels.a).toBe('one two');
  });

  it('joins labels continued over several lines with backslashes', () => {
    const text = ['FROM x', 'LABEL io.airbyte.name=airbyte/source-x \\', '      io.airbyte.version=0.2.0 \\', '      maintainer="Jane Doe"', 'RUN true'].join('\n');
    const parsed = parseDockerfile(text);
    expect(parsed.labels).toEqual({ 'io.airbyte.name': 'airbyte/source-x', 'io.airbyte.version': '0.2.0', maintainer: 'Jane Doe' });
    expect(parsed.stages[0].labels.map((l) => l.line)).toEqual([2, 2, 2]);
    expect(parsed.instructions[1]).toMatchObject({ keyword: 'LABEL', line: 2, endLine: 4 });
    expect(parsed.instructions[2]).toMatchObject({ keyword: 'RUN', line: 5 });
  });

  it('skips comment and blank lines inside a continuation', () => {
    const text = 'FROM x\nLABEL a=1 \\\n# a comment inside\n\n    b=2\n';
    expect(parseDockerfile(text).labels).toEqual({ a: '1', b: '2' });
  });

  it('reads the legacy "LABEL key value" form with the rest of the line as value', () => {
    const parsed = parseDockerfile('FROM x\nLABEL maintainer Jane Doe <jane@example.com>\n');
    expect(parsed.labels).toEqual({ maintainer: 'Jane Doe <jane@example.com>' });
  });

  it('removes quotes in the legacy form', () => {
    expect(parseDockerfile('FROM x\nLABEL description "quoted value"\n').labels.description).toBe('quoted value');
  });

  it('accepts an empty value', () => {
    expect(parseDockerfile('FROM x\nLABEL empty= other=""\n').labels).toEqual({ empty: '', other: '' });
  });

  it('accepts quoted keys', () => {
    expect(parseDockerfile('FROM x\nLABEL "io.airbyte.name"="airbyte/source-q"\n').airbyteName).toBe('airbyte/source-q');
  });

  it('substitutes ARG and ENV values in labels', () => {
    const parsed = parseDockerfile('FROM x\nARG VERSION=0.3.1\nENV NAME=source-y\nLABEL io.airbyte.version=$VERSION io.airbyte.name=airbyte/${NAME}\n');
    expect(parsed.airbyteVersion).toBe('0.3.1');
    expect(parsed.airbyteName).toBe('airbyte/source-y');
  });

  it('does not substitute inside single quotes', () => {
    expect(parseDockerfile("FROM x\nARG V=1\nLABEL a='$V' b=\"$V\"\n").labels).toEqual({ a: '$V', b: '1' });
  });

  it('lets a later LABEL override an earlier one', () => {
    expect(parseDockerfile('FROM x\nLABEL io.airbyte.version=0.1.0\nLABEL io.airbyte.version=0.2.0\n').airbyteVersion).toBe('0.2.0');
  });

  it('reads labels of the last stage only, plus those of the stages it builds on', () => {
    const text = 'FROM x AS base\nLABEL from-base=yes\nFROM y AS other\nLABEL io.airbyte.version=9.9.9\nFROM base\nLABEL io.airbyte.version=1.0.0\n';
    const parsed = parseDockerfile(text);
    expect(parsed.labels).toEqual({ 'from-base': 'yes', 'io.airbyte.version': '1.0.0' });
  });

  it('leaves the airbyte name undefined when no such label exists', () => {
    expect(parseDockerfile('FROM x\n').airbyteName).toBeUndefined();
  });

  it('honours the escape=` parser directive', () => {
    const text = '# escape=`\nFROM x\nLABEL a="c:\\path" `\n  b=2\n';
    expect(parseDockerfile(text).labels).toEqual({ a: 'c:\\path', b: '2' });
  });
});

describe('parseDockerfile: ENV and ARG', () => {
  it('reads ENV key=value pairs and the legacy ENV key value form', () => {
    const parsed = parseDockerfile('FROM x\nENV A=1 B="two words"\nENV PATH /opt/bin:$PATH\n');
    expect(parsed.env).toEqual({ A: '1', B: 'two words', PATH: '/opt/bin:' });
    expect(parsed.stages[0].env.map((e) => e.line)).toEqual([2, 2, 3]);
  });

  it('lets an ENV on one line see only values from earlier lines', () => {
    expect(parseDockerfile('FROM x\nENV A=1\nENV A=2 B=$A\n').env).toEqual({ A: '2', B: '1' });
  });

  it('makes a global ARG visible in a stage only when it is declared again there', () => {
    const parsed = parseDockerfile('ARG V=7\nFROM x\nLABEL before=$V\nARG V\nLABEL after=$V\n');
    expect(parsed.labels).toEqual({ before: '', after: '7' });
  });

  it('inherits ENV from the earlier stage it builds on', () => {
    expect(parseDockerfile('FROM x AS a\nENV HOME=/h\nFROM a\nLABEL home=$HOME\n').labels.home).toBe('/h');
  });

  it('reads several ARGs on one line', () => {
    const parsed = parseDockerfile('ARG A=1 B=2\nFROM x:$A.$B\n');
    expect(parsed.stages[0].from.image).toBe('x:1.2');
  });
});

describe('parseDockerfile: ENTRYPOINT', () => {
  it('reads the exec form with its line', () => {
    const parsed = parseDockerfile('FROM x\n\nENTRYPOINT ["python", "/airbyte/integration_code/main.py"]\n');
    expect(parsed.entrypoint).toEqual({ form: 'exec', command: ['python', '/airbyte/integration_code/main.py'], line: 3 });
  });

  it('reads the shell form as /bin/sh -c', () => {
    expect(parseDockerfile('FROM x\nENTRYPOINT node /app/main.js\n').entrypoint).toEqual({ form: 'shell', command: ['/bin/sh', '-c', 'node /app/main.js'], line: 2 });
  });

  it('treats a bracketed line that is not a JSON string array as the shell form, as Docker does', () => {
    expect(parseDockerfile("FROM x\nENTRYPOINT ['single', 'quotes']\n").entrypoint?.form).toBe('shell');
  });

  it('keeps the last ENTRYPOINT and inherits it from an earlier stage', () => {
    const parsed = parseDockerfile('FROM x AS a\nENTRYPOINT ["one"]\nENTRYPOINT ["two"]\nFROM a\nLABEL k=v\n');
    expect(parsed.entrypoint?.command).toEqual(['two']);
  });

  it('joins an exec form continued over lines', () => {
    expect(parseDockerfile('FROM x\nENTRYPOINT ["a", \\\n  "b"]\n').entrypoint?.command).toEqual(['a', 'b']);
  });
});

describe('parseDockerfile: malformed input', () => {
  it('rejects a file without instructions, naming the file', () => {
    const error = syntaxErrorOf('# only a comment\n\n', 'connectors/source-x/Dockerfile');
    expect(error.message).toBe('connectors/source-x/Dockerfile:1: the file has no instructions; a Dockerfile needs at least a FROM');
  });

  it('rejects an instruction before the first FROM with its line', () => {
    const error = syntaxErrorOf('ARG A=1\nLABEL a=b\nFROM x\n');
    expect(error.line).toBe(2);
    expect(error.message).toContain('LABEL before the first FROM');
  });

  it('rejects an unknown instruction with its line', () => {
    const error = syntaxErrorOf('FROM x\nRUN true\nFORM y\n');
    expect(error.message).toBe('Dockerfile:3: unknown instruction: FORM');
  });

  it('mentions heredocs when an unknown instruction follows one', () => {
    expect(syntaxErrorOf('FROM x\nRUN <<EOF\necho hi\nEOF\n').message).toContain('heredoc');
  });

  it('rejects FROM without an image', () => {
    expect(syntaxErrorOf('FROM\n').message).toContain('FROM takes an image');
  });

  it('rejects FROM with a dangling AS', () => {
    expect(syntaxErrorOf('FROM x AS\n').line).toBe(1);
  });

  it('rejects FROM whose image is empty after substitution', () => {
    expect(syntaxErrorOf('ARG BASE\nFROM $BASE\n').message).toContain('names no image');
  });

  it('rejects an invalid stage name', () => {
    expect(syntaxErrorOf('FROM x AS 1stage\n').message).toContain('invalid stage name');
  });

  it('rejects a duplicate stage name', () => {
    expect(syntaxErrorOf('FROM x AS a\nFROM y AS a\n').message).toContain('duplicate stage name "a"');
  });

  it('rejects a label item without "="', () => {
    const error = syntaxErrorOf('FROM x\nLABEL a=1 b\n');
    expect(error.line).toBe(2);
    expect(error.message).toContain('cannot find "=" in "b"');
  });

  it('rejects a legacy label without a value', () => {
    expect(syntaxErrorOf('FROM x\nLABEL lonely\n').message).toContain('has no value');
  });

  it('rejects a blank label name', () => {
    expect(syntaxErrorOf('FROM x\nLABEL =value\n').message).toContain('names can not be blank');
  });

  it('rejects an unterminated double quote at the line of the instruction', () => {
    const error = syntaxErrorOf('FROM x\nRUN true\nLABEL a="no end \\\n  still none\n');
    expect(error.line).toBe(3);
    expect(error.message).toContain('matching double-quote');
  });

  it('rejects an unterminated single quote', () => {
    expect(syntaxErrorOf("FROM x\nLABEL a='open\n").message).toContain('matching single-quote');
  });

  it('rejects an unclosed ${', () => {
    expect(syntaxErrorOf('FROM x\nLABEL a=${VERSION\n').message).toContain('missing "}"');
  });

  it('rejects an unsupported substitution modifier', () => {
    expect(syntaxErrorOf('FROM x\nLABEL a=${V%.*}\n').message).toContain('unsupported modifier');
  });

  it('rejects an empty ENTRYPOINT', () => {
    expect(syntaxErrorOf('FROM x\nENTRYPOINT\n').message).toContain('ENTRYPOINT needs a command');
  });

  it('rejects an invalid escape directive', () => {
    expect(syntaxErrorOf('# escape=x\nFROM y\n').message).toContain('invalid escape directive');
  });

  it('rejects text that is not a string with a clear error', () => {
    expect(() => parseDockerfile(undefined as unknown as string)).toThrow(InvalidOptionError);
    expect(() => parseDockerfile(undefined as unknown as string)).toThrow("parseDockerfile: option \"text\" must be the Dockerfile's text (a string), got undefined");
  });

  it('never crashes on arbitrary bytes: it parses or raises a DockerfileSyntaxError', () => {
    const samples = ['\u0000\u0001', 'FROM x\n\\', 'FROM x\nLABEL "', 'FROM x\nLABEL a=$', '{}', 'FROM x\nENV ${', 'FROM x\nARG =', '\\\n\\\n'];
    for (const sample of samples) {
      try {
        parseDockerfile(sample);
      } catch (error) {
        expect(error).toBeInstanceOf(DockerfileSyntaxError);
      }
    }
  });
});
