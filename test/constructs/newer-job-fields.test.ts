/**
 * Newer Job fields the finite constructs use where they help: `podReplacementPolicy: Failed` and
 * `completionMode` written out, Kueue's queue label, `managedBy`, native sidecars and the
 * IndexedBackfill success policy; each against the target Kubernetes version.
 */
import { App, Chart, Testing } from 'cdk8s';
import { CleanupJob, IndexedBackfill, KUBERNETES_VERSION_CONTEXT, MigrationJob, ReconciliationCronJob } from '../../src';
import { backfillProps, cleanupProps } from '../support/backfill-cleanup-fixtures';
import { batchErrorOf } from '../support/bad-input';
import { expectCompliant } from '../support/compliance';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { expectValidManifests } from '../support/k8s-schema';

/** Synthesizes one chart whose context targets `version` (the default target when undefined). */
function synthAt(version: string | undefined, build: (chart: Chart) => void): any[] {
  const app: App = Testing.app();
  if (version !== undefined) app.node.setContext(KUBERNETES_VERSION_CONTEXT, version);
  const chart = new Chart(app, 'test', { namespace: 'finance' });
  build(chart);
  return Testing.synth(chart);
}

/** The Job spec of a Job, or of the job template of a CronJob. */
function jobSpecsOf(manifests: any[]): any[] {
  return manifests.flatMap((m) => m.kind === 'Job' ? [m.spec] : m.kind === 'CronJob' ? [m.spec.jobTemplate.spec] : []);
}

/** Every finite construct, with the props each test adds (kind of Job-like object it emits). */
const FINITE: Record<string, (chart: Chart, extra?: Record<string, unknown>) => void> = {
  'ReconciliationCronJob': (chart, extra = {}) => new ReconciliationCronJob(chart, 'ledger-reconciliation', reconciliationProps(extra)),
  'MigrationJob': (chart, extra = {}) => new MigrationJob(chart, 'orders-schema-migration', migrationProps(extra)),
  'IndexedBackfill': (chart, extra = {}) => new IndexedBackfill(chart, 'ledger-backfill', backfillProps(extra)),
  'CleanupJob (one-off)': (chart, extra = {}) => new CleanupJob(chart, 'expired-session-cleanup', cleanupProps(extra)),
  'CleanupJob (scheduled)': (chart, extra = {}) => new CleanupJob(chart, 'expired-session-cleanup',
    cleanupProps({ cron: { schedule: '30 2 * * *' }, ...extra })),
};
/** The constructs that can target Kubernetes 1.28 (IndexedBackfill needs per-index backoff, 1.29). */
const BELOW_1_29 = Object.keys(FINITE).filter((name) => name !== 'IndexedBackfill');

describe('podReplacementPolicy and completionMode are written out', () => {
  test.each(Object.keys(FINITE))('%s: podReplacementPolicy Failed at the default target (1.30)', (name) => {
    const manifests = synthAt(undefined, (chart) => FINITE[name](chart));
    const specs = jobSpecsOf(manifests);
    expect(specs).toHaveLength(1);
    expect(specs[0].podReplacementPolicy).toBe('Failed');
    // Failed is the only value Kubernetes allows with podFailurePolicy; every construct sets one.
    expect(specs[0].podFailurePolicy.rules.length).toBeGreaterThan(0);
    expect(specs[0].completionMode).toBe(name === 'IndexedBackfill' ? 'Indexed' : 'NonIndexed');
    expectValidManifests(manifests);
  });

  test.each(Object.keys(FINITE))('%s: podReplacementPolicy Failed at 1.29, the release that turns it on', (name) => {
    const specs = jobSpecsOf(synthAt('1.29', (chart) => FINITE[name](chart)));
    expect(specs[0].podReplacementPolicy).toBe('Failed');
  });

  test.each(BELOW_1_29)('%s: at 1.28 the default is left out silently (the controller already waits for a terminal pod under podFailurePolicy)', (name) => {
    const manifests = synthAt('1.28', (chart) => FINITE[name](chart));
    const specs = jobSpecsOf(manifests);
    expect(specs[0]).not.toHaveProperty('podReplacementPolicy');
    expect(specs[0].podFailurePolicy).toBeDefined();
    expect(specs[0].completionMode).toBe('NonIndexed');
    expectCompliant(manifests, name === 'MigrationJob' ? ['disruption-not-counted'] : [], { kubernetesVersion: '1.28' });
  });

  test('IndexedBackfill at 1.28 still fails for what the user gets from it (per-index backoff), not for the default', () => {
    const error = batchErrorOf(() => synthAt('1.28', (chart) => FINITE.IndexedBackfill(chart)));
    expect(error.prop).toBe('kubernetesVersion');
    expect(error.message).toContain('backoffLimitPerIndex');
    expect(error.message).not.toContain('podReplacementPolicy');
  });
});
