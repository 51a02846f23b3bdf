/**
 * Small builders for CEL text. The generated expressions use only the CEL standard library
 * (`has`, `in`, `size`, `matches`, `contains`, `startsWith`, the `all`/`exists`/`filter`
 * macros), which every Kubernetes release with `admissionregistration.k8s.io/v1` (1.30+)
 * compiles in its ValidatingAdmissionPolicy environment; no Kubernetes extension library
 * (strings, lists, regex, optional field syntax), whose availability depends on the version.
 *
 * Strings are compared with regular expressions (RE2, what CEL's `matches` runs) instead of
 * `trim()` and `size()`: RE2 counts code points and takes an explicit whitespace class, so the
 * expression can say exactly what the audit's JavaScript `trim()` does.
 */

/** A CEL string literal (double-quoted; the text must be ASCII, which every generated literal is). */
export function celString(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`CEL literal must be printable ASCII: ${JSON.stringify(text)}`);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A CEL list literal of strings. */
export function celStrings(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/**
 * The characters JavaScript's `String.prototype.trim()` and `\s` treat as white space
 * (ECMAScript WhiteSpace and LineTerminator), as the body of an RE2 character class. RE2's own
 * `\s` is ASCII only, and Go's `strings.TrimSpace` differs (it trims U+0085, not U+FEFF), so the
 * set is spelled out.
 */
export const WHITESPACE_CLASS = '\\t\\n\\v\\f\\r \\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

/** Zero or more white-space characters. */
export const WS = `[${WHITESPACE_CLASS}]*`;
/** One character that is not white space. */
export const NON_WS = `[^${WHITESPACE_CLASS}]`;

/** RE2 pattern: the text holds something besides white space (JavaScript `text.trim() !== ''`). */
export const NOT_BLANK = NON_WS;

/**
 * RE2 pattern: the text, trimmed, has at least `n` code points (n >= 2): a first and a last
 * non-white-space character with at least n - 2 characters of any kind between them, and only
 * white space outside them. `(?s)` lets `.` match line breaks, as trimming keeps inner ones.
 */
export function atLeastCodePointsTrimmed(n: number): string {
  if (n < 2) throw new Error('atLeastCodePointsTrimmed needs n >= 2');
  return `(?s)^${WS}${NON_WS}.{${n - 2},}${NON_WS}${WS}$`;
}

/** RE2 pattern: the trimmed text is exactly one of `words` compared without ASCII case ([tT][rR]...). */
export function trimmedOneOfAsciiCaseless(words: readonly string[]): string {
  const caseless = (word: string) => [...word].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escapeRegex(ch))).join('');
  return `^${WS}(?:${words.map(caseless).join('|')})${WS}$`;
}

/** Escapes RE2 (and JavaScript) regex metacharacters in a literal. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** `has(root.a) && has(root.a.b) && ...`: every step of a path is present (`true` for none). */
export function present(root: string, path: readonly string[]): string {
  const steps: string[] = [];
  let cur = root;
  for (const key of path) {
    cur = `${cur}.${key}`;
    steps.push(`has(${cur})`);
  }
  return steps.length ? steps.join(' && ') : 'true';
}

/** `root.a.b`. */
export function access(root: string, path: readonly string[]): string {
  return [root, ...path].join('.');
}

/** The list at a path, or an empty list when any step is missing. */
export function listAt(root: string, path: readonly string[]): string {
  return `(${present(root, path)} ? ${access(root, path)} : [])`;
}

/** `(a) && (b) && ...`, `true` for none. */
export function and(...terms: readonly string[]): string {
  const real = terms.filter((t) => t !== 'true');
  if (real.length === 0) return 'true';
  return real.length === 1 ? real[0] : real.map((t) => `(${t})`).join(' && ');
}

/** `(a) || (b) || ...`, `false` for none. */
export function or(...terms: readonly string[]): string {
  const real = terms.filter((t) => t !== 'false');
  if (real.length === 0) return 'false';
  return real.length === 1 ? real[0] : real.map((t) => `(${t})`).join(' || ');
}

/** `!(a)`. */
export function not(term: string): string {
  return term === 'true' ? 'false' : term === 'false' ? 'true' : `!(${term})`;
}
