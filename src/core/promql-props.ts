import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { checkPromQL } from '../promql/parser';

/**
 * Checks PromQL a user gives (an alert's backlog query, a KEDA Prometheus trigger's query) at
 * synth time, so a typo fails the build instead of landing in a PrometheusRule the operator
 * rejects or a ScaledObject whose scaler errors in the cluster. The result must be an instant
 * vector: the alert writes `(<query>) > <threshold>` (a scalar there needs `bool`), and KEDA's
 * Prometheus scaler reads the value of a vector result.
 * @internal
 */
export function checkUserPromQL(where: IConstruct | string, prop: string, expr: string): string {
  const result = checkPromQL(expr);
  if (!result.ok) {
    throw invalid(where, prop, expr, `not valid PromQL: ${result.reason} at ${describePosition(expr, result.position)}`);
  }
  if (result.type !== 'instant vector') {
    throw invalid(where, prop, expr,
      `must return an instant vector (series with one value each, compared with the threshold), not a ${result.type}${HINTS[result.type] ?? ''}`);
  }
  return expr;
}

const HINTS: Record<string, string> = {
  'range vector': '; wrap a range in a function such as rate(...) or max_over_time(...)',
  'scalar': '; wrap it in vector(...)',
};

/** "line 1, column 6" (1-based, in characters), the way an editor shows it. */
function describePosition(expr: string, position: number): string {
  const before = expr.slice(0, position);
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}`;
}
