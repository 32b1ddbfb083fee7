import { DockerfileSyntaxError, InvalidOptionError } from '../errors';
import { LineSyntaxError, splitDockerfileLines, type RawInstruction } from './dockerfile-lines';
import { expandWord, splitWords, WordSyntaxError, type VariableLookup } from './shell-words';

export const AIRBYTE_NAME_LABEL = 'io.airbyte.name';
export const AIRBYTE_VERSION_LABEL = 'io.airbyte.version';

export interface DockerfileKeyValue {
  key: string;
  value: string;
  /** 1-based line of the instruction that set it. */
  line: number;
}

export interface DockerfileArg {
  name: string;
  /** The default written in the Dockerfile, if any. */
  defaultValue?: string;
  /** What the build sees: the build arg, else the default (for a stage ARG without one: the global value). */
  value?: string;
  line: number;
}

export interface DockerfileEntrypoint {
  /** `exec` for `ENTRYPOINT ["a", "b"]`, `shell` for `ENTRYPOINT a b` (run through /bin/sh -c). */
  form: 'exec' | 'shell';
  /** The command the container runs, e.g. `["/bin/sh", "-c", "a b"]` for the shell form. */
  command: string[];
  line: number;
}

export interface DockerfileFrom {
  /** The image after ARG substitution, e.g. `debian:bookworm-slim`. */
  image: string;
  /** The image as written, e.g. `${BASE}`. */
  written: string;
  /** `--platform=` after substitution, if given. */
  platform?: string;
  /** Index of the earlier stage this one builds on, when the image names one. */
  stage?: number;
}

export interface DockerfileStage {
  index: number;
  /** The `AS name`, lower-cased as Docker does. */
  name?: string;
  line: number;
  from: DockerfileFrom;
  args: DockerfileArg[];
  /** LABELs written in this stage, in order. */
  labels: DockerfileKeyValue[];
  /** ENVs written in this stage, in order. */
  env: DockerfileKeyValue[];
  /** The last ENTRYPOINT written in this stage. */
  entrypoint?: DockerfileEntrypoint;
  /** Labels, env and entrypoint in effect at the end of the stage, including those of earlier stages it builds on. */
  effective: { labels: Record<string, string>; env: Record<string, string>; entrypoint?: DockerfileEntrypoint };
}

export interface DockerfileInstruction {
  keyword: string;
  args: string;
  flags: Record<string, string>;
  line: number;
  endLine: number;
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
}

export interface Dockerfile {
  file: string;
  escapeChar: string;
  /** ARGs before the first FROM; they are visible to FROM lines. */
  globalArgs: DockerfileArg[];
  stages: DockerfileStage[];
  instructions: DockerfileInstruction[];
  /** Images pulled from outside (not earlier stages, not `scratch`), in order of first use. */
  baseImages: string[];
  /** Effective labels, env and entrypoint of the last stage: what the built image carries from this file. */
  labels: Record<string, string>;
  env: Record<string, string>;
  entrypoint?: DockerfileEntrypoint;
  /** The `io.airbyte.name` and `io.airbyte.version` labels of the last stage. */
  airbyteName?: string;
  airbyteVersion?: string;
}

export interface ParseDockerfileOptions {
  /** Named in errors. Default: "Dockerfile". */
  file?: string;
  /** `--build-arg` values; they override ARG defaults. */
  buildArgs?: Record<string, string>;
}

const KNOWN_INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;

/**
 * Reads a Dockerfile without Docker: stages and their base images, ARG substitution, LABEL, ENV and
 * ENTRYPOINT with line numbers. Malformed input raises DockerfileSyntaxError naming file and line.
 */
export function parseDockerfile(text: string, options: ParseDockerfileOptions = {}): Dockerfile {
  if (typeof text !== 'string') throw new InvalidOptionError('parseDockerfile', 'text', `must be the Dockerfile's text (a string), got ${typeof text}`);
  const file = options.file ?? 'Dockerfile';
  const buildArgs = options.buildArgs ?? {};
  if (typeof buildArgs !== 'object' || buildArgs === null) throw new InvalidOptionError('parseDockerfile', 'buildArgs', 'must be an object of strings');
  try {
    return new DockerfileReader(file, buildArgs).read(text);
  } catch (error) {
    if (error instanceof LineSyntaxError) throw new DockerfileSyntaxError(file, error.line, error.message);
    throw error;
  }
}

