import * as path from 'path';
import * as yaml from 'js-yaml';
import { cli, FIXTURES, fixtureText, NOW, tempTree } from './helpers';

/** The section of one workload, from its heading to the next. */
function section(md: string, heading: string): string {
  const start = md.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = md.indexOf('\n### ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

describe('review', () => {
  test('a Job whose GitOps tool ends it says so in its retention row', async () => {
    const r = await cli(['review', path.join(FIXTURES, 'gitops', 'argocd-application.yaml'), '--now', NOW]);
    const backfill = section(r.stdout, 'Job `search/search-synonyms-backfill`');
    expect(backfill).toContain('| Retention | no TTL: the GitOps tool prunes it once it is removed from Git |');
    const reindex = section(r.stdout, 'Job `search/search-reindex-2026-11`');
    expect(reindex).toContain('| Retention | ttlSecondsAfterFinished 604800 s (168h) |');
  });

  test('summarises every workload of a compliant set', async () => {
    const r = await cli(['review', path.join(FIXTURES, 'compliant'), '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['## cdk8s-batch review', '', '6 workloads in 2 files: 0 errors, 0 warnings, 0 suppressed.']);
    expect(r.stdout.match(/^### ✅ /gm)!.length).toBe(6);

    const daily = section(r.stdout, '### ✅ CronJob `finance/daily-ledger-reconciliation`');
    // 01:15 UTC daily from 2026-07-01T00:00Z.
    expect(daily).toContain('| Schedule | at 01:15 every day, Etc/UTC (`15 1 * * *`) |');
    expect(daily).toContain('| Next runs | 2026-07-01 01:15, 2026-07-02 01:15, 2026-07-03 01:15 (Etc/UTC) |');
    expect(daily).toContain('| Overlap | `Forbid`; a run missed by more than 900 s (15m) is skipped |');
    expect(daily).toContain('| Retry budget | backoffLimit 2; podFailurePolicy: FailJob on exit codes In 64, 65, 66 (reconcile); Ignore on DisruptionTarget |');
    expect(daily).toContain('| Deadline | activeDeadlineSeconds 3600 s (1h) |');
    expect(daily).toContain('| Retention | ttlSecondsAfterFinished 604800 s (168h); history 3 succeeded, 5 failed |');
    expect(daily).toContain('| Owner | finance-platform |');
    expect(daily).toContain('| Runbook | https://runbooks.example.com/finance/daily-ledger-reconciliation |');
    expect(daily).toContain('| Alerts | `DailyLedgerReconciliationStale` |');
    expect(daily).toContain('**Findings:** none ✅');

    const cleanup = section(r.stdout, '### ✅ CronJob `finance/session-cleanup`');
    // 04:00 in Berlin (CEST, UTC+2) is 02:00Z, after the reference instant, so July 1 is the first run.
    expect(cleanup).toContain('| Next runs | 2026-07-01 04:00, 2026-07-02 04:00, 2026-07-03 04:00 (Europe/Berlin) |');
    expect(cleanup).toContain('| Guards | DRY_RUN `false`, MAX_DELETIONS `500` |');

    const worker = section(r.stdout, '### ✅ Deployment `orders/payment-event-worker`');
    expect(worker).toContain('| Scaling | KEDA `payment-event-worker`: 1-20 replicas on rabbitmq |');
    expect(worker).toContain('| Graceful stop | terminationGracePeriodSeconds 150 s; max processing 120 s |');
    expect(worker).toContain('| Alerts | `PaymentEventsBacklogOld` |');
  });

  test('lists findings, daylight-saving hazards and missing zones', async () => {
    const docs = yaml.loadAll(fixtureText('compliant/finance.yaml')) as any[];
    const cleanup = docs.find((d) => d.kind === 'CronJob' && d.metadata.name === 'session-cleanup');
    cleanup.spec.schedule = '30 2 * * *';
    const daily = docs.find((d) => d.kind === 'CronJob' && d.metadata.name === 'daily-ledger-reconciliation');
    delete daily.spec.timeZone;
    const dir = tempTree({ 'finance.yaml': docs.map((d) => yaml.dump(d)).join('---\n') });
    const r = await cli(['review', dir, '--now', NOW]);
    expect(r.code).toBe(1);
    const c = section(r.stdout, '### 🟡 CronJob `finance/session-cleanup`');
    expect(c).toContain('| Daylight saving | the 02:30 run on 2026-10-25 runs twice (02:00-02:59 happens twice in Europe/Berlin)');
    expect(c).toContain('the 02:30 run on 2027-03-28 is lost (02:00-02:59 does not exist in Europe/Berlin)');
    expect(c).toContain('**Findings** (1 open):\n- 🟡 `cronjob-dst-hazard`: ');
    const d = section(r.stdout, '### ❌ CronJob `finance/daily-ledger-reconciliation`');
    // No zone: the row says what the controller does, and never names a zone the manifest does not set.
    expect(d).toContain("| Schedule | at 01:15 every day (`15 1 * * *`) — **no timeZone**: the controller reads it in kube-controller-manager's local time zone |");
    expect(d).toContain('| Next runs | 2026-07-01 01:15, 2026-07-02 01:15, 2026-07-03 01:15 (UTC, if kube-controller-manager runs in UTC) |');
    expect(d).not.toContain('Etc/UTC (');
    expect(d).toContain('- 🔴 `cronjob-timezone`: timeZone is not set');
    // Workloads with errors come first, then those with warnings, then clean ones.
    const verdicts = r.stdout.match(/^### (❌|🟡|✅) /gm)!.map((h) => h.slice(4, -1));
    expect(verdicts).toEqual([...verdicts].sort((a, b) => ['❌', '🟡', '✅'].indexOf(a) - ['❌', '🟡', '✅'].indexOf(b)));
    expect(verdicts.slice(0, 2)).toEqual(['❌', '🟡']);
  });

  test('findings of a workload: errors before warnings before suppressed, counted without "opens"', async () => {
    const docs = yaml.loadAll(fixtureText('compliant/orders.yaml')) as any[];
    const job = docs.find((d) => d.kind === 'Job');
    delete job.spec.template.spec.containers[0].resources.limits; // memory-limit: warning
    delete job.metadata.annotations['platform.example.com/owner']; // owner-annotation: error
    job.metadata.annotations['platform.example.com/suppress.runbook-annotation'] = 'the runbook lives in the release checklist';
    delete job.metadata.annotations['platform.example.com/runbook']; // runbook-annotation: suppressed
    const worker = docs.find((d) => d.kind === 'Deployment');
    worker.metadata.annotations['platform.example.com/max-processing-seconds'] = 'two minutes';
    delete worker.spec.template.spec.terminationGracePeriodSeconds;
    const dir = tempTree({ 'orders.yaml': docs.map((d) => yaml.dump(d)).join('---\n') });
    const r = await cli(['review', dir, '--now', NOW]);
    const s = section(r.stdout, '### ❌ Job `orders/orders-schema-migration-20260701`');
    // The findings list, after the "Why" list the YAML comments give.
    const findings = s.slice(s.indexOf('**Findings**'));
    const lines = findings.split('\n').filter((l) => l.startsWith('- '));
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['🔴', '🟡', '⚪']);
    expect(lines[0]).toContain('`owner-annotation`');
    expect(lines[1]).toContain('`memory-limit`');
    expect(lines[2]).toContain('`runbook-annotation` suppressed');
    expect(s).toContain('**Findings** (2 open, 1 suppressed):');
    const clean = await cli(['review', path.join(FIXTURES, 'compliant'), '--now', NOW]);
    expect(clean.stdout).not.toMatch(/\d opens/);
    const w = section(r.stdout, 'Deployment `orders/payment-event-worker`');
    expect(w).toContain('| Graceful stop | terminationGracePeriodSeconds not set (30 s); max processing `two minutes` (not a number of seconds) |');
  });
});
