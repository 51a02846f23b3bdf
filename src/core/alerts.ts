import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { carryReasons, explain, explainItem } from './decisions';
import { manifestObject } from './kube-object';
import { invalid } from '../errors';
import { wholeSeconds } from './durations';
import { checkLabelValue, isLabelKey } from './names';
import { OwnershipMetadata, sortKeys } from './ownership';
import { checkUserPromQL } from './promql-props';
import { checkReason } from './reasons';
import { SCHEDULE_ANALYSIS_START } from './schedule-analysis';
import { speaksOfBacklog } from '../rules/context';
import { CronSchedule } from '../schedule/cron-schedule';

/*
 * Business-freshness alerts for every construct ("alert on business freshness,
 * not only Pod failure"), as one prometheus-operator PrometheusRule per workload.
 *
 * Expressions use kube-state-metrics series only, with the metric and label names of its
 * reference documentation (kubernetes/kube-state-metrics docs/metrics/workload/
 * {cronjob,job,horizontalpodautoscaler}-metrics.md): CronJob series carry `cronjob` and
 * `namespace`; Job series carry `job_name` (not `job`, since kube-state-metrics v2) and
 * `namespace`; `kube_job_failed`/`kube_job_complete` carry `condition`; `kube_job_owner` carries
 * `owner_kind`/`owner_name`; HPA series carry `horizontalpodautoscaler`, and
 * `kube_horizontalpodautoscaler_status_target_metric` carries `metric_name` and
 * `metric_target_type`. kube-state-metrics has no per-index failure series for Indexed Jobs.
 */

/** How urgently an alert pages (the `severity` label Alertmanager routes on). */
export enum AlertSeverity {
  /** Page the owner now. */
  CRITICAL = 'critical',
  /** Ticket or chat; look during working hours. */
  WARNING = 'warning',
  /** For dashboards and inhibition only. */
  INFO = 'info',
}

/** Alerting options every construct takes. */
export interface AlertProps {
  /**
   * Create the PrometheusRule. Turning alerts off needs `disabledReason`, recorded on the workload
   * (and, for CronJobs and queue workers, as a suppression of the `freshness-alert` rule).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Why this workload has no alerts (at least 10 characters), e.g. "alerted by the ledger
   * service's own SLO rules". Required when `enabled` is false.
   * @default - none
   */
  readonly disabledReason?: string;

  /**
   * Severity of the business alert (freshness, failure, backlog).
   * @default AlertSeverity.CRITICAL
   */
  readonly severity?: AlertSeverity;

  /**
   * Labels on the PrometheusRule object, for the Prometheus `ruleSelector` of your installation
   * (e.g. `{ release: 'kube-prometheus-stack' }`).
   * @default - the workload's labels only
   */
  readonly ruleLabels?: { [key: string]: string };

  /**
   * Extra labels on every alert, for Alertmanager routing (e.g. `{ team: 'payments' }`).
   * @default - severity, workload, workload_class and owner only
   */
  readonly routingLabels?: { [key: string]: string };

  /**
   * The workload's name in alert text, e.g. "Daily ledger reconciliation".
   * @default - the object name in words ("daily-ledger-reconciliation" -> "Daily ledger reconciliation")
   */
  readonly displayName?: string;
}

/** Alerting options of a CronJob. */
export interface CronJobAlertProps extends AlertProps {
  /**
   * How old the last successful run may get before the freshness alert fires.
   * @default - the longest gap between two scheduled runs + the starting deadline + the run's
   * active deadline: the latest a healthy schedule can leave it
   */
  readonly freshnessWindow?: Duration;
}

/** Alerting options of a Job. */
export interface JobAlertProps extends AlertProps {
  /**
   * Time after the Job's active deadline before "not completed" fires (scrape and controller lag).
   * @default Duration.minutes(5)
   */
  readonly completionGrace?: Duration;
}

/** Alerting options of a construct that creates a Job or, with a schedule, a CronJob (CleanupJob). */
export interface WorkloadAlertProps extends CronJobAlertProps, JobAlertProps {}

