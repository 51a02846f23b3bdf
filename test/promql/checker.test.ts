/**
 * Differential test: src/promql's checker against Prometheus' own parser
 * (github.com/prometheus/prometheus/promql/parser, pinned in test/promql-oracle/go.mod), on a
 * corpus of valid and invalid expressions. Each verdict (accept/reject) and, for accepted
 * expressions, the result type must agree; the corpus also states the expected verdict, so the
 * oracle cannot silently change what is tested.
 */
import { execFileSync, spawnSync } from 'child_process';
import { join } from 'path';
import * as fc from 'fast-check';
import { checkPromQL } from '../../src/promql/parser';

jest.setTimeout(300_000);

type Verdict = 'accept' | 'reject';

/** [expression, verdict, why it is in the corpus]. */
const CORPUS: Array<[string, Verdict, string]> = [
  // Selectors.
  ['x', 'accept', 'bare metric name'],
  ['job:http_requests:rate5m', 'accept', 'recording-rule name with colons'],
  ['x{a="b"}', 'accept', 'equality matcher'],
  ['x{a="b",}', 'accept', 'trailing comma in matchers'],
  ['x{a!="b", c=~"d.*", e!~"f|g"}', 'accept', 'all four matcher operators'],
  ['{__name__="x"}', 'accept', 'metric name as a matcher'],
  ['{"my.dotted.metric"}', 'accept', 'quoted UTF-8 metric name'],
  ['{"my.metric", "service.name"="api"}', 'accept', 'quoted label name'],
  ['x{a=\'single\'}', 'accept', 'single-quoted string'],
  ['x{a=`raw\\d`}', 'accept', 'raw string'],
  ['x{a=~"(?i)payment.*"}', 'accept', 'RE2 flags'],
  ['{}', 'reject', 'empty selector'],
  ['{a=""}', 'reject', 'only empty matchers'],
  ['{a=~".*"}', 'reject', 'regex matching the empty string only'],
  ['{a=~".+"}', 'accept', 'regex that needs a character'],
  ['x{a="b"', 'reject', 'unterminated matcher list'],
  ['x{a}', 'reject', 'label without operator'],
  ['x{a=b}', 'reject', 'unquoted label value'],
  ['x{a=~"("}', 'reject', 'invalid regex'],
  ['x{__name__="y"}', 'reject', 'metric name set twice'],
  ['x{a="\\q"}', 'reject', 'unknown escape sequence'],
  ['x{a="b\nc"}', 'reject', 'newline in a quoted string'],
  // Range vectors and functions.
  ['rate(x[5m])', 'accept', 'rate of a range'],
  ['rate(x[5m]', 'reject', 'unclosed call'],
  ['rate(x)', 'reject', 'rate of an instant vector (lezer-promql accepts this)'],
  ['rate(x[5m], 1)', 'reject', 'too many arguments'],
  ['rate()', 'reject', 'too few arguments'],
  ['rate(x[0s])', 'reject', 'zero range'],
  ['rate(x[1h30m])', 'accept', 'compound duration'],
  ['rate(x[1.5h])', 'reject', 'fractional duration unit'],
  ['rate(x[300])', 'accept', 'range in plain seconds'],
  ['rate(x[5m:1m])', 'accept', 'subquery'],
  ['max_over_time(rate(x[5m])[1h:])', 'accept', 'subquery of a function, default step'],
  ['rate(sum(x)[5m])', 'reject', 'range of a non-selector'],
  ['rate(x[5m][10m:1m])', 'reject', 'subquery of a range vector'],
  ['rate(x[5m+1m])', 'reject', 'duration expression (experimental)'],
  ['x[5m]', 'accept', 'range vector at the top (valid PromQL, refused by our result-type check)'],
  ['histogram_quantile(0.9, rate(x_bucket[5m]))', 'accept', 'quantile over buckets'],
  ['histogram_quantile(rate(x_bucket[5m]), 0.9)', 'reject', 'arguments swapped'],
  ['histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', 'accept', 'bucket aggregation'],
  ['label_replace(x, "dst", "$1", "src", "(.*)")', 'accept', 'five-argument function'],
  ['label_replace(x, "dst", "$1", "src")', 'reject', 'four arguments for five'],
  ['label_join(x, "dst", ",", "a", "b", "c")', 'accept', 'variadic strings'],
  ['round(x)', 'accept', 'optional argument left out'],
  ['round(x, 0.5)', 'accept', 'optional argument given'],
  ['round(x, 1, 2)', 'reject', 'optional argument repeated'],
  ['clamp(x, 0, 1)', 'accept', 'scalar arguments'],
  ['clamp(x, "0", 1)', 'reject', 'string for a scalar'],
  ['time()', 'accept', 'no-argument scalar function'],
  ['time(x)', 'reject', 'argument to a no-argument function'],
  ['vector(1)', 'accept', 'vector of a scalar'],
  ['scalar(x)', 'accept', 'scalar of a vector'],
  ['hour()', 'accept', 'calendar function without argument'],
  ['absent(x{a="b"})', 'accept', 'absent'],
  ['predict_linear(x[1h], 3600)', 'accept', 'range and scalar'],
  ['quantile_over_time(0.9, x[5m])', 'accept', 'scalar then range'],
  ['foo(x)', 'reject', 'unknown function'],
  ['Rate(x[5m])', 'reject', 'function names are case-sensitive'],
  ['sort_by_label(x, "a")', 'reject', 'experimental function'],
  ['rate(x[5m],)', 'reject', 'trailing comma in call'],
  // Aggregations.
  ['sum(x)', 'accept', 'plain aggregation'],
  ['sum by (a) (x)', 'accept', 'grouping before'],
  ['sum(x) by (a)', 'accept', 'grouping after'],
  ['sum without (a, b,) (x)', 'accept', 'without, trailing comma'],
  ['sum by () (x)', 'accept', 'empty grouping'],
  ['SUM BY (a) (x)', 'accept', 'keywords are case-insensitive'],
  ['sum by (a) (x) by (b)', 'reject', 'grouping twice'],
  ['sum by (a)', 'reject', 'grouping without arguments'],
  ['sum()', 'reject', 'no argument'],
  ['sum(x, y)', 'reject', 'two arguments'],
  ['sum(rate(x[5m]))', 'accept', 'sum of a rate'],
  ['sum(x[5m])', 'reject', 'aggregation of a range vector'],
  ['topk(3, x)', 'accept', 'parameterised aggregation'],
  ['topk(x)', 'reject', 'missing parameter'],
  ['topk("3", x)', 'reject', 'string parameter'],
  ['quantile(0.9, x)', 'accept', 'quantile'],
  ['count_values("value", x)', 'accept', 'string parameter'],
  ['count_values(1, x)', 'reject', 'scalar for the string parameter'],
  ['limitk(2, x)', 'reject', 'experimental aggregation'],
  ['max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{namespace="finance"})', 'accept', 'our own alert shape'],
  ['sum by (on, bool, offset) (x)', 'accept', 'keywords as grouping labels'],
  // Binary operations.
  ['x + y', 'accept', 'vector arithmetic'],
  ['x > 5', 'accept', 'filter comparison'],
  ['1 > 2', 'reject', 'scalar comparison without bool'],
  ['1 > bool 2', 'accept', 'scalar comparison with bool'],
  ['x + bool y', 'reject', 'bool on arithmetic'],
  ['x * on(a) group_left(b) y', 'accept', 'many-to-one matching'],
  ['x / ignoring(a) y', 'accept', 'ignoring'],
  ['x and on(a) y', 'accept', 'set operation with matching'],
  ['x and on(a) group_left y', 'reject', 'grouping on a set operation'],
  ['x and 1', 'reject', 'set operation with a scalar'],
  ['1 + on(a) x', 'reject', 'vector matching with a scalar'],
  ['x * on(a) group_left(a) y', 'reject', 'label in on and group_left'],
  ['x >', 'reject', 'dangling operator'],
  ['x y', 'reject', 'two expressions without an operator'],
  ['-x', 'accept', 'unary minus on a vector'],
  ['-x[5m]', 'reject', 'unary minus on a range vector'],
  ['2 ^ 3 ^ 2', 'accept', 'right-associative power'],
  ['x atan2 y', 'accept', 'atan2 operator'],
  ['x or y unless z', 'accept', 'set operators'],
  ['"a" + 1', 'reject', 'string in arithmetic'],
  ['x == bool on (a) y', 'accept', 'bool before on'],
  ['x </ 5', 'accept', 'histogram trim operator (Prometheus 3)'],
  // Modifiers.
  ['x offset 5m', 'accept', 'offset'],
  ['x offset -5m', 'accept', 'negative offset'],
  ['rate(x[5m] offset 1h)', 'accept', 'offset on a range'],
  ['x offset 5m [5m]', 'reject', 'offset before the range'],
  ['sum(x) offset 5m', 'reject', 'offset on an aggregation'],
  ['x offset 5m offset 1m', 'reject', 'offset twice'],
  ['x offset', 'reject', 'offset without duration'],
  ['x @ 1609746000', 'accept', '@ timestamp'],
  ['x @ start()', 'accept', '@ start()'],
  ['rate(x[5m] @ end())', 'accept', '@ end() on a range'],
  ['x @ 100 offset 5m', 'accept', '@ and offset'],
  ['x @ 1 @ 2', 'reject', '@ twice'],
  ['sum(x) @ 100', 'reject', '@ on an aggregation'],
  ['x @ start', 'reject', 'start without parentheses'],
  ['x[5m] anchored', 'reject', 'experimental modifier'],
  // Literals and the rest.
  ['1', 'accept', 'number'],
  ['-1.5e3', 'accept', 'signed exponent number'],
  ['0x1F', 'accept', 'hex number'],
  ['Inf', 'accept', 'infinity'],
  ['NaN', 'accept', 'not a number'],
  ['5m', 'accept', 'duration as a number'],
  ['1_000', 'accept', 'digit separator'],
  ['"hello"', 'accept', 'string literal'],
  ['1 + 2 * 3', 'accept', 'scalar arithmetic'],
  ['(x)', 'accept', 'parenthesised'],
  ['((x)', 'reject', 'unclosed parenthesis'],
  ['x)', 'reject', 'extra closing parenthesis'],
  ['', 'reject', 'empty'],
  ['# only a comment', 'reject', 'comment only'],
  ['x # comment', 'accept', 'trailing comment'],
  ['x $ y', 'reject', 'unknown character'],
  ['1.5.2', 'reject', 'bad number'],
  ['5mm', 'reject', 'bad duration'],
  ['x offset 99999999999999999y', 'reject', 'offset beyond int64 nanoseconds'],
  ['x[99999999999999999999y]', 'reject', 'duration number beyond int64'],
];

