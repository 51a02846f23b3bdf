/**
 * PromQL functions and their signatures, as Prometheus' parser checks them
 * (prometheus/prometheus promql/parser/functions.go, module v0.315.0 = Prometheus 3.15).
 * Experimental functions (behind `--enable-feature=promql-experimental-functions`) are left
 * out: a default Prometheus rejects them.
 */

/** The four value types of PromQL. */
export type ValueType = 'scalar' | 'instant vector' | 'range vector' | 'string';

/** A function's argument types, how many trailing optional arguments it takes, and its result. */
export interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** 0: exactly `args`; n > 0: the last argument may be left out or repeated up to n times in all; -1: repeated without limit. */
  readonly variadic: number;
  readonly returns: ValueType;
}

const V: ValueType = 'instant vector';
const M: ValueType = 'range vector';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';

const fixed = (args: ValueType[], returns: ValueType = V): FunctionSignature => ({ args, variadic: 0, returns });
const optional = (args: ValueType[]): FunctionSignature => ({ args, variadic: 1, returns: V });

const vectorMath = ['abs', 'absent', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'cos', 'cosh', 'deg',
  'exp', 'floor', 'histogram_avg', 'histogram_count', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum', 'ln',
  'log10', 'log2', 'rad', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'tan', 'tanh', 'timestamp'];
const overTime = ['absent_over_time', 'avg_over_time', 'changes', 'count_over_time', 'delta', 'deriv', 'first_over_time',
  'idelta', 'increase', 'irate', 'last_over_time', 'max_over_time', 'min_over_time', 'present_over_time', 'rate',
  'resets', 'stddev_over_time', 'stdvar_over_time', 'sum_over_time'];
const calendar = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];

/** Every non-experimental function of Prometheus 3.15, by name (names are case-sensitive). */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map<string, FunctionSignature>([
  ...vectorMath.map((name) => [name, fixed([V])] as const),
  ...overTime.map((name) => [name, fixed([M])] as const),
  // With no argument these read the evaluation time: vector(time()).
  ...calendar.map((name) => [name, { args: [V], variadic: 1, returns: V }] as const),
  ['clamp', fixed([V, S, S])],
  ['clamp_max', fixed([V, S])],
  ['clamp_min', fixed([V, S])],
  ['histogram_fraction', fixed([S, S, V])],
  ['histogram_quantile', fixed([S, V])],
  ['label_join', { args: [V, STR, STR, STR], variadic: -1, returns: V }],
  ['label_replace', fixed([V, STR, STR, STR, STR])],
  ['pi', fixed([], S)],
  ['predict_linear', fixed([M, S])],
  ['quantile_over_time', fixed([S, M])],
  ['round', optional([V, S])],
  ['scalar', fixed([V], S)],
  ['time', fixed([], S)],
  ['vector', fixed([S])],
]);

/** Aggregation operators (keywords, case-insensitive) and the type of their leading parameter, if any. */
export const AGGREGATORS: ReadonlyMap<string, ValueType | undefined> = new Map<string, ValueType | undefined>([
  ['sum', undefined], ['avg', undefined], ['count', undefined], ['min', undefined], ['max', undefined],
  ['group', undefined], ['stddev', undefined], ['stdvar', undefined],
  ['topk', S], ['bottomk', S], ['quantile', S], ['count_values', STR],
]);

/** Aggregators Prometheus knows but only behind the experimental-functions flag. */
export const EXPERIMENTAL_AGGREGATORS: ReadonlySet<string> = new Set(['limitk', 'limit_ratio']);
