/**
 * Turns Dockerfile text into logical instructions: parser directives at the top (`# escape=`),
 * comments, line continuations with the escape character (comment and blank lines inside a
 * continuation are skipped, as Docker does), leading `--flag=value` options.
 */

export interface RawInstruction {
  /** Upper-cased: FROM, LABEL, ... */
  keyword: string;
  /** The instruction as written, continuation lines joined. */
  original: string;
  /** Everything after the keyword and the flags. */
  args: string;
  /** `--platform=linux/amd64` becomes `{ platform: 'linux/amd64' }`. */
  flags: Record<string, string>;
  /** 1-based lines where the instruction starts and ends. */
  line: number;
  endLine: number;
}

export interface DockerfileLines {
  escapeChar: string;
  directives: Record<string, string>;
  instructions: RawInstruction[];
}

/** A problem at a line; the caller names the file. */
export class LineSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const DIRECTIVE = /^\s*#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/;
const KEYWORD = /^[A-Za-z]+$/;

export function splitDockerfileLines(text: string): DockerfileLines {
  const lines = text.split(/\r?\n/);
  const directives: Record<string, string> = {};
  let first = 0;
  for (; first < lines.length; first++) {
    const match = DIRECTIVE.exec(lines[first]);
    if (!match) break;
    const key = match[1].toLowerCase();
    if (key in directives) throw new LineSyntaxError(first + 1, `parser directive "${key}" is given twice`);
    directives[key] = match[2];
  }
  const escapeChar = directives.escape ?? '\\';
  if (escapeChar !== '\\' && escapeChar !== '`') {
    throw new LineSyntaxError(Object.keys(directives).indexOf('escape') + 1, `invalid escape directive "${escapeChar}": use \\ or \``);
  }

  const instructions: RawInstruction[] = [];
  let pending: { text: string; line: number } | undefined;
  for (let index = first; index < lines.length; index++) {
    const line = lines[index];
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const continued = continuationOf(line, escapeChar);
    const piece = continued ?? line;
    if (pending) pending.text += piece;
    else pending = { text: piece, line: index + 1 };
    if (continued === undefined) {
      instructions.push(toInstruction(pending.text, pending.line, index + 1));
      pending = undefined;
    }
  }
  if (pending) instructions.push(toInstruction(pending.text, pending.line, lines.length));
  return { escapeChar, directives, instructions };
}

/** The line without its trailing escape character when it continues on the next line, else undefined. */
function continuationOf(line: string, escapeChar: string): string | undefined {
  const withoutTrailingSpace = line.replace(/[ \t]+$/, '');
  if (!withoutTrailingSpace.endsWith(escapeChar)) return undefined;
  return withoutTrailingSpace.slice(0, -1);
}

function toInstruction(text: string, line: number, endLine: number): RawInstruction {
  const original = text.trim();
  const keywordMatch = /^(\S+)\s*/.exec(original);
  const keyword = keywordMatch ? keywordMatch[1] : '';
  if (!KEYWORD.test(keyword)) throw new LineSyntaxError(line, `unknown instruction: ${JSON.stringify(keyword.slice(0, 40))}`);
  let args = original.slice(keywordMatch ? keywordMatch[0].length : 0);
  const flags: Record<string, string> = {};
  for (;;) {
    const flag = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?(?:\s+|$)/.exec(args);
    if (!flag) break;
    flags[flag[1].toLowerCase()] = flag[2] ?? 'true';
    args = args.slice(flag[0].length);
  }
  return { keyword: keyword.toUpperCase(), original, args: args.trim(), flags, line, endLine };
}
