import { App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { CleanupJob, CleanupJobProps, ConcurrencyPolicy } from '../../src';
import { BatchValidationError } from '../../src/errors';
import { cleanupProps } from '../support/backfill-cleanup-fixtures';
import { audit, expectCompliant } from '../support/compliance';
import { expectValidManifests } from '../support/k8s-schema';
import { only, synthChart, testChart } from '../support/synth';

const P = 'platform.example.com';

function synth(overrides: Partial<CleanupJobProps> = {}, namespace = 'identity') {
  return synthChart((chart) => new CleanupJob(chart, 'expired-session-cleanup', cleanupProps(overrides)), namespace);
}

function envOf(manifests: any[]): Record<string, any> {
  const job = manifests.find((m) => m.kind === 'Job') ?? only(manifests, 'CronJob').spec.jobTemplate;
  return Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

const CONFIGMAPS = { apiGroup: '', resource: 'configmaps' };
const JOBS = { apiGroup: 'batch', resource: 'jobs' };

describe('CleanupJob defaults (one-off, dry run, cleanup outside Kubernetes)', () => {
  const manifests = synth();
  const job = only(manifests, 'Job');
  const pod = job.spec.template.spec;
  const env = envOf(manifests);

  test('synthesizes a Job, its alerts and its own ServiceAccount, and no RBAC without targets', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Job', 'PrometheusRule', 'ServiceAccount']);
  });

  test('every manifest is valid against the Kubernetes schema with no unknown fields', () => {
    expectValidManifests(manifests);
  });

  test('passes the whole checklist with zero findings', () => {
    expectCompliant(manifests);
  });

  test('dry run by default: DRY_RUN=true and no MAX_DELETIONS', () => {
    expect(env.DRY_RUN).toBe('true');
    expect(env.MAX_DELETIONS).toBeUndefined();
    expect(job.metadata.annotations[`${P}/dry-run`]).toBe('true');
  });

  test('the audit location is passed as AUDIT_LOCATION and annotated', () => {
    expect(env.AUDIT_LOCATION).toBe('s3://audit-bucket/cleanup/expired-sessions');
    expect(job.metadata.annotations[`${P}/audit-location`]).toBe('s3://audit-bucket/cleanup/expired-sessions');
  });

  test('rate limit defaults to 10 deletions per second and page size to 100', () => {
    expect(env.DELETE_RATE_PER_SECOND).toBe('10');
    expect(env.PAGE_SIZE).toBe('100');
  });

  test('backoffLimit 1, activeDeadlineSeconds 3600, TTL 7 days, one pod', () => {
    expect(job.spec.backoffLimit).toBe(1);
    expect(job.spec.activeDeadlineSeconds).toBe(3600);
    expect(job.spec.ttlSecondsAfterFinished).toBe(604800);
    expect(job.spec.parallelism).toBe(1);
    expect(job.spec.completions).toBe(1);
  });

  test('permanent exit codes fail the Job; disruptions are ignored', () => {
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: 'FailJob', onExitCodes: { containerName: 'cleanup', operator: 'In', values: [64, 65, 66, 67, 68, 77, 78] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
  });

  test('the Job is named <name>-<10 hex>; the ServiceAccount keeps the plain name', () => {
    expect(job.metadata.name).toMatch(/^expired-session-cleanup-[0-9a-f]{10}$/);
    expect(only(manifests, 'ServiceAccount').metadata.name).toBe('expired-session-cleanup');
    expect(pod.serviceAccountName).toBe('expired-session-cleanup');
  });

  test('idempotency key defaults to <name>:{candidateId}; the completion ledger to the deletion log', () => {
    expect(job.metadata.annotations[`${P}/idempotency-key`]).toBe('expired-session-cleanup:{candidateId}');
    expect(job.metadata.annotations[`${P}/completion-ledger`]).toBe('the deletion log under s3://audit-bucket/cleanup/expired-sessions');
  });

  test('class cleanup; no API token without RBAC; batch pool only', () => {
    expect(job.metadata.labels[`${P}/workload-class`]).toBe('cleanup');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.nodeSelector).toEqual({ 'workload-tier': 'batch' });
  });

  test('snapshot for review', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('CleanupJob least-privilege RBAC', () => {
  test('dry run: a Role with exactly the targets and only get/list, sorted by group and resource', () => {
    const manifests = synth({ targets: [JOBS, CONFIGMAPS] });
    expect(only(manifests, 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list'] },
    ]);
    expectValidManifests(manifests);
    expectCompliant(manifests);
  });

  test('the RoleBinding binds the Role to the job\'s own ServiceAccount, whose token is then mounted', () => {
    const manifests = synth({ targets: [CONFIGMAPS] });
    const binding = only(manifests, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'expired-session-cleanup' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'expired-session-cleanup', namespace: 'identity' }]);
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(true);
    expect(only(manifests, 'Job').spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(JSON.parse(envOf(manifests).CLEANUP_TARGETS)).toEqual([{ apiGroup: '', resource: 'configmaps' }]);
  });

  test('a dry run may state maxDeletions: the report then says whether a real run would stop', () => {
    const manifests = synth({ maxDeletions: 250 });
    expect(envOf(manifests).DRY_RUN).toBe('true');
    expect(envOf(manifests).MAX_DELETIONS).toBe('250');
    expect(only(manifests, 'Job').metadata.annotations[`${P}/max-deletions`]).toBe('250');
  });

  test('an existing ServiceAccount is bound and its token mounted in the pod; no ServiceAccount is created', () => {
    const manifests = synth({ useExistingServiceAccount: true, serviceAccountName: 'identity-sweeper', targets: [CONFIGMAPS] });
    expect(manifests.filter((m) => m.kind === 'ServiceAccount')).toEqual([]);
    expect(only(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'identity-sweeper', namespace: 'identity' }]);
    const pod = only(manifests, 'Job').spec.template.spec;
    expect(pod.serviceAccountName).toBe('identity-sweeper');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('a dry run that cannot delete and touches no Secrets stays off the trusted pool', () => {
    const pod = only(synth({ targets: [CONFIGMAPS] }), 'Job').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'workload-tier': 'batch' });
  });

  test('resource names restrict the rule and drop list (RBAC cannot restrict list by name)', () => {
    const manifests = synth({ dryRun: false, maxDeletions: 10, targets: [{ ...CONFIGMAPS, resourceNames: ['session-cache-b', 'session-cache-a'] }] });
    expect(only(manifests, 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['session-cache-a', 'session-cache-b'], verbs: ['get', 'delete'] },
    ]);
    expectCompliant(manifests);
  });

  test('deleting for real: DRY_RUN=false, MAX_DELETIONS, the delete verb, and the trusted pool', () => {
    const manifests = synth({ dryRun: false, maxDeletions: 5000, targets: [CONFIGMAPS] });
    const job = only(manifests, 'Job');
    const env = envOf(manifests);
    expect(env.DRY_RUN).toBe('false');
    expect(env.MAX_DELETIONS).toBe('5000');
    expect(job.metadata.annotations[`${P}/max-deletions`]).toBe('5000');
    expect(only(manifests, 'Role').rules[0].verbs).toEqual(['get', 'list', 'delete']);
    expect(job.spec.template.spec.nodeSelector).toEqual({ [`${P}/node-pool`]: 'trusted', 'workload-tier': 'batch' });
    expectValidManifests(manifests);
    expectCompliant(manifests);
  });

  test('reading Secrets, even in a dry run, runs on the trusted pool; its name is configurable', () => {
    const manifests = synth({ targets: [{ apiGroup: '', resource: 'secrets' }], trustedNodePool: 'restricted-ops' });
    expect(only(manifests, 'Job').spec.template.spec.nodeSelector[`${P}/node-pool`]).toBe('restricted-ops');
    expectCompliant(manifests);
  });

  test('cluster-wide only by opt-in: ClusterRole and ClusterRoleBinding named <namespace>-<name>, without a namespace', () => {
    const manifests = synth({ clusterWide: true, targets: [{ apiGroup: '', resource: 'namespaces' }] });
    const role = only(manifests, 'ClusterRole');
    const binding = only(manifests, 'ClusterRoleBinding');
    expect(role.metadata.name).toBe('identity-expired-session-cleanup');
    expect(role.metadata.namespace).toBeUndefined();
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'identity-expired-session-cleanup' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'expired-session-cleanup', namespace: 'identity' }]);
    expect(manifests.filter((m) => m.kind === 'Role' || m.kind === 'RoleBinding')).toEqual([]);
    expect(only(manifests, 'Job').spec.template.spec.nodeSelector[`${P}/node-pool`]).toBe('trusted');
    expectValidManifests(manifests);
    expectCompliant(manifests);
  });

  test('no rule of any generated role uses a wildcard', () => {
    const manifests = synth({ dryRun: false, maxDeletions: 1, targets: [JOBS, CONFIGMAPS, { apiGroup: 'apps', resource: 'replicasets', resourceNames: ['old-rs'] }] });
    const text = JSON.stringify(only(manifests, 'Role').rules);
    expect(text).not.toContain('*');
  });
});

