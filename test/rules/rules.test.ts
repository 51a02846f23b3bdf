import { audit, compliantSet, find, summary } from './helpers';
import { BatchValidationError } from '../../src/errors';
import { RULE_IDS } from '../../src/rules/engine';
import { AuditOptions, RuleSeverity } from '../../src/rules/finding';
import { GitOpsTool } from '../../src/rules/gitops';

/** Named objects of the compliant set (test/fixtures/compliant). */
class Set_ {
  constructor(readonly docs: any[]) {}
  get daily() { return find(this.docs, 'CronJob', 'daily-ledger-reconciliation'); }
  get cleanup() { return find(this.docs, 'CronJob', 'session-cleanup'); }
  get report() { return find(this.docs, 'Job', 'report-export'); }
  get indexed() { return find(this.docs, 'Job', 'partitioned-ledger-check'); }
  get migration() { return find(this.docs, 'Job', 'orders-schema-migration-20260701'); }
  get worker() { return find(this.docs, 'Deployment', 'payment-event-worker'); }
  get scaler() { return find(this.docs, 'ScaledObject', 'payment-event-worker'); }
  get cleanupRole() { return find(this.docs, 'Role', 'session-cleanup'); }
  remove(kind: string, name: string) { this.docs.splice(this.docs.indexOf(find(this.docs, kind, name)), 1); }
}
const pod = (w: any) => (w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template.spec : w.spec.template.spec);
const job = (w: any) => (w.kind === 'CronJob' ? w.spec.jobTemplate.spec : w.spec);
const main = (w: any) => pod(w).containers[0];
const P = 'platform.example.com';

interface Case {
  readonly title: string;
  readonly mutate: (s: Set_) => void;
  /** Exact findings, `Kind/name: rule-id`. */
  readonly expect: string[];
  readonly options?: AuditOptions;
}

const DAILY = 'CronJob/daily-ledger-reconciliation';
const CLEANUP = 'CronJob/session-cleanup';
const REPORT = 'Job/report-export';
const INDEXED = 'Job/partitioned-ledger-check';
const MIGRATION = 'Job/orders-schema-migration-20260701';
const WORKER = 'Deployment/payment-event-worker';

