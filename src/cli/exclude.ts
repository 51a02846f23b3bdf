import * as path from 'path';

/**
 * `--exclude GLOB`: files and folders the audit leaves out, such as `charts/*\/templates` (Helm
 * sources, which are rendered before they are audited) or `*.test.yaml`.
 *
 * A pattern is matched against the path relative to the current directory, with forward
 * slashes: `*` and `?` stay within one segment, `**` spans any number of segments. A pattern
 * with a slash matches from the start of that path and excludes everything below what it
 * matches (`charts/*\/templates` excludes `charts/web/templates/deployment.yaml`); a pattern
 * without one matches any single segment at any depth (`templates`, `*.test.yaml`).
 */
export class ExcludeFilter {
  private readonly anchored: RegExp[] = [];
  private readonly anySegment: RegExp[] = [];

  constructor(patterns: readonly string[], private readonly cwd: string) {
    for (const raw of patterns) {
      const pattern = raw.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
      if (pattern === '') continue;
      if (pattern.includes('/')) this.anchored.push(new RegExp(`^${globToRegExp(pattern)}(?:/|$)`));
      else this.anySegment.push(new RegExp(`^${globToRegExp(pattern)}$`));
    }
  }

  /** Whether there is anything to exclude (most runs: no). */
  get active(): boolean {
    return this.anchored.length > 0 || this.anySegment.length > 0;
  }

  /** Whether a file or folder (as the walk names it) is excluded. */
  excludes(file: string): boolean {
    if (!this.active) return false;
    const absolute = path.resolve(this.cwd, file);
    const relative = path.relative(this.cwd, absolute);
    const shown = (relative === '' ? '.' : relative).split(path.sep).join('/');
    if (this.anchored.some((re) => re.test(shown))) return true;
    // `.` and `..` name where the walk starts, never a file or folder to leave out (`--exclude '.*'` is hidden ones).
    return shown.split('/').some((segment) => segment !== '.' && segment !== '..' && this.anySegment.some((re) => re.test(segment)));
  }
}

/** A glob as a regular expression source: `**` any segments, `*` and `?` within one. */
function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole segments; a trailing `**` anything below.
      if (glob[i + 2] === '/') {
        out += '(?:[^/]+/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return out;
}