class DockerfileReader {
  private escapeChar = '\\';
  private readonly globalArgs: DockerfileArg[] = [];
  private readonly globalValues = new Map<string, string>();
  private readonly stages: DockerfileStage[] = [];
  private readonly instructions: DockerfileInstruction[] = [];
  /** Stage-local variables: ARGs then ENVs (ENV wins on the same name, as in Docker). */
  private stageArgs = new Map<string, string>();
  private stageEnv = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly buildArgs: Record<string, string>,
  ) {}

  read(text: string): Dockerfile {
    const lines = splitDockerfileLines(text);
    this.escapeChar = lines.escapeChar;
    if (lines.instructions.length === 0) throw new LineSyntaxError(1, 'the file has no instructions; a Dockerfile needs at least a FROM');
    let previous: RawInstruction | undefined;
    for (const instruction of lines.instructions) {
      this.dispatch(instruction, previous);
      previous = instruction;
    }
    if (this.stages.length === 0) throw new LineSyntaxError(lines.instructions[0].line, 'no FROM instruction: a Dockerfile needs at least one FROM');
    const last = this.stages[this.stages.length - 1];
    const baseImages = [...new Set(this.stages.filter((s) => s.from.stage === undefined && s.from.image.toLowerCase() !== 'scratch').map((s) => s.from.image))];
    return {
      file: this.file,
      escapeChar: this.escapeChar,
      globalArgs: this.globalArgs,
      stages: this.stages,
      instructions: this.instructions,
      baseImages,
      labels: last.effective.labels,
      env: last.effective.env,
      entrypoint: last.effective.entrypoint,
      airbyteName: last.effective.labels[AIRBYTE_NAME_LABEL],
      airbyteVersion: last.effective.labels[AIRBYTE_VERSION_LABEL],
    };
  }

  private dispatch(instruction: RawInstruction, previous: RawInstruction | undefined): void {
    const { keyword, line } = instruction;
    if (!KNOWN_INSTRUCTIONS.has(keyword)) {
      const heredocHint = previous && /<<-?\s*["']?[A-Za-z_]/.test(previous.args) ? ` (line ${previous.line} starts a heredoc, which the legacy builder does not support)` : '';
      throw new LineSyntaxError(line, `unknown instruction: ${keyword}${heredocHint}`);
    }
    const stage = this.stages.length === 0 ? undefined : this.stages[this.stages.length - 1];
    if (!stage && keyword !== 'ARG' && keyword !== 'FROM') {
      throw new LineSyntaxError(line, `${keyword} before the first FROM: only ARG may come before FROM`);
    }
    if (keyword === 'FROM') {
      this.from(instruction);
    } else if (keyword === 'ARG') {
      this.arg(instruction, stage);
    } else if (stage && keyword === 'LABEL') {
      for (const pair of this.keyValuePairs(instruction)) {
        stage.labels.push(pair);
        stage.effective.labels[pair.key] = pair.value;
      }
    } else if (stage && keyword === 'ENV') {
      for (const pair of this.keyValuePairs(instruction)) {
        stage.env.push(pair);
        stage.effective.env[pair.key] = pair.value;
        this.stageEnv.set(pair.key, pair.value);
      }
    } else if (stage && keyword === 'ENTRYPOINT') {
      stage.entrypoint = this.entrypoint(instruction);
      stage.effective.entrypoint = stage.entrypoint;
    }
    this.instructions.push({ keyword, args: instruction.args, flags: instruction.flags, line, endLine: instruction.endLine, stage: this.stages.length - 1 });
  }

  private from(instruction: RawInstruction): void {
    const { line } = instruction;
    const words = splitWords(instruction.args, this.escapeChar);
    if (words.length !== 1 && !(words.length === 3 && words[1].toLowerCase() === 'as')) {
      throw new LineSyntaxError(line, `FROM takes an image and optionally "AS <name>" (FROM <image> [AS <name>]), got ${JSON.stringify(instruction.args)}`);
    }
    const globals = this.globalLookup();
    const written = words[0];
    const image = this.expand(written, globals, line);
    if (image === '') throw new LineSyntaxError(line, `FROM ${written} names no image: the value is empty after substitution; give the ARG a default or pass it as a build arg`);
    const name = words.length === 3 ? words[2].toLowerCase() : undefined;
    if (name !== undefined) {
      if (!STAGE_NAME.test(name)) throw new LineSyntaxError(line, `invalid stage name "${words[2]}": use letters, digits, "-", "_" and ".", starting with a letter`);
      if (this.stages.some((s) => s.name === name)) throw new LineSyntaxError(line, `duplicate stage name "${name}"`);
    }
    const parent = this.stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
    const platform = instruction.flags.platform === undefined ? undefined : this.expand(instruction.flags.platform, globals, line);
    this.stageArgs = new Map();
    this.stageEnv = new Map(parent ? Object.entries(parent.effective.env) : []);
    this.stages.push({
      index: this.stages.length,
      name,
      line,
      from: { image, written, ...(platform !== undefined ? { platform } : {}), ...(parent ? { stage: parent.index } : {}) },
      args: [],
      labels: [],
      env: [],
      effective: {
        labels: { ...(parent?.effective.labels ?? {}) },
        env: { ...(parent?.effective.env ?? {}) },
        ...(parent?.effective.entrypoint ? { entrypoint: parent.effective.entrypoint } : {}),
      },
    });
  }

  private arg(instruction: RawInstruction, stage: DockerfileStage | undefined): void {
    const { line } = instruction;
    const words = splitWords(instruction.args, this.escapeChar);
    if (words.length === 0) throw new LineSyntaxError(line, 'ARG needs a name: ARG <name>[=<default>]');
    const lookup = stage ? this.stageLookup() : this.globalLookup();
    for (const word of words) {
      const equals = word.indexOf('=');
      const name = this.expand(equals === -1 ? word : word.slice(0, equals), lookup, line);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new LineSyntaxError(line, `invalid ARG name ${JSON.stringify(name)}`);
      const defaultValue = equals === -1 ? undefined : this.expand(word.slice(equals + 1), lookup, line);
      const inherited = stage ? this.globalValues.get(name) : undefined;
      const value = this.buildArgs[name] ?? defaultValue ?? inherited;
      const arg: DockerfileArg = { name, line, ...(defaultValue !== undefined ? { defaultValue } : {}), ...(value !== undefined ? { value } : {}) };
      if (stage) {
        stage.args.push(arg);
        if (value !== undefined) this.stageArgs.set(name, value);
      } else {
        this.globalArgs.push(arg);
        if (value !== undefined) this.globalValues.set(name, value);
        else this.globalValues.delete(name);
      }
    }
  }

  /** LABEL and ENV: `k=v k2="v 2"` pairs, or the legacy `KEY value with spaces`. */
  private keyValuePairs(instruction: RawInstruction): DockerfileKeyValue[] {
    const { keyword, line } = instruction;
    const words = splitWords(instruction.args, this.escapeChar);
    if (words.length === 0) throw new LineSyntaxError(line, `${keyword} needs at least one key=value pair`);
    const lookup = this.stageLookup();
    if (!words[0].includes('=')) {
      const legacy = /^(\S+)\s+([\s\S]+)$/.exec(instruction.args);
      if (!legacy) throw new LineSyntaxError(line, `${keyword} ${words[0]} has no value: write ${keyword} ${words[0]}=<value> (or the legacy ${keyword} ${words[0]} <value>)`);
      return [this.pair(keyword, legacy[1], legacy[2], lookup, line)];
    }
    const pairs: DockerfileKeyValue[] = [];
    for (const word of words) {
      const equals = word.indexOf('=');
      if (equals === -1) throw new LineSyntaxError(line, `${keyword}: cannot find "=" in ${JSON.stringify(word)}; every item must be <key>=<value> (quote values with spaces)`);
      // ENV pairs on one line see only the values from before the line, as in Docker.
      pairs.push(this.pair(keyword, word.slice(0, equals), word.slice(equals + 1), lookup, line));
    }
    return pairs;
  }

  private pair(keyword: string, rawKey: string, rawValue: string, lookup: VariableLookup, line: number): DockerfileKeyValue {
    const key = this.expand(rawKey, lookup, line);
    if (key === '') throw new LineSyntaxError(line, `${keyword} names can not be blank`);
    return { key, value: this.expand(rawValue, lookup, line), line };
  }

  private entrypoint(instruction: RawInstruction): DockerfileEntrypoint {
    const { args, line } = instruction;
    if (args === '') throw new LineSyntaxError(line, 'ENTRYPOINT needs a command: ENTRYPOINT ["executable", "arg"] or ENTRYPOINT command arg');
    if (args.startsWith('[')) {
      const command = parseJsonStringArray(args);
      if (command) return { form: 'exec', command, line };
    }
    // Not a JSON array of strings: Docker runs it as a shell command, and so do we.
    return { form: 'shell', command: ['/bin/sh', '-c', args], line };
  }

  private expand(word: string, lookup: VariableLookup, line: number): string {
    try {
      return expandWord(word, lookup, this.escapeChar);
    } catch (error) {
      if (error instanceof WordSyntaxError) throw new LineSyntaxError(line, error.message);
      throw error;
    }
  }

  private globalLookup(): VariableLookup {
    return (name) => this.globalValues.get(name);
  }

  private stageLookup(): VariableLookup {
    return (name) => this.stageEnv.get(name) ?? this.stageArgs.get(name);
  }
}

function parseJsonStringArray(text: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}