/** Alerting options of a queue worker. */
export interface QueueWorkerAlertProps extends AlertProps {
  /**
   * PromQL returning the backlog (messages, lag) or oldest-message age of the queue, e.g.
   * `max(rabbitmq_queue_messages_ready{queue="payment-events"})`. Needs `backlogThreshold`.
   * Checked at synth time as PromQL returning an instant vector; errors name line and column.
   * @default - the backlog the worker's autoscaler sees, from kube-state-metrics: the HPA's
   * per-replica metric times its current replicas
   */
  readonly backlogQuery?: string;

  /**
   * The backlog (in the unit of `backlogQuery`, or of the trigger) above which the alert fires.
   * @default - the trigger's target per replica times the maximum replicas: more backlog than the
   * whole fleet is sized for
   */
  readonly backlogThreshold?: number;

  /**
   * How long the backlog must stay above the threshold.
   * @default Duration.minutes(15)
   */
  readonly backlogFor?: Duration;

  /**
   * How long the worker may run at its maximum replicas before a warning (capacity is exhausted).
   * @default Duration.minutes(30)
   */
  readonly atMaxReplicasFor?: Duration;
}

/** One alerting rule, before rendering. @internal */
export interface AlertRuleSpec {
  readonly alert: string;
  readonly expr: string;
  readonly forSeconds: number;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly description: string;
}

/** The workload an alert set is about. @internal */
export interface AlertTarget {
  readonly name: string;
  readonly namespace?: string;
  readonly metadata: OwnershipMetadata;
}

/** Whether alerts are on, and what to record on the workload when they are off. @internal */
export interface AlertSwitch {
  readonly enabled: boolean;
  /** Annotations (names without prefix) for the workload: `alerts-disabled` with the reason. */
  readonly annotations: Record<string, string>;
  /** Rule id -> reason, for prepareWorkload's `suppressions`. */
  readonly suppressions: Record<string, string>;
}

/** Rule ids a construct's missing alerts would trip. @internal */
export const FRESHNESS_RULE_ID = 'freshness-alert';

const ALERT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Decides whether alerts are created; a construct that turns them off must say why, and the
 * reason is recorded on the workload (as a rule suppression when `suppressRules` is non-empty).
 * @internal
 */
export function alertSwitch(scope: Construct, props: AlertProps | undefined, suppressRules: string[]): AlertSwitch {
  const enabled = props?.enabled ?? true;
  if (enabled) {
    if (props?.disabledReason !== undefined) {
      throw invalid(scope, 'alerts.disabledReason', props.disabledReason, 'only meaningful with alerts.enabled false; remove it');
    }
    return { enabled, annotations: {}, suppressions: {} };
  }
  if (props?.disabledReason === undefined) {
    throw invalid(scope, 'alerts.enabled', false,
      'a workload without alerts fails silently: keep alerts on, or state why in alerts.disabledReason (at least 10 characters)');
  }
  const reason = checkReason(scope, 'alerts.disabledReason', props.disabledReason);
  const suppressions: Record<string, string> = {};
  for (const ruleId of suppressRules) suppressions[ruleId] = reason;
  return { enabled: false, annotations: { 'alerts-disabled': reason }, suppressions };
}

/**
 * Builds the PrometheusRule (monitoring.coreos.com/v1) holding a workload's alerts.
 * @internal
 */
