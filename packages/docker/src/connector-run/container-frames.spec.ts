import { frame } from '../../test/support/docker-frames';
import { demuxFrames, FrameProtocolError, type FramePiece } from './container-frames';

async function collect(chunks: Buffer[]): Promise<Array<[FramePiece['stream'], string]>> {
  const pieces: Array<[FramePiece['stream'], string]> = [];
  for await (const piece of demuxFrames(chunks)) pieces.push([piece.stream, piece.payload.toString()]);
  return pieces;
}

/** Joins consecutive pieces of the same stream, as a reader of the text would see it. */
function joined(pieces: Array<[FramePiece['stream'], string]>): Array<[FramePiece['stream'], string]> {
  const out: Array<[FramePiece['stream'], string]> = [];
  for (const [stream, text] of pieces) {
    const last = out[out.length - 1];
    if (last && last[0] === stream) last[1] += text;
    else out.push([stream, text]);
  }
  return out;
}

describe('demuxFrames', () => {
  it('separates stdout and stderr frames in order', async () => {
    expect(await collect([Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')])])).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stdout', 'out 2\n'],
    ]);
  });

  it('reassembles frames split at every byte, headers included', async () => {
    const bytes = Buffer.concat([frame(1, 'hello '), frame(2, 'oops\n'), frame(1, 'world\n')]);
    const oneByteChunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect(joined(await collect(oneByteChunks))).toEqual([
      ['stdout', 'hello '],
      ['stderr', 'oops\n'],
      ['stdout', 'world\n'],
    ]);
  });

  it('yields a large frame in pieces as they arrive instead of holding it whole', async () => {
    const big = frame(1, Buffer.alloc(100_000, 'x'));
    const chunks = [big.subarray(0, 20_000), big.subarray(20_000, 60_000), big.subarray(60_000)];
    const pieces = await collect(chunks);
    expect(pieces.map(([, text]) => text.length)).toEqual([20_000 - 8, 40_000, 40_008]);
  });

  it('accepts an empty frame', async () => {
    expect(await collect([Buffer.concat([frame(1, ''), frame(1, 'a')])])).toEqual([['stdout', 'a']]);
  });

  it('rejects a stream that is not multiplexed (a TTY stream) with a clear error', async () => {
    await expect(collect([Buffer.from('{"type":"LOG"}\n')])).rejects.toThrow(FrameProtocolError);
    await expect(collect([Buffer.from('{"type":"LOG"}\n')])).rejects.toThrow(/not a Docker multiplexed stream/);
  });

  it('rejects a stream that ends inside a frame', async () => {
    await expect(collect([frame(1, 'abcdef').subarray(0, 11)])).rejects.toThrow('ended inside a frame (3 payload bytes missing)');
  });
});
