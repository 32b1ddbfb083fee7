import { BuildProgress, type BuildEvent } from './build-progress';

function follow(events: BuildEvent[]): { progress: BuildProgress; lines: string[] } {
  const progress = new BuildProgress();
  const lines = events.flatMap((event) => progress.accept(event));
  lines.push(...progress.finish());
  return { progress, lines };
}

// Recorded from dockerd 20.10 (legacy builder): a failing RUN.
const failingRun: BuildEvent[] = [
  { stream: 'Step 1/3 : FROM debian:bookworm-slim' },
  { stream: '\n' },
  { stream: ' ---\u003e 1840b050f946\n' },
  { stream: 'Step 2/3 : ARG MARKER=unset' },
  { stream: '\n' },
  { stream: ' ---\u003e Running in 5d0c2b1f4a11\n' },
  { stream: 'Step 3/3 : RUN echo "building $MARKER" \u0026\u0026 exit 7' },
  { stream: '\n' },
  { stream: ' ---\u003e Running in 9f1e0c7d2b33\n' },
  { stream: 'building m-1\n' },
  { errorDetail: { code: 7, message: "The command '/bin/sh -c echo \"building $MARKER\" \u0026\u0026 exit 7' returned a non-zero code: 7" }, error: "The command '/bin/sh -c echo \"building $MARKER\" \u0026\u0026 exit 7' returned a non-zero code: 7" },
];

describe('BuildProgress', () => {
  it('turns stream text into whole lines, joining pieces and skipping blank ones', () => {
    const { lines } = follow([{ stream: 'Step 1/1 : FROM x' }, { stream: '\n' }, { stream: 'part' }, { stream: 'ial line\nnext' }]);
    expect(lines).toEqual(['Step 1/1 : FROM x', 'partial line', 'next']);
  });

  it('tracks the current step', () => {
    const { progress } = follow(failingRun.slice(0, 5));
    expect(progress.step).toEqual({ number: 2, total: 3, instruction: 'ARG MARKER=unset' });
  });

  it('records the first error with its step and the output of that step', () => {
    const { progress, lines } = follow(failingRun);
    expect(progress.failure).toEqual({
      message: "The command '/bin/sh -c echo \"building $MARKER\" && exit 7' returned a non-zero code: 7",
      step: { number: 3, total: 3, instruction: 'RUN echo "building $MARKER" && exit 7' },
      outputTail: ['building m-1'],
    });
    expect(lines[lines.length - 1]).toMatch(/^ERROR: The command/);
    expect(progress.failedAtFrom).toBe(false);
  });

  it('treats an event with only errorDetail as an error', () => {
    expect(follow([{ errorDetail: { message: 'no space left on device' } }]).progress.failure?.message).toBe('no space left on device');
  });

  it('keeps the first error when several arrive', () => {
    expect(follow([{ error: 'first' }, { error: 'second' }]).progress.failure?.message).toBe('first');
  });

  it('knows that an error during a FROM step is about the base image', () => {
    const { progress } = follow([{ stream: 'Step 1/2 : FROM nx-airbyte-fixture/no-such-base:0\n' }, { error: 'pull access denied' }]);
    expect(progress.failedAtFrom).toBe(true);
  });

  it('takes the image id from aux.ID', () => {
    expect(follow([{ aux: { ID: 'sha256:abc' } }, { stream: 'Successfully built abc\n' }]).progress.imageId).toBe('sha256:abc');
  });

  it('falls back to the "Successfully built" line for the image id', () => {
    expect(follow([{ stream: 'Successfully built 0123abcd\n' }]).progress.imageId).toBe('0123abcd');
  });

  it('shows pull status events as lines', () => {
    expect(follow([{ status: 'Downloading', id: 'abc', progress: '[==>   ]' }]).lines).toEqual(['abc Downloading [==>   ]']);
  });
});