export function buildPrometheusRule(
  scope: Construct,
  target: AlertTarget,
  props: AlertProps | undefined,
  rules: AlertRuleSpec[],
): ApiObject {
  const prefix = target.metadata.prefix;
  const annotations = target.metadata.annotations;
  const owner = annotations[`${prefix}/owner`];
  const runbook = annotations[`${prefix}/runbook`];
  const workloadClass = target.metadata.labels[`${prefix}/workload-class`];
  const routing = checkLabels(scope, 'alerts.routingLabels', props?.routingLabels ?? {}, true);
  const ruleLabels = checkLabels(scope, 'alerts.ruleLabels', props?.ruleLabels ?? {}, false);
  for (const rule of rules) {
    if (!ALERT_NAME.test(rule.alert)) {
      throw invalid(scope, 'alert', rule.alert, 'Prometheus alert names must be valid metric names');
    }
  }
  return manifestObject(scope, 'Alerts', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: explain({
      name: `${target.name}-alerts`,
      namespace: target.namespace,
      labels: carryReasons(target.metadata.labels, sortKeys({ ...target.metadata.labels, ...ruleLabels })),
      annotations: { [`${prefix}/owner`]: owner, [`${prefix}/runbook`]: runbook },
    }, 'name', 'the workload\'s name + "-alerts"'),
    spec: {
      groups: [explainItem({
        name: `${target.name}.batch-alerts`,
        rules: rules.map((rule) => explainItem({
          alert: rule.alert,
          expr: rule.expr,
          for: promDuration(rule.forSeconds),
          labels: sortKeys({
            ...routing,
            severity: rule.severity,
            workload: target.name,
            workload_class: workloadClass,
            owner,
          }),
          annotations: {
            summary: rule.summary,
            description: rule.description,
            runbook_url: runbook,
          },
        }, alertReason(rule))),
      }, 'one rule group per workload, loaded by the Prometheus Operator; every alert routes to the owner and links the runbook')],
    },
  });
}

/** Why each alert exists: what a silent failure would cost without it. */
const ALERT_REASONS: Record<string, string> = {
  BatchCronJobNotFresh: 'a schedule that stops producing results is silent in Kubernetes; this fires when the last success is older ' +
    'than the longest gap + starting deadline + run deadline (rule freshness-alert)',
  BatchCronJobRunFailed: 'one failed run is worth a look before the freshness alert fires',
  BatchJobFailed: 'a one-off Job that fails has no next run to recover: a human must look',
  BatchJobNotCompleted: 'a Job neither complete nor failed after its deadline + 5m is suspended or stuck',
  BatchIndexedJobPodsFailing: 'failing indexes of a backfill, before the Job gives up on them',
  QueueWorkerBacklogHigh: 'the backlog the workers cannot drain at maximum scale: the business effect of falling behind',
  QueueWorkerAtMaxReplicas: 'the workers sit at the replica ceiling the downstream capacity allows: raise capacity, not replicas',
};

/** The comment on one alert: what fires it and why it exists. */
function alertReason(rule: AlertRuleSpec): string {
  const why = ALERT_REASONS[rule.alert] ?? 'an alert the construct adds';
  const when = rule.forSeconds === 0 ? 'fires at once' : `fires after ${human(rule.forSeconds)}`;
  return `${rule.severity}, ${when}: ${why}`;
}

/** What the CronJob alerts need to know about the schedule. @internal */
export interface CronJobAlertInputs {
  readonly schedule: CronSchedule;
  /** The schedule in words (the `<prefix>/schedule` annotation). */
  readonly scheduleDescription: string;
  readonly activeDeadlineSeconds: number;
  readonly startingDeadlineSeconds: number;
}

/**
 * A CronJob's alerts: last success older than the freshness window (the business alert), and a
 * warning when its latest run failed.
 * @internal
 */