const CASES: Record<string, Case[]> = {
  'workload-class': [
    { title: 'label missing', mutate: (s) => delete s.report.metadata.labels[`${P}/workload-class`], expect: [`${REPORT}: workload-class`] },
    { title: 'unknown class', mutate: (s) => { s.report.metadata.labels[`${P}/workload-class`] = 'nightly'; }, expect: [`${REPORT}: workload-class`] },
    { title: 'scheduled on a Job', mutate: (s) => { s.report.metadata.labels[`${P}/workload-class`] = 'scheduled'; }, expect: [`${REPORT}: workload-class`] },
    { title: 'queue-worker on a CronJob', mutate: (s) => { s.daily.metadata.labels[`${P}/workload-class`] = 'queue-worker'; }, expect: [`${DAILY}: workload-class`] },
    // As a "batch" Deployment it is no queue worker, so the queue-worker rules stop applying.
    { title: 'batch on a Deployment', mutate: (s) => { s.worker.metadata.labels[`${P}/workload-class`] = 'batch'; }, expect: [`${WORKER}: workload-class`] },
    { title: 'label only on the pod template', mutate: (s) => { s.report.spec.template.metadata.labels = { ...s.report.metadata.labels }; delete s.report.metadata.labels[`${P}/workload-class`]; }, expect: [`${REPORT}: workload-class`] },
    { title: 'batch on a CronJob passes', mutate: (s) => { s.daily.metadata.labels[`${P}/workload-class`] = 'batch'; }, expect: [] },
  ],
  'idempotency-key': [
    { title: 'missing on a CronJob', mutate: (s) => delete s.daily.metadata.annotations[`${P}/idempotency-key`], expect: [`${DAILY}: idempotency-key`] },
    { title: 'blank on a queue worker', mutate: (s) => { s.worker.metadata.annotations[`${P}/idempotency-key`] = '  '; }, expect: [`${WORKER}: idempotency-key`] },
    {
      title: 'on the CronJob job template passes',
      mutate: (s) => {
        s.daily.spec.jobTemplate.metadata = { annotations: { [`${P}/idempotency-key`]: 'k:{id}' } };
        delete s.daily.metadata.annotations[`${P}/idempotency-key`];
      },
      expect: [],
    },
  ],
  'unit-of-work-env': [
    { title: 'no env on a Job', mutate: (s) => delete main(s.report).env, expect: [`${REPORT}: unit-of-work-env`] },
    { title: 'env from an unrelated field', mutate: (s) => { main(s.report).env = [{ name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]; }, expect: [`${REPORT}: unit-of-work-env`] },
    { title: 'queue worker without it', mutate: (s) => { main(s.worker).env = [{ name: 'QUEUE_NAME', value: 'q' }]; }, expect: [`${WORKER}: unit-of-work-env`] },
    { title: 'a second container without it', mutate: (s) => { pod(s.daily).containers.push({ ...main(s.daily), name: 'sidecar', env: [] }); }, expect: [`${DAILY}: unit-of-work-env`] },
    {
      title: 'PARTITION_INDEX from the completion-index annotation passes',
      mutate: (s) => {
        main(s.report).env = [{ name: 'PARTITION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }];
      },
      expect: [],
    },
    {
      title: 'any name from the job-name label passes',
      mutate: (s) => {
        main(s.report).env = [{ name: 'RUN', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } } }];
      },
      expect: [],
    },
  ],
  'pod-failure-policy': [
    { title: 'no podFailurePolicy', mutate: (s) => delete s.report.spec.podFailurePolicy, expect: [`${REPORT}: pod-failure-policy`] },
    { title: 'only an Ignore rule', mutate: (s) => s.report.spec.podFailurePolicy.rules.shift(), expect: [`${REPORT}: pod-failure-policy`] },
    {
      title: 'FailJob on DisruptionTarget only',
      mutate: (s) => {
        s.report.spec.podFailurePolicy.rules[0] = { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] };
      },
      expect: [`${REPORT}: pod-failure-policy`],
    },
    {
      title: 'FailJob on a ConfigIssue pod condition passes',
      mutate: (s) => {
        s.report.spec.podFailurePolicy.rules[0] = { action: 'FailJob', onPodConditions: [{ type: 'ConfigIssue', status: 'True' }] };
      },
      expect: [],
    },
  ],
  'disruption-not-counted': [
    { title: 'no Ignore rule', mutate: (s) => s.report.spec.podFailurePolicy.rules.pop(), expect: [`${REPORT}: disruption-not-counted`] },
    { title: 'Ignore on status False', mutate: (s) => { s.report.spec.podFailurePolicy.rules[1].onPodConditions[0].status = 'False'; }, expect: [`${REPORT}: disruption-not-counted`] },
  ],
  'restart-policy': [
    { title: 'OnFailure', mutate: (s) => { pod(s.report).restartPolicy = 'OnFailure'; }, expect: [`${REPORT}: restart-policy`] },
    { title: 'not set in a CronJob', mutate: (s) => delete pod(s.daily).restartPolicy, expect: [`${DAILY}: restart-policy`] },
  ],
  'backoff-limit-explicit': [
    { title: 'not set', mutate: (s) => delete s.report.spec.backoffLimit, expect: [`${REPORT}: backoff-limit-explicit`] },
    { title: 'not set on a migration', mutate: (s) => delete s.migration.spec.backoffLimit, expect: [`${MIGRATION}: backoff-limit-explicit`, `${MIGRATION}: migration-no-blind-retry`] },
    { title: 'Indexed without backoffLimitPerIndex', mutate: (s) => delete s.indexed.spec.backoffLimitPerIndex, expect: [`${INDEXED}: backoff-limit-explicit`] },
  ],
  'active-deadline': [
    { title: 'not set on a Job', mutate: (s) => delete s.report.spec.activeDeadlineSeconds, expect: [`${REPORT}: active-deadline`] },
    // With Forbid, an unbounded run also swallows the next schedules.
    { title: 'not set on a Forbid CronJob', mutate: (s) => delete job(s.daily).activeDeadlineSeconds, expect: [`${DAILY}: active-deadline`, `${DAILY}: cronjob-deadline-fits-interval`] },
  ],
  'retention': [
    { title: 'Job without TTL', mutate: (s) => delete s.report.spec.ttlSecondsAfterFinished, expect: [`${REPORT}: retention`] },
    { title: 'CronJob without failedJobsHistoryLimit', mutate: (s) => delete s.daily.spec.failedJobsHistoryLimit, expect: [`${DAILY}: retention`] },
    { title: 'CronJob without successfulJobsHistoryLimit', mutate: (s) => delete s.cleanup.spec.successfulJobsHistoryLimit, expect: [`${CLEANUP}: retention`] },
    {
      title: 'Helm hook Job without TTL passes',
      mutate: (s) => { delete s.report.spec.ttlSecondsAfterFinished; s.report.metadata.annotations['helm.sh/hook'] = 'pre-upgrade'; },
      expect: [],
    },
    {
      title: 'Job without TTL whose GitOps tool ends it passes',
      mutate: (s) => { delete s.report.spec.ttlSecondsAfterFinished; s.report.metadata.annotations[`${P}/lifetime`] = 'gitops'; },
      expect: [],
    },
    {
      title: 'Job without TTL with another declared lifetime',
      mutate: (s) => { delete s.report.spec.ttlSecondsAfterFinished; s.report.metadata.annotations[`${P}/lifetime`] = 'forever'; },
      expect: [`${REPORT}: retention`],
    },
    {
      title: 'Argo CD Skip is no hook',
      mutate: (s) => { delete s.report.spec.ttlSecondsAfterFinished; s.report.metadata.annotations['argocd.argoproj.io/hook'] = 'Skip'; },
      expect: [`${REPORT}: retention`],
    },
  ],
  'failed-jobs-retained': [
    { title: 'Job TTL of an hour', mutate: (s) => { s.report.spec.ttlSecondsAfterFinished = 3600; }, expect: [`${REPORT}: failed-jobs-retained`] },
    { title: 'CronJob failedJobsHistoryLimit 0', mutate: (s) => { s.daily.spec.failedJobsHistoryLimit = 0; }, expect: [`${DAILY}: failed-jobs-retained`] },
    { title: 'CronJob job-template TTL of ten minutes', mutate: (s) => { job(s.daily).ttlSecondsAfterFinished = 600; }, expect: [`${DAILY}: failed-jobs-retained`] },
  ],
  'resource-requests': [
    { title: 'init container without cpu', mutate: (s) => delete s.report.spec.template.spec.initContainers[0].resources.requests.cpu, expect: [`${REPORT}: resource-requests`] },
    { title: 'no resources at all', mutate: (s) => delete main(s.worker).resources, expect: [`${WORKER}: memory-limit`, `${WORKER}: resource-requests`] },
    { title: 'limits only pass (Kubernetes copies them into requests)', mutate: (s) => { main(s.worker).resources = { limits: { cpu: '1', memory: '1Gi' } }; }, expect: [] },
    { title: 'a memory limit does not stand in for a cpu request', mutate: (s) => delete main(s.worker).resources.requests, expect: [`${WORKER}: resource-requests`] },
    {
      title: 'cpu limit only, no memory at all',
      mutate: (s) => { main(s.worker).resources = { limits: { cpu: '1' } }; },
      expect: [`${WORKER}: memory-limit`, `${WORKER}: resource-requests`],
    },
  ],
  'memory-limit': [
    { title: 'no limits', mutate: (s) => delete main(s.report).resources.limits, expect: [`${REPORT}: memory-limit`] },
  ],
  'downstream-qps': [
    { title: 'missing', mutate: (s) => delete s.report.metadata.annotations[`${P}/max-downstream-qps`], expect: [`${REPORT}: downstream-qps`] },
    { title: 'not a number', mutate: (s) => { s.worker.metadata.annotations[`${P}/max-downstream-qps`] = 'fifty'; }, expect: [`${WORKER}: downstream-qps`] },
    { title: 'zero', mutate: (s) => { s.worker.metadata.annotations[`${P}/max-downstream-qps`] = '0'; }, expect: [`${WORKER}: downstream-qps`] },
  ],
  'cronjob-timezone': [
    { title: 'not set', mutate: (s) => delete s.daily.spec.timeZone, expect: [`${DAILY}: cronjob-timezone`] },
    { title: 'lower case (Intl accepts it, Kubernetes does not)', mutate: (s) => { s.daily.spec.timeZone = 'etc/utc'; }, expect: [`${DAILY}: cronjob-timezone`] },
    { title: 'Local', mutate: (s) => { s.daily.spec.timeZone = 'Local'; }, expect: [`${DAILY}: cronjob-timezone`] },
    { title: 'CRON_TZ in the schedule', mutate: (s) => { s.daily.spec.schedule = 'CRON_TZ=Etc/UTC 15 1 * * *'; }, expect: [`${DAILY}: cronjob-timezone`] },
  ],
  'cronjob-concurrency-policy': [
    { title: 'not set', mutate: (s) => delete s.daily.spec.concurrencyPolicy, expect: [`${DAILY}: cronjob-concurrency-policy`, `${DAILY}: cronjob-overlap-guard`] },
    { title: 'invalid value', mutate: (s) => { s.daily.spec.concurrencyPolicy = 'Sometimes'; }, expect: [`${DAILY}: cronjob-concurrency-policy`, `${DAILY}: cronjob-overlap-guard`] },
  ],
  'cronjob-starting-deadline': [
    { title: 'not set', mutate: (s) => delete s.daily.spec.startingDeadlineSeconds, expect: [`${DAILY}: cronjob-starting-deadline`] },
    {
      title: 'spans 100 runs of an every-minute schedule',
      mutate: (s) => {
        Object.assign(s.cleanup.spec, { schedule: '* * * * *', timeZone: 'Etc/UTC', startingDeadlineSeconds: 6000 });
        job(s.cleanup).activeDeadlineSeconds = 50;
      },
      expect: [`${CLEANUP}: cronjob-starting-deadline`],
    },
    {
      title: '99 runs pass',
      mutate: (s) => {
        Object.assign(s.cleanup.spec, { schedule: '* * * * *', timeZone: 'Etc/UTC', startingDeadlineSeconds: 5940 });
        job(s.cleanup).activeDeadlineSeconds = 50;
      },
      expect: [],
    },
  ],
  'cronjob-overlap-guard': [
    { title: 'cleanup with Allow', mutate: (s) => { s.cleanup.spec.concurrencyPolicy = 'Allow'; }, expect: [`${CLEANUP}: cronjob-overlap-guard`] },
    { title: 'scheduled with Replace', mutate: (s) => { s.daily.spec.concurrencyPolicy = 'Replace'; }, expect: [`${DAILY}: cronjob-overlap-guard`] },
    {
      title: 'Allow explained by overlap-safe passes',
      mutate: (s) => {
        s.cleanup.spec.concurrencyPolicy = 'Allow';
        s.cleanup.metadata.annotations[`${P}/overlap-safe`] = 'deletes are idempotent and leased per session';
      },
      expect: [],
    },
    {
      title: 'explicit Allow without a class',
      mutate: (s) => {
        s.daily.spec.concurrencyPolicy = 'Allow';
        delete s.daily.metadata.labels[`${P}/workload-class`];
      },
      expect: [`${DAILY}: cronjob-overlap-guard`, `${DAILY}: workload-class`],
    },
    {
      title: 'batch class with Allow passes',
      mutate: (s) => {
        s.daily.spec.concurrencyPolicy = 'Allow';
        s.daily.metadata.labels[`${P}/workload-class`] = 'batch';
      },
      expect: [],
    },
  ],
  'cronjob-deadline-fits-interval': [
    { title: 'deadline equals the daily gap', mutate: (s) => { job(s.daily).activeDeadlineSeconds = 86400; }, expect: [`${DAILY}: cronjob-deadline-fits-interval`] },
    // 09:00 and 09:30 on weekdays: the shortest gap is 30 minutes, not a day.
    {
      title: 'deadline longer than the shortest gap of an uneven schedule',
      mutate: (s) => {
        s.daily.spec.schedule = '0,30 9 * * 1-5';
        job(s.daily).activeDeadlineSeconds = 3600;
      },
      expect: [`${DAILY}: cronjob-deadline-fits-interval`],
    },
    {
      title: 'Allow is not checked',
      mutate: (s) => {
        s.daily.spec.concurrencyPolicy = 'Allow';
        s.daily.metadata.annotations[`${P}/overlap-safe`] = 'each run reconciles its own business day';
        job(s.daily).activeDeadlineSeconds = 90000;
      },
      expect: [],
    },
  ],
  'cronjob-dst-hazard': [
    // From 2026-07-01: 02:30 happens twice on 2026-10-25 and not at all on 2027-03-28 in Berlin.
    { title: '02:30 in Europe/Berlin', mutate: (s) => { s.cleanup.spec.schedule = '30 2 * * *'; }, expect: [`${CLEANUP}: cronjob-dst-hazard`] },
    // 01:15 happens twice on 2026-11-01 in New York: an hour between runs, and the 1 h deadline no longer fits.
    {
      title: '01:15 in America/New_York',
      mutate: (s) => { s.daily.spec.timeZone = 'America/New_York'; },
      expect: [`${DAILY}: cronjob-deadline-fits-interval`, `${DAILY}: cronjob-dst-hazard`],
    },
    { title: '04:00 in Europe/Berlin passes', mutate: (s) => { s.cleanup.spec.schedule = '0 4 * * *'; }, expect: [] },
    // A series on every hour keeps its spacing across the change: 02:00 not existing loses no run.
    {
      title: 'every 15 minutes in Europe/Berlin passes',
      mutate: (s) => {
        s.cleanup.spec.schedule = '*/15 * * * *';
        job(s.cleanup).activeDeadlineSeconds = 600;
      },
      expect: [],
    },
    {
      title: 'hourly in America/New_York passes',
      mutate: (s) => { Object.assign(s.cleanup.spec, { schedule: '0 * * * *', timeZone: 'America/New_York' }); },
      expect: [],
    },
    // 00:00 EST, then 04:00 EDT on 2027-03-14: the 02:00 run is lost.
    {
      title: 'every two hours in America/New_York loses 02:00 in March',
      mutate: (s) => { Object.assign(s.cleanup.spec, { schedule: '0 */2 * * *', timeZone: 'America/New_York' }); },
      expect: [`${CLEANUP}: cronjob-dst-hazard`],
    },
    {
      title: 'zones without daylight saving pass',
      mutate: (s) => {
        Object.assign(s.cleanup.spec, { schedule: '30 2 * * *', timeZone: 'Asia/Jakarta' });
      },
      expect: [],
    },
  ],
  'owner-annotation': [
    { title: 'missing', mutate: (s) => delete s.migration.metadata.annotations[`${P}/owner`], expect: [`${MIGRATION}: owner-annotation`] },
    { title: 'blank', mutate: (s) => { s.worker.metadata.annotations[`${P}/owner`] = ''; }, expect: [`${WORKER}: owner-annotation`] },
  ],
  'runbook-annotation': [
    { title: 'missing', mutate: (s) => delete s.report.metadata.annotations[`${P}/runbook`], expect: [`${REPORT}: runbook-annotation`] },
    { title: 'http', mutate: (s) => { s.report.metadata.annotations[`${P}/runbook`] = 'http://runbooks.example.com/x'; }, expect: [`${REPORT}: runbook-annotation`] },
    { title: 'not a URL', mutate: (s) => { s.report.metadata.annotations[`${P}/runbook`] = 'see the wiki'; }, expect: [`${REPORT}: runbook-annotation`] },
    { title: 'no host', mutate: (s) => { s.report.metadata.annotations[`${P}/runbook`] = 'https:///x'; }, expect: [`${REPORT}: runbook-annotation`] },
    { title: 'a space in it', mutate: (s) => { s.report.metadata.annotations[`${P}/runbook`] = 'https://wiki.example.com/run book'; }, expect: [`${REPORT}: runbook-annotation`] },
    {
      title: 'port, path, query and fragment pass',
      mutate: (s) => {
        s.report.metadata.annotations[`${P}/runbook`] = 'https://wiki.example.com:8443/ops/report-export?tab=steps#retry';
      },
      expect: [],
    },
  ],
  'completion-ledger': [
    { title: 'missing', mutate: (s) => delete s.report.metadata.annotations[`${P}/completion-ledger`], expect: [`${REPORT}: completion-ledger`] },
    { title: 'missing from a CronJob job template', mutate: (s) => delete s.cleanup.spec.jobTemplate.metadata.annotations[`${P}/completion-ledger`], expect: [`${CLEANUP}: completion-ledger`] },
  ],
  'freshness-alert': [
    { title: 'no PrometheusRule', mutate: (s) => s.remove('PrometheusRule', 'finance-freshness'), expect: [`${CLEANUP}: freshness-alert`, `${DAILY}: freshness-alert`] },
    {
      title: 'alert on last schedule, not last success',
      mutate: (s) => {
        find(s.docs, 'PrometheusRule', 'finance-freshness').spec.groups[0].rules[0].expr = 'time() - kube_cronjob_status_last_schedule_time{cronjob="daily-ledger-reconciliation"} > 90000';
      },
      expect: [`${DAILY}: freshness-alert`],
    },
    {
      title: 'queue worker alerted on CPU only',
      mutate: (s) => {
        find(s.docs, 'PrometheusRule', 'payment-event-worker').spec.groups[0].rules[0].expr = 'rate(container_cpu_usage_seconds_total{pod=~"payment-event-worker-.*"}[5m]) > 0.9';
      },
      expect: [`${WORKER}: freshness-alert`],
    },
    {
      title: 'alert naming the Jobs by prefix passes',
      mutate: (s) => {
        find(s.docs, 'PrometheusRule', 'finance-freshness').spec.groups[0].rules[0].expr = 'time() - max(kube_job_status_completion_time{job_name=~"daily-ledger-reconciliation-.*"}) > 90000 unless batch_last_success_timestamp_seconds';
      },
      expect: [],
    },
  ],
  'dedicated-service-account': [
    { title: 'no serviceAccountName', mutate: (s) => delete pod(s.report).serviceAccountName, expect: [`${REPORT}: dedicated-service-account`] },
    { title: 'default', mutate: (s) => { pod(s.worker).serviceAccountName = 'default'; }, expect: [`${WORKER}: dedicated-service-account`] },
    { title: 'token mounted without any binding', mutate: (s) => delete pod(s.indexed).automountServiceAccountToken, expect: [`${INDEXED}: dedicated-service-account`] },
    { title: 'pod overrides the account to mount', mutate: (s) => { pod(s.daily).automountServiceAccountToken = true; }, expect: [`${DAILY}: dedicated-service-account`] },
  ],
  'rbac-no-wildcards': [
    { title: 'verbs *', mutate: (s) => { s.cleanupRole.rules[0].verbs = ['*']; }, expect: ['Role/session-cleanup: rbac-no-wildcards'] },
    { title: 'resources *', mutate: (s) => { s.cleanupRole.rules[0].resources = ['*']; }, expect: ['Role/session-cleanup: rbac-no-wildcards'] },
    {
      title: 'apiGroups * in a ClusterRole',
      mutate: (s) => {
        s.docs.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }] });
      },
      expect: ['ClusterRole/reader: rbac-no-wildcards'],
    },
  ],
  'migration-dedicated-service-account': [
    { title: 'shared with the queue worker', mutate: (s) => { pod(s.worker).serviceAccountName = 'orders-migration'; }, expect: [`${MIGRATION}: migration-dedicated-service-account`] },
  ],
  'migration-no-blind-retry': [
    { title: 'backoffLimit 2', mutate: (s) => { s.migration.spec.backoffLimit = 2; }, expect: [`${MIGRATION}: migration-no-blind-retry`] },
  ],
  'cleanup-guard': [
    { title: 'no DRY_RUN', mutate: (s) => { main(s.cleanup).env = main(s.cleanup).env.filter((e: any) => e.name !== 'DRY_RUN'); }, expect: [`${CLEANUP}: cleanup-guard`] },
    { title: 'DRY_RUN false without MAX_DELETIONS', mutate: (s) => { main(s.cleanup).env = main(s.cleanup).env.filter((e: any) => e.name !== 'MAX_DELETIONS'); }, expect: [`${CLEANUP}: cleanup-guard`] },
    { title: 'MAX_DELETIONS 0', mutate: (s) => { main(s.cleanup).env.find((e: any) => e.name === 'MAX_DELETIONS').value = '0'; }, expect: [`${CLEANUP}: cleanup-guard`] },
    {
      title: 'DRY_RUN true needs no threshold',
      mutate: (s) => {
        main(s.cleanup).env = main(s.cleanup).env.filter((e: any) => e.name !== 'MAX_DELETIONS');
        main(s.cleanup).env.find((e: any) => e.name === 'DRY_RUN').value = 'true';
      },
      expect: [],
    },
  ],
  'broad-access-trusted-pool': [
    {
      title: 'Role that reads secrets, no trusted pool',
      mutate: (s) => {
        s.cleanupRole.rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['list'] });
        delete pod(s.cleanup).nodeSelector[`${P}/node-pool`];
      },
      expect: [`${CLEANUP}: broad-access-trusted-pool`],
    },
    { title: 'Role that deletes in its own namespace is not broad', mutate: (s) => delete pod(s.cleanup).nodeSelector[`${P}/node-pool`], expect: [] },
    {
      title: 'bound to the built-in ClusterRole view is not broad',
      mutate: (s) => s.docs.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'report-view', namespace: 'finance' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'report-export', namespace: 'finance' }],
      }),
      expect: [],
    },
    {
      title: 'bound to the built-in ClusterRole edit',
      mutate: (s) => s.docs.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'report-edit', namespace: 'finance' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ kind: 'ServiceAccount', name: 'report-export', namespace: 'finance' }],
      }),
      expect: [`${REPORT}: broad-access-trusted-pool`],
    },
    {
      title: 'bound to cluster-admin by a ClusterRoleBinding (role not in the set, known by name)',
      mutate: (s) => s.docs.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'report-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'report-export', namespace: 'finance' }],
      }),
      expect: [`${REPORT}: broad-access-trusted-pool`],
    },
    {
      title: 'a ClusterRole neither in the set nor built in is not judged',
      mutate: (s) => s.docs.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'report-vendor' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'vendor-operator' },
        subjects: [{ kind: 'ServiceAccount', name: 'report-export', namespace: 'finance' }],
      }),
      expect: [],
    },
    {
      title: 'reading one named Secret is not reading secrets',
      mutate: (s) => {
        s.cleanupRole.rules.push({ apiGroups: [''], resources: ['secrets'], resourceNames: ['session-store-credentials'], verbs: ['get'] });
        delete pod(s.cleanup).nodeSelector[`${P}/node-pool`];
      },
      expect: [],
    },
    {
      title: 'read-only Role is not broad',
      mutate: (s) => {
        s.cleanupRole.rules[0].verbs = ['get', 'list'];
        delete pod(s.cleanup).nodeSelector[`${P}/node-pool`];
      },
      expect: [],
    },
    {
      title: 'required node affinity on the pool passes',
      mutate: (s) => {
        delete pod(s.cleanup).nodeSelector[`${P}/node-pool`];
        pod(s.cleanup).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: `${P}/node-pool`, operator: 'In', values: ['trusted'] }] }] } } };
      },
      expect: [],
    },
  ],
  'batch-node-pool': [
    { title: 'neither selector nor toleration', mutate: (s) => { delete pod(s.daily).nodeSelector; delete pod(s.daily).tolerations; }, expect: [`${DAILY}: batch-node-pool`] },
    { title: 'toleration for another value', mutate: (s) => { pod(s.indexed).tolerations = [{ key: 'workload-tier', operator: 'Equal', value: 'web' }]; }, expect: [`${INDEXED}: batch-node-pool`] },
    {
      title: 'configured pool key',
      mutate: () => undefined,
      options: { batchPoolKey: 'pool', batchPoolValue: 'spot' },
      expect: [`${CLEANUP}: batch-node-pool`, `${DAILY}: batch-node-pool`, `${INDEXED}: batch-node-pool`, `${MIGRATION}: batch-node-pool`, `${REPORT}: batch-node-pool`],
    },
  ],
  'queue-worker-scaling': [
    { title: 'no scaler', mutate: (s) => s.remove('ScaledObject', 'payment-event-worker'), expect: [`${WORKER}: queue-worker-scaling`] },
    { title: 'KEDA default maximum', mutate: (s) => delete s.scaler.spec.maxReplicaCount, expect: [`${WORKER}: queue-worker-scaling`] },
    { title: 'CPU trigger only', mutate: (s) => { s.scaler.spec.triggers = [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } }]; }, expect: [`${WORKER}: queue-worker-scaling`] },
    {
      title: 'autoscaling/v1 HPA',
      mutate: (s) => {
        s.remove('ScaledObject', 'payment-event-worker');
        s.docs.push({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'w', namespace: 'orders' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payment-event-worker' }, maxReplicas: 10, targetCPUUtilizationPercentage: 60 } });
      },
      expect: [`${WORKER}: queue-worker-scaling`],
    },
    { title: 'scaler in another namespace', mutate: (s) => { s.scaler.metadata.namespace = 'finance'; }, expect: [`${WORKER}: queue-worker-scaling`] },
    {
      title: 'HPA v2 on an external backlog metric passes',
      mutate: (s) => {
        s.remove('ScaledObject', 'payment-event-worker');
        s.docs.push({
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'w', namespace: 'orders' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payment-event-worker' },
            minReplicas: 1,
            maxReplicas: 10,
            metrics: [{ type: 'External', external: { metric: { name: 'queue_messages_ready' }, target: { type: 'AverageValue', averageValue: '50' } } }],
          },
        });
      },
      expect: [],
    },
  ],
  'queue-worker-graceful-stop': [
    { title: 'grace shorter than processing', mutate: (s) => { pod(s.worker).terminationGracePeriodSeconds = 60; }, expect: [`${WORKER}: queue-worker-graceful-stop`] },
    { title: 'default grace of 30 s', mutate: (s) => delete pod(s.worker).terminationGracePeriodSeconds, expect: [`${WORKER}: queue-worker-graceful-stop`] },
    { title: 'annotation missing', mutate: (s) => delete s.worker.metadata.annotations[`${P}/max-processing-seconds`], expect: [`${WORKER}: queue-worker-graceful-stop`] },
    { title: 'equal passes', mutate: (s) => { pod(s.worker).terminationGracePeriodSeconds = 120; }, expect: [] },
  ],
  'pod-security-restricted': [
    { title: 'no pod securityContext', mutate: (s) => delete pod(s.report).securityContext, expect: [`${REPORT}: pod-security-restricted`] },
    { title: 'hostNetwork', mutate: (s) => { pod(s.worker).hostNetwork = true; }, expect: [`${WORKER}: pod-security-restricted`] },
    { title: 'hostPath volume', mutate: (s) => { pod(s.report).volumes.push({ name: 'h', hostPath: { path: '/var' } }); }, expect: [`${REPORT}: pod-security-restricted`] },
    { title: 'privilege escalation allowed in an init container', mutate: (s) => { pod(s.report).initContainers[0].securityContext.allowPrivilegeEscalation = true; }, expect: [`${REPORT}: pod-security-restricted`] },
    { title: 'capability added', mutate: (s) => { main(s.daily).securityContext.capabilities.add = ['SYS_ADMIN']; }, expect: [`${DAILY}: pod-security-restricted`] },
    { title: 'Unconfined seccomp on a container', mutate: (s) => { main(s.daily).securityContext.seccompProfile = { type: 'Unconfined' }; }, expect: [`${DAILY}: pod-security-restricted`] },
    { title: 'runAsUser 0', mutate: (s) => { pod(s.report).securityContext.runAsUser = 0; }, expect: [`${REPORT}: pod-security-restricted`] },
    { title: 'hostPort', mutate: (s) => { main(s.worker).ports = [{ containerPort: 8080, hostPort: 8080 }]; }, expect: [`${WORKER}: pod-security-restricted`] },
  ],
  'image-pinned': [
    { title: 'no tag', mutate: (s) => { main(s.report).image = 'registry.example.com/reports/exporter'; }, expect: [`${REPORT}: image-pinned`] },
    { title: 'latest', mutate: (s) => { main(s.worker).image = 'registry.example.com/payments/event-worker:latest'; }, expect: [`${WORKER}: image-pinned`] },
    { title: 'registry port is not a tag', mutate: (s) => { main(s.daily).image = 'localhost:5000/finance/reconciler'; }, expect: [`${DAILY}: image-pinned`] },
  ],
  'cronjob-schedule': [
    { title: 'minute 61', mutate: (s) => { s.daily.spec.schedule = '61 1 * * *'; }, expect: [`${DAILY}: cronjob-schedule`] },
    { title: 'Sunday as 7 (robfig rejects it)', mutate: (s) => { s.daily.spec.schedule = '15 1 * * 7'; }, expect: [`${DAILY}: cronjob-schedule`] },
    { title: 'missing', mutate: (s) => delete s.daily.spec.schedule, expect: [`${DAILY}: cronjob-schedule`] },
    { title: '31 February never runs', mutate: (s) => { s.daily.spec.schedule = '0 0 31 2 *'; }, expect: [`${DAILY}: cronjob-schedule`] },
  ],
  'field-invalid': [
    { title: 'negative startingDeadlineSeconds', mutate: (s) => { s.daily.spec.startingDeadlineSeconds = -5; }, expect: [`${DAILY}: field-invalid`] },
    { title: 'backoffLimit as a string', mutate: (s) => { s.report.spec.backoffLimit = '2'; }, expect: [`${REPORT}: field-invalid`] },
    { title: 'int32 overflow', mutate: (s) => { s.report.spec.backoffLimit = 99999999999; }, expect: [`${REPORT}: field-invalid`] },
    {
      title: 'mis-cased restartPolicy',
      mutate: (s) => { pod(s.report).RestartPolicy = pod(s.report).restartPolicy; delete pod(s.report).restartPolicy; },
      expect: [`${REPORT}: field-invalid`, `${REPORT}: restart-policy`],
    },
    { title: 'numeric env value on a queue worker', mutate: (s) => { main(s.worker).env.push({ name: 'PORT', value: 8080 }); }, expect: [`${WORKER}: field-invalid`] },
    { title: 'numeric cpu quantity passes', mutate: (s) => { main(s.report).resources.requests.cpu = 1; }, expect: [] },
    { title: 'a pod deadline beyond MaxInt32', mutate: (s) => { pod(s.report).activeDeadlineSeconds = 2147483648; }, expect: [`${REPORT}: field-invalid`] },
  ],
  'annotations-too-large': [
    { title: 'a 1 MB annotation', mutate: (s) => { s.report.metadata.annotations['example.com/blob'] = 'x'.repeat(1024 * 1024); }, expect: [`${REPORT}: annotations-too-large`] },
  ],
  'too-large-for-client-side-apply': [
    { title: 'a 300 KB env value', mutate: (s) => { main(s.report).env.push({ name: 'BIG', value: 'x'.repeat(300 * 1024) }); }, expect: [`${REPORT}: too-large-for-client-side-apply`] },
  ],
  'suppression-reason': [
    { title: 'reason too short', mutate: (s) => { s.report.metadata.annotations[`${P}/suppress.owner-annotation`] = 'n/a'; }, expect: [`${REPORT}: suppression-reason`] },
    { title: 'unknown rule id', mutate: (s) => { s.report.metadata.annotations[`${P}/suppress.owner`] = 'ownership is tracked in the catalog'; }, expect: [`${REPORT}: suppression-reason`] },
  ],
  'api-version-removed': [
    // Only the removal is reported: the other rules do not judge a CronJob the API server rejects.
    { title: 'batch/v1beta1 CronJob', mutate: (s) => { s.daily.apiVersion = 'batch/v1beta1'; }, expect: [`${DAILY}: api-version-removed`] },
    { title: 'extensions/v1beta1 Deployment', mutate: (s) => { s.worker.apiVersion = 'extensions/v1beta1'; }, expect: [`${WORKER}: api-version-removed`] },
    {
      title: 'rbac v1beta1 Role: its grants no longer count',
      mutate: (s) => { s.cleanupRole.apiVersion = 'rbac.authorization.k8s.io/v1beta1'; },
      expect: ['Role/session-cleanup: api-version-removed'],
    },
    {
      title: 'autoscaling/v2beta2 HPA',
      mutate: (s) => {
        s.docs.push({
          apiVersion: 'autoscaling/v2beta2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'worker-hpa', namespace: 'orders' },
          spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payment-event-worker' }, maxReplicas: 10 },
        });
      },
      expect: ['HorizontalPodAutoscaler/worker-hpa: api-version-removed'],
    },
  ],
  'field-needs-newer-kubernetes': [
    // Silent without a target; with one, every field that release does not honour.
    { title: 'no target: silent even with newer fields', mutate: (s) => { job(s.report).successPolicy = { rules: [{ succeededCount: 1 }] }; }, expect: [] },
    { title: 'the compliant set at 1.29 passes', mutate: () => undefined, expect: [], options: { kubernetesVersion: '1.29' } },
    { title: 'per-index backoff at 1.28', mutate: () => undefined, expect: [`${INDEXED}: field-needs-newer-kubernetes`], options: { kubernetesVersion: '1.28' } },
    {
      title: 'a native sidecar at 1.28',
      mutate: (s) => {
        // The proxy as hardened as the main container, so only the version rule has something to say.
        const { name: _name, image: _image, command: _command, args: _args, env: _env, ...hardening } = main(s.report);
        pod(s.report).initContainers = [{ ...hardening, name: 'cloud-sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0', restartPolicy: 'Always' }];
      },
      expect: [`${INDEXED}: field-needs-newer-kubernetes`, `${REPORT}: field-needs-newer-kubernetes`],
      options: { kubernetesVersion: '1.28' },
    },
    {
      title: 'successPolicy at 1.30',
      mutate: (s) => { job(s.indexed).successPolicy = { rules: [{ succeededCount: 10 }] }; },
      expect: [`${INDEXED}: field-needs-newer-kubernetes`],
      options: { kubernetesVersion: '1.30' },
    },
  ],
  'duplicate-object': [
    // The same object twice (as two documents would give it): each copy is reported, nothing merges.
    { title: 'a Job defined twice', mutate: (s) => { s.docs.push(s.report); }, expect: [`${REPORT}: duplicate-object`, `${REPORT}: duplicate-object`] },
    { title: 'same name in another namespace passes', mutate: (s) => { s.docs.push({ ...s.report, metadata: { ...s.report.metadata, namespace: 'finance-staging' } }); }, expect: [] },
    { title: 'same name in another API group passes', mutate: (s) => { s.docs.push({ apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'report-export', namespace: 'finance' } }); }, expect: [] },
  ],
  'gitops-finished-job-rerun': [
    { title: 'one-off Jobs with a TTL under --gitops flux', mutate: () => undefined, options: { gitOps: GitOpsTool.FLUX }, expect: [`${REPORT}: gitops-finished-job-rerun`, `${INDEXED}: gitops-finished-job-rerun`, `${MIGRATION}: gitops-finished-job-rerun`] },
    {
      title: 'an Argo CD Application in the set; the hook and the Job without TTL pass',
      mutate: (s) => {
        s.docs.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'finance', namespace: 'argocd' }, spec: {} });
        s.migration.metadata.annotations['argocd.argoproj.io/hook'] = 'PreSync';
        delete s.indexed.spec.ttlSecondsAfterFinished;
        s.indexed.metadata.annotations[`${P}/lifetime`] = 'gitops';
      },
      expect: [`${REPORT}: gitops-finished-job-rerun`],
    },
    { title: 'an Application of another API group is no Argo CD', mutate: (s) => { s.docs.push({ apiVersion: 'app.k8s.io/v1beta1', kind: 'Application', metadata: { name: 'finance' } }); }, expect: [] },
  ],
  'job-sidecar-never-exits': [
    {
      title: 'the Cloud SQL Auth Proxy among the regular containers of a CronJob',
      mutate: (s) => { pod(s.daily).containers.push({ ...main(s.daily), name: 'cloud-sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1', args: ['finance:europe-west3:ledger'] }); },
      expect: [`${DAILY}: job-sidecar-never-exits`],
    },
    {
      title: 'the same proxy as a native sidecar passes',
      mutate: (s) => {
        const { name: _name, image: _image, command: _command, args: _args, env: _env, ...hardening } = main(s.report);
        pod(s.report).initContainers = [{ ...hardening, name: 'cloud-sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1', restartPolicy: 'Always' }];
      },
      expect: [],
    },
    {
      title: 'an injected Istio proxy on a Job, recognised by its container name',
      mutate: (s) => { pod(s.report).containers.push({ ...main(s.report), name: 'istio-proxy', image: 'registry.example.com/mirror/istio-sidecar:1.23.2' }); },
      expect: [`${REPORT}: job-sidecar-never-exits`],
    },
    { title: 'a queue worker with a proxy is no Job', mutate: (s) => { pod(s.worker).containers.push({ ...main(s.worker), name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy:edge-24.11.8' }); }, expect: [] },
  ],
};

describe('every rule has cases', () => {
  test.each([...RULE_IDS])('%s has a failing case that names it', (id) => {
    const cases = CASES[id] ?? [];
    expect(cases.some((c) => c.expect.some((e) => e.endsWith(`: ${id}`)))).toBe(true);
  });
});

test('the compliant set has no findings at all', () => {
  expect(summary(audit(compliantSet()))).toEqual([]);
});

for (const [ruleId, cases] of Object.entries(CASES)) {
  describe(ruleId, () => {
    for (const c of cases) {
      test(c.title, () => {
        const set = new Set_(compliantSet());
        c.mutate(set);
        const findings = audit(set.docs, c.options);
        expect(summary(findings)).toEqual([...c.expect].sort());
        for (const f of findings) {
          expect(f.docs).toMatch(new RegExp(`/docs/rules/${f.ruleId}\\.md$`));
          expect(f.message.length).toBeGreaterThan(20);
        }
      });
      if (c.expect.length === 0 || ruleId === 'suppression-reason') continue;
      test(`${c.title}: suppressed by an annotation with a reason`, () => {
        const set = new Set_(compliantSet());
        c.mutate(set);
        const reason = 'accepted by the platform review board, ticket PLAT-42';
        for (const f of audit(set.docs, c.options)) {
          const doc = find(set.docs, f.kind, f.name);
          doc.metadata.annotations = { ...doc.metadata.annotations, [`${P}/suppress.${f.ruleId}`]: reason };
        }
        const findings = audit(set.docs, c.options);
        expect(summary(findings)).toEqual(c.expect.map((e) => `${e} (suppressed)`).sort());
        expect(findings.every((f) => f.suppressionReason === reason)).toBe(true);
      });
    }
  });
}

test('cronjob-dst-hazard names the lost run and the local hour that does not exist', () => {
  const set = new Set_(compliantSet());
  Object.assign(set.cleanup.spec, { schedule: '0 */2 * * *', timeZone: 'America/New_York' });
  const [finding] = audit(set.docs).filter((f) => f.ruleId === 'cronjob-dst-hazard');
  expect(finding.message).toBe('"0 */2 * * *" in America/New_York loses or doubles runs at daylight-saving changes: '
    + 'the 02:00 run on 2027-03-14 is lost (02:00-02:59 does not exist in America/New_York); '
    + 'move the schedule out of the changeover hours, or use "Etc/UTC".');
});

describe('suppressions', () => {
  const mutate = (s: Set_) => delete s.report.metadata.annotations[`${P}/owner`];

  test('a short reason is a finding and suppresses nothing', () => {
    const set = new Set_(compliantSet());
    mutate(set);
    set.report.metadata.annotations[`${P}/suppress.owner-annotation`] = 'legacy';
    const findings = audit(set.docs);
    expect(summary(findings)).toEqual([`${REPORT}: owner-annotation`, `${REPORT}: suppression-reason`]);
    expect(findings.find((f) => f.ruleId === 'suppression-reason')!.severity).toBe(RuleSeverity.ERROR);
  });

  test('in-code suppressions match on rule, kind and name', () => {
    const set = new Set_(compliantSet());
    mutate(set);
    delete set.worker.metadata.annotations[`${P}/owner`];
    const findings = audit(set.docs, { suppressions: [{ ruleId: 'owner-annotation', reason: 'owned by the batch platform itself', kind: 'Job', name: 'report-export' }] });
    expect(summary(findings)).toEqual([`${WORKER}: owner-annotation`, `${REPORT}: owner-annotation (suppressed)`]);
  });

  test('in-code suppressions need a known rule and a 10-character reason', () => {
    expect(() => audit([], { suppressions: [{ ruleId: 'owner-annotation', reason: 'too short' }] })).toThrow(BatchValidationError);
    expect(() => audit([], { suppressions: [{ ruleId: 'no-such-rule', reason: 'long enough reason' }] })).toThrow(/suppressions\[0\]\.ruleId/);
  });

  test('suppression-reason cannot be suppressed', () => {
    const set = new Set_(compliantSet());
    set.report.metadata.annotations[`${P}/suppress.suppression-reason`] = 'hide every broken suppression';
    set.report.metadata.annotations[`${P}/suppress.owner-annotation`] = 'short';
    expect(summary(audit(set.docs))).toEqual([`${REPORT}: suppression-reason`]);
  });
});

describe('options', () => {
  test('a custom prefix reads the same conventions under another name', () => {
    const text = JSON.stringify(compliantSet()).split(`${P}/`).join('acme.io/');
    const docs = JSON.parse(text);
    expect(summary(audit(docs, { annotationPrefix: 'acme.io' }))).toEqual([]);
    const withDefault = audit(docs);
    expect(withDefault.filter((f) => f.ruleId === 'owner-annotation').length).toBe(6);
  });

  test('rules and skipRules select rules', () => {
    const set = new Set_(compliantSet());
    delete set.report.metadata.annotations[`${P}/owner`];
    delete set.report.metadata.annotations[`${P}/runbook`];
    expect(summary(audit(set.docs, { rules: ['owner-annotation'] }))).toEqual([`${REPORT}: owner-annotation`]);
    expect(summary(audit(set.docs, { skipRules: ['owner-annotation'] }))).toEqual([`${REPORT}: runbook-annotation`]);
  });

  test('unknown rule ids and bad prefixes are rejected with our error', () => {
    expect(() => audit([], { rules: ['nope'] })).toThrow(BatchValidationError);
    expect(() => audit([], { skipRules: ['nope'] })).toThrow(/skipRules/);
    expect(() => audit([], { annotationPrefix: 'has space' })).toThrow(BatchValidationError);
  });

  test('findings follow input order, then checklist order', () => {
    const docs = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'b' }, rules: [{ verbs: ['*'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a' }, rules: [{ verbs: ['*'] }] },
    ];
    expect(audit(docs).map((f) => f.name)).toEqual(['b', 'a']);
    const jobIds = audit([{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } }]).map((f) => f.ruleId);
    expect(jobIds).toEqual(RULE_IDS.filter((id) => jobIds.includes(id)));
  });
});