describe('CleanupJob synth-time compliance', () => {
  test('strict synth (warnings fail too) passes for a dry run and for a real deletion with RBAC', () => {
    for (const overrides of [{}, { dryRun: false, maxDeletions: 100, targets: [CONFIGMAPS] }]) {
      const chart = testChart();
      chart.node.setContext('cdk8s-batch:strictCompliance', true);
      new CleanupJob(chart, 'c', cleanupProps(overrides));
      expect(() => Testing.synth(chart as Chart)).not.toThrow();
    }
  });

  // Deletes count as broad access when granted in every namespace (rule broad-access-trusted-pool);
  // the construct pins every deleting pod to the trusted pool all the same.
  test('an escape-hatch patch that takes a cluster-wide deleting pod off the trusted pool fails synth', () => {
    const chart = testChart();
    const cleanup = new CleanupJob(chart, 'c', cleanupProps({ dryRun: false, maxDeletions: 100, targets: [CONFIGMAPS], clusterWide: true }));
    cleanup.job!.addJsonPatch(JsonPatch.remove('/spec/template/spec/nodeSelector/platform.example.com~1node-pool'));
    expect(() => Testing.synth(chart as Chart)).toThrow(/rule broad-access-trusted-pool/);
  });

  test('a RoleBinding needs the ServiceAccount\'s namespace: from the prop, else the chart', () => {
    const chart = new Chart(new App(), 'no-namespace');
    expect(() => new CleanupJob(chart, 'c', cleanupProps({ targets: [CONFIGMAPS] }))).toThrow(/invalid namespace \(not set\): the RoleBinding must name/);
    const withProp = new CleanupJob(new Chart(new App(), 'x'), 'c', cleanupProps({ namespace: 'ops', targets: [CONFIGMAPS] }));
    expect((withProp.roleBinding!.toJson() as any).subjects[0].namespace).toBe('ops');
  });
});

