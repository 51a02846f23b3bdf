import { audit, loadFixture } from './helpers';
import { BatchValidationError } from '../../src/errors';
import { AuditScope } from '../../src/rules/finding';
import { cli, FIXTURES, NOW } from '../cli/helpers';

const RULE = 'field-needs-newer-kubernetes';
const FIXTURE = 'kubernetes-version/newer-fields.yaml';

function findings(version: string | undefined, scope?: AuditScope) {
  return audit(loadFixture(FIXTURE), { kubernetesVersion: version, rules: [RULE], scope });
}

function message(version: string, clause: string): string {
  return `Fields Kubernetes ${version} does not honour: ${clause}, and ${version} drops it (feature gate off) or does not know it. ` +
    'Remove them, or audit for the version the manifests are really applied to.';
}

/** Each object of the fixture, the first release that honours its field, and the finding's clause below it. */
const CASES: [string, string, string, string][] = [
  ['CronJob', 'nightly-settlement', '1.25',
    'spec.timeZone (CronJob time zone) needs Kubernetes 1.25 or later (feature gate CronJobTimeZone beta and on by default since 1.25, GA 1.27, KEP-3140)'],
  ['Job', 'invoice-export', '1.26',
    'spec.podFailurePolicy (pod failure policy) needs Kubernetes 1.26 or later (feature gate JobPodFailurePolicy beta and on by default since 1.26, GA 1.31, KEP-3329)'],
  ['Job', 'report-render', '1.29',
    'spec.podReplacementPolicy (pod replacement policy) needs Kubernetes 1.29 or later (feature gate JobPodReplacementPolicy beta and on by default since 1.29, GA 1.34, KEP-3939)'],
  ['Job', 'shard-scan', '1.31',
    'spec.successPolicy (Job success policy) needs Kubernetes 1.31 or later (feature gate JobSuccessPolicy beta and on by default since 1.31, GA 1.33, KEP-3998)'],
  ['Job', 'model-train', '1.32',
    'spec.managedBy (Job managedBy) needs Kubernetes 1.32 or later (feature gate JobManagedBy beta and on by default since 1.32, GA 1.35, KEP-4368)'],
  ['Job', 'orders-export', '1.29',
    'spec.template.spec.initContainers[0].restartPolicy (native sidecar) needs Kubernetes 1.29 or later (feature gate SidecarContainers beta and on by default since 1.29, GA 1.33, KEP-753)'],
];

function minorBelow(version: string): string {
  return `1.${Number(version.split('.')[1]) - 1}`;
}