export function cronJobAlertRules(
  scope: Construct, target: AlertTarget, props: CronJobAlertProps | undefined, inputs: CronJobAlertInputs,
): AlertRuleSpec[] {
  const gap = longestGapSeconds(inputs.schedule);
  const derived = gap + inputs.startingDeadlineSeconds + inputs.activeDeadlineSeconds;
  const window = props?.freshnessWindow === undefined ? derived
    : wholeSeconds(scope, 'alerts.freshnessWindow', props.freshnessWindow, 60, 366 * 86400, 'from a minute to a year');
  if (window <= inputs.activeDeadlineSeconds) {
    throw invalid(scope, 'alerts.freshnessWindow', props?.freshnessWindow?.toHumanString(),
      `must exceed the run's active deadline (${human(inputs.activeDeadlineSeconds)}), or every run that takes its full time pages`);
  }
  const display = displayName(scope, target, props);
  const ns = target.namespace;
  const sel = (extra: string) => selector([['namespace', ns], ...parsePairs(extra)]);
  const cron = sel(`cronjob=${target.name}`);
  const slo = target.metadata.annotations[`${target.metadata.prefix}/slo`];
  const windowWhy = props?.freshnessWindow === undefined
    ? ` (longest gap between runs ${human(gap)} + starting deadline ${human(inputs.startingDeadlineSeconds)} + run deadline ${human(inputs.activeDeadlineSeconds)})`
    : '';
  return [
    {
      alert: 'BatchCronJobNotFresh',
      expr: `time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time${cron} or kube_cronjob_created${cron}) > ${window}`,
      forSeconds: 300,
      severity: props?.severity ?? AlertSeverity.CRITICAL,
      summary: slo
        ? `${display} has not completed successfully as its SLO requires (${slo}).`
        : `${display} has not completed successfully in the last ${human(window)}.`,
      description: `${where(target, 'CronJob')} runs ${inputs.scheduleDescription}. Its last successful run (or its creation, if it never succeeded) ` +
        `is more than ${human(window)} ago${windowWhy}, so the business result it produces is stale. ` +
        `Check the latest Job and its pods: kubectl get jobs${nsFlag(ns)} -l app.kubernetes.io/name=${target.name}.`,
    },
    {
      alert: 'BatchCronJobRunFailed',
      expr: `max by (namespace, owner_name, job_name) (kube_job_owner${sel(`owner_kind=CronJob,owner_name=${target.name}`)} ` +
        `and on (namespace, job_name) (kube_job_failed${sel('condition=true')} == 1) ` +
        `and on (namespace, job_name) (time() - kube_job_created${sel('')} < ${gap}))`,
      forSeconds: 0,
      severity: AlertSeverity.WARNING,
      summary: `A run of ${lowerFirst(display)} failed.`,
      description: `Job {{ $labels.job_name }} of ${where(target, 'CronJob')} failed. The next scheduled run may succeed; ` +
        `the freshness alert fires if none does within ${human(window)}.`,
    },
  ];
}

/** What the Job alerts need. @internal */
export interface JobAlertInputs {
  readonly jobName: string;
  readonly activeDeadlineSeconds: number;
  /** An Indexed Job: adds a warning while indexes fail and retry. */
  readonly indexed: boolean;
}

/**
 * A Job's alerts: failed, and not completed by its deadline; for an Indexed Job, a warning while
 * pods of some indexes fail (kube-state-metrics counts failed pods, not failed indexes; the Job
 * fails as a whole when `maxFailedIndexes` or `backoffLimit` is exceeded).
 * @internal
 */
export function jobAlertRules(scope: Construct, target: AlertTarget, props: JobAlertProps | undefined, inputs: JobAlertInputs): AlertRuleSpec[] {
  const grace = props?.completionGrace === undefined ? 300
    : wholeSeconds(scope, 'alerts.completionGrace', props.completionGrace, 0, 86400, 'up to a day');
  const display = displayName(scope, target, props);
  const ns = target.namespace;
  const job = selector([['namespace', ns], ['job_name', inputs.jobName]]);
  const cond = selector([['namespace', ns], ['job_name', inputs.jobName], ['condition', 'true']]);
  const severity = props?.severity ?? AlertSeverity.CRITICAL;
  const subject = where({ ...target, name: inputs.jobName }, 'Job');
  const rules: AlertRuleSpec[] = [
    {
      alert: 'BatchJobFailed',
      expr: `max by (namespace, job_name) (kube_job_failed${cond}) == 1`,
      forSeconds: 0,
      severity,
      summary: `${display} failed.`,
      description: `${subject} failed (backoff limit, active deadline${inputs.indexed ? ', maxFailedIndexes' : ''} ` +
        `or a permanent exit code). Its pods are kept for inspection: kubectl get pods${nsFlag(ns)} -l batch.kubernetes.io/job-name=${inputs.jobName}.`,
    },
    {
      alert: 'BatchJobNotCompleted',
      expr: `time() - max by (namespace, job_name) (kube_job_status_start_time${job}) > ${inputs.activeDeadlineSeconds + grace} ` +
        `unless on (namespace, job_name) (kube_job_complete${cond} == 1) ` +
        `unless on (namespace, job_name) (kube_job_failed${cond} == 1)`,
      forSeconds: 0,
      severity,
      summary: `${display} has not completed by its deadline.`,
      description: `${subject} started more than ${human(inputs.activeDeadlineSeconds + grace)} ago (active deadline ` +
        `${human(inputs.activeDeadlineSeconds)} + ${human(grace)} grace) and is neither complete nor failed: it may be suspended or stuck.`,
    },
  ];
  if (inputs.indexed) {
    rules.push({
      alert: 'BatchIndexedJobPodsFailing',
      expr: `max by (namespace, job_name) (kube_job_status_failed${job}) > 0 ` +
        `unless on (namespace, job_name) (kube_job_complete${cond} == 1) ` +
        `unless on (namespace, job_name) (kube_job_failed${cond} == 1)`,
      forSeconds: 0,
      severity: AlertSeverity.WARNING,
      summary: `Pods of ${lowerFirst(display)} are failing.`,
      description: `${subject} has {{ $value }} failed pod(s) while running; indexes retry up to their per-index limit. ` +
        'Failed indexes are listed in the Job\'s status.failedIndexes (kube-state-metrics has no per-index series).',
    });
  }
  return rules;
}

