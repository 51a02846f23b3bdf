import { Chart, Duration, Testing } from 'cdk8s';
import { alertRules, ksmProblems, parsePromQL } from './promql';
import { AlertSeverity, BatchAudit, CleanupJob, CronSchedule, IndexedBackfill, MigrationJob, QueueWorker } from '../../src';
import { cronJobAlertRules, human, jobAlertRules, longestGapSeconds, selector } from '../../src/core/alerts';
import { OwnershipMetadata } from '../../src/core/ownership';
import { backfillProps, cleanupProps } from '../support/backfill-cleanup-fixtures';
import { migrationProps } from '../support/fixtures';
import { expectValidManifests } from '../support/k8s-schema';
import { queueWorkerProps } from '../support/queue-worker-fixtures';
import { only, synthChart } from '../support/synth';

const P = 'platform.example.com';

function metadata(slo?: string): OwnershipMetadata {
  return {
    prefix: P,
    labels: { 'app.kubernetes.io/name': 'daily-ledger-reconciliation', [`${P}/workload-class`]: 'scheduled' },
    podLabels: { 'app.kubernetes.io/name': 'daily-ledger-reconciliation' },
    annotations: {
      [`${P}/owner`]: 'finance-platform',
      [`${P}/runbook`]: 'https://runbooks.example.com/finance/ledger-reconciliation',
      ...(slo ? { [`${P}/slo`]: slo } : {}),
    },
  };
}

const target = (slo?: string) => ({ name: 'daily-ledger-reconciliation', namespace: 'finance', metadata: metadata(slo) });
const scope = () => new Chart(Testing.app(), 'test');
const daily = () => CronSchedule.parse('15 1 * * *', 'Etc/UTC');
const cronInputs = { schedule: daily(), scheduleDescription: 'daily at 01:15 (Etc/UTC)', activeDeadlineSeconds: 3600, startingDeadlineSeconds: 900 };

describe('longest gap between runs (the default freshness window is built on it)', () => {
  test.each([
    ['daily', '15 1 * * *', 'Etc/UTC', 86400],
    ['every five minutes', '*/5 * * * *', 'Etc/UTC', 300],
    ['weekdays: Friday to Monday', '0 9 * * 1-5', 'Etc/UTC', 3 * 86400],
    ['monthly on the 1st: 31-day months', '0 0 1 * *', 'Etc/UTC', 31 * 86400],
    ['daily across a 25-hour fall-back day', '0 12 * * *', 'America/New_York', 25 * 3600],
    ['a run every fourth year only', '0 0 29 2 *', 'Etc/UTC', 366 * 86400],
  ])('%s', (_what, expression, zone, seconds) => {
    expect(longestGapSeconds(CronSchedule.parse(expression, zone))).toBe(seconds);
  });
});

describe('CronJob freshness alert', () => {
  const rules = cronJobAlertRules(scope(), target(), undefined, cronInputs);

  test('fires when the last success (or creation) is older than gap 24h + starting deadline 15m + run deadline 1h', () => {
    expect(rules[0].alert).toBe('BatchCronJobNotFresh');
    expect(rules[0].expr).toBe(
      'time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{namespace="finance", cronjob="daily-ledger-reconciliation"} ' +
      'or kube_cronjob_created{namespace="finance", cronjob="daily-ledger-reconciliation"}) > 90900');
    expect([rules[0].severity, rules[0].forSeconds]).toEqual([AlertSeverity.CRITICAL, 300]);
  });

  test('speaks business: the workload in words, the window and why', () => {
    expect(rules[0].summary).toBe('Daily ledger reconciliation has not completed successfully in the last 1d 1h 15m.');
    expect(rules[0].description).toContain('runs daily at 01:15 (Etc/UTC)');
    expect(rules[0].description).toContain('(longest gap between runs 1d + starting deadline 15m + run deadline 1h)');
  });

  test('with an SLO, the summary states it ("has not completed successfully by 03:00 UTC")', () => {
    const [fresh] = cronJobAlertRules(scope(), target('complete by 03:00 UTC daily'), undefined, cronInputs);
    expect(fresh.summary).toBe('Daily ledger reconciliation has not completed successfully as its SLO requires (complete by 03:00 UTC daily).');
  });

  test('a failed run is a warning while it is the latest run', () => {
    expect(rules[1].alert).toBe('BatchCronJobRunFailed');
    expect(rules[1].severity).toBe(AlertSeverity.WARNING);
    expect(rules[1].expr).toContain('kube_job_owner{namespace="finance", owner_kind="CronJob", owner_name="daily-ledger-reconciliation"}');
    expect(rules[1].expr).toContain('< 86400');
  });

  test('an explicit window and severity are used as given', () => {
    const [fresh] = cronJobAlertRules(scope(), target(), { freshnessWindow: Duration.hours(26), severity: AlertSeverity.WARNING }, cronInputs);
    expect(fresh.expr).toMatch(/ > 93600$/);
    expect(fresh.severity).toBe(AlertSeverity.WARNING);
  });

  test('a window not above the run deadline is refused', () => {
    expect(() => cronJobAlertRules(scope(), target(), { freshnessWindow: Duration.minutes(30) }, cronInputs))
      .toThrow(/invalid alerts.freshnessWindow "30 minutes": must exceed the run's active deadline \(1h\)/);
  });

  test('satisfies the checklist rule freshness-alert for that CronJob, and only for it', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r', namespace: 'finance' },
      spec: { groups: [{ name: 'g', rules: rules.map((r) => ({ alert: r.alert, expr: r.expr })) }] },
    };
    const cron = (name: string) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'finance' },
      spec: { schedule: '15 1 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x:1' }] } } } } },
    });
    const findings = BatchAudit.auditManifests([rule, cron('daily-ledger-reconciliation'), cron('other-job')], { rules: ['freshness-alert'] });
    expect(findings.map((f) => f.name)).toEqual(['other-job']);
  });
});

