/**
 * A PromQL checker: parses an expression and checks its types the way Prometheus' parser does
 * (promql/parser generated_parser.y and parse.go checkAST, Prometheus 3.15 with default
 * feature flags), and reports the first problem with its position.
 *
 * It only decides "would Prometheus accept this, and of which type is it"; it builds no AST
 * beyond what the checks need.
 */
import { AGGREGATORS, EXPERIMENTAL_AGGREGATORS, FUNCTIONS, ValueType } from './functions';
import { durationSeconds, numberValue, PromQLError, Token, TokenKind, tokenize } from './lexer';

/** What the checks need to know of a parsed expression. */
interface Node {
  readonly type: ValueType;
  readonly kind: 'number' | 'string' | 'vector-selector' | 'matrix-selector' | 'subquery' | 'call' | 'aggregate' | 'binary' | 'unary' | 'paren';
  readonly pos: number;
  /** Selectors and subqueries: whether `offset` / `@` is already set (each may be set once). */
  readonly offset?: boolean;
  readonly at?: boolean;
}

/** Binary operators by precedence, lowest first (generated_parser.y %left/%right). */
const PRECEDENCE: Record<string, number> = {
  'or': 1,
  'and': 2,
  'unless': 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '<': 3,
  '>=': 3,
  '<=': 3,
  '</': 3,
  '>/': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  'atan2': 5,
  '^': 6,
};
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPERATORS = new Set(['and', 'or', 'unless']);
/** Keywords that may also name a metric (generated_parser.y metric_identifier). */
const KEYWORD_METRIC_NAMES = new Set(['avg', 'bottomk', 'by', 'count', 'count_values', 'group', 'and', 'or', 'unless',
  'max', 'min', 'offset', 'quantile', 'stddev', 'stdvar', 'sum', 'topk', 'without', 'start', 'end', 'limitk',
  'limit_ratio', 'step', 'range', 'anchored', 'smoothed', 'max_of', 'min_of']);
/** Keywords that may name a label in by/without/on/ignoring/group_x lists (maybe_label). */
const KEYWORD_LABEL_NAMES = new Set([...KEYWORD_METRIC_NAMES, 'bool', 'group_left', 'group_right', 'ignoring', 'on', 'atan2']);

/** Vector matching and `bool` of a binary operation. */
interface Matching {
  readonly bool: boolean;
  /** `on(...)` rather than `ignoring(...)`. */
  readonly on: boolean;
  readonly labels: string[];
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  readonly include: string[];
}

/** The type of a valid expression, or the first problem and where it is. */
export type PromQLCheck =
  | { readonly ok: true; readonly type: ValueType }
  | { readonly ok: false; readonly position: number; readonly reason: string };

