/**
 * The one ordering of strings that reaches output or a content hash: by Unicode code point.
 *
 * Never `localeCompare` or `Intl.Collator`: they follow the machine's locale (Node's ICU reads
 * LANG/LC_ALL), so a CI runner in Denmark or Turkey would order env vars differently and give
 * content-hashed Jobs new names. JavaScript's `<` and the default `sort()` compare UTF-16 code
 * units, which agree with code points except when a character outside the Basic Multilingual
 * Plane (a surrogate pair, 0xD800-0xDFFF) meets one in U+E000-U+FFFF at the same position:
 * code units put "\u{1F4C5}" before "\uFF01", code points after. Names Kubernetes validates
 * are ASCII, but free-form keys (partition parameters) are not, so this compares code points.
 */

/**
 * Compares two strings by code point: negative, zero or positive like a sort comparator.
 * @internal
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Equal so far, so both are at the same position of the same pair structure; a surrogate
      // (high or low) stands for a code point above U+FFFF and so above any BMP character.
      const xAstral = x >= 0xd800 && x <= 0xdfff;
      const yAstral = y >= 0xd800 && y <= 0xdfff;
      if (xAstral !== yAstral) return xAstral ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * The object's own keys in code point order.
 * @internal
 */
export function keysInCodePointOrder(record: object): string[] {
  return Object.keys(record).sort(compareCodePoints);
}
