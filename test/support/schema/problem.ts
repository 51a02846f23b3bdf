/**
 * One thing wrong with a manifest, located by the path of the offending field.
 *
 * Paths are kept as segments (object keys and array indexes) until the very end, so every check
 * reports locations the same way and a reader can paste them into `kubectl explain`-style lookups.
 */
export type PathSegment = string | number;

export interface Problem {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

// A key that can be written after a dot without ambiguity; anything else (dots, slashes in
// label keys, empty keys) is written as a quoted bracket so the path stays unambiguous.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Renders segments as `spec.template.spec.containers[0].image` or `metadata.labels["a/b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) {
    return '(root)';
  }
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (PLAIN_KEY.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}

/** `path: message`, the single line form every public helper reports. */
export function formatProblem(problem: Problem): string {
  return `${formatPath(problem.path)}: ${problem.message}`;
}
