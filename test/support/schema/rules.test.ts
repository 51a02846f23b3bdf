import { quantityNanos } from './quantity';
import { sampleManifests as valid } from './sample-manifests';
import { selectorMatches } from './workload-rules';
import { validateManifest } from '../k8s-schema';

/** The problem lines at `path`, failing with every problem when there are none. */
function problemsAt(manifest: unknown, path: string): string[] {
  const problems = validateManifest(manifest);
  const hits = problems.filter((p) => p.startsWith(`${path}: `));
  if (hits.length === 0) {
    throw new Error(`expected a problem at ${path}, got:\n${problems.join('\n') || '(none)'}`);
  }
  return hits;
}

describe('quantities compare exactly', () => {
  test.each([
    ['100m', 100_000_000n],
    ['0.1', 100_000_000n],
    ['.5', 500_000_000n],
    ['2', 2_000_000_000n],
    ['2k', 2_000_000_000_000n],
    ['2e3', 2_000_000_000_000n],
    ['128Mi', 134_217_728_000_000_000n],
    ['1.5Gi', 1_610_612_736_000_000_000n],
    [268435456, 268_435_456_000_000_000n],
    ['1n', 1n],
    ['0.5n', 1n], // below a nano rounds up, as the API server does
  ])('%s', (quantity, nanos) => {
    expect(quantityNanos(quantity)).toBe(nanos);
  });

  test.each(['512MB', '1.5 Gi', 'Gi', '', '1Ki1'])('%s is not a quantity', (text) => {
    expect(quantityNanos(text)).toBeUndefined();
  });
});