/** What the queue-worker alerts need. @internal */
export interface QueueWorkerAlertInputs {
  /** The HPA that scales the worker (KEDA's, named by the construct, or its own). */
  readonly hpaName: string;
  readonly maxReplicas: number;
  readonly targetPerReplica: number;
  /** The signal in words, e.g. "ready messages in RabbitMQ queue payment-events". */
  readonly signal: string;
  readonly unit: string;
  /** Why the maximum is what it is (downstream capacity), for alert text. */
  readonly maxReplicasReason: string;
}

/**
 * A queue worker's alerts: backlog above threshold (the business alert), and a warning while it
 * runs at its maximum replicas.
 * @internal
 */
export function queueWorkerAlertRules(
  scope: Construct, target: AlertTarget, props: QueueWorkerAlertProps | undefined, inputs: QueueWorkerAlertInputs,
): AlertRuleSpec[] {
  if (props?.backlogQuery !== undefined && props.backlogThreshold === undefined) {
    throw invalid(scope, 'alerts.backlogThreshold', undefined, 'required with alerts.backlogQuery: the value of the query above which the alert fires');
  }
  if (props?.backlogQuery !== undefined) {
    const query = props.backlogQuery;
    if (typeof query !== 'string' || query.trim().length === 0) {
      throw invalid(scope, 'alerts.backlogQuery', query, 'a PromQL expression returning the backlog or oldest-message age');
    }
    checkUserPromQL(scope, 'alerts.backlogQuery', query);
    if (!speaksOfBacklog(query)) {
      throw invalid(scope, 'alerts.backlogQuery', query,
        'must name the queue signal it measures (a metric or label word such as oldest, lag, backlog, message_age, queue_depth, ' +
        'messages_ready): that is how the audit recognises a queue worker\'s freshness alert (rule freshness-alert)');
    }
  }
  const threshold = props?.backlogThreshold ?? inputs.targetPerReplica * inputs.maxReplicas;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
    throw invalid(scope, 'alerts.backlogThreshold', threshold, 'a positive number');
  }
  const backlogFor = props?.backlogFor === undefined ? 900
    : wholeSeconds(scope, 'alerts.backlogFor', props.backlogFor, 0, 86400, 'up to a day');
  const atMaxFor = props?.atMaxReplicasFor === undefined ? 1800
    : wholeSeconds(scope, 'alerts.atMaxReplicasFor', props.atMaxReplicasFor, 0, 86400, 'up to a day');
  const display = displayName(scope, target, props);
  const ns = target.namespace;
  const hpa = selector([['namespace', ns], ['horizontalpodautoscaler', inputs.hpaName]]);
  const hpaAverage = selector([['namespace', ns], ['horizontalpodautoscaler', inputs.hpaName], ['metric_target_type', 'average']]);
  const byHpa = 'max by (namespace, horizontalpodautoscaler)';
  const slo = target.metadata.annotations[`${target.metadata.prefix}/slo`];
  const defaultBacklog = `${byHpa} (kube_horizontalpodautoscaler_status_target_metric${hpaAverage}) ` +
    `* on (namespace, horizontalpodautoscaler) ${byHpa} (kube_horizontalpodautoscaler_status_current_replicas${hpa})`;
  const query = props?.backlogQuery === undefined ? defaultBacklog : `(${props.backlogQuery.trim()})`;
  const source = props?.backlogQuery === undefined
    ? `${inputs.signal} as the autoscaler sees it (HPA ${inputs.hpaName})`
    : 'the backlog query';
  return [
    {
      alert: 'QueueWorkerBacklogHigh',
      expr: `${query} > ${threshold}`,
      forSeconds: backlogFor,
      severity: props?.severity ?? AlertSeverity.CRITICAL,
      summary: `${display} is falling behind: backlog above ${threshold} for ${human(backlogFor)}.`,
      description: `${where(target, 'Queue worker')}: ${source} is {{ $value }} ${inputs.unit}, above ${threshold}` +
        (props?.backlogThreshold === undefined ? ` (${inputs.targetPerReplica} per replica x ${inputs.maxReplicas} replicas, the whole fleet)` : '') +
        '. Messages wait longer than the worker is sized for; check consumer errors, poison messages and the dead-letter queue.' +
        (slo ? ` SLO at risk: ${slo}.` : ''),
    },
    {
      alert: 'QueueWorkerAtMaxReplicas',
      expr: `${byHpa} (kube_horizontalpodautoscaler_status_current_replicas${hpa}) >= ${byHpa} (kube_horizontalpodautoscaler_spec_max_replicas${hpa})`,
      forSeconds: atMaxFor,
      severity: AlertSeverity.WARNING,
      summary: `${display} has run at its maximum replicas for ${human(atMaxFor)}.`,
      description: `${where(target, 'Queue worker')} cannot scale further: ${inputs.maxReplicasReason}. ` +
        'Raise downstream capacity before raising the maximum (scaling without downstream capacity turns backlog into outage).',
    },
  ];
}

