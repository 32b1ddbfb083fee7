import { Readable } from 'node:stream';
import { frame } from '../../test/support/docker-frames';
import { pumpConnectorOutput, type ConnectorOutputItem } from './connector-output';
import { OutputQueue } from './output-queue';

async function pumpAll(chunks: Buffer[], maxLineLength?: number): Promise<{ items: ConnectorOutputItem[]; counts: { stdoutBytes: number; stderrBytes: number } }> {
  const queue = new OutputQueue<ConnectorOutputItem>(1024 * 1024);
  const counts = await pumpConnectorOutput(Readable.from(chunks), queue, maxLineLength);
  queue.end();
  const items: ConnectorOutputItem[] = [];
  for await (const item of queue) items.push(item);
  return { items, counts };
}

describe('pumpConnectorOutput', () => {
  it('turns stdout lines into protocol messages and stderr into numbered lines', async () => {
    const { items } = await pumpAll([frame(1, '{"type":"LOG","log":{"level":"INFO","message":"hi"}}\n'), frame(2, 'warming up\nready\n')]);
    expect(items).toEqual([
      { type: 'message', line: 1, message: { type: 'LOG', log: { level: 'INFO', message: 'hi' } } },
      { type: 'stderr', line: 1, text: 'warming up' },
      { type: 'stderr', line: 2, text: 'ready' },
    ]);
  });

  it('joins a message split over frames and reads a last line without newline', async () => {
    const { items } = await pumpAll([frame(1, '{"type":"SPEC","spec":'), frame(2, 'between\n'), frame(1, '{"connectionSpecification":{}}}\n{"type":"LOG","log":{"level":"INFO","message":"end"}}')]);
    expect(items.map((i) => (i.type === 'message' ? i.message.type : i.type))).toEqual(['stderr', 'SPEC', 'LOG']);
  });

  it('reports a stdout line that is not a message as a diagnostic', async () => {
    const { items } = await pumpAll([frame(1, 'Traceback (most recent call last):\n')]);
    expect(items).toEqual([{ type: 'diagnostic', line: 1, diagnostic: expect.objectContaining({ kind: 'not-json', excerpt: 'Traceback (most recent call last):' }) }]);
  });

  it('marks a stderr line over the limit as truncated', async () => {
    const { items } = await pumpAll([frame(2, `${'e'.repeat(500)}\n`)], 100);
    expect(items).toEqual([expect.objectContaining({ type: 'stderr', line: 1, truncated: true })]);
  });

  it('shows every raw line to the line observer before it is parsed', async () => {
    const queue = new OutputQueue<ConnectorOutputItem>(1024);
    const seen: Array<[string, number, string]> = [];
    const chunks = [frame(1, 'not json\n{"type":"LOG","log":{"level":"INFO","message":"m"}}\n'), frame(2, 'e1\n')];
    await pumpConnectorOutput(Readable.from(chunks), queue, undefined, (stream, line, text) => seen.push([stream, line, text]));
    expect(seen).toEqual([
      ['stdout', 1, 'not json'],
      ['stdout', 2, '{"type":"LOG","log":{"level":"INFO","message":"m"}}'],
      ['stderr', 1, 'e1'],
    ]);
  });

  it('counts the bytes of each stream', async () => {
    const { counts } = await pumpAll([frame(1, '12345\n'), frame(2, 'ab\n')]);
    expect(counts).toEqual({ stdoutBytes: 6, stderrBytes: 3 });
  });

  it('stops reading the stream while the consumer does not take items', async () => {
    const queue = new OutputQueue<ConnectorOutputItem>(100);
    const line = `${JSON.stringify({ type: 'LOG', log: { level: 'INFO', message: 'x'.repeat(50) } })}\n`;
    let framesRead = 0;
    async function* frames() {
      for (let i = 0; i < 1000; i++) {
        framesRead++;
        yield frame(1, line);
      }
    }
    const pumping = pumpConnectorOutput(frames(), queue);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(framesRead).toBeLessThan(5);
    let taken = 0;
    for await (const _ of queue) {
      taken++;
      if (taken === 1000) break;
    }
    await pumping;
    expect(framesRead).toBe(1000);
  });
});
