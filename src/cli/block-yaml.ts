import * as yaml from 'js-yaml';

/**
 * A fast reader for the YAML nearly every manifest in Git is written in (and what cdk8s, Helm
 * and kustomize emit): block mappings and sequences of plain or quoted one-line scalars,
 * one-line flow collections of those (`[ALL]`, `{cpu: 100m}`), and comments. For such a
 * document it returns exactly the value js-yaml's `load` returns under the same schema; for
 * anything else it returns {@link NOT_MINE} and the caller lets js-yaml read the document, so
 * js-yaml keeps the last word on every other value and on every error message.
 *
 * "Exactly" is kept by refusing, not by imitating: the reader gives up at the first thing whose
 * reading it is not certain of. It refuses anchors, aliases, tags, directives, block scalars
 * (`|`, `>`), flow collections over several lines or with comments, pairs or empty values in
 * them, explicit keys (`?`), scalars that go on over several lines, tabs and lone carriage
 * returns anywhere, control and other unusual
 * characters, a double-quoted escape it does not know, duplicate keys and `<<` merge keys
 * (js-yaml reports the one and merges the other), nesting deeper than {@link MAX_DEPTH}, a
 * line indented deeper than the node before it allows, and any line that does not fit the
 * structure around it (js-yaml reports those). Plain scalars are resolved by the schema's own
 * implicit types, in the schema's order, as js-yaml's `composeNode` does; the only shortcut is
 * skipping a built-in type whose `resolve` cannot accept the scalar (see {@link BUILT_IN_SCOPES}).
 */

/** What {@link readBlockDocument} returns for a document it leaves to js-yaml. */
export const NOT_MINE: unique symbol = Symbol('not a block-style document this reader is sure of');

/**
 * Reads the YAML document text[start, end) (one document of a stream, as the loader splits it:
 * optional comments, an optional `---` line, then the content), or returns {@link NOT_MINE}.
 */
export function readBlockDocument(text: string, start: number, end: number, schema: yaml.Schema): unknown {
  try {
    return new BlockReader(text, start, end, plainScalarsOf(schema)).document();
  } catch {
    // Mostly NOT_SURE; anything else (a schema type that throws) is js-yaml's to report too.
    return NOT_MINE;
  }
}

/** Thrown inside the reader to give the document up; caught in {@link readBlockDocument}. */
const NOT_SURE = Symbol('not sure');

function giveUp(): never {
  throw NOT_SURE;
}

/**
 * Nesting beyond which the reader gives up. js-yaml refuses documents nested beyond its
 * `maxDepth` (100 nodes); manifests nest about 15 deep.
 */
const MAX_DEPTH = 40;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DOUBLE_QUOTE = 0x22;
const HASH = 0x23;
const SINGLE_QUOTE = 0x27;
const DASH = 0x2d;
const COLON = 0x3a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/**
 * ASCII characters a plain scalar may start with. js-yaml's readPlainScalar refuses blanks, the
 * flow indicators `,[]{}` and `#&*!|>'"%@` and the backquote; quotes start quoted scalars,
 * which the reader handles before. `-`, `?` and `:` may start one only before a non-blank, which
 * the reader checks where it uses this table.
 */
const PLAIN_FIRST = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) PLAIN_FIRST[c] = ',[]{}#&*!|>\'"%@`'.includes(String.fromCharCode(c)) ? 0 : 1;

/** `,[]{}`: they end a plain scalar inside a flow collection. */
const FLOW_INDICATOR = new Uint8Array(128);
for (const c of ',[]{}') FLOW_INDICATOR[c.charCodeAt(0)] = 1;

/**
 * Characters that neither end nor upset a plain scalar, so its loop only stores where it got to:
 * visible ASCII but `:` and `#`, and inside a flow collection not `,[]{}` either.
 */
const PLAIN_IN_BLOCK = new Uint8Array(128);
const PLAIN_IN_FLOW = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) {
  if (c === COLON || c === HASH) continue;
  PLAIN_IN_BLOCK[c] = 1;
  PLAIN_IN_FLOW[c] = FLOW_INDICATOR[c] === 1 ? 0 : 1;
}

