import { Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { IndexedBackfill, MigrationJob, QueueWorker, ReconciliationCronJob } from '../../src';
import {
  DEFAULT_KUBERNETES_VERSION, FEATURES, FeatureKey, KUBERNETES_VERSION_CONTEXT, requireHonouredFields,
} from '../../src/core/kubernetes-version';
import { backfillProps } from '../support/backfill-cleanup-fixtures';
import { batchErrorOf as errorOf } from '../support/bad-input';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { queueWorkerProps } from '../support/queue-worker-fixtures';

/** A chart whose tree targets `version` (the context value every construct reads). */
function chartFor(version: unknown): Chart {
  const app = Testing.app();
  if (version !== undefined) app.node.setContext(KUBERNETES_VERSION_CONTEXT, version);
  return new Chart(app, 'test', { namespace: 'finance' });
}

const TARGET_NOTE = 'Set the target with the context value cdk8s-batch:kubernetesVersion (default 1.30) to the oldest version the output is applied to';

describe('the target version setting', () => {
  test('the default is 1.30, and every construct synthesizes with its defaults there', () => {
    expect(DEFAULT_KUBERNETES_VERSION).toBe('1.30');
    const chart = chartFor(undefined);
    new ReconciliationCronJob(chart, 'ledger', reconciliationProps());
    new MigrationJob(chart, 'orders-schema', migrationProps());
    new IndexedBackfill(chart, 'ledger-check', backfillProps());
    new QueueWorker(chart, 'payment-event-worker', queueWorkerProps());
    const manifests = Testing.synth(chart);
    const worker = manifests.find((m) => m.kind === 'Deployment');
    expect(worker.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
  });

  test.each([
    [1.3, '1.3'],
    ['v1.30', '"v1.30"'],
    ['1.30.2', '"1.30.2"'],
    ['2.0', '"2.0"'],
  ])('a malformed context value %p is refused', (value, rendered) => {
    const error = errorOf(() => new MigrationJob(chartFor(value), 'orders-schema', migrationProps()));
    expect(error.message).toBe(`[cdk8s-batch] test/orders-schema: invalid context cdk8s-batch:kubernetesVersion ${rendered}: ` +
      'a Kubernetes version "1.N" as a string, e.g. "1.30" (a number would lose the trailing zero: 1.30 is 1.3)');
  });

  test('a chart can target another cluster than the rest of the app', () => {
    const app = Testing.app();
    app.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.29');
    const newer = new Chart(app, 'newer', { namespace: 'payments' });
    newer.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.30');
    expect(() => new QueueWorker(newer, 'payment-event-worker', queueWorkerProps())).not.toThrow();
    const older = new Chart(app, 'older', { namespace: 'payments' });
    expect(() => new QueueWorker(older, 'payment-event-worker', queueWorkerProps())).toThrow(/invalid kubernetesVersion "1.29"/);
  });
});

describe('constructs refuse fields the target does not honour', () => {
  test('timeZone: needs 1.25 (a CronJob at 1.24 also lacks podFailurePolicy)', () => {
    const at124 = errorOf(() => new ReconciliationCronJob(chartFor('1.24'), 'ledger', reconciliationProps()));
    expect(at124.message).toBe('[cdk8s-batch] test/ledger: invalid kubernetesVersion "1.24": CronJob ledger sets fields Kubernetes 1.24 does not honour: ' +
      'spec.timeZone (CronJob time zone) needs Kubernetes 1.25 or later (feature gate CronJobTimeZone beta and on by default since 1.25, ' +
      'GA 1.27, KEP-3140), and 1.24 drops it (feature gate off) or does not know it; ' +
      'spec.jobTemplate.spec.podFailurePolicy (pod failure policy) needs Kubernetes 1.26 or later (feature gate JobPodFailurePolicy beta ' +
      `and on by default since 1.26, GA 1.31, KEP-3329), and 1.24 drops it (feature gate off) or does not know it. ${TARGET_NOTE}`);
    const at125 = errorOf(() => new ReconciliationCronJob(chartFor('1.25'), 'ledger', reconciliationProps()));
    expect(at125.allowed).toBe('CronJob ledger sets fields Kubernetes 1.25 does not honour: ' +
      'spec.jobTemplate.spec.podFailurePolicy (pod failure policy) needs Kubernetes 1.26 or later (feature gate JobPodFailurePolicy beta ' +
      `and on by default since 1.26, GA 1.31, KEP-3329), and 1.25 drops it (feature gate off) or does not know it. ${TARGET_NOTE}`);
    const chart = chartFor('1.26');
    new ReconciliationCronJob(chart, 'ledger', reconciliationProps());
    const cronJobManifest = Testing.synth(chart).find((m) => m.kind === 'CronJob');
    expect(cronJobManifest.spec.timeZone).toBe('Etc/UTC');
  });

  test('podFailurePolicy: a Job at 1.25 fails, at 1.26 it carries the policy', () => {
    const error = errorOf(() => new MigrationJob(chartFor('1.25'), 'orders-schema', migrationProps()));
    expect(error.prop).toBe('kubernetesVersion');
    expect(error.value).toBe('"1.25"');
    expect(error.allowed).toBe('Job orders-schema-2026-07-01-001 sets fields Kubernetes 1.25 does not honour: ' +
      'spec.podFailurePolicy (pod failure policy) needs Kubernetes 1.26 or later (feature gate JobPodFailurePolicy beta ' +
      `and on by default since 1.26, GA 1.31, KEP-3329), and 1.25 drops it (feature gate off) or does not know it. ${TARGET_NOTE}`);
    const chart = chartFor('1.26');
    new MigrationJob(chart, 'orders-schema', migrationProps());
    expect(Testing.synth(chart).find((m) => m.kind === 'Job').spec.podFailurePolicy.rules.length).toBeGreaterThan(0);
  });

  test('backoffLimitPerIndex and maxFailedIndexes: IndexedBackfill at 1.28 fails, at 1.29 it synthesizes', () => {
    const error = errorOf(() => new IndexedBackfill(chartFor('1.28'), 'ledger-check', backfillProps()));
    const perIndex = '(per-index backoff limit) needs Kubernetes 1.29 or later (feature gate JobBackoffLimitPerIndex beta and on by default ' +
      'since 1.29, GA 1.33, KEP-3850), and 1.28 drops it (feature gate off) or does not know it';
    const jobName = /^Job (ledger-check-[0-9a-f]+) sets /.exec(error.allowed)?.[1];
    expect(error.allowed).toBe(`Job ${jobName} sets fields Kubernetes 1.28 does not honour: ` +
      `spec.backoffLimitPerIndex ${perIndex}; spec.maxFailedIndexes ${perIndex}; spec.podFailurePolicy.rules[0].action ${perIndex}. ${TARGET_NOTE}`);
    const chart = chartFor('1.29');
    new IndexedBackfill(chart, 'ledger-check', backfillProps());
    const jobManifest = Testing.synth(chart).find((m) => m.kind === 'Job');
    expect(jobManifest.metadata.name).toBe(jobName);
    expect(jobManifest.spec.backoffLimitPerIndex).toBe(2);
    expect(jobManifest.spec.maxFailedIndexes).toBe(2);
    expect(jobManifest.spec.podFailurePolicy.rules[0].action).toBe('FailIndex');
  });

  test('the sleep action: QueueWorker at 1.29 fails and names preStopCommand; at 1.30 it sleeps', () => {
    const error = errorOf(() => new QueueWorker(chartFor('1.29'), 'payment-event-worker', queueWorkerProps()));
    expect(error.allowed).toBe('Deployment payment-event-worker sets fields Kubernetes 1.29 does not honour: ' +
      'spec.template.spec.containers[0].lifecycle.preStop.sleep (sleep lifecycle action) needs Kubernetes 1.30 or later ' +
      '(feature gate PodLifecycleSleepAction beta and on by default since 1.30, GA 1.34, KEP-3960), and 1.29 drops it ' +
      '(feature gate off) or does not know it; instead of a newer target, for a QueueWorker give preStopCommand (an exec hook ' +
      `needs a shell or sleep binary in the image, which distroless images lack, so it is not substituted silently). ${TARGET_NOTE}`);
    const chart = chartFor('1.29');
    new QueueWorker(chart, 'payment-event-worker', queueWorkerProps({ preStopCommand: ['/app/worker', 'drain'] }));
    const worker = Testing.synth(chart).find((m) => m.kind === 'Deployment');
    expect(worker.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['/app/worker', 'drain'] } });
  });

  test('an escape-hatch patch is checked at synth against the same target', () => {
    const chart = chartFor('1.30');
    const migration = new MigrationJob(chart, 'orders-schema', migrationProps());
    migration.job.addJsonPatch(JsonPatch.add('/spec/managedBy', 'kueue.x-k8s.io/multikueue'));
    expect(() => Testing.synth(chart)).toThrow('rule field-needs-newer-kubernetes (error) fails on Job finance/orders-schema-2026-07-01-001: ' +
      'Fields Kubernetes 1.30 does not honour: spec.managedBy (Job managedBy) needs Kubernetes 1.32 or later');
    const newer = chartFor('1.32');
    new MigrationJob(newer, 'orders-schema', migrationProps()).job.addJsonPatch(JsonPatch.add('/spec/managedBy', 'kueue.x-k8s.io/multikueue'));
    expect(Testing.synth(newer).find((m) => m.kind === 'Job').spec.managedBy).toBe('kueue.x-k8s.io/multikueue');
  });
});