/** Checks a PromQL expression as Prometheus' parser would. */
export function checkPromQL(input: string): PromQLCheck {
  try {
    const tokens = tokenize(input);
    if (tokens.length === 1) throw new PromQLError(0, 'no expression found in input');
    const parser = new Parser(tokens);
    const node = parser.expression(0);
    parser.expectEnd();
    return { ok: true, type: node.type };
  } catch (e) {
    if (e instanceof PromQLError) return { ok: false, position: e.pos, reason: e.reason };
    throw e;
  }
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  /** Precedence climbing over binary operators; `minPrecedence` 0 accepts any. */
  public expression(minPrecedence: number): Node {
    let left = this.unary();
    for (;;) {
      const op = this.binaryOperator();
      if (op === undefined || PRECEDENCE[op] < minPrecedence) break;
      const opToken = this.next();
      const matching = this.binaryModifiers();
      // '^' is right-associative: its right side may hold another '^'.
      const right = this.expression(op === '^' ? PRECEDENCE[op] : PRECEDENCE[op] + 1);
      left = this.binary(left, op, opToken.pos, matching, right);
    }
    return left;
  }

  public expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpected(t, 'end of input');
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private accept(kind: TokenKind, text?: string): Token | undefined {
    const t = this.peek();
    if (t.kind === kind && (text === undefined || t.text === text)) return this.next();
    return undefined;
  }

  private expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw this.unexpected(t, what);
    return this.next();
  }

  private unexpected(t: Token, expected: string): PromQLError {
    const found = t.kind === 'eof' ? 'end of input' : `${JSON.stringify(t.text)}`;
    return new PromQLError(t.pos, `unexpected ${found}, expected ${expected}`);
  }

  private binaryOperator(): string | undefined {
    const t = this.peek();
    if (t.kind === 'keyword' && (SET_OPERATORS.has(t.text) || t.text === 'atan2')) return t.text;
    if (Object.prototype.hasOwnProperty.call(PRECEDENCE, t.kind)) return t.kind;
    return undefined;
  }

  /** `bool`, `on(...)`/`ignoring(...)`, `group_left(...)`/`group_right(...)` after an operator. */
  private binaryModifiers(): Matching {
    const bool = this.accept('keyword', 'bool') !== undefined;
    let on = false;
    let labels: string[] = [];
    let card: Matching['card'] = 'one-to-one';
    let include: string[] = [];
    const matching = this.accept('keyword', 'on') ?? this.accept('keyword', 'ignoring');
    if (matching) {
      labels = this.groupingLabels();
      on = matching.text === 'on';
      const group = this.accept('keyword', 'group_left') ?? this.accept('keyword', 'group_right');
      if (group) {
        card = group.text === 'group_left' ? 'many-to-one' : 'one-to-many';
        if (this.peek().kind === '(') include = this.groupingLabels();
      }
    }
    if (this.peek().kind === 'identifier' && /^fill(_left|_right)?$/i.test(this.peek().text) && this.peek(1).kind === '(') {
      throw new PromQLError(this.peek().pos, 'binop fill modifiers are experimental and not enabled');
    }
    return { bool, on, labels, card, include };
  }

  private binary(left: Node, op: string, opPos: number, m: Matching, right: Node): Node {
    if (m.bool && !COMPARISONS.has(op)) throw new PromQLError(opPos, 'bool modifier can only be used on comparison operators');
    const bothScalar = left.type === 'scalar' && right.type === 'scalar';
    if (COMPARISONS.has(op) && !m.bool && bothScalar) throw new PromQLError(opPos, 'comparisons between scalars must use BOOL modifier');
    for (const label of m.on ? m.labels : []) {
      if (m.include.includes(label)) throw new PromQLError(opPos, `label ${JSON.stringify(label)} must not occur in ON and GROUP clause at once`);
    }
    for (const side of [left, right]) {
      if (side.type !== 'scalar' && side.type !== 'instant vector') {
        throw new PromQLError(side.pos, 'binary expression must contain only scalar and instant vector types');
      }
    }
    const bothVectors = left.type === 'instant vector' && right.type === 'instant vector';
    if (!bothVectors && m.labels.length > 0) {
      throw new PromQLError(opPos, 'vector matching only allowed between instant vectors');
    }
    if (bothVectors && SET_OPERATORS.has(op) && m.card !== 'one-to-one') {
      throw new PromQLError(opPos, `no grouping allowed for "${op}" operation`);
    }
    if (!bothVectors && SET_OPERATORS.has(op)) throw new PromQLError(opPos, `set operator "${op}" not allowed in binary scalar expression`);
    return { type: bothScalar ? 'scalar' : 'instant vector', kind: 'binary', pos: left.pos };
  }

  /** A unary +/- binds like '*' (so `-x ^ 2` is `-(x ^ 2)`), then the postfix modifiers. */
  private unary(): Node {
    const t = this.peek();
    if (t.kind === '+' || t.kind === '-') {
      this.next();
      const operand = this.expression(PRECEDENCE['*'] + 1);
      if (operand.kind === 'number') return { ...operand, pos: t.pos };
      if (operand.type !== 'scalar' && operand.type !== 'instant vector') {
        throw new PromQLError(t.pos, `unary expression only allowed on expressions of type scalar or instant vector, got "${operand.type}"`);
      }
      return { type: operand.type, kind: 'unary', pos: t.pos };
    }
    return this.postfix(this.primary());
  }

  /** `[range]`, `[range:step]`, `offset d`, `@ t` after an expression. */
  private postfix(node: Node): Node {
    for (;;) {
      const t = this.peek();
      if (t.kind === '[') {
        node = this.rangeOrSubquery(node);
      } else if (t.kind === 'keyword' && t.text === 'offset') {
        this.next();
        if (!this.accept('-')) this.accept('+');
        const d = this.peek();
        if (d.kind !== 'number' && d.kind !== 'duration') throw this.unexpected(d, 'a duration after offset');
        this.next();
        if (!this.isModifiable(node)) {
          throw new PromQLError(node.pos, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
        }
        if (node.offset) throw new PromQLError(node.pos, 'offset may not be set multiple times');
        node = { ...node, offset: true };
      } else if (t.kind === '@') {
        this.next();
        const sign = this.accept('-') ?? this.accept('+');
        const v = this.peek();
        if (!sign && v.kind === 'keyword' && (v.text === 'start' || v.text === 'end')) {
          this.next();
          this.expect('(', '"(" after @ start/end');
          this.expect(')', '")"');
        } else if (v.kind === 'number' || v.kind === 'duration') {
          this.next();
          const value = v.kind === 'number' ? numberValue(v.text) : durationSeconds(v.text);
          if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) {
            throw new PromQLError(node.pos, `timestamp out of bounds for @ modifier: ${v.text}`);
          }
        } else {
          throw this.unexpected(v, 'a timestamp, start() or end() after @');
        }
        if (!this.isModifiable(node)) {
          throw new PromQLError(node.pos, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
        }
        if (node.at) throw new PromQLError(node.pos, '@ <timestamp> may not be set multiple times');
        node = { ...node, at: true };
      } else if (t.kind === 'keyword' && (t.text === 'anchored' || t.text === 'smoothed')) {
        throw new PromQLError(t.pos, `the ${t.text} modifier is experimental and not enabled`);
      } else {
        return node;
      }
    }
  }

  private isModifiable(node: Node): boolean {
    return node.kind === 'vector-selector' || node.kind === 'matrix-selector' || node.kind === 'subquery';
  }

  private rangeOrSubquery(node: Node): Node {
    const open = this.next();
    this.positiveDuration();
    if (this.accept(']')) {
      if (node.kind !== 'vector-selector') throw new PromQLError(open.pos, 'ranges only allowed for vector selectors');
      if (node.offset) throw new PromQLError(open.pos, 'no offset modifiers allowed before range');
      if (node.at) throw new PromQLError(open.pos, 'no @ modifiers allowed before range');
      return { type: 'range vector', kind: 'matrix-selector', pos: node.pos };
    }
    this.expect(':', '":" or "]"');
    if (!this.accept(']')) {
      this.positiveDuration();
      this.expect(']', '"]"');
    }
    if (node.type !== 'instant vector') {
      throw new PromQLError(node.pos, `subquery is only allowed on instant vector, got ${node.type} instead`);
    }
    return { type: 'range vector', kind: 'subquery', pos: node.pos };
  }

  /** A range or step: a duration (5m) or a number of seconds, greater than 0. */
  private positiveDuration(): void {
    const t = this.peek();
    if (t.kind === 'number' || t.kind === 'duration') {
      this.next();
      const seconds = t.kind === 'number' ? numberValue(t.text) : durationSeconds(t.text);
      if (!(seconds > 0)) throw new PromQLError(t.pos, 'duration must be greater than 0');
      const after = this.peek().kind;
      if (after !== ']' && after !== ':') {
        throw new PromQLError(this.peek().pos, 'duration expressions (arithmetic in ranges) are experimental and not enabled');
      }
      return;
    }
    if (t.kind === '+' || t.kind === '-' || t.kind === '(') {
      throw new PromQLError(t.pos, 'duration expressions (arithmetic in ranges) are experimental and not enabled');
    }
    throw this.unexpected(t, 'a duration such as 5m');
  }

  private primary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
      case 'duration':
        this.next();
        return { type: 'scalar', kind: 'number', pos: t.pos };
      case 'string':
        this.next();
        unquote(t);
        return { type: 'string', kind: 'string', pos: t.pos };
      case '(': {
        this.next();
        const inner = this.expression(0);
        this.expect(')', '")"');
        return { type: inner.type, kind: 'paren', pos: t.pos };
      }
      case '{':
        return this.vectorSelector(undefined);
      case 'identifier':
        if (this.peek(1).kind === '(') return this.call();
        this.next();
        return this.vectorSelector(t);
      case 'metric-identifier':
        this.next();
        return this.vectorSelector(t);
      case 'keyword':
        if (AGGREGATORS.has(t.text) || EXPERIMENTAL_AGGREGATORS.has(t.text)) {
          const after = this.peek(1);
          if (after.kind === '(' || (after.kind === 'keyword' && (after.text === 'by' || after.text === 'without'))) return this.aggregate();
        }
        if ((t.text === 'start' || t.text === 'end' || t.text === 'step' || t.text === 'range' || t.text === 'max_of' || t.text === 'min_of')
          && this.peek(1).kind === '(') {
          throw new PromQLError(t.pos, `function "${t.text}" is not enabled`);
        }
        if (KEYWORD_METRIC_NAMES.has(t.text)) {
          this.next();
          return this.vectorSelector(t);
        }
        throw this.unexpected(t, 'an expression');
      default:
        throw this.unexpected(t, 'an expression');
    }
  }

  private call(): Node {
    const name = this.next();
    const fn = FUNCTIONS.get(name.text);
    if (!fn) throw new PromQLError(name.pos, `unknown function with name ${JSON.stringify(name.text)}`);
    const args = this.callArguments();
    const required = fn.variadic === 0 ? fn.args.length : fn.args.length - 1;
    if (fn.variadic === 0 && args.length !== fn.args.length) {
      throw new PromQLError(name.pos, `expected ${fn.args.length} argument(s) in call to ${JSON.stringify(name.text)}, got ${args.length}`);
    }
    if (args.length < required) {
      throw new PromQLError(name.pos, `expected at least ${required} argument(s) in call to ${JSON.stringify(name.text)}, got ${args.length}`);
    }
    if (fn.variadic > 0 && args.length > required + fn.variadic) {
      throw new PromQLError(name.pos, `expected at most ${required + fn.variadic} argument(s) in call to ${JSON.stringify(name.text)}, got ${args.length}`);
    }
    args.forEach((arg, index) => {
      const want = fn.args[Math.min(index, fn.args.length - 1)];
      if (arg.type !== want) {
        throw new PromQLError(arg.pos, `expected type ${want} in call to function ${JSON.stringify(name.text)}, got ${arg.type}`);
      }
    });
    return { type: fn.returns, kind: 'call', pos: name.pos };
  }

  private callArguments(): Node[] {
    this.expect('(', '"("');
    const args: Node[] = [];
    if (this.accept(')')) return args;
    for (;;) {
      args.push(this.expression(0));
      if (this.accept(')')) return args;
      const comma = this.expect(',', '"," or ")"');
      if (this.peek().kind === ')') throw new PromQLError(comma.pos, 'trailing commas not allowed in function call args');
    }
  }

  private aggregate(): Node {
    const op = this.next();
    const before = this.aggregateModifier();
    const args = this.callArguments();
    if (!before) this.aggregateModifier();
    if (EXPERIMENTAL_AGGREGATORS.has(op.text)) {
      throw new PromQLError(op.pos, `${op.text}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`);
    }
    if (args.length === 0) throw new PromQLError(op.pos, 'no arguments for aggregate expression provided');
    const param = AGGREGATORS.get(op.text);
    const wanted = param === undefined ? 1 : 2;
    if (args.length !== wanted) {
      throw new PromQLError(op.pos, `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`);
    }
    const expr = args[wanted - 1];
    if (expr.type !== 'instant vector') throw new PromQLError(expr.pos, `expected type instant vector in aggregation expression, got ${expr.type}`);
    if (param !== undefined && args[0].type !== param) {
      throw new PromQLError(args[0].pos, `expected type ${param} in aggregation parameter, got ${args[0].type}`);
    }
    return { type: 'instant vector', kind: 'aggregate', pos: op.pos };
  }

  /** `by (...)` or `without (...)`, if present. */
  private aggregateModifier(): boolean {
    const t = this.peek();
    if (t.kind === 'keyword' && (t.text === 'by' || t.text === 'without')) {
      this.next();
      this.groupingLabels();
      return true;
    }
    return false;
  }

  /** `(label, ...)`, a trailing comma allowed; keywords and quoted names count as labels. */
  private groupingLabels(): string[] {
    this.expect('(', '"(" and grouping labels');
    const labels: string[] = [];
    while (!this.accept(')')) {
      const t = this.next();
      // Any non-empty UTF-8 name is a label name since Prometheus 3 (model.UTF8Validation).
      if (t.kind === 'identifier' || t.kind === 'metric-identifier' || (t.kind === 'keyword' && KEYWORD_LABEL_NAMES.has(t.text))) {
        labels.push(t.text);
      } else if (t.kind === 'string') {
        const name = unquote(t);
        if (name === '') throw new PromQLError(t.pos, 'invalid label name for grouping: ""');
        labels.push(name);
      } else {
        throw this.unexpected(t, 'a label name');
      }
      if (!this.accept(',') && this.peek().kind !== ')') throw this.unexpected(this.peek(), '"," or ")"');
    }
    return labels;
  }

  /** `name`, `name{matchers}` or `{matchers}`. */
  private vectorSelector(name: Token | undefined): Node {
    const pos = name?.pos ?? this.peek().pos;
    let metricName = name?.text;
    let nonEmptyMatcher = metricName !== undefined;
    if (this.accept('{')) {
      while (!this.accept('}')) {
        const label = this.next();
        let labelName: string;
        if (label.kind === 'identifier') {
          labelName = label.text;
        } else if (label.kind === 'string') {
          labelName = unquote(label);
          if (this.peek().kind === ',' || this.peek().kind === '}') {
            // A quoted name alone is the metric name: {"my.metric"}.
            if (metricName !== undefined) throw new PromQLError(pos, `metric name must not be set twice: ${JSON.stringify(metricName)} or ${JSON.stringify(labelName)}`);
            metricName = labelName;
            nonEmptyMatcher = true;
            if (!this.accept(',') && this.peek().kind !== '}') throw this.unexpected(this.peek(), '"," or "}"');
            continue;
          }
        } else {
          throw this.unexpected(label, 'a label name or "}"');
        }
        const op = this.next();
        if (op.kind !== '=' && op.kind !== '!=' && op.kind !== '=~' && op.kind !== '!~') throw this.unexpected(op, 'a label matching operator');
        const value = this.peek();
        if (value.kind !== 'string') throw this.unexpected(value, 'a string');
        this.next();
        const text = unquote(value);
        if (labelName === '__name__' && metricName !== undefined && name !== undefined) {
          throw new PromQLError(pos, `metric name must not be set twice: ${JSON.stringify(metricName)} or ${JSON.stringify(text)}`);
        }
        if (!matchesEmpty(op.kind, text, label.pos)) nonEmptyMatcher = true;
        if (!this.accept(',') && this.peek().kind !== '}') throw this.unexpected(this.peek(), '"," or "}"');
      }
    }
    if (!nonEmptyMatcher) throw new PromQLError(pos, 'vector selector must contain at least one non-empty matcher');
    return { type: 'instant vector', kind: 'vector-selector', pos };
  }
}

