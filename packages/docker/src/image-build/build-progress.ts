import type { BuildStep } from '../errors';

/** One event of the engine's /build response (legacy builder), as far as we read it. */
export interface BuildEvent {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string };
}

export interface BuildFailure {
  message: string;
  step?: BuildStep;
  /** The last lines the failing step printed (its RUN output), oldest first. */
  outputTail: string[];
}

const STEP_LINE = /^Step (\d+)\/(\d+) : (.*)$/;
const SUCCESS_LINE = /^Successfully built ([0-9a-f]+)$/;

/**
 * Follows a build's event stream: turns `stream` text into whole lines for progress output, tracks
 * the current step, the image id and the first error (any event carrying `error` or `errorDetail`).
 */
export class BuildProgress {
  step: BuildStep | undefined;
  imageId: string | undefined;
  failure: BuildFailure | undefined;
  private partialLine = '';
  private stepOutput: string[] = [];

  constructor(private readonly outputTailLength: number = 20) {}

  /** Takes one event; returns the complete lines it finished, for people to read. */
  accept(event: BuildEvent): string[] {
    const lines: string[] = [];
    if (typeof event.stream === 'string') {
      const text = this.partialLine + event.stream;
      const pieces = text.split('\n');
      this.partialLine = pieces.pop() ?? '';
      for (const piece of pieces) this.takeLine(piece.trimEnd(), lines);
    }
    if (typeof event.status === 'string') lines.push([event.id, event.status, event.progress].filter(Boolean).join(' '));
    if (typeof event.aux?.ID === 'string') this.imageId = event.aux.ID;
    if ((event.error !== undefined || event.errorDetail !== undefined) && this.failure === undefined) {
      const message = String(event.errorDetail?.message ?? event.error ?? 'unknown build error').trim();
      this.failure = { message, step: this.step, outputTail: [...this.stepOutput] };
      lines.push(`ERROR: ${message}`);
    }
    return lines;
  }

  /** The last partial line, once the stream has ended. */
  finish(): string[] {
    const lines: string[] = [];
    if (this.partialLine.trim() !== '') this.takeLine(this.partialLine.trimEnd(), lines);
    this.partialLine = '';
    return lines;
  }

  /** True when the current step is a FROM, i.e. a failure now is about the base image. */
  get failedAtFrom(): boolean {
    return this.failure?.step !== undefined && /^FROM\s/i.test(this.failure.step.instruction);
  }

  private takeLine(line: string, lines: string[]): void {
    if (line === '') return;
    const step = STEP_LINE.exec(line);
    if (step) {
      this.step = { number: Number(step[1]), total: Number(step[2]), instruction: step[3] };
      this.stepOutput = [];
    } else if (!line.startsWith(' ---> ')) {
      this.stepOutput.push(line);
      if (this.stepOutput.length > this.outputTailLength) this.stepOutput.shift();
    }
    const success = SUCCESS_LINE.exec(line);
    if (success && this.imageId === undefined) this.imageId = success[1];
    lines.push(line);
  }
}