describe('Job alerts', () => {
  const jobTarget = { name: 'orders-schema-migration-2026-07-01-001', namespace: 'orders', metadata: metadata() };

  test('failed, and not completed by deadline + 5 min grace', () => {
    const rules = jobAlertRules(scope(), jobTarget, undefined, { jobName: jobTarget.name, activeDeadlineSeconds: 900, indexed: false });
    expect(rules.map((r) => r.alert)).toEqual(['BatchJobFailed', 'BatchJobNotCompleted']);
    expect(rules[0].expr).toBe('max by (namespace, job_name) (kube_job_failed{namespace="orders", job_name="orders-schema-migration-2026-07-01-001", condition="true"}) == 1');
    expect(rules[1].expr).toMatch(/^time\(\) - max by \(namespace, job_name\) \(kube_job_status_start_time\{[^}]*\}\) > 1200 unless /);
  });

  test('an Indexed Job also warns while pods of indexes fail (kube-state-metrics has no per-index series)', () => {
    const rules = jobAlertRules(scope(), jobTarget, { completionGrace: Duration.minutes(1) },
      { jobName: jobTarget.name, activeDeadlineSeconds: 900, indexed: true });
    expect(rules.map((r) => [r.alert, r.severity])).toEqual([
      ['BatchJobFailed', 'critical'], ['BatchJobNotCompleted', 'critical'], ['BatchIndexedJobPodsFailing', 'warning'],
    ]);
    expect(rules[1].expr).toContain('> 960 unless');
    expect(rules[2].description).toContain('status.failedIndexes');
  });
});

describe('helpers', () => {
  test('selectors leave out an unknown namespace and quote values', () => {
    expect(selector([['namespace', undefined], ['job_name', 'a"b']])).toBe('{job_name="a\\"b"}');
    expect(selector([['namespace', undefined]])).toBe('');
  });

  test('durations read as days, hours, minutes, seconds', () => {
    expect([human(0), human(59), human(3600), human(90900), human(86461)]).toEqual(['0s', '59s', '1h', '1d 1h 15m', '1d 1m 1s']);
  });
});

describe('every construct\'s alerts', () => {
  const sets: Array<[string, any[]]> = [
    ['MigrationJob', synthChart((c) => new MigrationJob(c, 'orders-schema-migration', migrationProps()), 'orders')],
    ['IndexedBackfill', synthChart((c) => new IndexedBackfill(c, 'partitioned-ledger-check', backfillProps()))],
    ['CleanupJob', synthChart((c) => new CleanupJob(c, 'expired-session-cleanup', cleanupProps()), 'identity')],
    ['QueueWorker', synthChart((c) => new QueueWorker(c, 'payment-event-worker', queueWorkerProps()), 'payments')],
  ];

  test.each(sets)('%s: PrometheusRule valid, each alert parses and uses verified kube-state-metrics names', (_name, manifests) => {
    expectValidManifests(manifests.filter((m) => m.kind === 'PrometheusRule'));
    const rules = alertRules(manifests);
    expect(rules.length).toBeGreaterThanOrEqual(2);
    for (const rule of rules) {
      expect([rule.alert, ksmProblems(rule.expr)]).toEqual([rule.alert, []]);
      expect(parsePromQL(rule.expr).matchers.some((m) => m.label === 'namespace')).toBe(true);
      expect(Object.keys(rule.labels).sort()).toEqual(['owner', 'severity', 'workload', 'workload_class']);
      expect(Object.keys(rule.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(rule.annotations.runbook_url).toMatch(/^https:\/\//);
    }
  });

  test('turning a Job\'s alerts off records the reason on the Job', () => {
    const manifests = synthChart((c) => new MigrationJob(c, 'orders-schema-migration',
      migrationProps({ alerts: { enabled: false, disabledReason: 'the deploy pipeline pages on a failed migration' } })), 'orders');
    expect(manifests.some((m) => m.kind === 'PrometheusRule')).toBe(false);
    expect(only(manifests, 'Job').metadata.annotations[`${P}/alerts-disabled`]).toBe('the deploy pipeline pages on a failed migration');
    expect(only(manifests, 'Job').metadata.annotations[`${P}/suppress.freshness-alert`]).toBeUndefined();
  });
});

describe('queue worker alert text', () => {
  test('the SLO, when stated, is named in the backlog alert', () => {
    const manifests = synthChart((c) => new QueueWorker(c, 'payment-event-worker',
      queueWorkerProps({ slo: 'payment events processed within 5 minutes' })), 'payments');
    expect(alertRules(manifests)[0].annotations.description).toMatch(/ SLO at risk: payment events processed within 5 minutes\.$/);
  });
});
