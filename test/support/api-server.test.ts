import { Chart, Testing } from 'cdk8s';
import {
  ApiServerVerdict, apiServerRejections, checkManifests, checkYaml, harnessVersionFor, HARNESS_OLDEST_MINOR, HARNESS_RELEASE_MINOR,
} from './api-server';
import { batchErrorOf } from './bad-input';
import { queueWorkerProps } from './queue-worker-fixtures';
import { sampleManifests } from './schema/sample-manifests';
import { QueueWorker } from '../../src';
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSION_CONTEXT } from '../../src/core/kubernetes-version';

/**
 * The harness must reject what Kubernetes rejects for reasons an OpenAPI schema cannot see, with
 * the API server's own field path and message, and accept valid documents. These documents are
 * written for this test; the messages are those of k8s.io/kubernetes' validation code.
 */

const podTemplate = {
  spec: {
    restartPolicy: 'Never',
    containers: [{ name: 'main', image: 'registry.example.com/batch/worker:1.0.0' }],
  },
};

function job(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'finance' }, spec: { template: podTemplate, ...spec } };
}

function only(verdicts: ApiServerVerdict[]): ApiServerVerdict {
  expect(verdicts).toHaveLength(1);
  return verdicts[0];
}

/** The verdict's causes as `field: message`. */
function causes(verdict: ApiServerVerdict): string[] {
  return verdict.errors.map((e) => `${e.field}: ${e.message}`);
}