/** Whether a matcher matches the empty label value (Prometheus refuses selectors of only such matchers). */
function matchesEmpty(op: string, value: string, pos: number): boolean {
  if (op === '=') return value === '';
  if (op === '!=') return value !== '';
  const re = re2AsJs(value, pos);
  return op === '=~' ? re.test('') : !re.test('');
}

/** The value of a string token: Go string syntax (escapes were checked by the lexer). */
function unquote(t: Token): string {
  const body = t.text.slice(1, -1);
  if (t.text[0] === '`') return body;
  return body.replace(/\\(?:([abfnrtv\\'"])|([0-7]{3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/g,
    (_m, simple: string, oct: string, hex: string, u4: string, u8: string) => {
      if (simple) return ({ a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' } as Record<string, string>)[simple] ?? simple;
      return String.fromCodePoint(parseInt(oct ?? hex ?? u4 ?? u8, oct ? 8 : 16));
    });
}

/**
 * Compiles an RE2 pattern (Prometheus' regex syntax, anchored at both ends) as a JavaScript
 * RegExp close enough to tell whether it matches the empty string. RE2 has no lookaround or
 * backreferences, which JavaScript would accept; leading flags such as `(?i)` become JS flags.
 */
function re2AsJs(pattern: string, pos: number): RegExp {
  const invalid = (why: string) => new PromQLError(pos, `invalid regular expression ${JSON.stringify(pattern)}: ${why}`);
  if (/\(\?<?[=!]/.test(pattern)) throw invalid('lookaround is not supported (RE2 syntax)');
  if (/(^|[^\\])\\[1-9]/.test(pattern)) throw invalid('backreferences are not supported (RE2 syntax)');
  let body = pattern.replace(/\(\?P</g, '(?<');
  let flags = 's';
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1].includes('i')) flags += 'i';
    body = body.slice(leading[0].length);
  }
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (e) {
    throw invalid((e as Error).message);
  }
}