/**
 * Generated expressions, mostly well-formed and often ill-typed: selectors, literals, modifiers,
 * function calls with 0-3 arguments, aggregations with grouping before or after, binary
 * operations with bool/on/ignoring/group_x, unary signs and parentheses.
 */
const GENERATED = 3_000;
const SEED = 20261201;

function generatedExpressions(): string[] {
  const selector = fc.tuple(fc.constantFrom('x', 'job:y', '', 'sum', 'offset'),
    fc.constantFrom('', '{a="b"}', '{a=~".+"}', '{a=""}', '{}', '{"q.r"}', '{a="b",}')).map(([m, l]) => m + l);
  const { expr } = fc.letrec((tie) => ({
    expr: fc.oneof({ depthSize: 'small' },
      selector,
      fc.constantFrom('1', '0.5', '5m', '"s"', 'Inf', '-2', 'time()'),
      fc.tuple(tie('expr'), fc.constantFrom('[5m]', '[5m:]', '[1h:1m]', ' offset 5m', ' @ 100', ' @ start()', '[0s]')).map(([e, m]) => e + m),
      fc.tuple(fc.constantFrom('rate', 'abs', 'round', 'vector', 'scalar', 'histogram_quantile', 'clamp', 'label_join', 'hour', 'predict_linear', 'count_over_time', 'sort'),
        fc.array(tie('expr'), { maxLength: 3 })).map(([f, a]) => `${f}(${a.join(', ')})`),
      fc.tuple(fc.constantFrom('sum', 'topk', 'count_values', 'quantile', 'max'), fc.constantFrom('', ' by (a)', ' without ()'),
        fc.array(tie('expr'), { maxLength: 2 }), fc.boolean())
        .map(([op, g, a, after]) => (after ? `${op}(${a.join(', ')})${g}` : `${op}${g}(${a.join(', ')})`)),
      fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '^', '%', '==', '>', '>=', 'and', 'or', 'unless', 'atan2', '</'),
        fc.constantFrom('', ' bool', ' on(a)', ' ignoring(b)', ' on(a) group_left(c)', ' bool on(a)', ' on(a) group_right'), tie('expr'))
        .map(([l, op, m, r]) => `${l} ${op}${m} ${r}`),
      fc.tuple(fc.constantFrom('-', '+'), tie('expr')).map(([u, e]) => u + e),
      tie('expr').map((e) => `(${e})`),
    ),
  }));
  return fc.sample(expr, { seed: SEED, numRuns: GENERATED });
}