/** The characters js-yaml's double-quoted escapes `\x` stand for (its simpleEscapeSequence), tab left out. */
const SIMPLE_ESCAPES = new Map<number, string>([
  [0x30, '\x00'], [0x61, '\x07'], [0x62, '\x08'], [0x74, '\x09'], [0x6e, '\x0A'], [0x76, '\x0B'],
  [0x66, '\x0C'], [0x72, '\x0D'], [0x65, '\x1B'], [0x20, ' '], [0x22, '"'], [0x2f, '/'],
  [0x5c, '\\'], [0x4e, '\x85'], [0x5f, '\xA0'], [0x4c, '\u2028'], [0x50, '\u2029'],
]);

/** Hex digits after `\x`, `\u`, `\U` in a double-quoted scalar. */
const HEX_ESCAPE_LENGTH = new Map<number, number>([[0x78, 2], [0x75, 4], [0x55, 8]]);

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/**
 * The offset of the last code unit of the non-ASCII character at text[i], or a give-up for a
 * character the reader does not take: C1 controls and DEL (js-yaml refuses some of them in plain
 * scalars), unpaired surrogates, U+FFFE/U+FFFF, and the line and paragraph separators and the
 * byte order mark, which some tools treat as line breaks or markers.
 */
function nonAsciiEnd(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xfffe || c === 0xffff) giveUp();
  if (c >= 0xd800 && c <= 0xdfff) {
    const low = i + 1 < end ? text.charCodeAt(i + 1) : 0;
    if (c > 0xdbff || low < 0xdc00 || low > 0xdfff) giveUp();
    return i + 1;
  }
  return i;
}

/** A js-yaml type with the public members the schema's compiled list carries. */
type ImplicitType = yaml.Type & { readonly tag: string };

/**
 * What the `resolve` of each of js-yaml's built-in implicit types can accept, read off its code
 * (lib/type/*.js): scalars of some lengths only, or scalars starting with some characters only.
 * null: `~` or `null`/`Null`/`NULL`; bool: `true`/`false` in three spellings; merge: `<<`; int:
 * an optional sign, then digits (or `0b`/`0o`/`0x` and digits); float: an optional sign, then a
 * digit or `.`. Most plain scalars (names, images, paths) are outside all of them and are
 * strings without asking the resolvers (and the float type's regular expression). A type not in
 * this table (a custom one, such as the loader's YAML 1.1 booleans) is asked about every scalar.
 */