describe('documents Kubernetes rejects for reasons the OpenAPI schema cannot see', () => {
  test('an Indexed Job with parallelism but no completions', () => {
    // Without parallelism either, defaulting sets completions to 1 and the Job is valid.
    const verdict = only(checkManifests([job('ledger-backfill', { completionMode: 'Indexed', parallelism: 4 })]));
    expect(verdict.status).toBe('invalid');
    expect(causes(verdict)).toEqual(['spec.completions: Required value: when completion mode is Indexed']);
    expect(verdict.message).toBe(
      'Job.batch "ledger-backfill" is invalid: spec.completions: Required value: when completion mode is Indexed',
    );
  });

  test('an Indexed Job without completions or parallelism is completed by defaulting, not rejected', () => {
    const verdict = only(checkManifests([job('ledger-backfill', { completionMode: 'Indexed' })]));
    expect(verdict.status).toBe('ok');
    expect(verdict.defaults?.added).toEqual(expect.arrayContaining([
      { path: 'spec.completions', value: 1 },
      { path: 'spec.parallelism', value: 1 },
    ]));
  });

  test('a CronJob name of 53 characters', () => {
    const name = 'n'.repeat(53);
    const verdict = only(checkManifests([{
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'finance' },
      spec: { schedule: '15 1 * * *', jobTemplate: { spec: { template: podTemplate } } },
    }]));
    expect(verdict.status).toBe('invalid');
    expect(causes(verdict)).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters`]);
  });

  test('a PodDisruptionBudget with both minAvailable and maxUnavailable', () => {
    const verdict = only(checkManifests([{
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'worker', namespace: 'finance' },
      spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: 'worker' } } },
    }]));
    expect(verdict.status).toBe('invalid');
    expect(verdict.errors).toHaveLength(1);
    expect(verdict.errors[0].field).toBe('spec');
    // The API server prints the whole spec as the invalid value, then the reason.
    expect(verdict.errors[0].message).toMatch(/^Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });

  test('an environment variable name containing "="', () => {
    const template = { spec: { ...podTemplate.spec, containers: [{ ...podTemplate.spec.containers[0], env: [{ name: 'LEDGER=URL', value: 'x' }] }] } };
    const verdict = only(checkManifests([job('env-name', { template })]));
    expect(verdict.status).toBe('invalid');
    expect(causes(verdict)).toEqual([
      'spec.template.spec.containers[0].env[0].name: Invalid value: "LEDGER=URL": ' +
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
  });

  test('a Role rule with an empty verbs list', () => {
    const verdict = only(checkManifests([{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', namespace: 'finance' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: [] }],
    }]));
    expect(verdict.status).toBe('invalid');
    expect(causes(verdict)).toEqual(['rules[0].verbs: Required value: verbs must contain at least one value']);
  });

  test('restartPolicy spelled RestartPolicy: strict decoding is case-sensitive', () => {
    const template = { spec: { RestartPolicy: 'Never', containers: podTemplate.spec.containers } };
    const verdict = only(checkManifests([job('mis-cased', { template })]));
    expect(verdict.status).toBe('invalid');
    expect(verdict.errors).toEqual([
      { field: 'spec.template.spec.RestartPolicy', message: 'unknown field "spec.template.spec.RestartPolicy"' },
    ]);
    expect(verdict.message).toBe(
      'Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field "spec.template.spec.RestartPolicy"',
    );
  });

  test('a duplicate YAML key is an error, not a silent overwrite', () => {
    const verdict = only(checkYaml([
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      'data:',
      '  mode: a',
      '  mode: b',
      '',
    ].join('\n')));
    expect(verdict.status).toBe('invalid');
    expect(verdict.message).toMatch(/key "mode" already set in map/);
  });

  test('YAML 1.1 as Kubernetes reads it: an unquoted `on` is a boolean, so a string field rejects it', () => {
    const verdict = only(checkYaml([
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      'data:',
      '  feature: on',
      '',
    ].join('\n')));
    expect(verdict.status).toBe('invalid');
    expect(verdict.message).toMatch(/ConfigMap in version "v1" cannot be handled as a ConfigMap/);
  });

  test('a ScaledObject field its CRD does not declare', () => {
    const verdict = only(checkManifests([{
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'worker', namespace: 'finance' },
      spec: { scaleTargetRef: { name: 'worker' }, minReplicaCount: 1, triggers: [{ type: 'cpu', metadata: { value: '50' } }], cooldown: 30 },
    }]));
    expect(verdict.status).toBe('invalid');
    expect(verdict.errors).toEqual([{ field: 'spec.cooldown', message: 'unknown field "spec.cooldown"' }]);
  });

  test('a PrometheusRule with a value of the wrong type', () => {
    const verdict = only(checkManifests([{
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'alerts', namespace: 'finance' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'Down', expr: 'up == 0', for: 5 }] }] },
    }]));
    expect(verdict.status).toBe('invalid');
    expect(causes(verdict)).toEqual([
      'spec.groups[0].rules[0].for: Invalid value: "integer": spec.groups[0].rules[0].for in body must be of type string: "integer"',
    ]);
  });
});

describe('valid documents are accepted', () => {
  const valid = [
    job('ledger-backfill', { completionMode: 'Indexed', completions: 8, parallelism: 2 }),
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'n'.repeat(52), namespace: 'finance' },
      spec: { schedule: '15 1 * * *', timeZone: 'Etc/UTC', jobTemplate: { spec: { template: podTemplate } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'worker', namespace: 'finance' },
      spec: {
        selector: { matchLabels: { app: 'worker' } },
        template: { metadata: { labels: { app: 'worker' } }, spec: { containers: podTemplate.spec.containers } },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'worker', namespace: 'finance' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'worker' } } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'worker', namespace: 'finance' }, automountServiceAccountToken: false },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'finance' }, data: { mode: 'on' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', namespace: 'finance' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'worker', namespace: 'finance' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' }, minReplicas: 1, maxReplicas: 4 },
    },
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'worker', namespace: 'finance' },
      spec: { scaleTargetRef: { name: 'worker' }, minReplicaCount: 1, maxReplicaCount: 4, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '50' } }] },
    },
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: 'queue', namespace: 'finance' },
      spec: { secretTargetRef: [{ parameter: 'host', name: 'queue-credentials', key: 'host' }] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'alerts', namespace: 'finance' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'Down', expr: 'up == 0', for: '5m' }] }] },
    },
  ];

  test('one run of the harness accepts every one', () => {
    const verdicts = checkManifests(valid);
    expect(apiServerRejections(verdicts)).toEqual([]);
    expect(verdicts.map((v) => `${v.kind}:${v.status}`)).toEqual(valid.map((m) => `${m.kind}:ok`));
  });

  test('an unknown kind is reported as skipped, never as accepted', () => {
    const verdict = only(checkManifests([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]));
    expect(verdict.status).toBe('skipped');
    expect(verdict.ok).toBe(false);
  });
});

describe('feature gates follow the target Kubernetes version', () => {
  // HorizontalPodAutoscaler spec.behavior.scaleUp.tolerance: feature gate HPAConfigurableTolerance,
  // alpha (off) in 1.33 and 1.34, beta (on) from 1.35; the HPA strategy drops it while it is off.
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'worker', namespace: 'finance' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
      minReplicas: 1,
      maxReplicas: 4,
      behavior: { scaleUp: { tolerance: '0.05' } },
    },
  };

  test('at 1.34 the API server silently drops a field behind a gate that is off', () => {
    const verdict = only(checkManifests([hpa], '1.34'));
    expect(verdict.status).toBe('ok');
    expect(verdict.defaults?.removed).toEqual([{ path: 'spec.behavior.scaleUp.tolerance', value: '0.05' }]);
  });

  test('at 1.37 it keeps it', () => {
    const verdict = only(checkManifests([hpa], '1.37'));
    expect(verdict.status).toBe('ok');
    expect(verdict.defaults?.removed).toEqual([]);
  });

  test('a version the harness cannot emulate is an error, not a silent fallback', () => {
    expect(() => checkManifests([hpa], '1.33')).toThrow(/emulates 1\.34 to 1\.37 only/);
  });
});

describe('the target version comes from the kubernetesVersion setting', () => {
  test('a target the harness emulates is checked at that version', () => {
    expect(harnessVersionFor('1.35')).toEqual({ target: '1.35', emulated: '1.35' });
    expect(harnessVersionFor(`1.${HARNESS_OLDEST_MINOR}`)).toEqual({ target: '1.34', emulated: '1.34' });
  });

  test('an older target is checked at the oldest version the harness emulates, and says so', () => {
    const checked = harnessVersionFor(DEFAULT_KUBERNETES_VERSION);
    expect(checked.emulated).toBe('1.34');
    expect(checked.note).toBe('target 1.30 is older than the harness can emulate, so it checks at 1.34; fields newer than 1.30 ' +
      'are refused at synth by the kubernetesVersion gating (field-needs-newer-kubernetes)');
  });

  test('a target newer than the harness is an error', () => {
    expect(() => harnessVersionFor(`1.${HARNESS_RELEASE_MINOR + 1}`)).toThrow(/is Kubernetes 1\.37 and cannot check target 1\.38/);
  });

  test('what the harness cannot see below 1.34, the constructs refuse at synth: preStop sleep (on by default since 1.30) at target 1.29', () => {
    // At target 1.30 the QueueWorker emits the sleep action, and the harness (at 1.34, where the
    // gate is GA) accepts it as it would at 1.29: the check that catches the old target is ours.
    const app = Testing.app();
    app.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.30');
    const chart = new Chart(app, 'at130', { namespace: 'finance' });
    new QueueWorker(chart, 'payment-event-worker', queueWorkerProps());
    const deployment = Testing.synth(chart).find((m) => m.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    const verdict = only(checkManifests([deployment], harnessVersionFor('1.29').emulated));
    expect(verdict.status).toBe('ok');
    expect(verdict.defaults?.removed).toEqual([]);

    const older = Testing.app();
    older.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.29');
    const error = batchErrorOf(() => new QueueWorker(new Chart(older, 'at129', { namespace: 'finance' }), 'payment-event-worker', queueWorkerProps()));
    expect(error.message).toContain('spec.template.spec.containers[0].lifecycle.preStop.sleep (sleep lifecycle action) needs Kubernetes 1.30 or later');
  });
});

test('the TypeScript schema checks\' sample manifests are valid for the API server too', () => {
  const verdicts = checkManifests(Object.values(sampleManifests).map((make) => make()));
  expect(apiServerRejections(verdicts)).toEqual([]);
  expect(verdicts.filter((v) => v.status !== 'ok').map((v) => `${v.kind}/${v.name}: ${v.status}`)).toEqual([]);
});
