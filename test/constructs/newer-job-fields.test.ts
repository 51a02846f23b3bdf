/**
 * Newer Job fields the finite constructs use where they help: `podReplacementPolicy: Failed` and
 * `completionMode` written out, Kueue's queue label, `managedBy`, native sidecars and the
 * IndexedBackfill success policy; each against the target Kubernetes version.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { CleanupJob, IndexedBackfill, KUBERNETES_VERSION_CONTEXT, MigrationJob, ReconciliationCronJob } from '../../src';
import { apiServerRejections, checkManifests } from '../support/api-server';
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

/** A Cloud SQL Auth Proxy (v2) beside the main container, as teams run it for a Postgres database. */
const CLOUD_SQL_PROXY = {
  name: 'cloud-sql-proxy',
  image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
  args: ['--structured-logs', '--port=5432', '--health-check', '--http-address=0.0.0.0', 'finance-prod:europe-west3:ledger'],
  resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64) },
  startupProbe: { port: 9090, httpPath: '/startup' },
};

/** The pod spec of the Job, or of a CronJob's job template. */
function podSpecOf(manifests: any[]): any {
  const workload = manifests.find((m) => m.kind === 'Job' || m.kind === 'CronJob');
  return workload.kind === 'Job' ? workload.spec.template.spec : workload.spec.jobTemplate.spec.template.spec;
}