/** A minimal object relying on one feature, for the fields no construct emits by default. */
const USES: Record<FeatureKey, { manifest: any; at: string }> = {
  timeZone: { manifest: cronJobWith({ timeZone: 'Europe/Berlin' }), at: 'spec.timeZone' },
  podFailurePolicy: { manifest: jobWith({ podFailurePolicy: { rules: [] } }), at: 'spec.podFailurePolicy' },
  backoffLimitPerIndex: { manifest: jobWith({ completionMode: 'Indexed', completions: 4, backoffLimitPerIndex: 1 }), at: 'spec.backoffLimitPerIndex' },
  podReplacementPolicy: { manifest: jobWith({ podReplacementPolicy: 'Failed' }), at: 'spec.podReplacementPolicy' },
  successPolicy: { manifest: jobWith({ completionMode: 'Indexed', completions: 4, successPolicy: { rules: [{ succeededCount: 2 }] } }), at: 'spec.successPolicy' },
  managedBy: { manifest: jobWith({ managedBy: 'kueue.x-k8s.io/multikueue' }), at: 'spec.managedBy' },
  nativeSidecars: {
    manifest: jobWith({}, { initContainers: [{ name: 'cloud-sql-proxy', image: 'proxy:2.11', restartPolicy: 'Always' }] }),
    at: 'spec.template.spec.initContainers[0].restartPolicy',
  },
  sleepAction: { manifest: jobWith({}, {}, { lifecycle: { preStop: { sleep: { seconds: 5 } } } }), at: 'spec.template.spec.containers[0].lifecycle.preStop.sleep' },
  completionIndexLabel: {
    manifest: jobWith({ completionMode: 'Indexed', completions: 4 }, {}, {
      env: [{ name: 'SHARD', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }],
    }),
    at: 'spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath',
  },
};

