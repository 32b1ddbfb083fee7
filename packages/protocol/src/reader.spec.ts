import { Readable } from 'node:stream';
import { excerpt, LineSplitter, MAX_NESTING_DEPTH, parseLine, readMessageBatches, readMessages, type ReadItem, type ReadMessagesOptions, type ChunkSource } from './reader';

async function readAll(source: ChunkSource, options?: ReadMessagesOptions): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readMessages(source, options)) items.push(item);
  return items;
}

function record(stream: string, data: Record<string, unknown>, emittedAt = 1700000000000): string {
  return JSON.stringify({ type: 'RECORD', record: { stream, data, emitted_at: emittedAt } });
}

function messageData(items: ReadItem[]): unknown[] {
  return items.map((item) => (item.type === 'message' && item.message.type === 'RECORD' ? item.message.record.data : item));
}

const LOG_LINE = JSON.stringify({ type: 'LOG', log: { level: 'INFO', message: 'starting' } });
// Two- and four-byte UTF-8 characters, so that some split points fall inside a character.
const OUTPUT = Buffer.from(`${LOG_LINE}\n${record('users', { name: 'Zoë 😀' })}\n${record('users', { name: '北京' })}\n`, 'utf8');

describe('readMessages', () => {
  it('turns each line into a message with its 1-based line number', async () => {
    const items = await readAll([OUTPUT]);
    expect(items.map((item) => [item.type, item.line])).toEqual([
      ['message', 1],
      ['message', 2],
      ['message', 3],
    ]);
    expect(messageData(items.slice(1))).toEqual([{ name: 'Zoë 😀' }, { name: '北京' }]);
  });

  it('gives the same messages wherever the output is split into two chunks, including inside a multi-byte character', async () => {
    const whole = await readAll([OUTPUT]);
    for (let cut = 0; cut <= OUTPUT.length; cut++) {
      const items = await readAll([OUTPUT.subarray(0, cut), OUTPUT.subarray(cut)]);
      expect(items).toEqual(whole);
    }
  });

  it('gives the same messages when every byte arrives in its own chunk', async () => {
    const bytes = [...OUTPUT].map((byte) => Buffer.from([byte]));
    expect(await readAll(bytes)).toEqual(await readAll([OUTPUT]));
  });

  it('joins a character whose bytes arrive in three chunks without replacement characters', async () => {
    const line = Buffer.from(`${record('s', { emoji: '😀' })}\n`);
    const start = line.indexOf(Buffer.from('😀'));
    const items = await readAll([line.subarray(0, start + 1), line.subarray(start + 1, start + 3), line.subarray(start + 3)]);
    expect(messageData(items)).toEqual([{ emoji: '😀' }]);
  });

  it('accepts CRLF line ends, also when CR and LF arrive in different chunks', async () => {
    const first = record('s', { n: 1 });
    const second = record('s', { n: 2 });
    const items = await readAll([`${first}\r`, `\n${second}\r\n`]);
    expect(messageData(items)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reads a last line that has no newline', async () => {
    const items = await readAll([`${LOG_LINE}\n${record('s', { last: true })}`]);
    expect(items).toHaveLength(2);
    expect(messageData(items.slice(1))).toEqual([{ last: true }]);
    expect(items[1].line).toBe(2);
  });

  it('skips blank lines but still counts them', async () => {
    const items = await readAll([`\n   \n\t\r\n${LOG_LINE}\n\n`]);
    expect(items).toEqual([expect.objectContaining({ type: 'message', line: 4 })]);
  });

  it('refuses a message nested deeper than MAX_NESTING_DEPTH as not-a-message (later recursive walks of it would overflow the stack)', async () => {
    const nested = (depth: number) => `{"type":"RECORD","record":{"stream":"s","emitted_at":1,"data":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
    const items = await readAll([`${nested(20_000)}\n${nested(MAX_NESTING_DEPTH - 3)}\n`]);
    expect(items[0]).toMatchObject({ type: 'diagnostic', diagnostic: { kind: 'not-a-message', line: 1, reason: `the message is nested deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays` } });
    expect(items[1]).toMatchObject({ type: 'message', line: 2 });
  });

  it('does not count brackets inside strings towards the nesting depth', async () => {
    const items = await readAll([`${record('s', { text: `[{\\"${'['.repeat(3000)}` })}\n`]);
    expect(items).toEqual([expect.objectContaining({ type: 'message' })]);
  });

  it('reports a line that is not JSON as a not-json diagnostic with its line and an excerpt', async () => {
    const items = await readAll([`${LOG_LINE}\nTraceback (most recent call last):\n`]);
    expect(items[1]).toEqual({
      type: 'diagnostic',
      line: 2,
      diagnostic: { kind: 'not-json', line: 2, excerpt: 'Traceback (most recent call last):', reason: expect.stringMatching(/JSON/) },
    });
  });

  it('reports JSON that is not an Airbyte message as not-a-message, saying why', async () => {
    const items = await readAll(['{"hello":"world"}\n42\n{"type":"LOG","log":"plain text"}\n']);
    expect(items.map((item) => (item.type === 'diagnostic' ? [item.diagnostic.kind, item.diagnostic.reason] : item))).toEqual([
      ['not-a-message', "not a message: must have required property 'type'"],
      ['not-a-message', 'not a JSON object: must be object (got number 42)'],
      ['not-a-message', 'LOG message: /log must be object (got string "plain text")'],
    ]);
  });

  it('skips a line over maxLineLength with a line-too-long diagnostic and reads the next line', async () => {
    const long = `{"type":"LOG","log":{"level":"INFO","message":"${'x'.repeat(1000)}"}}`;
    const items = await readAll([`${long}\n${LOG_LINE}\n`], { maxLineLength: 200, excerptLength: 20 });
    expect(items[0]).toEqual({
      type: 'diagnostic',
      line: 1,
      diagnostic: {
        kind: 'line-too-long',
        line: 1,
        excerpt: `${long.slice(0, 20)}…`,
        reason: `line of ${long.length} characters is longer than the limit of 200; it was skipped (raise maxLineLength to read it)`,
      },
    });
    expect(items[1]).toEqual(expect.objectContaining({ type: 'message', line: 2 }));
  });

  it('measures a too-long line across chunks and keeps its start from the first chunk', async () => {
    const chunks = ['{"type":"LOG",', '"log":{"level":"INFO","message":"', 'y'.repeat(500), '"}}\n', LOG_LINE];
    const items = await readAll(chunks, { maxLineLength: 100, excerptLength: 10 });
    const totalLength = chunks.slice(0, 4).join('').length - 1;
    expect(items[0]).toEqual(expect.objectContaining({ type: 'diagnostic', diagnostic: expect.objectContaining({ kind: 'line-too-long', excerpt: '{"type":"L…' }) }));
    expect(items[0].type === 'diagnostic' && items[0].diagnostic.reason).toContain(`line of ${totalLength} characters`);
    expect(items[1]).toEqual(expect.objectContaining({ type: 'message', line: 2 }));
  });

  it('reports a line with invalid UTF-8 inside a JSON string as not-text, not as a message with U+FFFD in its data', async () => {
    const [before, after] = record('s', { name: 'AB' }).split('AB');
    const bytes = Buffer.concat([Buffer.from(`${before}A`), Buffer.from([0xff, 0xfe]), Buffer.from(`B${after}\n${LOG_LINE}\n`)]);
    const items = await readAll([bytes]);
    expect(items[0]).toEqual({ type: 'diagnostic', line: 1, diagnostic: expect.objectContaining({ kind: 'not-text', line: 1, reason: expect.stringContaining('not UTF-8') }) });
    expect(items[1]).toMatchObject({ type: 'message', line: 2 });
  });

  it('reports invalid UTF-8 outside JSON strings as not-text, with U+FFFD in the excerpt', async () => {
    const bytes = Buffer.concat([Buffer.from([0xc3, 0x28]), Buffer.from(`${LOG_LINE}\n`)]);
    const [item] = await readAll([bytes]);
    expect(item).toEqual(expect.objectContaining({ type: 'diagnostic', diagnostic: expect.objectContaining({ kind: 'not-text', excerpt: expect.stringMatching(/^\uFFFD\(/) }) }));
  });

  it('keeps a U+FFFD the connector wrote as UTF-8, and a character split across chunks, as text', async () => {
    const line = Buffer.from(`${record('s', { name: 'A\uFFFD😀' })}\n`);
    const at = line.indexOf(Buffer.from('😀')) + 2;
    expect(messageData(await readAll([line.subarray(0, at), line.subarray(at)]))).toEqual([{ name: 'A\uFFFD😀' }]);
  });

  it('marks only the line that holds the invalid bytes, whatever the chunks', async () => {
    const bytes = Buffer.concat([Buffer.from(`${LOG_LINE}\nbinary `), Buffer.from([0xfe, 0xff, 0x0d]), Buffer.from(`\n${LOG_LINE}\n`)]);
    const kinds = (items: ReadItem[]) => items.map((item) => (item.type === 'message' ? 'message' : item.diagnostic.kind));
    for (let cut = 0; cut <= bytes.length; cut++) expect(kinds(await readAll([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual(['message', 'not-text', 'message']);
  });

  it('reads a 30 MB line fed in 64 KiB chunks as one message', async () => {
    const payload = 'a'.repeat(30 * 1024 * 1024);
    const output = Buffer.from(`${record('big', { payload })}\n${LOG_LINE}\n`);
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < output.length; offset += 64 * 1024) chunks.push(output.subarray(offset, offset + 64 * 1024));
    const items = await readAll(chunks);
    expect(items).toHaveLength(2);
    const first = items[0];
    expect(first.type === 'message' && first.message.type === 'RECORD' && (first.message.record.data.payload as string).length).toBe(payload.length);
    expect(items[1]).toEqual(expect.objectContaining({ type: 'message', line: 2 }));
  });

  it('reads from a Node stream, an async generator, a whole string and a whole Buffer alike', async () => {
    const text = OUTPUT.toString('utf8');
    async function* generate() {
      yield OUTPUT.subarray(0, 7);
      yield OUTPUT.subarray(7);
    }
    const expected = await readAll([OUTPUT]);
    expect(await readAll(Readable.from([OUTPUT.subarray(0, 50), OUTPUT.subarray(50)]))).toEqual(expected);
    expect(await readAll(generate())).toEqual(expected);
    expect(await readAll(text)).toEqual(expected);
    expect(await readAll(OUTPUT)).toEqual(expected);
  });

  it('rejects a source that is not one with a TypeError that says what it accepts', async () => {
    await expect(readAll(null as unknown as ChunkSource)).rejects.toThrow(new TypeError('readMessages: source must be a stream, an (async) iterable of Buffer/string chunks, a string or a Buffer; got null'));
    await expect(readAll(42 as unknown as ChunkSource)).rejects.toThrow(/got number 42/);
  });

  it('rejects a chunk that is neither bytes nor text', async () => {
    await expect(readAll([LOG_LINE, 7] as unknown as ChunkSource)).rejects.toThrow(new TypeError('LineSplitter: a chunk must be a Buffer, Uint8Array or string, got number 7'));
  });

  it('rejects bad options', async () => {
    await expect(readAll([LOG_LINE], { maxLineLength: 0 })).rejects.toThrow(/options.maxLineLength must be an integer of at least 1, got number 0/);
    await expect(readAll([LOG_LINE], { excerptLength: -1 })).rejects.toThrow(/options.excerptLength must be an integer of at least 0/);
    await expect(readAll([LOG_LINE], null as unknown as ReadMessagesOptions)).rejects.toThrow(/options must be an object, got null/);
  });
});

describe('readMessageBatches', () => {
  it('gives the items of readMessages as one array per chunk, skipping chunks that complete no line', async () => {
    const chunks = [`${LOG_LINE}\n${LOG_LINE}\n`, '{"type":"LOG",', `"log":{"level":"INFO","message":"x"}}\n`, 'not json'];
    const batches: ReadItem[][] = [];
    for await (const batch of readMessageBatches(chunks)) batches.push(batch);
    expect(batches.map((batch) => batch.map((item) => item.line))).toEqual([[1, 2], [3], [4]]);
    expect(batches.flat()).toEqual(await readAll(chunks));
  });

  it('rejects bad options like readMessages', async () => {
    await expect(readMessageBatches([], { maxLineLength: -5 }).next()).rejects.toThrow(/options.maxLineLength must be an integer of at least 1/);
  });
});

describe('LineSplitter', () => {
  it('holds a partial line back until its newline arrives', () => {
    const splitter = new LineSplitter();
    expect([...splitter.push('{"a":')]).toEqual([]);
    expect([...splitter.push('1}\n{"b"')]).toEqual([{ number: 1, text: '{"a":1}' }]);
    expect([...splitter.end()]).toEqual([{ number: 2, text: '{"b"' }]);
  });

  it('completes nothing at end when the output ended with a newline', () => {
    const splitter = new LineSplitter();
    expect([...splitter.push('x\n')]).toHaveLength(1);
    expect([...splitter.end()]).toEqual([]);
  });

  it('replaces an unfinished character with U+FFFD when a string chunk follows bytes', () => {
    const splitter = new LineSplitter();
    expect([...splitter.push(Buffer.from([0xc3]))]).toEqual([]);
    expect([...splitter.push('x\n')]).toEqual([{ number: 1, text: '\uFFFDx', notUtf8: true }]);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new LineSplitter(0)).toThrow(new TypeError('LineSplitter: maxLineLength must be an integer of at least 1, got number 0'));
  });
});

describe('parseLine', () => {
  it('gives nothing for a blank line', () => {
    expect(parseLine({ number: 3, text: ' \t' })).toBeUndefined();
  });

  it('rejects something that is not a line', () => {
    expect(() => parseLine(undefined as unknown as Parameters<typeof parseLine>[0])).toThrow(new TypeError('parseLine: expected a line {number, text} from LineSplitter, got nothing'));
  });
});

describe('excerpt', () => {
  it('shows control characters as escapes', () => {
    expect(excerpt('a\tb\u001b[31m')).toBe('a\\x09b\\x1b[31m');
  });

  it('cuts long text and marks the cut with an ellipsis', () => {
    expect(excerpt('abcdefgh', 3)).toBe('abc…');
    expect(excerpt('abc', 3)).toBe('abc');
  });

  it('rejects text that is not a string', () => {
    expect(() => excerpt(null as unknown as string)).toThrow(new TypeError('excerpt: text must be a string, got null'));
  });

  it('rejects a length that is not a whole number', () => {
    expect(() => excerpt('abc', 1.5)).toThrow(new TypeError('excerpt: length must be an integer of at least 0, got number 1.5'));
  });
});