describe('native sidecars', () => {
  test.each(Object.keys(FINITE))('%s: an init container with restartPolicy Always and the main container\'s defaults', (name) => {
    const manifests = synthAt(undefined, (chart) => FINITE[name](chart, { sidecars: [CLOUD_SQL_PROXY] }));
    const pod = podSpecOf(manifests);
    expect(pod.initContainers).toHaveLength(1);
    const [sidecar] = pod.initContainers;
    const main = pod.containers[0];
    expect(sidecar).toMatchObject({
      name: 'cloud-sql-proxy',
      image: CLOUD_SQL_PROXY.image,
      restartPolicy: 'Always',
      args: CLOUD_SQL_PROXY.args,
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
      startupProbe: { httpGet: { path: '/startup', port: 9090 }, periodSeconds: 1, failureThreshold: 60 },
      volumeMounts: [{ name: 'sidecar-0-tmp', mountPath: '/tmp' }],
    });
    // The same pod-level defaults as the main container, from the same code.
    expect(sidecar.securityContext).toEqual(main.securityContext);
    expect(sidecar.imagePullPolicy).toBe(main.imagePullPolicy);
    expect(pod.volumes).toContainEqual({ name: 'sidecar-0-tmp', emptyDir: { sizeLimit: '64Mi' } });
    // The unit-of-work id is the main container's; the proxy gets no env it did not ask for.
    expect(sidecar).not.toHaveProperty('env');
    expect(main.env[0].name).toBe('UNIT_OF_WORK_ID');
    expectValidManifests(manifests);
    expectCompliant(manifests, name === 'MigrationJob' ? ['disruption-not-counted'] : []);
  });

  test('a sidecar without a probe, with env and a TCP probe, keeps the order given', () => {
    const manifests = synthAt('1.29', (chart) => FINITE.MigrationJob(chart, {
      sidecars: [
        { ...CLOUD_SQL_PROXY, startupProbe: { port: 5432 } },
        {
          name: 'statsd-exporter',
          image: 'registry.example.com/observability/statsd-exporter:0.28.0',
          resources: { cpu: Cpu.millis(50), memory: Size.mebibytes(32) },
          env: { STATSD_LISTEN: ':9125' },
          secretEnv: [{ name: 'EXPORTER_TOKEN', secretName: 'statsd-exporter', key: 'token' }],
        },
      ],
    }));
    const pod = podSpecOf(manifests);
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['cloud-sql-proxy', 'statsd-exporter']);
    expect(pod.initContainers[0].startupProbe).toEqual({ tcpSocket: { port: 5432 }, periodSeconds: 1, failureThreshold: 60 });
    expect(pod.initContainers[1].env).toEqual([
      { name: 'STATSD_LISTEN', value: ':9125' },
      { name: 'EXPORTER_TOKEN', valueFrom: { secretKeyRef: { name: 'statsd-exporter', key: 'token' } } },
    ]);
    expect(pod.initContainers[1]).not.toHaveProperty('startupProbe');
    expectValidManifests(manifests);
  });

  test('at 1.28, the release before SidecarContainers is on by default, sidecars are a synth error naming the prop', () => {
    const error = batchErrorOf(() => synthAt('1.28', (chart) => FINITE.MigrationJob(chart, { sidecars: [CLOUD_SQL_PROXY] })));
    expect(error.constructPath).toBe('test/orders-schema-migration');
    expect(error.prop).toBe('sidecars');
    expect(error.message).toContain('pod spec.initContainers[].restartPolicy: Always (native sidecar) needs Kubernetes 1.29 or later ' +
      '(feature gate SidecarContainers beta and on by default since 1.29, GA 1.33, KEP-753)');
  });

  test.each([
    ['a name used by the main container', { ...CLOUD_SQL_PROXY, name: 'migrate' }, 'sidecars[0].name',
      /container names must be unique in the pod .*validateInitContainers.*the main container has it/],
    ['a name that is no DNS-1123 label', { ...CLOUD_SQL_PROXY, name: 'Cloud_SQL' }, 'sidecars[0].name', /DNS-1123 label/],
    ['an unpinned image', { ...CLOUD_SQL_PROXY, image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:latest' }, 'sidecars[0].image',
      /pin the image with a tag other than "latest"/],
    ['no requests', { ...CLOUD_SQL_PROXY, resources: undefined }, 'sidecars[0].resources', /cpu and memory requests are required/],
    ['a memory limit below the request', { ...CLOUD_SQL_PROXY, resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64), memoryLimit: Size.mebibytes(32) } },
      'sidecars[0].resources.memoryLimit', /at least the memory request \(64Mi\)/],
    ['a credential in plain env', { ...CLOUD_SQL_PROXY, env: { DB_PASSWORD: 'x' } }, 'sidecars[0].env', /pass it with sidecars\[0\].secretEnv/],
    ['port 0', { ...CLOUD_SQL_PROXY, startupProbe: { port: 0 } }, 'sidecars[0].startupProbe.port', /from 1 to 65535/],
    ['port 65536', { ...CLOUD_SQL_PROXY, startupProbe: { port: 65536 } }, 'sidecars[0].startupProbe.port', /from 1 to 65535/],
    ['a relative HTTP path', { ...CLOUD_SQL_PROXY, startupProbe: { port: 9090, httpPath: 'startup' } }, 'sidecars[0].startupProbe.httpPath',
      /absolute HTTP path/],
  ])('a sidecar with %s is refused naming the prop', (_what, sidecar, prop, says) => {
    const error = batchErrorOf(() => synthAt(undefined, (chart) => FINITE.MigrationJob(chart, { sidecars: [sidecar] })));
    expect(error.constructPath).toBe('test/orders-schema-migration');
    expect(error.prop).toBe(prop);
    expect(error.message).toMatch(says);
  });

  test('two sidecars of one name are refused', () => {
    const error = batchErrorOf(() => synthAt(undefined, (chart) => FINITE.MigrationJob(chart, { sidecars: [CLOUD_SQL_PROXY, CLOUD_SQL_PROXY] })));
    expect(error.prop).toBe('sidecars[1].name');
    expect(error.message).toContain('sidecars[0] has it');
  });
});