interface OracleAnswer {
  readonly id: string;
  readonly ok: boolean;
  readonly type?: string;
  readonly error?: string;
}

function buildOracle(): string {
  try {
    const out = execFileSync('bash', [join(__dirname, '..', 'promql-oracle', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().split('\n').pop()!;
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? String(e);
    throw new Error(`The PromQL oracle could not be built (needs Go and the Go module proxy): ${stderr.trim()}`);
  }
}

function askOracle(binary: string, expressions: string[]): OracleAnswer[] {
  const input = expressions.map((expr, i) => JSON.stringify({ id: String(i), expr })).join('\n') + '\n';
  const result = spawnSync(binary, [], { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`promql oracle failed (${result.status}): ${result.stderr}`);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line) as OracleAnswer);
}

describe('the PromQL checker agrees with Prometheus\' parser', () => {
  let answers: OracleAnswer[];

  beforeAll(() => {
    answers = askOracle(buildOracle(), CORPUS.map(([expr]) => expr));
  });

  test('the corpus has at least 60 expressions, valid and invalid', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(CORPUS.filter(([, v]) => v === 'accept').length).toBeGreaterThanOrEqual(30);
    expect(CORPUS.filter(([, v]) => v === 'reject').length).toBeGreaterThanOrEqual(30);
  });

  test.each(CORPUS.map(([expr, verdict, why], i) => [why, expr, verdict, i] as const))('%s: %j', (_why, expr, verdict, i) => {
    const prometheus = answers[i];
    const ours = checkPromQL(expr);
    expect({ expr, prometheus: prometheus.ok ? 'accept' : 'reject' }).toEqual({ expr, prometheus: verdict });
    expect({ expr, ours: ours.ok ? 'accept' : 'reject', reason: ours.ok ? undefined : ours.reason })
      .toEqual({ expr, ours: verdict, reason: ours.ok ? undefined : expect.any(String) });
    if (ours.ok && prometheus.ok) expect(ours.type).toBe(prometheus.type);
  });

  test(`${GENERATED} generated expressions (seed ${SEED}): same verdict and type`, () => {
    const expressions = generatedExpressions();
    const oracle = askOracle(buildOracle(), expressions);
    const disagreements = expressions.flatMap((expr, i) => {
      const ours = checkPromQL(expr);
      const theirs = oracle[i];
      const same = ours.ok === theirs.ok && (!ours.ok || ours.type === theirs.type);
      return same ? [] : [`${JSON.stringify(expr)}: ours ${ours.ok ? ours.type : `rejects (${ours.reason})`}, Prometheus ${theirs.ok ? theirs.type : `rejects (${theirs.error})`}`];
    });
    expect(disagreements.slice(0, 20)).toEqual([]);
    // Both sides of the verdict are exercised.
    const accepted = oracle.filter((a) => a.ok).length;
    expect(accepted).toBeGreaterThan(GENERATED / 5);
    expect(GENERATED - accepted).toBeGreaterThan(GENERATED / 5);
  });

  test('any string gets a verdict, never an exception', () => {
    const promqlish = fc.array(fc.constantFrom(...'x{}[]()"\'`\\=~!<>/@:,.#-+*^%0159emshdwy_ \n\tsumbyoffset'.split('')), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), promqlish), (input) => {
      const result = checkPromQL(input);
      expect(typeof result.ok).toBe('boolean');
    }), { seed: SEED, numRuns: 5_000 });
  });
});
