/** One thing wrong with an acceptance config file, and where. */
export interface ConfigProblem {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based; absent when the problem concerns the file as a whole. */
  line?: number;
  column?: number;
  /** Where in the document, e.g. `acceptance_tests.basic_read.tests[0].expect_records.path`. */
  keyPath?: string;
  message: string;
}

/** The exit status the CLI uses for a config it refuses to run, before any container starts. */
export const CONFIG_ERROR_EXIT_CODE = 2;

export function formatConfigProblem(problem: ConfigProblem): string {
  let where = problem.file;
  if (problem.line !== undefined) {
    where += `:${problem.line}`;
    if (problem.column !== undefined) where += `:${problem.column}`;
  }
  const keyPath = problem.keyPath ? ` ${problem.keyPath}:` : '';
  return `${where}:${keyPath} ${problem.message}`;
}

/** Every problem found in one acceptance config file; the suite refuses to start while there is one. */
export class ConfigError extends Error {
  readonly exitCode = CONFIG_ERROR_EXIT_CODE;
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((problem) => `  ${formatConfigProblem(problem)}`);
    super(`Acceptance config ${file} has ${count}:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}