describe('CleanupJob naming', () => {
  const name = (overrides: Partial<CleanupJobProps> = {}) => only(synth(overrides), 'Job').metadata.name;

  test('the same input gives the same name and byte-identical output', () => {
    expect(name()).toBe(name());
    expect(JSON.stringify(synth())).toBe(JSON.stringify(synth()));
  });

  test('flipping the dry run off is a new Job (its template is immutable)', () => {
    expect(name({ dryRun: false, maxDeletions: 100 })).not.toBe(name());
  });

  test('the deadline and TTL are mutable and keep the name', () => {
    expect(name({ activeDeadline: Duration.hours(2), ttlAfterFinished: Duration.days(14) })).toBe(name());
  });
});

describe('CleanupJob scheduled (cron)', () => {
  let manifests: any[] = [];
  let cronJob: any;
  beforeAll(() => {
    manifests = synth({ cron: { schedule: '30 3 * * *' }, targets: [CONFIGMAPS] });
    cronJob = only(manifests, 'CronJob');
  });

  test('is a CronJob named as given, class cleanup, with the shared schedule defaults', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['CronJob', 'PrometheusRule', 'Role', 'RoleBinding', 'ServiceAccount']);
    expect(cronJob.metadata.name).toBe('expired-session-cleanup');
    expect(cronJob.metadata.labels[`${P}/workload-class`]).toBe('cleanup');
    expect(cronJob.spec.schedule).toBe('30 3 * * *');
    expect(cronJob.spec.timeZone).toBe('Etc/UTC');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(cronJob.spec.startingDeadlineSeconds).toBe(900);
    expect(cronJob.spec.successfulJobsHistoryLimit).toBe(3);
    expect(cronJob.spec.failedJobsHistoryLimit).toBe(5);
    expect(cronJob.spec.suspend).toBe(false);
  });

  test('each run: backoffLimit 1, deadline at most an hour, DRY_RUN=true', () => {
    const jobSpec = cronJob.spec.jobTemplate.spec;
    expect(jobSpec.backoffLimit).toBe(1);
    expect(jobSpec.activeDeadlineSeconds).toBe(3600);
    expect(envOf(manifests).DRY_RUN).toBe('true');
  });

  test('valid against the schema; passes every rule, the freshness alert included', () => {
    expectValidManifests(manifests);
    const open = audit(manifests).filter((f) => !f.suppressed);
    expect(open).toEqual([]);
  });

  test('a quarter-hourly sweep in a daylight-saving zone needs no DST reason; a 02:30 one does', () => {
    const quarterHourly = synth({ cron: { schedule: '*/15 * * * *', timeZone: 'Europe/Berlin' }, targets: [CONFIGMAPS] });
    expect(only(quarterHourly, 'CronJob').metadata.annotations[`${P}/suppress.cronjob-dst-hazard`]).toBeUndefined();
    expect(audit(quarterHourly).filter((f) => f.ruleId === 'cronjob-dst-hazard')).toEqual([]);
    expect(() => synth({ cron: { schedule: '30 2 * * *', timeZone: 'Europe/Berlin' }, targets: [CONFIGMAPS] }))
      .toThrow(/invalid cron\.schedule "30 2 \* \* \*".*the 02:30 run on 2027-03-28 is lost/);
  });

  test('schedule errors name the nested prop', () => {
    expect(() => new CleanupJob(testChart(), 'c', cleanupProps({ cron: { schedule: '0 1 * * 7' } }))).toThrow(/invalid cron\.schedule "0 1 \* \* 7"/);
    expect(() => new CleanupJob(testChart(), 'c', cleanupProps({ cron: { schedule: '0 1 * * *', concurrencyPolicy: ConcurrencyPolicy.ALLOW } })))
      .toThrow(/invalid cron\.concurrencyPolicy "Allow"/);
  });
});

