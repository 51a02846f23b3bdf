/**
 * PromQL tokens, following Prometheus' lexer (promql/parser/lex.go): inside `{...}` only label
 * matchers, inside `[...]` only durations and `:`, elsewhere expressions. Keywords are
 * case-insensitive; metric names may contain ':' outside braces.
 */

export type TokenKind =
  | 'number' | 'duration' | 'string' | 'identifier' | 'metric-identifier' | 'keyword'
  | '(' | ')' | '{' | '}' | '[' | ']' | ',' | ':' | '@'
  | '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '<' | '>=' | '<=' | '='
  | '=~' | '!~' | '</' | '>/' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text; for keywords, lower-cased. */
  readonly text: string;
  /** Offset of the first character in the input (UTF-16 code units). */
  readonly pos: number;
}

/** A syntax or type error at a position of the input. */
export class PromQLError extends Error {
  constructor(public readonly pos: number, public readonly reason: string) {
    super(reason);
  }
}

/** Keywords of Prometheus' lexer (besides aggregators) that are on by default. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'atan2', 'bool', 'by', 'without', 'on', 'ignoring', 'group_left',
  'group_right', 'offset', 'start', 'end', 'step', 'range', 'anchored', 'smoothed', 'max_of', 'min_of',
  'sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile',
  'limitk', 'limit_ratio']);

/** Prometheus' duration syntax (model.ParseDuration): units in this order, each at most once. */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const HEX = /^0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*/;
const DECIMAL = /^(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?/;

const isAlpha = (c: string) => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlphaNumeric = (c: string) => isAlpha(c) || isDigit(c);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Splits a PromQL expression into tokens; throws PromQLError at the first character it cannot read. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let parenDepth = 0;
  let inBraces = false;
  let inBrackets = false;
  const push = (kind: TokenKind, text: string, pos: number) => tokens.push({ kind, text, pos });

  while (i < input.length) {
    const c = input[i];
    const start = i;
    if (isSpace(c)) { i++; continue; }
    if (c === '#') {
      while (i < input.length && input[i] !== '\n' && input[i] !== '\r') i++;
      continue;
    }
    if (c === '"' || c === '\'' || c === '`') {
      i = scanString(input, i);
      push('string', input.slice(start, i), start);
      continue;
    }
    if (inBraces) {
      if (isAlpha(c)) {
        while (i < input.length && isAlphaNumeric(input[i])) i++;
        push('identifier', input.slice(start, i), start);
      } else if (c === ',') { push(',', c, i++); } else if (c === '}') {
        push('}', c, i++);
        inBraces = false;
      } else if (c === '=') {
        if (input[i + 1] === '~') { push('=~', '=~', i); i += 2; } else {push('=', c, i++);}
      } else if (c === '!' && (input[i + 1] === '~' || input[i + 1] === '=')) {
        push(input[i + 1] === '~' ? '!~' : '!=', input.slice(i, i + 2), i);
        i += 2;
      } else {
        throw new PromQLError(i, `unexpected character inside braces: ${JSON.stringify(c)}`);
      }
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(input[i + 1] ?? ''))) {
      i = scanNumberOrDuration(input, i, push);
      continue;
    }
    if (inBrackets && (isAlpha(c) || c === ':')) {
      if (c === ':') { push(':', c, i++); continue; }
      while (i < input.length && isAlpha(input[i])) i++;
      const word = input.slice(start, i).toLowerCase();
      if (word === 'step' || word === 'range' || word === 'max_of' || word === 'min_of') {
        throw new PromQLError(start, 'duration expressions (step(), range(), arithmetic) are experimental and not enabled');
      }
      throw new PromQLError(start, `unexpected character in a range: ${JSON.stringify(c)}, expected a duration such as 5m`);
    }
    if (isAlpha(c) || c === ':') {
      while (i < input.length && (isAlphaNumeric(input[i]) || input[i] === ':')) i++;
      const word = input.slice(start, i);
      const lower = word.toLowerCase();
      if (lower === 'inf' || lower === 'nan') push('number', word, start);
      else if (KEYWORDS.has(lower)) push('keyword', lower, start);
      else push(word.includes(':') ? 'metric-identifier' : 'identifier', word, start);
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '>=' || two === '<=' || two === '=~' || two === '!~') {
      if (two === '=~' || two === '!~') throw new PromQLError(i, `unexpected character after '${c}': '~'`);
      push(two as TokenKind, two, i);
      i += 2;
      continue;
    }
    if (two === '</' || two === '>/') {
      // Histogram trim operators (Prometheus 3.x): bind like comparisons.
      push(two, two, i);
      i += 2;
      continue;
    }
    switch (c) {
      case '(': parenDepth++; push('(', c, i++); break;
      case ')':
        if (--parenDepth < 0) throw new PromQLError(i, 'unexpected right parenthesis \')\'');
        push(')', c, i++);
        break;
      case '{': inBraces = true; push('{', c, i++); break;
      case '[':
        if (inBrackets) throw new PromQLError(i, 'unexpected left bracket \'[\'');
        inBrackets = true;
        push('[', c, i++);
        break;
      case ']':
        if (!inBrackets) throw new PromQLError(i, 'unexpected right bracket \']\'');
        inBrackets = false;
        push(']', c, i++);
        break;
      case '}': throw new PromQLError(i, 'unexpected right brace \'}\'');
      case '!': throw new PromQLError(i, `unexpected character after '!': ${JSON.stringify(input[i + 1] ?? '')}`);
      case ',': case '@': case '+': case '-': case '*': case '/': case '%': case '^': case '>': case '<': case '=':
        push(c as TokenKind, c, i++);
        break;
      default:
        throw new PromQLError(i, `unexpected character: ${JSON.stringify(c)}`);
    }
  }
  if (inBraces) throw new PromQLError(input.length, 'unexpected end of input inside braces');
  if (parenDepth > 0) throw new PromQLError(input.length, 'unclosed left parenthesis');
  if (inBrackets) throw new PromQLError(input.length, 'unclosed left bracket');
  tokens.push({ kind: 'eof', text: '', pos: input.length });
  return tokens;
}

