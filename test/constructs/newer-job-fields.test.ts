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

const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** The object Kueue reads the queue label from: the Job, or a CronJob's job template. */
function queueLabelHolders(manifests: any[]): any[] {
  return manifests.flatMap((m) => m.kind === 'Job' ? [m.metadata] : m.kind === 'CronJob' ? [m.spec.jobTemplate.metadata] : []);
}

describe('Kueue: queueName', () => {
  test.each(Object.keys(FINITE))('%s: the queue label on the Job (a CronJob: on its job template), no suspend on any Job', (name) => {
    const manifests = synthAt(undefined, (chart) => FINITE[name](chart, { queueName: 'finance-batch' }));
    const holders = queueLabelHolders(manifests);
    expect(holders).toHaveLength(1);
    expect(holders[0].labels[QUEUE_LABEL]).toBe('finance-batch');
    // Kueue's webhook suspends the Job on create and unsuspends it on admission.
    for (const spec of jobSpecsOf(manifests)) expect(spec).not.toHaveProperty('suspend');
    // Only the Job (or job template) carries it: not the CronJob itself, the pods, or companions.
    const elsewhere = manifests.filter((m) => m.metadata.labels?.[QUEUE_LABEL] !== undefined).map((m) => m.kind);
    expect(elsewhere).toEqual(name.startsWith('ReconciliationCronJob') || name.endsWith('(scheduled)') ? [] : ['Job']);
    for (const m of manifests.filter((x) => x.kind === 'Job' || x.kind === 'CronJob')) {
      const template = m.kind === 'Job' ? m.spec.template : m.spec.jobTemplate.spec.template;
      expect(template.metadata.labels[QUEUE_LABEL]).toBeUndefined();
    }
    expectValidManifests(manifests);
    expectCompliant(manifests, name === 'MigrationJob' ? ['disruption-not-counted'] : []);
  });

  test('the CronJob keeps its own spec.suspend (pausing the schedule is not Kueue\'s), both values', () => {
    for (const suspend of [false, true]) {
      const cronJob = synthAt(undefined, (chart) => FINITE.ReconciliationCronJob(chart, { queueName: 'finance-batch', suspend }))
        .find((m) => m.kind === 'CronJob');
      expect(cronJob.spec.suspend).toBe(suspend);
      expect(cronJob.spec.jobTemplate.spec).not.toHaveProperty('suspend');
    }
  });

  test('without queueName nothing of Kueue is written', () => {
    const manifests = synthAt(undefined, (chart) => FINITE.MigrationJob(chart));
    expect(JSON.stringify(manifests)).not.toContain('kueue.x-k8s.io');
  });

  test.each([
    ['Finance-Batch', /label value|LocalQueue/],
    ['finance_batch', /LocalQueue in the workload's namespace: lower-case letters, digits, '-' and '.'/],
    ['q'.repeat(64), /label value must be at most 63 characters/],
    ['', /label value/],
  ])('queueName %j is refused naming the prop, the value and the rule', (queueName, says) => {
    const error = batchErrorOf(() => synthAt(undefined, (chart) => FINITE.MigrationJob(chart, { queueName })));
    expect(error.constructPath).toBe('test/orders-schema-migration');
    expect(error.prop).toBe('queueName');
    expect(error.message).toMatch(says);
  });
});

describe('jobManagedBy: spec.managedBy passes through, never set by default', () => {
  test.each(Object.keys(FINITE))('%s: not written by default, written as given at 1.32', (name) => {
    expect(jobSpecsOf(synthAt('1.33', (chart) => FINITE[name](chart)))[0]).not.toHaveProperty('managedBy');
    const manifests = synthAt('1.32', (chart) => FINITE[name](chart, { jobManagedBy: 'kueue.x-k8s.io/multikueue' }));
    expect(jobSpecsOf(manifests)[0].managedBy).toBe('kueue.x-k8s.io/multikueue');
    expectValidManifests(manifests);
  });

  test('at 1.31, the release before JobManagedBy is on by default, it is a synth error naming the prop', () => {
    const error = batchErrorOf(() => synthAt('1.31', (chart) => FINITE.MigrationJob(chart, { jobManagedBy: 'kueue.x-k8s.io/multikueue' })));
    expect(error.constructPath).toBe('test/orders-schema-migration');
    expect(error.prop).toBe('jobManagedBy');
    expect(error.value).toBe('"kueue.x-k8s.io/multikueue"');
    expect(error.message).toContain('Job spec.managedBy (Job managedBy) needs Kubernetes 1.32 or later (feature gate JobManagedBy beta and on by default since 1.32, GA 1.35, KEP-4368)');
    expect(error.message).toContain('the target 1.31 drops it');
  });

  test.each(['multikueue', '/controller', 'Example.com/x', 'example.com/', `example.com/${'x'.repeat(52)}`, 'example.com/a b'])(
    'jobManagedBy %j is refused as Kubernetes refuses it (domain-prefixed path, at most 63 characters)', (jobManagedBy) => {
      const error = batchErrorOf(() => synthAt('1.33', (chart) => FINITE.MigrationJob(chart, { jobManagedBy })));
      expect(error.prop).toBe('jobManagedBy');
      expect(error.message).toContain('a domain-prefixed path of at most 63 characters');
      expect(error.message).toContain('IsDomainPrefixedPath');
    });

  test('IndexedBackfill and one-off CleanupJob: managedBy is immutable, so it names a new Job; other names do not move', () => {
    for (const name of ['IndexedBackfill', 'CleanupJob (one-off)']) {
      const plain = synthAt('1.33', (chart) => FINITE[name](chart)).find((m) => m.kind === 'Job').metadata.name;
      const managed = synthAt('1.33', (chart) => FINITE[name](chart, { jobManagedBy: 'kueue.x-k8s.io/multikueue' }))
        .find((m) => m.kind === 'Job').metadata.name;
      expect(managed).not.toBe(plain);
      expect(synthAt('1.30', (chart) => FINITE[name](chart)).find((m) => m.kind === 'Job').metadata.name).toBe(plain);
    }
  });
});