describe('CleanupJob property tests', () => {
  const targetArb = fc.record({
    apiGroup: fc.constantFrom('', 'batch', 'apps', 'example.com'),
    resource: fc.constantFrom('configmaps', 'jobs', 'secrets', 'sessions', 'leases'),
    resourceNames: fc.option(fc.uniqueArray(fc.constantFrom('a', 'b-1', 'cache.old'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  });
  const validArb = fc.record({
    dryRun: fc.option(fc.boolean(), { nil: undefined }),
    maxDeletions: fc.integer({ min: 1, max: 1_000_000 }),
    maxDownstreamQps: fc.integer({ min: 1, max: 1000 }),
    rateShare: fc.double({ min: 0.001, max: 1, noNaN: true }),
    pageSize: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
    targets: fc.option(fc.uniqueArray(targetArb, { minLength: 1, maxLength: 4, selector: (t) => `${t.apiGroup}/${t.resource}` }), { nil: undefined }),
    clusterWide: fc.boolean(),
    auditLocation: fc.constantFrom('s3://b/c', 'gs://audit/x/y', 'https://audit.example.com/cleanup', 'file:///mnt/audit'),
    // A year of schedule analysis per scheduled synth is the slow part: one run in ten is scheduled.
    cron: fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, {
      arbitrary: fc.constantFrom(
        { schedule: '30 2 * * *' },
        { schedule: '0 */6 * * *', timeZone: 'Asia/Jakarta' },
        { schedule: '@daily', timeZone: 'Europe/Berlin' },
        { schedule: '15 4 * * 1-5', concurrencyPolicy: ConcurrencyPolicy.REPLACE, overlapSafeReason: 'only the newest sweep matters' },
      ),
      weight: 1,
    }),
  });

  test('500 random valid prop sets synthesize schema-valid manifests with zero findings', () => {
    fc.assert(fc.property(validArb, (v) => {
      const props: Partial<CleanupJobProps> = {
        dryRun: v.dryRun,
        maxDeletions: v.dryRun === false || v.maxDeletions % 2 === 0 ? v.maxDeletions : undefined,
        maxDownstreamQps: v.maxDownstreamQps,
        deleteRatePerSecond: Math.max(0.001, v.rateShare * v.maxDownstreamQps),
        pageSize: v.pageSize,
        targets: v.targets,
        clusterWide: v.targets ? v.clusterWide : undefined,
        auditLocation: v.auditLocation,
        cron: v.cron,
      };
      // The deletion budget (documented on CleanupJob): one request per deletion and per page.
      const pages = Math.ceil(v.maxDeletions / (v.pageSize ?? 100));
      const neededSeconds = Math.ceil((v.maxDeletions + pages) / props.deleteRatePerSecond!);
      const deletes = v.dryRun === false;
      // Valid means the derived deadline (1.5x) fits int32, and between runs of the 6-hourly schedule.
      fc.pre(!deletes || Math.ceil(neededSeconds * 1.5) <= (v.cron ? 6 * 3600 - 1 : 2 ** 31 - 1));
      const manifests = synth(props);
      expectValidManifests(manifests);
      expect(audit(manifests).filter((f) => !f.suppressed)).toEqual([]);
      const jobSpec = (manifests.find((m) => m.kind === 'Job') ?? only(manifests, 'CronJob').spec.jobTemplate).spec;
      if (deletes) expect(jobSpec.activeDeadlineSeconds).toBeGreaterThanOrEqual(neededSeconds);
      const env = envOf(manifests);
      expect(env.DRY_RUN).toBe(v.dryRun === false ? 'false' : 'true');
      if (v.dryRun === false) expect(Number(env.MAX_DELETIONS)).toBeGreaterThan(0);
      const roles = manifests.filter((m) => m.kind === 'Role' || m.kind === 'ClusterRole');
      expect(JSON.stringify(roles)).not.toContain('*');
    }), { numRuns: 500, seed: 20261127 });
  });

  test('random invalid props raise BatchValidationError, never another exception', () => {
    const badArb = fc.oneof(
      fc.record({
        dryRun: fc.constant(false),
        maxDeletions: fc.oneof(fc.constant(undefined), fc.integer({ max: 0 }), fc.double({ min: 0.1, max: 0.9, noNaN: true })),
      }),
      fc.record({
        auditLocation: fc.oneof(
          fc.constant(''),
          fc.string({ maxLength: 12 }).filter((s) => !/^[a-z]+:\/\//.test(s)),
          fc.constant('http://audit.example.com/x'),
          fc.constant('s3:///no-bucket'),
        ),
      }),
      fc.record({ deleteRatePerSecond: fc.oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 20.5, max: 1e9, noNaN: true })) }),
      fc.record({ pageSize: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 10_001 })) }),
      fc.record({
        targets: fc.array(fc.record({
          apiGroup: fc.constantFrom('*', 'Bad Group', ''),
          resource: fc.constantFrom('*', 'pods/log', 'Pods', ''),
        }), { minLength: 1, maxLength: 3 }),
      }),
      fc.record({ targets: fc.constant([]) }),
      fc.record({ clusterWide: fc.constant(true) }),
      fc.record({ trustedNodePool: fc.constantFrom('', 'bad value', '-x') }),
      fc.record({ cron: fc.record({ schedule: fc.constantFrom('', '61 * * * *', '0 0 L * *', 'TZ=UTC 0 1 * * *') }) }),
    );
    fc.assert(fc.property(badArb, (bad) => {
      let thrown: unknown;
      try {
        new CleanupJob(testChart(), 'x', cleanupProps(bad as Partial<CleanupJobProps>));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BatchValidationError);
    }), { numRuns: 300, seed: 20261127 });
  });
});