describe('pod spec rules', () => {
  test('container names are unique DNS labels across init and regular containers', () => {
    const job = valid.Job();
    const spec = job.spec.template.spec;
    spec.initContainers = [{ name: 'main', image: 'busybox:1.36' }];
    spec.containers[0].name = 'Main';
    expect(problemsAt(job, 'spec.template.spec.containers[0].name')[0]).toMatch(/container name must be a DNS-1123 label/);

    spec.containers[0].name = 'main';
    expect(problemsAt(job, 'spec.template.spec.containers[0].name')).toEqual([
      'spec.template.spec.containers[0].name: duplicate container name "main"',
    ]);
  });

  test('every volume mount names a volume of the pod, and volume names are unique', () => {
    const deployment = valid.Deployment();
    const spec = deployment.spec.template.spec;
    spec.containers[0].volumeMounts.push({ name: 'cache', mountPath: '/cache' });
    spec.volumes.push({ name: 'tmp', emptyDir: {} });
    expect(problemsAt(deployment, 'spec.template.spec.containers[0].volumeMounts[1].name')[0]).toMatch(/"cache", which is not in the pod's volumes/);
    expect(problemsAt(deployment, 'spec.template.spec.volumes[1].name')[0]).toMatch(/duplicate volume name "tmp"/);
  });

  test('a request above its limit fails; an equal one written differently passes', () => {
    const cron = valid.CronJob();
    const resources = cron.spec.jobTemplate.spec.template.spec.containers[0].resources;
    resources.requests.cpu = '2';
    resources.limits.cpu = '1500m';
    expect(problemsAt(cron, 'spec.jobTemplate.spec.template.spec.containers[0].resources.requests.cpu')[0]).toMatch(
      /request 2 must be less than or equal to the cpu limit 1500m/,
    );
    resources.requests.cpu = '100m';
    resources.limits.cpu = '0.1';
    resources.requests.memory = '256Mi';
    expect(validateManifest(cron)).toEqual([]); // memory limit is 268435456 bytes = 256Mi
  });

  test('an image with surrounding whitespace fails', () => {
    const job = valid.Job();
    job.spec.template.spec.containers[0].image = ' registry.example.com/report:1.4.2';
    expect(problemsAt(job, 'spec.template.spec.containers[0].image')[0]).toMatch(/leading or trailing whitespace/);
  });
});

describe('Job and CronJob rules', () => {
  test('a Job pod template needs restartPolicy OnFailure or Never; omitted means Always', () => {
    const job = valid.Job();
    delete job.spec.podFailurePolicy;
    delete job.spec.template.spec.restartPolicy;
    expect(problemsAt(job, 'spec.template.spec.restartPolicy')[0]).toMatch(/omitted \(defaults to "Always"\)/);
    job.spec.template.spec.restartPolicy = 'Always';
    expect(problemsAt(job, 'spec.template.spec.restartPolicy')[0]).toMatch(/"Always": a Job's pods need/);
    job.spec.template.spec.restartPolicy = 'OnFailure';
    expect(validateManifest(job)).toEqual([]);
  });

  test('podFailurePolicy requires restartPolicy Never, also inside a CronJob', () => {
    const cron = valid.CronJob();
    cron.spec.jobTemplate.spec.template.spec.restartPolicy = 'OnFailure';
    expect(problemsAt(cron, 'spec.jobTemplate.spec.template.spec.restartPolicy')[0]).toMatch(/only "Never" is supported when podFailurePolicy/);
  });

  test('counts, deadlines and history limits are non-negative', () => {
    const cron = valid.CronJob();
    cron.spec.failedJobsHistoryLimit = -1;
    cron.spec.jobTemplate.spec.backoffLimit = -1;
    expect(problemsAt(cron, 'spec.failedJobsHistoryLimit')).toEqual(['spec.failedJobsHistoryLimit: must be greater than or equal to 0']);
    expect(problemsAt(cron, 'spec.jobTemplate.spec.backoffLimit')).toEqual(['spec.jobTemplate.spec.backoffLimit: must be greater than or equal to 0']);
  });
});

describe('replicated workload rules', () => {
  test("a Deployment's selector must match its template labels", () => {
    const deployment = valid.Deployment();
    deployment.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'blue';
    expect(problemsAt(deployment, 'spec.template.metadata.labels')[0]).toMatch(/`selector` does not match template `labels`/);
  });

  test("a Deployment's pods always restart", () => {
    const deployment = valid.Deployment();
    deployment.spec.template.spec.restartPolicy = 'Never';
    expect(problemsAt(deployment, 'spec.template.spec.restartPolicy')[0]).toMatch(/only "Always" is supported/);
  });

  test('label selector operators', () => {
    const labels = { tier: 'batch', team: 'reports' };
    const expr = (operator: string, key: string, values?: string[]) => ({ matchExpressions: [{ key, operator, values }] });
    expect(selectorMatches(expr('In', 'tier', ['batch', 'web']), labels)).toBe(true);
    expect(selectorMatches(expr('In', 'tier', ['web']), labels)).toBe(false);
    expect(selectorMatches(expr('NotIn', 'tier', ['web']), labels)).toBe(true);
    expect(selectorMatches(expr('NotIn', 'zone', ['a']), labels)).toBe(true);
    expect(selectorMatches(expr('NotIn', 'tier', ['batch']), labels)).toBe(false);
    expect(selectorMatches(expr('Exists', 'team'), labels)).toBe(true);
    expect(selectorMatches(expr('DoesNotExist', 'team'), labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { tier: 'batch' }, ...expr('Exists', 'zone') }, labels)).toBe(false);
  });
});

describe('other kinds', () => {
  test('HPA: maxReplicas below minReplicas, and minReplicas 0', () => {
    const hpa = valid.HorizontalPodAutoscaler();
    hpa.spec.minReplicas = 5;
    hpa.spec.maxReplicas = 3;
    expect(problemsAt(hpa, 'spec.maxReplicas')).toEqual(['spec.maxReplicas: must be greater than or equal to minReplicas (5)']);
    hpa.spec.minReplicas = 0;
    expect(problemsAt(hpa, 'spec.minReplicas')).toEqual(['spec.minReplicas: must be greater than or equal to 1']);
  });

  test('PDB: minAvailable and maxUnavailable together', () => {
    const pdb = valid.PodDisruptionBudget();
    pdb.spec.maxUnavailable = 1;
    expect(problemsAt(pdb, 'spec')).toEqual(['spec: minAvailable and maxUnavailable cannot be both set']);
  });

  test('ConfigMap and Secret keys', () => {
    const configMap = valid.ConfigMap();
    configMap.data['conf/app.yaml'] = 'x';
    configMap.data['..hidden'] = 'x';
    expect(problemsAt(configMap, 'data["conf/app.yaml"]')[0]).toMatch(/alphanumerics, "-", "_" or "."/);
    expect(problemsAt(configMap, 'data["..hidden"]')[0]).toMatch(/must not start with ".."/);
    const secret = valid.Secret();
    secret.stringData['a b'] = 'x';
    expect(problemsAt(secret, 'stringData["a b"]')[0]).toMatch(/alphanumerics/);
  });
});
