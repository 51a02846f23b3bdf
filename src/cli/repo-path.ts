import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository root: the nearest directory at or above `cwd` that holds `.git` (a folder, or
 * a file in a worktree), else `cwd`. Paths in SARIF and in baseline keys are relative to it, so
 * they match between a laptop and a CI checkout and whichever folder the audit was started in.
 */
export function repositoryRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/**
 * `file` relative to `root` with forward slashes, or undefined when it lies outside `root`
 * (or is stdin, which has no place in the tree).
 */
export function relativeToRoot(file: string, cwd: string, root: string): string | undefined {
  const relative = path.relative(root, path.resolve(cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
