import { GitOpsHook, MigrationJob } from '../../src';
import { expectCompliant } from '../support/compliance';
import { migrationProps } from '../support/fixtures';
import { expectValidManifests } from '../support/k8s-schema';
import { only, synthChart } from '../support/synth';

const P = 'platform.example.com';

function synth(overrides = {}) {
  return synthChart((chart) => new MigrationJob(chart, 'orders-schema-migration', migrationProps(overrides)), 'orders');
}

describe('MigrationJob defaults', () => {
  const manifests = synth();
  const job = only(manifests, 'Job');
  const pod = job.spec.template.spec;
  const container = pod.containers[0];

  test('synthesizes a Job, its alerts and its own ServiceAccount, valid against the schema', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Job', 'PrometheusRule', 'ServiceAccount']);
    expectValidManifests(manifests);
  });

  test('the Job name includes the target version; the app name and ServiceAccount do not', () => {
    expect(job.metadata.name).toBe('orders-schema-migration-2026-07-01-001');
    expect(job.metadata.labels['app.kubernetes.io/name']).toBe('orders-schema-migration');
    expect(only(manifests, 'ServiceAccount').metadata.name).toBe('orders-schema-migration');
    expect(pod.serviceAccountName).toBe('orders-schema-migration');
  });

  test('passes the whole checklist; only the stated disruption decision is suppressed', () => {
    expectCompliant(manifests, ['disruption-not-counted']);
  });

  test('backoffLimit is 0: fail once, inspect, decide', () => {
    expect(job.spec.backoffLimit).toBe(0);
  });

  test('activeDeadlineSeconds is 900', () => {
    expect(job.spec.activeDeadlineSeconds).toBe(900);
  });

  test('parallelism and completions are 1', () => {
    expect(job.spec.parallelism).toBe(1);
    expect(job.spec.completions).toBe(1);
  });

  test('ttlSecondsAfterFinished is 7 days', () => {
    expect(job.spec.ttlSecondsAfterFinished).toBe(604800);
  });

  test('the target version is passed as --target-version', () => {
    expect(container.args).toEqual(['--target-version=2026_07_01_001']);
    expect(job.metadata.annotations[`${P}/target-version`]).toBe('2026_07_01_001');
  });

  test('labelled as a schema migration of class migration', () => {
    expect(job.metadata.labels[`${P}/change-type`]).toBe('schema-migration');
    expect(job.metadata.labels[`${P}/workload-class`]).toBe('migration');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });

  test('approval trail, idempotency key and completion ledger are annotated', () => {
    const a = job.metadata.annotations;
    expect(a[`${P}/change-ref`]).toBe('CHG-2026-0701');
    expect(a[`${P}/approved-by`]).toBe('orders-dba-oncall');
    expect(a[`${P}/idempotency-key`]).toBe('orders-schema-migration:2026_07_01_001');
    expect(a[`${P}/completion-ledger`]).toBe('the schema migration history table of the migration tool');
  });

  test('permanent exit codes fail the Job and disruptions are not ignored (a suppression says why)', () => {
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: 'FailJob', onExitCodes: { containerName: 'migrate', operator: 'In', values: [64, 65, 66, 67, 68, 77, 78] } },
    ]);
    expect(job.metadata.annotations[`${P}/suppress.disruption-not-counted`]).toMatch(/human to inspect/);
  });

  test('no GitOps hook annotations unless asked', () => {
    expect(Object.keys(job.metadata.annotations).filter((k) => k.startsWith('argocd.argoproj.io/'))).toEqual([]);
  });

  test('restartPolicy Never and the token is not mounted', () => {
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('snapshot for review', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('MigrationJob versions and GitOps', () => {
  test('versionLabel names the Job; the same version synthesizes the same name and template', () => {
    const a = only(synth({ versionLabel: '20260701' }), 'Job');
    const b = only(synth({ versionLabel: '20260701' }), 'Job');
    expect(a.metadata.name).toBe('orders-schema-migration-20260701');
    expect(a).toEqual(b);
  });

  test('a new target version is a new Job name', () => {
    const a = only(synth({ targetVersion: '2026_07_01_001' }), 'Job');
    const b = only(synth({ targetVersion: '2026_07_02_001' }), 'Job');
    expect(a.metadata.name).not.toBe(b.metadata.name);
  });

  test('Argo CD PreSync hook on the Job, and on the ServiceAccount one wave earlier', () => {
    const manifests = synth({ gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC });
    const job = only(manifests, 'Job');
    const sa = only(manifests, 'ServiceAccount');
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    expect(job.metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBe('BeforeHookCreation');
    expect(job.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    expect(sa.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    expect(sa.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    expectValidManifests(manifests);
    expectCompliant(manifests, ['disruption-not-counted']);
  });

  test('a custom sync wave and ServiceAccount name', () => {
    const manifests = synth({ gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC, syncWave: 5, serviceAccountName: 'orders-migration' });
    expect(only(manifests, 'Job').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('5');
    expect(only(manifests, 'ServiceAccount').metadata.name).toBe('orders-migration');
  });

  test('ignoring disruptions can be chosen, and then no suppression is written', () => {
    const job = only(synth({ failurePolicy: { ignoreDisruptions: true } }), 'Job');
    expect(job.spec.podFailurePolicy.rules[1]).toEqual({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    expect(job.metadata.annotations[`${P}/suppress.disruption-not-counted`]).toBeUndefined();
  });
});
