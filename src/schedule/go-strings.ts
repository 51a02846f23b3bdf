/**
 * The few Go standard-library string behaviours that robfig/cron's parser depends on.
 *
 * Kubernetes validates a CronJob schedule with Go code, so whitespace splitting, case folding
 * and integer parsing must follow Go's rules, not JavaScript's: `\s` in a JS regex is a
 * different set than Go's `unicode.IsSpace`, `toLowerCase` special-cases some letters that Go
 * maps one-to-one, and `strconv.Atoi` accepts a leading `+`. Error texts are reproduced too so
 * a user sees what `kubectl apply` would have said.
 */

/** Runes for which Go's `unicode.IsSpace` is true (Latin-1 set plus the Unicode White_Space Z* runes). */
const GO_SPACES = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0,
  0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Whether a code point is white space for Go's `strings.Fields`. */
export function isGoSpace(codePoint: number): boolean {
  return GO_SPACES.has(codePoint);
}

/** Go's `strings.Fields`: split around runs of white space, dropping empty pieces. */
export function goFields(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text) {
    if (isGoSpace(ch.codePointAt(0)!)) {
      if (current !== '') {
        out.push(current);
        current = '';
      }
    } else {
      current += ch;
    }
  }
  if (current !== '') {
    out.push(current);
  }
  return out;
}

/** Go's `strings.TrimSpace`. */
export function goTrimSpace(text: string): string {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && isGoSpace(chars[start].codePointAt(0)!)) start++;
  while (end > start && isGoSpace(chars[end - 1].codePointAt(0)!)) end--;
  return chars.slice(start, end).join('');
}

/**
 * Go's `strings.ToLower`, as far as it matters for comparing with ASCII names: Go maps each rune
 * on its own, so `İ` (U+0130) becomes a plain `i` and the Kelvin sign becomes `k`, while
 * JavaScript's `toLowerCase` turns `İ` into two code units. Other non-ASCII runes never lower to
 * ASCII, so leaving them unchanged keeps every comparison with an ASCII name correct.
 */
export function goLowerForAsciiCompare(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x41 && cp <= 0x5a) {
      out += String.fromCharCode(cp + 32);
    } else if (cp === 0x130) {
      out += 'i';
    } else if (cp === 0x212a) {
      out += 'k';
    } else {
      out += ch;
    }
  }
  return out;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's `strconv.Quote` (used inside `strconv.NumError` messages). */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate reaches Go as invalid UTF-8 replaced by U+FFFD, which Go prints as is.
      out += '\ufffd';
    } else if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (cp >= 0x20 && cp < 0x7f) {
      out += ch;
    } else if (cp >= 0x80 && PRINTABLE.test(ch)) {
      out += ch;
    } else {
      const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
      if (named[cp] !== undefined) {
        out += named[cp];
      } else if (cp < 0x20 || cp === 0x7f) {
        out += '\\x' + cp.toString(16).padStart(2, '0');
      } else if (cp < 0x10000) {
        out += '\\u' + cp.toString(16).padStart(4, '0');
      } else {
        out += '\\U' + cp.toString(16).padStart(8, '0');
      }
    }
  }
  return out + '"';
}

/**
 * The `time` package's private quote (used in `time.ParseDuration` errors): ASCII printable runes
 * as is, every other rune as the `\x` escapes of its UTF-8 bytes.
 */
export function goTimeQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 || cp < 0x20) {
      for (const byte of Buffer.from(ch, 'utf8')) {
        out += '\\x' + byte.toString(16).padStart(2, '0');
      }
    } else {
      if (ch === '"' || ch === '\\') {
        out += '\\';
      }
      out += ch;
    }
  }
  return out + '"';
}

/** Result of {@link goAtoi}: the value, or Go's error text. */
export type AtoiResult = { value: bigint; error?: undefined } | { value?: undefined; error: string };

const INT64_LIMIT = 2n ** 63n;

/** Go's `strconv.Atoi` on a 64-bit platform: optional sign, decimal digits only, int64 range. */
export function goAtoi(text: string): AtoiResult {
  const syntax = (): AtoiResult => ({ error: `strconv.Atoi: parsing ${goQuote(text)}: invalid syntax` });
  const range = (): AtoiResult => ({ error: `strconv.Atoi: parsing ${goQuote(text)}: value out of range` });
  if (text.length === 0) {
    return syntax();
  }
  let digits = text;
  let negative = false;
  if (digits[0] === '+' || digits[0] === '-') {
    negative = digits[0] === '-';
    digits = digits.slice(1);
  }
  if (digits.length === 0) {
    return syntax();
  }
  // Go scans left to right and reports whichever problem it meets first, so an overflowing
  // prefix wins over a later bad character.
  let n = 0n;
  const overflowAt = 2n ** 64n;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      return syntax();
    }
    n = n * 10n + BigInt(c - 0x30);
    if (n >= overflowAt) {
      return range();
    }
  }
  if ((!negative && n >= INT64_LIMIT) || (negative && n > INT64_LIMIT)) {
    return range();
  }
  return { value: negative ? -n : n };
}
