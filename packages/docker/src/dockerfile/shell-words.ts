/**
 * The word rules of Dockerfile arguments, after moby's shell lexer: quotes, the escape character and
 * variable substitution (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alternative}`, `${VAR-default}`,
 * `${VAR+alternative}`). No shell runs: this is what Docker itself does to LABEL, ENV, ARG and FROM.
 */

/** A problem in one word; the caller adds the file and line. */
export class WordSyntaxError extends Error {}

/** Looks a variable up; undefined means "not set". */
export type VariableLookup = (name: string) => string | undefined;

const WHITESPACE = /\s/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Splits on whitespace outside quotes, keeping quotes and escapes in the words (moby's `parseWords`);
 * the words still go through `expandWord`.
 */
export function splitWords(text: string, escapeChar: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (!inWord && WHITESPACE.test(ch)) continue;
    inWord = true;
    if (quote === undefined && WHITESPACE.test(ch)) {
      words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (ch === escapeChar && quote !== "'" && i + 1 < text.length) {
      word += ch + text[i + 1];
      i++;
      continue;
    }
    if (quote === undefined && (ch === '"' || ch === "'")) quote = ch;
    else if (ch === quote) quote = undefined;
    word += ch;
  }
  if (inWord) words.push(word);
  return words;
}

/** Removes quotes and escapes and substitutes variables, as Docker does to one argument word. */
export function expandWord(word: string, lookup: VariableLookup, escapeChar: string): string {
  return new WordExpander(word, lookup, escapeChar).expand();
}

class WordExpander {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly lookup: VariableLookup,
    private readonly escapeChar: string,
  ) {}

  expand(stopAt?: string): string {
    let out = '';
    while (this.position < this.text.length) {
      const ch = this.text[this.position];
      if (stopAt !== undefined && ch === stopAt) return out;
      if (ch === "'") out += this.singleQuoted();
      else if (ch === '"') out += this.doubleQuoted();
      else if (ch === '$') out += this.dollar();
      else if (ch === this.escapeChar) {
        this.position++;
        // An escape character at the very end is dropped, as Docker does.
        if (this.position < this.text.length) out += this.text[this.position++];
      } else {
        out += ch;
        this.position++;
      }
    }
    if (stopAt !== undefined) throw new WordSyntaxError(`missing "${stopAt}" in ${JSON.stringify(this.text)}`);
    return out;
  }

  private singleQuoted(): string {
    const close = this.text.indexOf("'", this.position + 1);
    if (close === -1) throw new WordSyntaxError(`unexpected end of statement while looking for matching single-quote in ${JSON.stringify(this.text)}`);
    const inside = this.text.slice(this.position + 1, close);
    this.position = close + 1;
    return inside;
  }

  private doubleQuoted(): string {
    let out = '';
    this.position++;
    while (this.position < this.text.length) {
      const ch = this.text[this.position];
      if (ch === '"') {
        this.position++;
        return out;
      }
      if (ch === '$') {
        out += this.dollar();
        continue;
      }
      if (ch === this.escapeChar) {
        const next = this.text[this.position + 1];
        if (next === '"' || next === '$' || next === this.escapeChar) {
          out += next;
          this.position += 2;
          continue;
        }
      }
      out += ch;
      this.position++;
    }
    throw new WordSyntaxError(`unexpected end of statement while looking for matching double-quote in ${JSON.stringify(this.text)}`);
  }

  private dollar(): string {
    this.position++;
    const next = this.text[this.position];
    if (next === '{') {
      this.position++;
      return this.braced();
    }
    if (next === undefined || !NAME_CHAR.test(next)) return '$';
    const name = this.readName();
    return this.lookup(name) ?? '';
  }

  private braced(): string {
    const name = this.readName();
    if (name === '' || !NAME_START.test(name[0])) {
      throw new WordSyntaxError(`bad substitution in ${JSON.stringify(this.text)}: \${ must be followed by a variable name`);
    }
    const ch = this.text[this.position];
    if (ch === '}') {
      this.position++;
      return this.lookup(name) ?? '';
    }
    if (ch === undefined) throw new WordSyntaxError(`missing "}" in ${JSON.stringify(this.text)}`);
    let modifier = ch;
    this.position++;
    if (modifier === ':') {
      modifier += this.text[this.position] ?? '';
      this.position++;
    }
    if (!['-', '+', ':-', ':+'].includes(modifier)) {
      throw new WordSyntaxError(`unsupported modifier "${modifier}" in \${${name}${modifier}...} in ${JSON.stringify(this.text)}; the legacy builder knows :-, :+, - and +`);
    }
    const word = this.expand('}');
    this.position++;
    const value = this.lookup(name);
    const isSet = modifier.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    if (modifier.endsWith('-')) return isSet ? (value as string) : word;
    return isSet ? word : '';
  }

  private readName(): string {
    const start = this.position;
    while (this.position < this.text.length && NAME_CHAR.test(this.text[this.position])) this.position++;
    return this.text.slice(start, this.position);
  }
}
