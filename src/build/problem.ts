// A build problem: what is wrong and where, in the `file:line: message` form editors' tools read.

/** One problem found in a seed, with a 1-based line number when it has one. */
export interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** `file:line: message` (or `file: message` without a line). */
export function formatProblem(problem: Problem): string {
  return problem.line === undefined
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}:${problem.line}: ${problem.message}`;
}