describe('IndexedBackfill successPolicy', () => {
  const backfill = (successPolicy: unknown, version = '1.31') =>
    synthAt(version, (chart) => FINITE.IndexedBackfill(chart, { successPolicy }));

  test('written as given at 1.31, the release that turns JobSuccessPolicy on; valid for the API server', () => {
    const policy = { rules: [{ succeededIndexes: '0-3,7', succeededCount: 4 }, { succeededCount: 18 }, { succeededIndexes: '19' }] };
    const manifests = backfill(policy);
    const job = manifests.find((m) => m.kind === 'Job');
    expect(job.spec.successPolicy).toEqual(policy);
    expect(job.spec.completionMode).toBe('Indexed');
    expectValidManifests(manifests);
    expectCompliant(manifests, [], { kubernetesVersion: '1.31' });
  });

  test('at 1.30 it is a synth error naming the prop and the release it needs', () => {
    const error = batchErrorOf(() => backfill({ rules: [{ succeededCount: 10 }] }, '1.30'));
    expect(error.constructPath).toBe('test/ledger-backfill');
    expect(error.prop).toBe('successPolicy');
    expect(error.message).toContain('Job spec.successPolicy (Job success policy) needs Kubernetes 1.31 or later ' +
      '(feature gate JobSuccessPolicy beta and on by default since 1.31, GA 1.33, KEP-3998)');
  });

  test('immutable on a Job, so it is part of the name; without it the name is unchanged', () => {
    const name = (policy?: unknown) => backfill(policy, '1.33').find((m) => m.kind === 'Job').metadata.name;
    expect(name({ rules: [{ succeededCount: 10 }] })).not.toBe(name());
    expect(name({ rules: [{ succeededCount: 10 }] })).not.toBe(name({ rules: [{ succeededCount: 11 }] }));
    expect(name()).toBe(synthAt('1.30', (chart) => FINITE.IndexedBackfill(chart)).find((m) => m.kind === 'Job').metadata.name);
  });

  // backfillProps has 20 partitions: indexes 0 to 19.
  test.each([
    ['no rules', { rules: [] }, 'successPolicy.rules', /at least one rule.*"at least one rules must be specified"/],
    ['21 rules', { rules: Array.from({ length: 21 }, () => ({ succeededCount: 1 })) }, 'successPolicy.rules', /at most 20 rules \(Kubernetes validateSuccessPolicy.*maxSuccessPolicyRule\)/],
    ['a rule with neither field', { rules: [{}] }, 'successPolicy.rules[0]', /"at least one of succeededCount or succeededIndexes must be specified"/],
    ['an index beyond the partitions', { rules: [{ succeededIndexes: '0-3,20' }] }, 'successPolicy.rules[0].succeededIndexes', /index 20 is too large: there are 20 partitions.*from 0 to 19/],
    ['a descending interval', { rules: [{ succeededIndexes: '5-2' }] }, 'successPolicy.rules[0].succeededIndexes', /the interval "5-2" does not ascend/],
    ['a one-index range', { rules: [{ succeededIndexes: '4-4' }] }, 'successPolicy.rules[0].succeededIndexes', /the interval "4-4" does not ascend/],
    ['overlapping intervals', { rules: [{ succeededIndexes: '0-5,3-7' }] }, 'successPolicy.rules[0].succeededIndexes', /"3-7" does not come after the previous interval, which ends at 5/],
    ['intervals out of order', { rules: [{ succeededIndexes: '7,0-3' }] }, 'successPolicy.rules[0].succeededIndexes', /"0-3" does not come after the previous interval, which ends at 7/],
    ['three parts', { rules: [{ succeededIndexes: '1-2-3' }] }, 'successPolicy.rules[0].succeededIndexes', /more than two parts separated by '-'/],
    ['spaces', { rules: [{ succeededIndexes: '0, 7' }] }, 'successPolicy.rules[0].succeededIndexes', /" 7" is not an index/],
    ['an empty set', { rules: [{ succeededIndexes: '' }] }, 'successPolicy.rules[0].succeededIndexes', /Kubernetes accepts "", but a rule over no index is met at once/],
    ['a count above the partitions', { rules: [{ succeededCount: 21 }] }, 'successPolicy.rules[0].succeededCount', /at most the number of partitions \(20\).*"must be less than or equal to 20 \(the number of specified completions\)"/],
    ['a count above the set', { rules: [{ succeededIndexes: '0-3,7', succeededCount: 6 }] }, 'successPolicy.rules[0].succeededCount', /at most the number of indexes in succeededIndexes "0-3,7" \(5\)/],
    ['a count of 0', { rules: [{ succeededCount: 0 }] }, 'successPolicy.rules[0].succeededCount', /at least 1: Kubernetes accepts 0, but a rule that needs no succeeded index is met at once/],
    ['a fractional count', { rules: [{ succeededCount: 2.5 }] }, 'successPolicy.rules[0].succeededCount', /a whole number/],
  ])('%s is refused with the prop, the value and the Kubernetes rule', (_what, successPolicy, prop, says) => {
    const error = batchErrorOf(() => backfill(successPolicy));
    expect(error.constructPath).toBe('test/ledger-backfill');
    expect(error.prop).toBe(prop);
    expect(error.message).toMatch(says);
  });
});