function jobWith(spec: object, pod: object = {}, container: object = {}): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'probe' },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', ...pod, containers: [{ name: 'main', image: 'app:1', ...container }] } } },
  };
}

function cronJobWith(spec: object): any {
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'probe' }, spec: { schedule: '0 2 * * *', ...spec, jobTemplate: { spec: jobWith({}).spec } } };
}

describe('each feature at the version just below and at the version that turns it on', () => {
  test.each(Object.keys(USES) as FeatureKey[])('%s', (key) => {
    const feature = FEATURES[key];
    const { manifest, at } = USES[key];
    const below = `1.${feature.onByDefault - 1}`;
    const scope = new Construct(chartFor(below), 'probe');
    const error = errorOf(() => requireHonouredFields(scope, manifest));
    expect(error.message.startsWith(`[cdk8s-batch] test/probe: invalid kubernetesVersion "${below}": ${manifest.kind} probe sets fields Kubernetes ${below} ` +
      `does not honour: ${at} (${feature.name}) needs Kubernetes 1.${feature.onByDefault} or later (feature gate ${feature.featureGate} `)).toBe(true);
    expect(error.message).toContain(`KEP-${feature.kep}), and ${below} drops it (feature gate off) or does not know it`);
    expect(() => requireHonouredFields(new Construct(chartFor(`1.${feature.onByDefault}`), 'probe'), manifest)).not.toThrow();
  });
});