/** Scans a quoted string from its opening quote; returns the index after the closing quote. */
function scanString(input: string, start: number): number {
  const quote = input[start];
  let i = start + 1;
  while (i < input.length) {
    const c = input[i];
    if (c === quote) return i + 1;
    if (quote !== '`' && c === '\n') break;
    if (quote !== '`' && c === '\\') {
      i = scanEscape(input, i + 1, quote);
      continue;
    }
    i++;
  }
  throw new PromQLError(start, quote === '`' ? 'unterminated raw string' : 'unterminated quoted string');
}

/** Go's escape sequences (lex.go lexEscape); returns the index after the escape. */
function scanEscape(input: string, i: number, quote: string): number {
  const c = input[i];
  if (c === undefined) throw new PromQLError(i, 'escape sequence not terminated');
  if ('abfnrtv\\'.includes(c) || c === quote) return i + 1;
  let digits: number;
  let base: number;
  let max: number;
  if (c >= '0' && c <= '7') { digits = 3; base = 8; max = 255; } else if (c === 'x') { digits = 2; base = 16; max = 255; i++; } else if (c === 'u') {
    digits = 4; base = 16; max = 0x10ffff; i++;
  } else if (c === 'U') { digits = 8; base = 16; max = 0x10ffff; i++; } else {
    throw new PromQLError(i, `unknown escape sequence ${JSON.stringify(c)}`);
  }
  let value = 0;
  for (let n = 0; n < digits; n++, i++) {
    const d = parseInt(input[i] ?? '', 16);
    if (Number.isNaN(d) || d >= base) {
      throw new PromQLError(i, input[i] === undefined ? 'escape sequence not terminated' : `illegal character ${JSON.stringify(input[i])} in escape sequence`);
    }
    value = value * base + d;
  }
  if (value > max || (value >= 0xd800 && value < 0xe000)) throw new PromQLError(i, 'escape sequence is an invalid Unicode code point');
  return i;
}

/** A number (decimal, hex, with '_' between digits) or a duration such as 1h30m. */
function scanNumberOrDuration(input: string, start: number, push: (kind: TokenKind, text: string, pos: number) => void): number {
  const rest = input.slice(start);
  const number = (HEX.exec(rest) ?? DECIMAL.exec(rest))![0];
  let end = start + number.length;
  if (end >= input.length || !isAlphaNumeric(input[end])) {
    push('number', number, start);
    return end;
  }
  // Digits followed by letters: a duration, which must be nothing but digits and units.
  while (end < input.length && isAlphaNumeric(input[end])) end++;
  const text = input.slice(start, end);
  if (!/^\d/.test(text) || !/[smhdwy]/.test(input[start + number.length]) || text === '' || !DURATION.test(text)) {
    throw new PromQLError(start, `bad number or duration syntax: ${JSON.stringify(text)}`);
  }
  checkDurationRange(text, start);
  push('duration', text, start);
  return end;
}

const INT64_MAX = BigInt('9223372036854775807');
const NANOS_PER_UNIT: Array<bigint> = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1].map((s) => BigInt(s) * BigInt(1e9))
  .concat([BigInt(1e6)]);

/** model.ParseDuration's limits: every number and the total fit an int64 of nanoseconds. */
function checkDurationRange(text: string, pos: number): void {
  const parts = DURATION.exec(text)!.slice(1);
  let total = BigInt(0);
  parts.forEach((part, index) => {
    if (part === undefined) return;
    const value = BigInt(part);
    if (value > INT64_MAX) throw new PromQLError(pos, `not a valid duration string: ${JSON.stringify(text)}`);
    total += value * NANOS_PER_UNIT[index];
  });
  if (total > INT64_MAX) throw new PromQLError(pos, `duration out of range: ${JSON.stringify(text)}`);
}

/** Seconds of a duration token (validated by the lexer). */
export function durationSeconds(text: string): number {
  const m = DURATION.exec(text)!;
  const [y, w, d, h, min, s, ms] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return y * 365 * 86400 + w * 7 * 86400 + d * 86400 + h * 3600 + min * 60 + s + ms / 1000;
}

/** The value of a number token, as Go's strconv would read it (NaN for Inf/NaN spelled out is fine). */
export function numberValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf') return Infinity;
  if (lower === 'nan') return NaN;
  const plain = text.replace(/_/g, '');
  return /^0[xX]/.test(plain) ? parseInt(plain.slice(2), 16) : Number(plain);
}
