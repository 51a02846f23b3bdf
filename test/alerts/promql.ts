/**
 * PromQL checks for the alerts we emit, with the Prometheus project's own grammar
 * (@prometheus-io/lezer-promql, the parser of the Prometheus web UI).
 */
import type { LRParser } from '@lezer/lr';

// The package ships a CommonJS build (dist/index.cjs) beside its ES module; its type declarations
// are ESM-only, so TypeScript refuses a static import from this CommonJS test. require() loads the
// CommonJS build, the same code, and the parser is typed through @lezer/lr.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as { parser: LRParser };

/**
 * kube-state-metrics series our alerts use, with the labels each carries, from the
 * kube-state-metrics reference: kubernetes/kube-state-metrics docs/metrics/workload/
 * cronjob-metrics.md, job-metrics.md and horizontalpodautoscaler-metrics.md (v2.x: Job series
 * are labelled `job_name`, not `job`). Scrape labels (`job`, `instance`) are added by Prometheus
 * and are deliberately not used.
 */
export const KSM_SERIES: Record<string, readonly string[]> = {
  kube_cronjob_status_last_successful_time: ['cronjob', 'namespace'],
  kube_cronjob_created: ['cronjob', 'namespace'],
  kube_job_owner: ['job_name', 'namespace', 'owner_kind', 'owner_name', 'owner_is_controller'],
  kube_job_failed: ['job_name', 'namespace', 'condition'],
  kube_job_complete: ['job_name', 'namespace', 'condition'],
  kube_job_created: ['job_name', 'namespace'],
  kube_job_status_failed: ['job_name', 'namespace', 'reason'],
  kube_job_status_start_time: ['job_name', 'namespace'],
  kube_horizontalpodautoscaler_status_target_metric: ['horizontalpodautoscaler', 'namespace', 'metric_name', 'metric_target_type'],
  kube_horizontalpodautoscaler_status_current_replicas: ['horizontalpodautoscaler', 'namespace'],
  kube_horizontalpodautoscaler_spec_max_replicas: ['horizontalpodautoscaler', 'namespace'],
};

export interface ParsedPromQL {
  /** Syntax error nodes (⚠) the grammar found. */
  readonly errors: number;
  /** Metric names of every vector selector. */
  readonly metrics: string[];
  /** metric -> label names matched in its selector. */
  readonly matchers: Array<{ metric: string; label: string; value: string }>;
  /** Label names in by()/on()/ignoring()/group_left() clauses. */
  readonly groupingLabels: string[];
}

/** Parses an expression and lists what it selects. */
export function parsePromQL(expr: string): ParsedPromQL {
  const tree = parser.parse(expr);
  let errors = 0;
  const metrics: string[] = [];
  const matchers: Array<{ metric: string; label: string; value: string }> = [];
  const groupingLabels: string[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors++;
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        const metric = id ? text(id.from, id.to) : '';
        metrics.push(metric);
        const list = node.node.getChild('LabelMatchers');
        for (const m of list?.getChildren('UnquotedLabelMatcher') ?? []) {
          const label = m.getChild('LabelName')!;
          const value = m.getChild('StringLiteral')!;
          matchers.push({ metric, label: text(label.from, label.to), value: JSON.parse(text(value.from, value.to)) });
        }
      }
      if (node.name === 'GroupingLabels') {
        for (const l of node.node.getChildren('LabelName')) groupingLabels.push(text(l.from, l.to));
      }
    },
  });
  return { errors, metrics, matchers, groupingLabels };
}

/** Problems of an expression against the kube-state-metrics list; empty when it is sound. */
export function ksmProblems(expr: string): string[] {
  const parsed = parsePromQL(expr);
  const problems: string[] = [];
  if (parsed.errors > 0) problems.push(`${parsed.errors} syntax error(s)`);
  const labelsInUse = new Set<string>();
  for (const metric of parsed.metrics) {
    const labels = KSM_SERIES[metric];
    if (!labels) {
      problems.push(`${metric} is not a kube-state-metrics series we verified`);
      continue;
    }
    labels.forEach((l) => labelsInUse.add(l));
  }
  for (const m of parsed.matchers) {
    if (KSM_SERIES[m.metric] && !KSM_SERIES[m.metric].includes(m.label)) {
      problems.push(`${m.metric} has no label ${m.label}`);
    }
  }
  for (const label of parsed.groupingLabels) {
    if (!labelsInUse.has(label)) problems.push(`grouping label ${label} is on none of the series`);
  }
  return problems;
}

/** Every alerting rule of every PrometheusRule in a manifest set. */
export function alertRules(manifests: any[]): any[] {
  return manifests
    .filter((m) => m.kind === 'PrometheusRule')
    .flatMap((m) => m.spec.groups.flatMap((g: any) => g.rules));
}