describe('the success-policy rules are the API server\'s', () => {
  // The valid Job, then the same Job with each policy the construct refuses for a Kubernetes rule,
  // sent to the API server's own validation (the harness): it must refuse each of them too.
  const valid = synthAt('1.33', (chart) => FINITE.IndexedBackfill(chart, { successPolicy: { rules: [{ succeededCount: 1 }] } }))
    .find((m) => m.kind === 'Job');
  const withPolicy = (successPolicy: unknown) => ({ ...valid, spec: { ...valid.spec, successPolicy } });

  test.each([
    ['no rules', { rules: [] }, 'spec.successPolicy.rules'],
    ['21 rules', { rules: Array.from({ length: 21 }, () => ({ succeededCount: 1 })) }, 'spec.successPolicy.rules'],
    ['a rule with neither field', { rules: [{}] }, 'spec.successPolicy.rules[0]'],
    ['an index beyond the partitions', { rules: [{ succeededIndexes: '0-3,20' }] }, 'spec.successPolicy.rules[0].succeededIndexes'],
    ['a one-index range', { rules: [{ succeededIndexes: '4-4' }] }, 'spec.successPolicy.rules[0].succeededIndexes'],
    ['overlapping intervals', { rules: [{ succeededIndexes: '0-5,3-7' }] }, 'spec.successPolicy.rules[0].succeededIndexes'],
    ['a count above the partitions', { rules: [{ succeededCount: 21 }] }, 'spec.successPolicy.rules[0].succeededCount'],
    ['a count above the set', { rules: [{ succeededIndexes: '0-3,7', succeededCount: 6 }] }, 'spec.successPolicy.rules[0].succeededCount'],
  ])('%s: the API server refuses it too', (_what, policy, field) => {
    const rejections = apiServerRejections(checkManifests([withPolicy(policy)]));
    expect(rejections.some((r) => r.includes(`: ${field}: `))).toBe(true);
  });

  test('the policies the construct accepts, the API server accepts', () => {
    const policy = { rules: [{ succeededIndexes: '0-3,7', succeededCount: 5 }, { succeededIndexes: '0,2-3,19' }, { succeededCount: 20 }] };
    expect(apiServerRejections(checkManifests([withPolicy(policy)]))).toEqual([]);
  });
});

test('a sidecar\'s env is its own (UNIT_OF_WORK_ID included), checked like the main container\'s', () => {
  const pod = podSpecOf(synthAt(undefined, (chart) => FINITE.MigrationJob(chart, {
    sidecars: [{ ...CLOUD_SQL_PROXY, env: { UNIT_OF_WORK_ID: 'proxy' } }],
  })));
  // The main container's UNIT_OF_WORK_ID comes from the Job; the sidecar's is its own business.
  expect(pod.initContainers[0].env).toEqual([{ name: 'UNIT_OF_WORK_ID', value: 'proxy' }]);
  const error = batchErrorOf(() => synthAt(undefined, (chart) => FINITE.MigrationJob(chart, {
    sidecars: [{ ...CLOUD_SQL_PROXY, env: { PORT: '5432' }, secretEnv: [{ name: 'PORT', secretName: 'proxy', key: 'port' }] }],
  })));
  expect(error.prop).toBe('sidecars[0].secretEnv');
  expect(error.message).toContain('each environment variable may be set once');
});
