/**
 * Docker's multiplexed attach stream (Tty false): frames of an 8-byte header (stream type, 3 zero
 * bytes, big-endian payload length) and a payload. Payload pieces are yielded as they arrive, so a
 * large frame is never held whole and the reader pulls only as fast as its consumer.
 */

export interface FramePiece {
  stream: 'stdout' | 'stderr';
  payload: Buffer;
}

const HEADER_LENGTH = 8;

export class FrameProtocolError extends Error {}

export async function* demuxFrames(source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>): AsyncGenerator<FramePiece> {
  let header = Buffer.alloc(0);
  let stream: FramePiece['stream'] = 'stdout';
  let remaining = 0;
  for await (const raw of source) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    while (chunk.length > 0) {
      if (remaining === 0) {
        const needed = HEADER_LENGTH - header.length;
        header = Buffer.concat([header, chunk.subarray(0, needed)]);
        chunk = chunk.subarray(needed);
        if (header.length < HEADER_LENGTH) break;
        const type = header[0];
        if (type > 2 || header[1] !== 0 || header[2] !== 0 || header[3] !== 0) {
          throw new FrameProtocolError(`the container's output is not a Docker multiplexed stream (header bytes ${header.toString('hex')}); was the container created with Tty: true?`);
        }
        stream = type === 2 ? 'stderr' : 'stdout';
        remaining = header.readUInt32BE(4);
        header = Buffer.alloc(0);
        continue;
      }
      const piece = chunk.subarray(0, remaining);
      chunk = chunk.subarray(piece.length);
      remaining -= piece.length;
      yield { stream, payload: piece };
    }
  }
  if (remaining > 0 || header.length > 0) {
    throw new FrameProtocolError(`the container's output stream ended inside a frame (${remaining} payload bytes missing)`);
  }
}
