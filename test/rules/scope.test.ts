import { audit, compliantSet, find, summary } from './helpers';
import { BatchValidationError } from '../../src/errors';
import { BatchAudit } from '../../src/rules/audit';
import { runAudit } from '../../src/rules/engine';
import { AuditScope } from '../../src/rules/finding';

/** Which objects the batch rules judge, programmatically (the CLI cases are in test/cli/scope-cases.test.ts). */

const P = 'platform.example.com';

/** A Deployment with nothing batch about it. */
function web(name: string, extra: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', ...extra },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.0.0' }] } } },
  };
}

const scaledObject = (target: string, trigger: string) => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: target, namespace: 'shop' },
  spec: { scaleTargetRef: { name: target }, maxReplicaCount: 5, triggers: [{ type: trigger, metadata: {} }] },
});

const hpa = (apiVersion: string, target: string, metricType: string) => ({
  apiVersion,
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: target, namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, maxReplicas: 5, metrics: [{ type: metricType }] },
});

function outside(docs: any[], scope?: AuditScope): string[] {
  return runAudit(docs.map((object) => ({ object })), { scope }).outsideScope.map((o) => `${o.kind}/${o.name}`);
}

test.each([
  ['a KEDA cpu trigger', false, [scaledObject('w', 'cpu')]],
  ['a KEDA memory trigger', false, [scaledObject('w', 'memory')]],
  ['a KEDA queue trigger', true, [scaledObject('w', 'kafka')]],
  ['an autoscaling/v2 HPA on an External metric', true, [hpa('autoscaling/v2', 'w', 'External')]],
  ['an autoscaling/v2 HPA on CPU', false, [hpa('autoscaling/v2', 'w', 'Resource')]],
  ['an HPA on an External metric in a removed apiVersion', false, [hpa('autoscaling/v2beta2', 'w', 'External')]],
  ['a queue scaler in another namespace', false, [{ ...scaledObject('w', 'kafka'), metadata: { name: 'w', namespace: 'other' } }]],
] as [string, boolean, any[]][])('a Deployment scaled by %s is in batch scope: %s', (_title, inScope, scalers) => {
  expect(outside([web('w'), ...scalers])).toEqual(inScope ? [] : ['Deployment/w']);
});

test('a Deployment that carries any workload class is in batch scope, and a wrong class is a finding', () => {
  const labelled = web('w', { labels: { [`${P}/workload-class`]: 'batch' } });
  expect(outside([labelled])).toEqual([]);
  const findings = audit([labelled]);
  expect(findings.find((f) => f.ruleId === 'workload-class')?.message).toContain('class "batch" does not fit a Deployment');
  // Labelled with another class, it is no queue worker: the queue-worker rules stay silent.
  expect(findings.map((f) => f.ruleId)).not.toContain('queue-worker-scaling');
});

test('outside batch scope, no rule fires; with AuditScope.ALL only the pod-level rules do', () => {
  expect(BatchAudit.auditManifests([web('w')])).toEqual([]);
  const all = BatchAudit.auditManifests([web('w')], { scope: AuditScope.ALL }).map((f) => f.ruleId);
  expect(all).toEqual(['resource-requests', 'memory-limit', 'dedicated-service-account', 'pod-security-restricted']);
});

test('every pod-bearing kind outside batch scope is listed; other kinds are not', () => {
  const template = { spec: { containers: [{ name: 'c', image: 'x:1' }] } };
  const docs = [
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ss' }, spec: { template } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { template } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template } },
    { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, ...template },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
    { apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'volcano' } },
  ];
  expect(outside(docs)).toEqual(['StatefulSet/ss', 'DaemonSet/ds', 'ReplicaSet/rs', 'ReplicationController/rc', 'Pod/p']);
  // The pod-level rules read each kind's pod template (a bare Pod is its own).
  const images = BatchAudit.auditManifests(docs, { scope: AuditScope.ALL, rules: ['image-pinned'] });
  expect(images).toEqual([]);
  const unpinned = JSON.parse(JSON.stringify(docs).split('"x:1"').join('"x"'));
  expect(BatchAudit.auditManifests(unpinned, { scope: AuditScope.ALL, rules: ['image-pinned'] }).map((f) => f.name)).toEqual(['ss', 'ds', 'rs', 'rc', 'p']);
});

test('a binding in a removed RBAC version binds nothing', () => {
  const docs = compliantSet();
  find(docs, 'RoleBinding', 'session-cleanup').apiVersion = 'rbac.authorization.k8s.io/v1beta1';
  // session-cleanup mounts its token because its Role is bound; unbound, that is a finding.
  expect(summary(audit(docs))).toEqual(['CronJob/session-cleanup: dedicated-service-account', 'RoleBinding/session-cleanup: api-version-removed']);
});

test('a kind in a built-in group that never served it is a note; a custom resource of the same name is not', () => {
  const run = runAudit([
    { object: { apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'wrong-group' } } },
    { object: { apiVersion: 'batch/v1beta1', kind: 'Job', metadata: { name: 'never-beta' } } },
    { object: { apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'volcano' } } },
    { object: { apiVersion: 'apps/v1', kind: 'deployment', metadata: { name: 'lower' } } },
  ]);
  expect(run.findings).toEqual([]);
  expect(run.notes.map((n) => `${n.name}: ${n.note}`)).toEqual([
    'wrong-group: no Kubernetes version serves Deployment in apiVersion v1 (it is apps/v1), so the API server rejects it and no rule checked it',
    'never-beta: no Kubernetes version serves Job in apiVersion batch/v1beta1 (it is batch/v1), so the API server rejects it and no rule checked it',
    'lower: kind "deployment" is not a Kubernetes kind (kinds are case-sensitive; did you mean "Deployment"?), so the API server rejects it and no rule checked it',
  ]);
});

test('an unknown scope is rejected with our error', () => {
  expect(() => audit([], { scope: 'web' as AuditScope })).toThrow(BatchValidationError);
  expect(() => audit([], { scope: 'web' as AuditScope })).toThrow(/scope/);
});

test('a ScaledJob is Job-like: the Job rules read spec.jobTargetRef, the history limits decide retention', () => {
  const docs = compliantSet();
  const report = find(docs, 'Job', 'report-export');
  const { ttlSecondsAfterFinished: _ttl, ...jobSpec } = report.spec;
  const scaledJob = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledJob',
    metadata: { ...report.metadata, name: 'report-export-on-demand' },
    spec: { jobTargetRef: jobSpec, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 0, triggers: [{ type: 'rabbitmq', metadata: {} }] },
  };
  expect(summary(audit([...docs, scaledJob]))).toEqual(['ScaledJob/report-export-on-demand: failed-jobs-retained']);
  delete scaledJob.spec.jobTargetRef.activeDeadlineSeconds;
  expect(summary(audit([...docs, scaledJob]))).toEqual(['ScaledJob/report-export-on-demand: active-deadline', 'ScaledJob/report-export-on-demand: failed-jobs-retained']);
});