/**
 * The longest gap between two consecutive runs in the year from the fixed analysis start (so
 * output never depends on the clock), daylight-saving skips included.
 * @internal
 */
export function longestGapSeconds(schedule: CronSchedule): number {
  // A schedule with at most one run in reach (e.g. "0 0 29 2 *") is alerted on a yearly window.
  return schedule.longestGapSeconds(SCHEDULE_ANALYSIS_START) ?? 366 * 86400;
}

/** A PromQL label selector; empty values are left out (e.g. no namespace when none is known). @internal */
export function selector(pairs: Array<[string, string | undefined]>): string {
  const parts = pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length === 0 ? '' : `{${parts.join(', ')}}`;
}

/** Seconds as a short human duration: 90900 -> "1d 1h 15m". @internal */
export function human(seconds: number): string {
  const units: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? '0s' : parts.join(' ');
}

/** The namespace of the workload: its own, else the chart's. @internal */
export function alertNamespace(scope: Construct, namespace: string | undefined): string | undefined {
  return namespace ?? Chart.of(scope).namespace;
}

function parsePairs(text: string): Array<[string, string]> {
  return text === '' ? [] : text.split(',').map((p) => p.split('=') as [string, string]);
}

function promDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

function displayName(scope: Construct, target: AlertTarget, props: AlertProps | undefined): string {
  if (props?.displayName !== undefined) {
    if (props.displayName.trim().length === 0) {
      throw invalid(scope, 'alerts.displayName', props.displayName, 'a non-empty text is required');
    }
    return props.displayName.trim();
  }
  // The app name is stable across a Job's versions and hashes ("orders-schema-migration").
  const base = target.metadata.labels['app.kubernetes.io/name'] ?? target.name;
  const words = base.split('-').filter((w) => w.length > 0).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function where(target: AlertTarget, kind: string): string {
  return `${kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
}

function nsFlag(namespace: string | undefined): string {
  return namespace ? ` -n ${namespace}` : '';
}

function checkLabels(scope: Construct, prop: string, labels: Record<string, string>, promLabels: boolean): Record<string, string> {
  const reserved = ['severity', 'workload', 'workload_class', 'owner', 'alertname'];
  for (const [key, value] of Object.entries(labels)) {
    if (promLabels) {
      if (!LABEL_NAME.test(key) || key.startsWith('__')) {
        throw invalid(scope, prop, key, 'a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__")');
      }
      if (reserved.includes(key)) {
        throw invalid(scope, prop, key, `set by the construct (${reserved.join(', ')}); choose another label`);
      }
      if (typeof value !== 'string') {
        throw invalid(scope, prop, value, 'label values are strings');
      }
    } else {
      if (!isLabelKey(key)) {
        throw invalid(scope, prop, key, 'a Kubernetes label key ([prefix/]name)');
      }
      checkLabelValue(scope, `${prop}.${key}`, value);
    }
  }
  return labels;
}

/** The workload an alert helper attaches to: what prepareWorkload returned. @internal */
export interface AlertedWorkload {
  readonly name: string;
  readonly namespace?: string;
  readonly metadata: OwnershipMetadata;
}

/**
 * One call for a construct that creates a CronJob: builds its PrometheusRule, or, when alerts are
 * off, records the stated reason on the CronJob (as a freshness-alert suppression). Returns the
 * PrometheusRule, or undefined when alerts are off.
 *
 *   this.alerts = addCronJobAlerts(this, this.cronJob, workload, props.alerts, {
 *     schedule: policy.schedule, activeDeadlineSeconds, startingDeadlineSeconds });
 * @internal
 */
export function addCronJobAlerts(
  scope: Construct,
  cronJob: ApiObject,
  workload: AlertedWorkload,
  props: CronJobAlertProps | undefined,
  inputs: Omit<CronJobAlertInputs, 'scheduleDescription'>,
): ApiObject | undefined {
  const setup = alertSwitch(scope, props, [FRESHNESS_RULE_ID]);
  if (!setup.enabled) {
    recordDisabled(cronJob, workload.metadata.prefix, setup);
    return undefined;
  }
  const target = { name: workload.name, namespace: alertNamespace(scope, workload.namespace), metadata: workload.metadata };
  const scheduleDescription = workload.metadata.annotations[`${workload.metadata.prefix}/schedule`] ?? `on "${inputs.schedule.expression}" (${inputs.schedule.timeZone})`;
  return buildPrometheusRule(scope, target, props, cronJobAlertRules(scope, target, props, { ...inputs, scheduleDescription }));
}

/**
 * One call for a construct that creates a Job: builds its PrometheusRule (failed, not completed by
 * its deadline, and for an Indexed Job failing pods), or records why alerts are off on the Job.
 * @internal
 */
export function addJobAlerts(
  scope: Construct,
  job: ApiObject,
  workload: AlertedWorkload,
  props: JobAlertProps | undefined,
  inputs: JobAlertInputs,
): ApiObject | undefined {
  const setup = alertSwitch(scope, props, []);
  if (!setup.enabled) {
    recordDisabled(job, workload.metadata.prefix, setup);
    return undefined;
  }
  const target = { name: inputs.jobName, namespace: alertNamespace(scope, workload.namespace), metadata: workload.metadata };
  return buildPrometheusRule(scope, target, props, jobAlertRules(scope, target, props, inputs));
}

function recordDisabled(object: ApiObject, prefix: string, setup: AlertSwitch): void {
  for (const [key, value] of Object.entries(setup.annotations)) object.metadata.addAnnotation(`${prefix}/${key}`, value);
  for (const [ruleId, reason] of Object.entries(setup.suppressions)) object.metadata.addAnnotation(`${prefix}/suppress.${ruleId}`, reason);
}