const BUILT_IN_SCOPES = new Map<unknown, { readonly lengths?: readonly number[]; readonly firstCharacters?: string }>();
{
  const types = (yaml as unknown as { types: Record<string, yaml.Type> }).types;
  BUILT_IN_SCOPES.set(types.null, { lengths: [1, 4] });
  BUILT_IN_SCOPES.set(types.bool, { lengths: [4, 5] });
  BUILT_IN_SCOPES.set(types.merge, { lengths: [2] });
  BUILT_IN_SCOPES.set(types.int, { firstCharacters: '+-0123456789' });
  BUILT_IN_SCOPES.set(types.float, { firstCharacters: '+-.0123456789' });
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** Slot pairs of the key cache: a few hundred distinct keys make up nearly every manifest. */
const KEY_PAIRS = 1021;

/**
 * An independent, internalized copy of a string, as property keys are: a cached key neither
 * keeps the text it was cut from alive nor needs looking up again when it is stored.
 */
function internalized(s: string): string {
  return Object.keys({ [s]: true })[0];
}

/**
 * A schema's resolution of plain scalars, in the order js-yaml tries its implicit types, with
 * a cache of plain keys by their text.
 */
class PlainScalars {
  private readonly types: readonly ImplicitType[];
  /** Whether every scalar must be offered to the types (one of them is not a built-in). */
  private readonly askAlways: boolean;
  /** Lengths, and first characters (ASCII), of the scalars some type may resolve. */
  private readonly scopeLengths = new Uint8Array(8);
  private readonly scopeFirsts = new Uint8Array(128);
  /** Key cache: the key's text in the document, and the key it makes, by slot. */
  private readonly keyTexts: string[] = new Array<string>(2 * KEY_PAIRS).fill('');
  private readonly keys: string[] = new Array<string>(2 * KEY_PAIRS).fill('');

  constructor(schema: yaml.Schema) {
    this.types = (schema as unknown as { compiledImplicit: ImplicitType[] }).compiledImplicit;
    let askAlways = false;
    for (const type of this.types) {
      const scope = BUILT_IN_SCOPES.get(type);
      if (!scope) askAlways = true;
      for (const length of scope?.lengths ?? []) this.scopeLengths[length] = 1;
      for (const c of scope?.firstCharacters ?? '') this.scopeFirsts[c.charCodeAt(0)] = 1;
    }
    this.askAlways = askAlways;
  }

  /** Whether some implicit type may resolve the scalar; when not, it is a string. */
  private mayResolve(scalar: string): boolean {
    if (this.askAlways) return true;
    const length = scalar.length;
    if (length < this.scopeLengths.length && this.scopeLengths[length] === 1) return true;
    const first = scalar.charCodeAt(0);
    return first < 0x80 && this.scopeFirsts[first] === 1;
  }

  /** The value of a plain scalar: the first implicit type that resolves it constructs it. */
  value(scalar: string): unknown {
    if (!this.mayResolve(scalar)) return scalar;
    for (const type of this.types) {
      if (type.resolve(scalar)) return type.construct(scalar);
    }
    return scalar;
  }

  /**
   * A plain scalar as a mapping key: its value as a string, as js-yaml's storeMappingPair makes
   * it. A merge key, or a type that constructs an object, is left to js-yaml.
   */
  key(scalar: string): string {
    if (!this.mayResolve(scalar)) return scalar;
    for (const type of this.types) {
      if (type.resolve(scalar)) {
        if (type.tag === MERGE_TAG) giveUp();
        const value: unknown = type.construct(scalar);
        if ((typeof value === 'object' && value !== null) || typeof value === 'function') giveUp();
        return String(value);
      }
    }
    return scalar;
  }

  /**
   * {@link key} of the plain scalar text[start, end), from the cache when it was met before. A
   * key may sit in either slot of its pair; a new key takes the first and moves the one there to
   * the second, so two keys that hash alike do not keep evicting each other.
   */
  keyAt(text: string, start: number, end: number): string {
    const length = end - start;
    const pair = 2 * ((length * 7 + text.charCodeAt(start) * 31 + text.charCodeAt(start + Math.floor(length / 2)) * 131
      + text.charCodeAt(end - 1) * 1031) % KEY_PAIRS);
    const texts = this.keyTexts;
    if (texts[pair].length === length && text.startsWith(texts[pair], start)) return this.keys[pair];
    if (texts[pair + 1].length === length && text.startsWith(texts[pair + 1], start)) return this.keys[pair + 1];
    const scalar = text.slice(start, end);
    const key = internalized(this.key(scalar));
    texts[pair + 1] = texts[pair];
    this.keys[pair + 1] = this.keys[pair];
    texts[pair] = internalized(scalar);
    this.keys[pair] = key;
    return key;
  }
}

const plainScalarsBySchema = new WeakMap<yaml.Schema, PlainScalars>();

function plainScalarsOf(schema: yaml.Schema): PlainScalars {
  let found = plainScalarsBySchema.get(schema);
  if (!found) {
    found = new PlainScalars(schema);
    plainScalarsBySchema.set(schema, found);
  }
  return found;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Sets a key as js-yaml's setProperty does: `__proto__` becomes an own property, never the prototype. */
function setProperty(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { configurable: true, enumerable: true, writable: true, value });
  else object[key] = value;
}

/**
 * One document, read line by line. `pos` walks the text; between nodes it stands at the first
 * character of a content line, whose indentation is `indent` (-1 once the document has no
 * content left).
 */
class BlockReader {
  private pos: number;
  private indent = -1;
  private lineStart = 0;
  private depth = 0;
  /** Whether the document's content has begun: a `---` or `...` line now is not this reader's. */
  private started = false;
  /** Set by {@link scalar}: whether the scalar was plain (resolved by the schema) or quoted. */
  private plain = false;
  /** Set by {@link scalar}: whether `: ` (or `:` at the line end) followed it, making it a key. */
  private keyColon = false;
  /** Set by {@link scalar}: a quoted scalar's value, or where a plain scalar's text is. */
  private quotedValue = '';
  private plainStart = 0;
  private plainEnd = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly scalars: PlainScalars,
  ) {
    this.pos = start;
  }

  document(): unknown {
    // js-yaml drops a byte order mark only at the very start of its input; leave it the case.
    if (this.text.charCodeAt(this.pos) === 0xfeff) giveUp();
    this.skipToContent(Infinity);
    // js-yaml takes `---` at the start of a document's first line as the marker whatever follows
    // it (`---apiVersion: v1`): only a real marker line is read here.
    if (this.indent === 0 && this.text.startsWith('---', this.pos)) {
      if (!this.atMarker()) giveUp();
      this.pos += 3;
      // The marker line may carry a comment, nothing else (`--- {a: 1}`, `--- |`).
      this.finishLine();
      this.started = true;
      this.skipToContent(Infinity);
    }
    this.started = true;
    if (this.indent < 0) giveUp();
    const value = this.collection(this.indent);
    if (this.indent >= 0) giveUp();
    return value;
  }

  /** The block mapping or sequence whose first line's content is at `pos`, in column `indent`. */
  private collection(indent: number): unknown {
    return this.atSequenceEntry() ? this.sequence(indent) : this.mapping(indent, this.key());
  }

  /** Whether `pos` is at `-` followed by a space or the line end: a sequence entry. */
  private atSequenceEntry(): boolean {
    if (this.text.charCodeAt(this.pos) !== DASH) return false;
    const next = this.pos + 1 < this.end ? this.text.charCodeAt(this.pos + 1) : LF;
    return next === SPACE || next === LF || next === CR;
  }

  /**
   * A block mapping in column `indent` whose first key has been read (`pos` is just past its
   * colon). Ends at a line indented less; a line indented more, or not a key, gives up.
   */
  private mapping(indent: number, firstKey: string): Record<string, unknown> {
    this.enter();
    const result: Record<string, unknown> = {};
    let key = firstKey;
    for (;;) {
      // js-yaml throws on a duplicate key: its message is the one to show.
      if (hasOwn.call(result, key)) giveUp();
      setProperty(result, key, this.mappingValue(indent));
      if (this.indent !== indent) break;
      key = this.key();
    }
    if (this.indent > indent) giveUp();
    this.depth--;
    return result;
  }

  /** A key at `pos` and its colon; `pos` ends just past the colon. */
  private key(): string {
    this.scalar();
    if (!this.keyColon) giveUp();
    this.pos++;
    return this.scalarKey();
  }

  /** The scalar {@link scalar} read, as a key. */
  private scalarKey(): string {
    return this.plain ? this.scalars.keyAt(this.text, this.plainStart, this.plainEnd) : this.quotedValue;
  }

  /** The scalar {@link scalar} read, as a value. */
  private scalarValue(): unknown {
    return this.plain ? this.scalars.value(this.text.slice(this.plainStart, this.plainEnd)) : this.quotedValue;
  }

  /**
   * The value after a key's colon (`pos` is just past it) in a mapping in column `indent`: a
   * scalar on the same line, or a collection on the lines below (more indented, or a sequence in
   * the key's own column), or null.
   */
  private mappingValue(indent: number): unknown {
    this.skipSpaces();
    if (!this.atLineEnd()) {
      const c = this.text.charCodeAt(this.pos);
      // `key: - a` and `key: b: c` are errors js-yaml reports.
      if (this.atSequenceEntry()) giveUp();
      let value: unknown;
      if (c === OPEN_BRACKET || c === OPEN_BRACE) {
        value = this.blockFlowCollection();
      } else {
        this.scalar();
        if (this.keyColon) giveUp();
        value = this.scalarValue();
      }
      this.finishLine();
      // A deeper line right below would continue a plain scalar, or be an error.
      this.skipToContent(indent);
      return value;
    }
    this.finishLine();
    this.skipToContent(Infinity);
    if (this.indent > indent) return this.collection(this.indent);
    if (this.indent === indent && this.atSequenceEntry()) return this.sequence(indent);
    return null;
  }

  /** A block sequence whose first `-` is at `pos`, in column `indent`. */
  private sequence(indent: number): unknown[] {
    this.enter();
    const result: unknown[] = [];
    do {
      this.pos++;
      this.skipSpaces();
      if (this.atLineEnd()) {
        this.finishLine();
        this.skipToContent(Infinity);
        // After an empty entry js-yaml takes the next `- ` as an entry of this sequence even
        // when it stands in a lower column; that reading is left to it.
        if (this.indent >= 0 && this.indent < indent && this.atSequenceEntry()) giveUp();
        result.push(this.indent > indent ? this.collection(this.indent) : null);
      } else {
        result.push(this.entryOnLine(indent));
      }
    } while (this.indent === indent && this.atSequenceEntry());
    if (this.indent > indent) giveUp();
    this.depth--;
    return result;
  }

  /**
   * The node after `- ` on the same line, in a sequence in column `indent`: a nested sequence
   * (`- - a`), a mapping whose first key is on this line (`- name: a`), or a scalar.
   */
  private entryOnLine(indent: number): unknown {
    const column = this.pos - this.lineStart;
    if (this.atSequenceEntry()) return this.sequence(column);
    const c = this.text.charCodeAt(this.pos);
    let value: unknown;
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      value = this.blockFlowCollection();
    } else {
      this.scalar();
      if (this.keyColon) {
        const key = this.scalarKey();
        this.pos++;
        return this.mapping(column, key);
      }
      value = this.scalarValue();
    }
    this.finishLine();
    this.skipToContent(indent);
    return value;
  }

  /**
   * A one-line plain, single-quoted or double-quoted scalar at `pos`, taken as {@link scalarKey}
   * or {@link scalarValue}. Sets {@link keyColon}; `pos` ends at the colon of a key, or at the
   * comment or line end after the scalar (trailing spaces skipped).
   */
  private scalar(): void {
    const c = this.text.charCodeAt(this.pos);
    this.keyColon = false;
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      this.plain = false;
      this.quotedValue = this.quoted();
      this.afterQuoted();
      return;
    }
    this.plain = true;
    this.plainScalar(false);
  }

  /** The quoted scalar at `pos`; `pos` ends past its closing quote. */
  private quoted(): string {
    return this.text.charCodeAt(this.pos) === SINGLE_QUOTE ? this.singleQuoted() : this.doubleQuoted();
  }

  /**
   * A one-line plain scalar at `pos`, in block or flow context (where `,[]{}` end it and a colon
   * before one of them is a separator, as in js-yaml's readPlainScalar). Sets {@link plainStart},
   * {@link plainEnd}, and {@link keyColon} when it ends at `: `; `pos` ends at what ended it, past
   * trailing blanks.
   */
  private plainScalar(inFlow: boolean): void {
    const text = this.text;
    const end = this.end;
    const start = this.pos;
    const first = text.charCodeAt(start);
    if (first < 0x80 ? PLAIN_FIRST[first] === 0 : false) giveUp();
    if (first === DASH || first === QUESTION || first === COLON) {
      const next = start + 1 < end ? text.charCodeAt(start + 1) : LF;
      if (next === SPACE || next === LF || next === CR || next === TAB || (inFlow && FLOW_INDICATOR[next] === 1)) giveUp();
    }
    const ordinary = inFlow ? PLAIN_IN_FLOW : PLAIN_IN_BLOCK;
    let i = start;
    let contentEnd = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80 && ordinary[c] === 1) {
        contentEnd = i + 1;
      } else if (c === SPACE) {
        // Content only if more follows on the line.
      } else if (c === COLON) {
        const next = i + 1 < end ? text.charCodeAt(i + 1) : LF;
        if (next === SPACE || next === LF || next === CR || (inFlow && FLOW_INDICATOR[next] === 1)) {
          this.keyColon = true;
          break;
        }
        contentEnd = i + 1;
      } else if (c === HASH) {
        // A comment needs a blank before it; `a#b` is text.
        if (text.charCodeAt(i - 1) === SPACE) break;
        contentEnd = i + 1;
      } else if (c < SPACE) {
        if (c === LF || (c === CR && i + 1 < end && text.charCodeAt(i + 1) === LF)) break;
        // Tabs, lone carriage returns (a line break to js-yaml), control characters.
        giveUp();
      } else if (c >= 0x7f) {
        i = nonAsciiEnd(text, i, end);
        contentEnd = i + 1;
      } else {
        // A flow indicator inside a flow collection.
        break;
      }
    }
    // A scalar that ended on a new line, or nothing at all (`: x`), is not read here.
    if (contentEnd === start) giveUp();
    this.pos = i;
    this.plainStart = start;
    this.plainEnd = contentEnd;
  }

  /** A single-quoted scalar closed on its own line; `''` is a quote. */
  private singleQuoted(): string {
    const text = this.text;
    let value = '';
    let from = this.pos + 1;
    for (let i = from; i < this.end; i++) {
      const c = text.charCodeAt(i);
      if (c === SINGLE_QUOTE) {
        if (i + 1 < this.end && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
          value += text.slice(from, i + 1);
          from = i + 2;
          i++;
          continue;
        }
        this.pos = i + 1;
        return value + text.slice(from, i);
      }
      if (c < SPACE) giveUp();
      if (c >= 0x7f) i = nonAsciiEnd(text, i, this.end);
    }
    return giveUp();
  }

  /** A double-quoted scalar closed on its own line, with js-yaml's escapes (not a line-ending `\`). */
  private doubleQuoted(): string {
    const text = this.text;
    let value = '';
    let from = this.pos + 1;
    for (let i = from; i < this.end; i++) {
      const c = text.charCodeAt(i);
      if (c === DOUBLE_QUOTE) {
        this.pos = i + 1;
        return value + text.slice(from, i);
      }
      if (c === BACKSLASH) {
        value += text.slice(from, i);
        const kind = i + 1 < this.end ? text.charCodeAt(i + 1) : LF;
        const simple = SIMPLE_ESCAPES.get(kind);
        if (simple !== undefined) {
          value += simple;
          i++;
        } else {
          const digits = HEX_ESCAPE_LENGTH.get(kind) ?? giveUp();
          let code = 0;
          for (let k = 0; k < digits; k++) {
            const digit = i + 2 + k < this.end ? hexValue(text.charCodeAt(i + 2 + k)) : -1;
            if (digit < 0) giveUp();
            code = code * 16 + digit;
          }
          // js-yaml builds the code with 32-bit shifts: past U+10FFFF it and this would differ.
          // Up to there its charFromCodepoint gives what fromCodePoint gives (a lone surrogate too).
          if (code > 0x10ffff) giveUp();
          value += String.fromCodePoint(code);
          i += 1 + digits;
        }
        from = i + 1;
        continue;
      }
      if (c < SPACE) giveUp();
      if (c >= 0x7f) i = nonAsciiEnd(text, i, this.end);
    }
    return giveUp();
  }

  /**
   * After a closing quote: blanks, then a key's colon, a comment or the line end. Anything else
   * (`"a"b`, `"a"#c`) is left to js-yaml.
   */
  private afterQuoted(): void {
    const quoteEnd = this.pos;
    this.skipSpaces();
    if (this.atLineEnd()) {
      if (this.pos < this.end && this.text.charCodeAt(this.pos) === HASH && this.pos === quoteEnd) giveUp();
      return;
    }
    if (this.text.charCodeAt(this.pos) !== COLON) giveUp();
    const next = this.pos + 1 < this.end ? this.text.charCodeAt(this.pos + 1) : LF;
    if (next !== SPACE && next !== LF && next !== CR) giveUp();
    this.keyColon = true;
  }

  /**
   * A flow collection (`[a, "b", 1]`, `{cpu: 100m, memory: 64Mi}`, nested ones, empty ones)
   * closed on its own line and followed by a blank or the line end. Entries are scalars on one
   * line or flow collections; pairs inside sequences (`[a: b]`), keys without a value, explicit
   * keys, comments and line breaks inside are left to js-yaml.
   */
  private blockFlowCollection(): unknown {
    const value = this.flowCollection();
    const next = this.pos < this.end ? this.text.charCodeAt(this.pos) : LF;
    if (next !== SPACE && next !== LF && next !== CR) giveUp();
    return value;
  }

  /** The flow collection at `pos`; `pos` ends past its closing bracket. */
  private flowCollection(): unknown {
    this.enter();
    const text = this.text;
    const isMapping = text.charCodeAt(this.pos) === OPEN_BRACE;
    const close = isMapping ? CLOSE_BRACE : CLOSE_BRACKET;
    const mapping: Record<string, unknown> = {};
    const sequence: unknown[] = [];
    this.pos++;
    this.skipSpaces();
    while (this.pos < this.end && text.charCodeAt(this.pos) !== close) {
      if (isMapping) {
        const key = this.flowKey();
        if (hasOwn.call(mapping, key)) giveUp();
        setProperty(mapping, key, this.flowNode());
      } else {
        sequence.push(this.flowNode());
      }
      this.skipSpaces();
      const c = this.pos < this.end ? text.charCodeAt(this.pos) : LF;
      if (c === COMMA) {
        this.pos++;
        this.skipSpaces();
      } else if (c !== close) {
        giveUp();
      }
    }
    if (this.pos >= this.end) giveUp();
    this.pos++;
    this.depth--;
    return isMapping ? mapping : sequence;
  }

  /** A flow mapping's key, its colon and the blank after it (`{a:b}` is a key, `{a:}` a null value: js-yaml's). */
  private flowKey(): string {
    const c = this.text.charCodeAt(this.pos);
    const quoted = c === SINGLE_QUOTE || c === DOUBLE_QUOTE;
    const quotedKey = quoted ? this.quoted() : '';
    if (!quoted) this.plainScalar(true);
    this.skipSpaces();
    if (this.text.charCodeAt(this.pos) !== COLON || this.pos + 1 >= this.end || this.text.charCodeAt(this.pos + 1) !== SPACE) giveUp();
    this.pos += 2;
    this.skipSpaces();
    return quoted ? quotedKey : this.scalars.keyAt(this.text, this.plainStart, this.plainEnd);
  }

  /** A node inside a flow collection: a nested collection or a one-line scalar. */
  private flowNode(): unknown {
    const c = this.pos < this.end ? this.text.charCodeAt(this.pos) : LF;
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.flowCollection();
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) return this.quoted();
    this.plainScalar(true);
    return this.scalars.value(this.text.slice(this.plainStart, this.plainEnd));
  }

  private skipSpaces(): void {
    while (this.pos < this.end && this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /** Whether `pos` (after blanks) is at the line end or a comment. */
  private atLineEnd(): boolean {
    if (this.pos >= this.end) return true;
    const c = this.text.charCodeAt(this.pos);
    return c === LF || c === CR || c === HASH;
  }

  /**
   * From the end of a node: blanks, an optional comment (after a blank), the line break; `pos`
   * ends at the start of the next line. Anything else on the line gives up.
   */
  private finishLine(): void {
    this.skipSpaces();
    if (this.pos >= this.end) return;
    const c = this.text.charCodeAt(this.pos);
    if (c === HASH) {
      if (this.text.charCodeAt(this.pos - 1) !== SPACE) giveUp();
      this.pos = this.commentEnd(this.pos);
      return;
    }
    this.pos = this.lineBreakEnd(this.pos);
  }

  /** The offset past the line break at text[i], which must be one. */
  private lineBreakEnd(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR && i + 1 < this.end && this.text.charCodeAt(i + 1) === LF) return i + 2;
    return giveUp();
  }

  /** The start of the line after the comment at text[i]. */
  private commentEnd(i: number): number {
    const text = this.text;
    for (let k = i + 1; k < this.end; k++) {
      const c = text.charCodeAt(k);
      // js-yaml ends a comment at a carriage return too, and refuses NUL anywhere.
      if (c === LF || c === CR) return this.lineBreakEnd(k);
      if (c === 0) giveUp();
    }
    return this.end;
  }

  /**
   * From a line start, past blank and comment lines, to the first character of the next content
   * line; sets `indent` (-1 at the end of the document) and `lineStart`. The first line that is
   * not blank (comment or content) may be indented at most `limit`: after a scalar, a deeper
   * line would be read by js-yaml as its continuation (or be an error).
   */
  private skipToContent(limit: number): void {
    const text = this.text;
    const end = this.end;
    let p = this.pos;
    let first = true;
    for (;;) {
      const lineStart = p;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p >= end) {
        this.pos = end;
        this.indent = -1;
        return;
      }
      const c = text.charCodeAt(p);
      if (c === LF || c === CR) {
        p = this.lineBreakEnd(p);
        continue;
      }
      if (first && p - lineStart > limit) giveUp();
      first = false;
      if (c === HASH) {
        p = this.commentEnd(p);
        continue;
      }
      // A tab or other control character where a node would start.
      if (c < SPACE) giveUp();
      this.pos = p;
      this.lineStart = lineStart;
      this.indent = p - lineStart;
      // The loader cuts documents at markers, so a marker inside one means the text did not
      // come from it; js-yaml would end the document there.
      if (this.indent === 0 && this.started && this.atMarker()) giveUp();
      return;
    }
  }

  /** Whether `pos` is at `---` or `...` followed by a blank or the line end. */
  private atMarker(): boolean {
    const text = this.text;
    const p = this.pos;
    const c = text.charCodeAt(p);
    if ((c !== DASH && c !== 0x2e) || p + 3 > this.end || text.charCodeAt(p + 1) !== c || text.charCodeAt(p + 2) !== c) return false;
    const next = p + 3 < this.end ? text.charCodeAt(p + 3) : LF;
    return next === SPACE || next === TAB || next === LF || next === CR;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) giveUp();
  }
}