describe('field-needs-newer-kubernetes', () => {
  test.each(CASES)('%s %s: a finding at the release below %s, none at it', (kind, name, introduced, clause) => {
    const below = minorBelow(introduced);
    const onObject = (version: string) => findings(version).filter((f) => f.name === name);
    const found = onObject(below);
    expect(found.map((f) => [f.kind, f.severity, f.message])).toEqual([[kind, 'error', message(below, clause)]]);
    expect(onObject(introduced)).toEqual([]);
  });

  test('backoffLimitPerIndex and maxFailedIndexes: both fields at 1.28, none at 1.29', () => {
    const perIndex = '(per-index backoff limit) needs Kubernetes 1.29 or later (feature gate JobBackoffLimitPerIndex beta and on by default since 1.29, GA 1.33, KEP-3850), and 1.28 drops it (feature gate off) or does not know it';
    const found = findings('1.28').filter((f) => f.name === 'ledger-backfill');
    expect(found.map((f) => f.message)).toEqual([
      `Fields Kubernetes 1.28 does not honour: spec.backoffLimitPerIndex ${perIndex}; spec.maxFailedIndexes ${perIndex}. ` +
      'Remove them, or audit for the version the manifests are really applied to.',
    ]);
    expect(findings('1.29').filter((f) => f.name === 'ledger-backfill')).toEqual([]);
  });

  test('the sleep action at 1.29 names the exec alternative; none at 1.30', () => {
    const found = findings('1.29').filter((f) => f.name === 'events-consumer');
    expect(found.map((f) => f.message)).toEqual([
      'Fields Kubernetes 1.29 does not honour: spec.template.spec.containers[0].lifecycle.preStop.sleep (sleep lifecycle action) ' +
      'needs Kubernetes 1.30 or later (feature gate PodLifecycleSleepAction beta and on by default since 1.30, GA 1.34, KEP-3960), ' +
      'and 1.29 drops it (feature gate off) or does not know it; instead of a newer target, for a QueueWorker give preStopCommand ' +
      '(an exec hook needs a shell or sleep binary in the image, which distroless images lack, so it is not substituted silently). ' +
      'Remove them, or audit for the version the manifests are really applied to.',
    ]);
    expect(findings('1.30').filter((f) => f.name === 'events-consumer')).toEqual([]);
  });

  test('the job-completion-index label read through the downward API at 1.27 names the annotation; none at 1.28', () => {
    const found = findings('1.27').filter((f) => f.name === 'shard-index');
    expect(found.map((f) => f.message)).toEqual([
      'Fields Kubernetes 1.27 does not honour: spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath ' +
      '(job-completion-index pod label) needs Kubernetes 1.28 or later (feature gate PodIndexLabel beta and on by default since 1.28, ' +
      'GA 1.32, KEP-4017), and 1.27 drops it (feature gate off) or does not know it; instead of a newer target, read the annotation ' +
      'batch.kubernetes.io/job-completion-index (since 1.24) or the JOB_COMPLETION_INDEX variable. ' +
      'Remove them, or audit for the version the manifests are really applied to.',
    ]);
    expect(findings('1.28').filter((f) => f.name === 'shard-index')).toEqual([]);
  });

  test('every object at 1.24, and nothing at 1.32 (the newest requirement of the set)', () => {
    expect(findings('1.24').map((f) => f.name)).toEqual([
      'nightly-settlement', 'invoice-export', 'ledger-backfill', 'report-render', 'shard-scan', 'model-train', 'orders-export',
      'events-consumer', 'shard-index',
    ]);
    expect(findings('1.32')).toEqual([]);
  });

  test('without a target the rule is silent: the audit cannot know the cluster', () => {
    expect(findings(undefined)).toEqual([]);
  });

  test('a Deployment outside batch scope is judged only with scope all', () => {
    const docs = loadFixture(FIXTURE);
    const consumer = docs.find((d) => d.metadata.name === 'events-consumer');
    delete consumer.metadata.labels;
    const run = (scope?: AuditScope) => audit(docs, { kubernetesVersion: '1.29', rules: [RULE], scope }).filter((f) => f.name === 'events-consumer');
    expect(run()).toEqual([]);
    expect(run(AuditScope.ALL).map((f) => f.ruleId)).toEqual([RULE]);
  });

  test.each(['1.3O', 'v1.30', '1.30.1', '30'])('a malformed target %p is refused', (version) => {
    expect(() => findings(version)).toThrow(BatchValidationError);
    expect(() => findings(version)).toThrow(`BatchAudit: invalid kubernetesVersion "${version}": a Kubernetes version "1.N" as a string, e.g. "1.30"`);
  });

  test('the CLI takes --kubernetes-version and refuses a malformed one', async () => {
    const file = `${FIXTURES}/${FIXTURE}`;
    const old = await cli(['audit', '--now', NOW, '--rule', RULE, '--kubernetes-version', '1.30', '--format', 'json', file]);
    expect(old.code).toBe(1);
    expect(JSON.parse(old.stdout).findings.map((f: { name: string }) => f.name)).toEqual(['shard-scan', 'model-train']);
    const current = await cli(['audit', '--now', NOW, '--rule', RULE, '--kubernetes-version', '1.32', file]);
    expect(current.code).toBe(0);
    const bad = await cli(['audit', '--kubernetes-version', '1.3x', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid kubernetesVersion "1.3x"');
    const help = await cli(['--help']);
    expect(help.stdout).toContain('--kubernetes-version X.Y');
  });
});