describe('CleanupJob deletion budget: maxDeletions at the rate limit must fit the deadline', () => {
  const deleting = { dryRun: false, maxDeletions: 50_000 };

  test('50,000 deletions at the default 10 per second derive a deadline of 5050s x 1.5 = 7575s, with the arithmetic annotated', () => {
    const job = only(synth(deleting), 'Job');
    expect(job.spec.activeDeadlineSeconds).toBe(7575);
    expect(job.metadata.annotations[`${P}/deadline-budget`]).toBe(
      '50000 deletions + 500 page fetches (100 per page) = 50500 requests / 10 per second = 5050s; x1.5 headroom = 7575s');
  });

  test('a small budget keeps the one-hour default and says so', () => {
    const job = only(synth({ dryRun: false, maxDeletions: 1000, pageSize: 250 }), 'Job');
    expect(job.spec.activeDeadlineSeconds).toBe(3600);
    expect(job.metadata.annotations[`${P}/deadline-budget`]).toBe(
      '1000 deletions + 4 page fetches (250 per page) = 1004 requests / 10 per second = 101s; x1.5 headroom = 152s; the 3600s default is longer');
  });

  test('a dry run deletes nothing: no budget, the default hour', () => {
    const job = only(synth({ maxDeletions: 50_000 }), 'Job');
    expect(job.spec.activeDeadlineSeconds).toBe(3600);
    expect(job.metadata.annotations[`${P}/deadline-budget`]).toBeUndefined();
  });

  test('an explicit deadline shorter than the deletions need fails synth showing the arithmetic', () => {
    expect(() => synth({ ...deleting, activeDeadline: Duration.hours(1) })).toThrow(
      'test/expired-session-cleanup: invalid activeDeadline "3600s": too short for the deletion budget: 50000 deletions + ' +
      '500 page fetches (100 per page) = 50500 requests / 10 per second = 5050s needed at the rate limit, so the deadline ' +
      'would stop the run half done; set activeDeadline to at least 5050s (the derived default adds 1.5x headroom: 7575s), ' +
      'lower maxDeletions, or raise deleteRatePerSecond (at most maxDownstreamQps)');
  });

  test('an explicit deadline that fits is kept and annotated as fitting', () => {
    const job = only(synth({ ...deleting, deleteRatePerSecond: 20, pageSize: 1000, activeDeadline: Duration.hours(1) }), 'Job');
    expect(job.spec.activeDeadlineSeconds).toBe(3600);
    expect(job.metadata.annotations[`${P}/deadline-budget`]).toBe(
      '50000 deletions + 50 page fetches (1000 per page) = 50050 requests / 20 per second = 2503s; fits the 3600s activeDeadline given');
  });

  test('scheduled: the derived deadline is raised to the budget when it fits between runs', () => {
    const cronJob = only(synth({ ...deleting, cron: { schedule: '30 2 * * *' } }), 'CronJob');
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(7575);
    expect(cronJob.metadata.annotations[`${P}/deadline-budget`]).toBe(
      '50000 deletions + 500 page fetches (100 per page) = 50500 requests / 10 per second = 5050s; x1.5 headroom = 7575s');
  });

  test('scheduled: a budget that cannot fit between runs names maxDeletions and the gap', () => {
    expect(() => synth({ ...deleting, cron: { schedule: '0 * * * *' } })).toThrow(
      'test/expired-session-cleanup: invalid maxDeletions 50000: 50000 deletions + 500 page fetches (100 per page) = 50500 ' +
      'requests / 10 per second = 5050s, x1.5 headroom = 7575s as the deadline, but the deadline must be below the shortest ' +
      'gap between two runs (3600s in the year from 2027-01-01) under FORBID, or a stuck run swallows the next runs ' +
      '(rule cronjob-deadline-fits-interval); lower it, or state why in deadlineExceedsIntervalReason');
  });

  test('scheduled: a stated reason lets the budget exceed the gap, recorded as the suppression', () => {
    const cronJob = only(synth({
      ...deleting,
      cron: { schedule: '0 */2 * * *', deadlineExceedsIntervalReason: 'Forbid skips a run while the long purge is still going' },
    }), 'CronJob');
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(7575);
    expect(cronJob.metadata.annotations[`${P}/suppress.cronjob-deadline-fits-interval`]).toBe('Forbid skips a run while the long purge is still going');
  });

  test('a budget beyond int32 seconds is refused on maxDeletions', () => {
    expect(() => synth({ dryRun: false, maxDeletions: 2_000_000_000, deleteRatePerSecond: 1 })).toThrow(
      'test/expired-session-cleanup: invalid maxDeletions 2000000000: 2000000000 deletions + 20000000 page fetches (100 per page) = ' +
      '2020000000 requests / 1 per second = 2020000000s, x1.5 headroom = 3030000000s, above 2147483647 seconds, the largest ' +
      'activeDeadlineSeconds Kubernetes stores (int32): lower maxDeletions or raise deleteRatePerSecond');
  });
});
