import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { IndexedBackfill, IndexedBackfillProps } from '../../src';
import { checkIndexedJobFields, IndexedJobFields } from '../../src/core/indexed-job';
import { BatchValidationError } from '../../src/errors';
import { backfillProps, monthlyPartitions } from '../support/backfill-cleanup-fixtures';
import { audit, expectCompliant } from '../support/compliance';
import { expectValidManifests } from '../support/k8s-schema';
import { only, synthChart, testChart } from '../support/synth';

const P = 'platform.example.com';

function synth(overrides: Partial<IndexedBackfillProps> = {}) {
  return synthChart((chart) => new IndexedBackfill(chart, 'partitioned-ledger-check', backfillProps(overrides)));
}

function jobOf(overrides: Partial<IndexedBackfillProps> = {}) {
  return only(synth(overrides), 'Job');
}

describe('IndexedBackfill defaults (the lesson section 9 example: 20 partitions, 5 at a time)', () => {
  const manifests = synth();
  const job = only(manifests, 'Job');
  const table = only(manifests, 'ConfigMap');
  const pod = job.spec.template.spec;
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));

  test('synthesizes a Job, its partition table ConfigMap, its alerts and its own ServiceAccount', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['ConfigMap', 'Job', 'PrometheusRule', 'ServiceAccount']);
  });

  test('every manifest is valid against the Kubernetes schema with no unknown fields', () => {
    expectValidManifests(manifests);
  });

  test('passes the whole checklist with zero findings', () => {
    expectCompliant(manifests);
  });

  test('is an Indexed Job with one completion per partition', () => {
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(20);
  });

  test('parallelism is the given 5, and the budget annotation shows the per-pod share', () => {
    expect(job.spec.parallelism).toBe(5);
    expect(job.metadata.annotations[`${P}/parallelism-budget`]).toBe('5 pods given; 50 qps / 5 pods = 10 qps per pod');
    expect(env.MAX_QPS_PER_POD.value).toBe('10');
  });

  test('backoffLimitPerIndex defaults to 2', () => {
    expect(job.spec.backoffLimitPerIndex).toBe(2);
  });

  test('maxFailedIndexes defaults to a tenth of the partitions (20 -> 2)', () => {
    expect(job.spec.maxFailedIndexes).toBe(2);
  });

  test('backoffLimit is written explicitly as the most failures the per-index limits allow (20 x 3)', () => {
    expect(job.spec.backoffLimit).toBe(60);
  });

  test('activeDeadlineSeconds covers every index using all its attempts: 4 waves x 3 attempts x 30 min', () => {
    expect(job.spec.activeDeadlineSeconds).toBe(4 * 3 * 1800);
    expect(job.metadata.annotations[`${P}/deadline-budget`]).toBe('4 waves x 3 attempts x 1800s = 21600s');
  });

  test('ttlSecondsAfterFinished is 7 days', () => {
    expect(job.spec.ttlSecondsAfterFinished).toBe(7 * 24 * 3600);
  });

  test('permanent exit codes fail only their index; disruptions are ignored', () => {
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: 'FailIndex', onExitCodes: { containerName: 'backfill', operator: 'In', values: [64, 65, 66, 67, 68, 77, 78] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
  });

  test('the Job is named <name>-<10 hex> and the ConfigMap has the same name', () => {
    expect(job.metadata.name).toMatch(/^partitioned-ledger-check-[0-9a-f]{10}$/);
    expect(table.metadata.name).toBe(job.metadata.name);
    expect(job.metadata.annotations[`${P}/partition-table`]).toBe(job.metadata.name);
    expect(job.metadata.labels['app.kubernetes.io/name']).toBe('partitioned-ledger-check');
    expect(only(manifests, 'ServiceAccount').metadata.name).toBe('partitioned-ledger-check');
  });

  test('the partition table is an immutable ConfigMap holding each entry once, under the file its pod reads', () => {
    expect(table.immutable).toBe(true);
    const keys = Object.keys(table.data).sort();
    const expected = Array.from({ length: 20 }, (_, i) => `partition-${i}.json`).sort();
    expect(keys).toEqual(expected);
    expect(JSON.parse(table.data['partition-7.json'])).toEqual({ index: 7, key: '2025-08', parameters: { from: '2025-08-01', ledger: 'general' } });
    // The whole table is the files 0..PARTITION_COUNT-1, in index order.
    const whole = Array.from({ length: 20 }, (_, i) => JSON.parse(table.data[`partition-${i}.json`]));
    expect(whole.map((e: any) => e.key)).toEqual(monthlyPartitions(20).map((p) => p.key));
    expect(table.metadata.annotations[`${P}/suppress.too-large-for-client-side-apply`]).toBeUndefined();
  });

  test('the table is mounted read-only at /etc/backfill', () => {
    expect(pod.volumes).toContainEqual({ name: 'partition-table', configMap: { name: job.metadata.name, defaultMode: 0o444 } });
    expect(container.volumeMounts).toContainEqual({ name: 'partition-table', mountPath: '/etc/backfill', readOnly: true });
  });

  test('the container learns its index and the path of its entry; JOB_COMPLETION_INDEX is left to Kubernetes', () => {
    expect(env.PARTITION_INDEX).toEqual({
      name: 'PARTITION_INDEX',
      valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    });
    expect(env.PARTITION_FILE.value).toBe('/etc/backfill/partition-$(PARTITION_INDEX).json');
    expect(env.PARTITION_TABLE_DIR.value).toBe('/etc/backfill');
    expect(env.PARTITION_COUNT.value).toBe('20');
    expect(env.JOB_COMPLETION_INDEX).toBeUndefined();
    // $(VAR) expansion only sees variables defined earlier in the list.
    const names = container.env.map((e: any) => e.name);
    expect(names.indexOf('PARTITION_INDEX')).toBeLessThan(names.indexOf('PARTITION_FILE'));
  });

  test('idempotency key defaults to <name>:{partitionKey}; ledger and partition count annotated', () => {
    const a = job.metadata.annotations;
    expect(a[`${P}/idempotency-key`]).toBe('partitioned-ledger-check:{partitionKey}');
    expect(a[`${P}/completion-ledger`]).toBe('finance.ledger_check_partitions table');
    expect(a[`${P}/partition-count`]).toBe('20');
  });

  test('class indexed-batch, restartPolicy Never, token not mounted, batch pool', () => {
    expect(job.metadata.labels[`${P}/workload-class`]).toBe('indexed-batch');
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.nodeSelector).toEqual({ 'workload-tier': 'batch' });
  });

  test('snapshot for review', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('IndexedBackfill parallelism from the downstream budget', () => {
  test('derived as floor(maxDownstreamQps / qpsPerPod): 50 / 5 = 10', () => {
    const job = jobOf({ parallelism: undefined, qpsPerPod: 5 });
    expect(job.spec.parallelism).toBe(10);
    expect(job.metadata.annotations[`${P}/parallelism-budget`]).toBe('50 qps / 5 qps per pod = 10');
  });

  test('rounded down: 50 / 7 = 7', () => {
    expect(jobOf({ parallelism: undefined, qpsPerPod: 7 }).spec.parallelism).toBe(7);
  });

  test('never above the number of partitions: 50 / 1 = 50, capped at 20', () => {
    const job = jobOf({ parallelism: undefined, qpsPerPod: 1 });
    expect(job.spec.parallelism).toBe(20);
    expect(job.metadata.annotations[`${P}/parallelism-budget`]).toBe('50 qps / 1 qps per pod = 50, capped at 20 partitions');
  });

  test('at least one pod when one pod exactly uses the budget', () => {
    expect(jobOf({ parallelism: undefined, qpsPerPod: 50 }).spec.parallelism).toBe(1);
  });

  test('given parallelism and qpsPerPod within the budget: the product is annotated', () => {
    const job = jobOf({ parallelism: 4, qpsPerPod: 10 });
    expect(job.spec.parallelism).toBe(4);
    expect(job.metadata.annotations[`${P}/parallelism-budget`]).toBe('4 pods given x 10 qps per pod = 40 of 50 qps');
  });

  test('the derived default deadline follows the parallelism: ceil(20 / 10) = 2 waves', () => {
    expect(jobOf({ parallelism: undefined, qpsPerPod: 5 }).spec.activeDeadlineSeconds).toBe(2 * 3 * 1800);
  });

  test('an explicit activeDeadline replaces the derived one and drops its annotation', () => {
    const job = jobOf({ activeDeadline: Duration.hours(2) });
    expect(job.spec.activeDeadlineSeconds).toBe(7200);
    expect(job.metadata.annotations[`${P}/deadline-budget`]).toBeUndefined();
  });
});

describe('IndexedBackfill naming is deterministic and follows the immutable content', () => {
  const name = (overrides: Partial<IndexedBackfillProps> = {}) => jobOf(overrides).metadata.name;
  const base = name();

  test('the same input gives the same name and byte-identical manifests', () => {
    expect(name()).toBe(base);
    expect(JSON.stringify(synth())).toBe(JSON.stringify(synth()));
  });

  test('parameter order does not matter: the table is hashed as canonical JSON', () => {
    const reordered = monthlyPartitions(20).map((p) => ({ key: p.key, parameters: { ledger: p.parameters!.ledger, from: p.parameters!.from } }));
    expect(Object.keys(reordered[0].parameters)).toEqual(['ledger', 'from']);
    expect(name({ partitions: reordered })).toBe(base);
  });

  test('a changed table (one more partition) is a new Job', () => {
    expect(name({ partitions: monthlyPartitions(21) })).not.toBe(base);
  });

  test('a changed parameter of one partition is a new Job', () => {
    const partitions = monthlyPartitions(20).map((p, i) => (i === 3 ? { ...p, parameters: { ...p.parameters, ledger: 'sub' } } : p));
    expect(name({ partitions })).not.toBe(base);
  });

  test('reordering the table is a new Job (each index maps to other work)', () => {
    expect(name({ partitions: [...monthlyPartitions(20)].reverse() })).not.toBe(base);
  });

  test('a changed image (pod template) or backoffLimitPerIndex is a new Job', () => {
    const container = backfillProps().container;
    expect(name({ container: { ...container, image: 'registry.example.com/finance/partition-checker:1.9.1' } })).not.toBe(base);
    expect(name({ backoffLimitPerIndex: 3 })).not.toBe(base);
  });

  test('mutable fields keep the name, so applying them updates the running Job', () => {
    expect(name({ maxFailedIndexes: 5 })).toBe(base);
    expect(name({ activeDeadline: Duration.hours(12) })).toBe(base);
    expect(name({ backoffLimit: 10 })).toBe(base);
  });

  test('with qpsPerPod fixed, parallelism is mutable; without it, the per-pod share in the template changes, so a new Job', () => {
    expect(name({ parallelism: 4, qpsPerPod: 10 })).toBe(name({ parallelism: 5, qpsPerPod: 10 }));
    expect(name({ parallelism: 4 })).not.toBe(base);
  });

  test('the longest base name leaves room for the hash and the last pod hostname (63 - 11 - 1 - 2 digits = 49)', () => {
    const longest = 'a'.repeat(49);
    const job = only(synthChart((chart) => new IndexedBackfill(chart, 'x', backfillProps({ name: longest }))), 'Job');
    expect(`${job.metadata.name}-19`).toHaveLength(63);
    expect(() => new IndexedBackfill(testChart(), 'x', backfillProps({ name: 'a'.repeat(50) }))).toThrow(/at most 49 characters/);
  });
});

describe('IndexedBackfill variants pass the checklist', () => {
  test.each<[string, Partial<IndexedBackfillProps>]>([
    ['derived parallelism', { parallelism: undefined, qpsPerPod: 2.5 }],
    ['one partition', { partitions: [{ key: 'all' }], parallelism: 1 }],
    ['custom exit codes, disruptions counted', { failurePolicy: { permanentExitCodes: [3, 42], ignoreDisruptions: false }, suppressions: [{ ruleId: 'disruption-not-counted', reason: 'preempted partitions must be looked at by a human' }] }],
    ['explicit idempotency key and limits', { idempotencyKey: 'ledger-check:{partitionKey}:{ledgerId}', maxFailedIndexes: 0, backoffLimitPerIndex: 0, backoffLimit: 5 }],
  ])('%s', (_what, overrides) => {
    const manifests = synth(overrides);
    expectValidManifests(manifests);
    const suppressed = overrides.suppressions?.map((s) => s.ruleId) ?? [];
    expectCompliant(manifests, suppressed);
  });

  test('a custom annotation prefix is used for every annotation, and the audit with that prefix is clean', () => {
    const manifests = synth({ annotationPrefix: 'platform.acme.io' });
    expect(only(manifests, 'Job').metadata.annotations['platform.acme.io/parallelism-budget']).toBeDefined();
    expectCompliant(manifests, [], { annotationPrefix: 'platform.acme.io' });
  });
});

describe('IndexedBackfill synth-time compliance', () => {
  test('strict synth (warnings fail too) passes', () => {
    const chart = testChart();
    chart.node.setContext('cdk8s-batch:strictCompliance', true);
    new IndexedBackfill(chart, 'b', backfillProps());
    expect(() => Testing.synth(chart as Chart)).not.toThrow();
  });
});

describe('Kubernetes Indexed Job rules (pkg/apis/batch/validation), checked directly', () => {
  const names = {
    jobName: 'name',
    completions: 'completions',
    parallelism: 'parallelism',
    backoffLimitPerIndex: 'backoffLimitPerIndex',
    maxFailedIndexes: 'maxFailedIndexes',
    failIndex: 'failurePolicy',
  };
  const ok: IndexedJobFields = { jobName: 'backfill', completionMode: 'Indexed', completions: 10, parallelism: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 1, usesFailIndex: true };
  const check = (fields: Partial<IndexedJobFields>) => () => checkIndexedJobFields(testChart(), { ...ok, ...fields }, names);

  test('a valid combination passes', () => {
    expect(check({})).not.toThrow();
  });
  test.each<[string, Partial<IndexedJobFields>, RegExp]>([
    ['backoffLimitPerIndex on a NonIndexed Job', { completionMode: 'NonIndexed', maxFailedIndexes: undefined }, /backoffLimitPerIndex 1: backoffLimitPerIndex requires completionMode Indexed/],
    ['maxFailedIndexes on a NonIndexed Job', { completionMode: 'NonIndexed', backoffLimitPerIndex: undefined, usesFailIndex: false }, /maxFailedIndexes 1: maxFailedIndexes requires completionMode Indexed/],
    ['maxFailedIndexes without backoffLimitPerIndex', { backoffLimitPerIndex: undefined, usesFailIndex: false }, /maxFailedIndexes 1: maxFailedIndexes requires backoffLimitPerIndex/],
    ['FailIndex without backoffLimitPerIndex', { backoffLimitPerIndex: undefined, maxFailedIndexes: undefined }, /failurePolicy "FailIndex": the podFailurePolicy action FailIndex requires backoffLimitPerIndex/],
    ['Indexed without completions', { completions: undefined }, /completions \(not set\): completions is required when completionMode is Indexed/],
    ['parallelism above 100000', { completions: 200_000, parallelism: 100_001, maxFailedIndexes: 10 }, /parallelism 100001: must be at most 100000 when completionMode is Indexed/],
    ['maxFailedIndexes above completions', { maxFailedIndexes: 11 }, /maxFailedIndexes 11: must be at most completions \(10\)/],
    ['maxFailedIndexes above 100000', { completions: 100_000, maxFailedIndexes: 100_001 }, /maxFailedIndexes 100001: must be at most completions/],
    ['above 100000 completions without maxFailedIndexes', { completions: 100_001, maxFailedIndexes: undefined }, /maxFailedIndexes \(not set\): is required when completions \(100001\) is above 100000/],
    ['above 100000 completions, parallelism above 10000', { completions: 100_001, parallelism: 10_001 }, /parallelism 10001: must be at most 10000 when completions/],
    ['above 100000 completions, maxFailedIndexes above 10000', { completions: 100_001, maxFailedIndexes: 10_001 }, /maxFailedIndexes 10001: must be at most 10000 when completions/],
    ['negative backoffLimitPerIndex', { backoffLimitPerIndex: -1 }, /backoffLimitPerIndex -1: backoffLimitPerIndex must be a non-negative 32-bit whole number/],
    ['last pod hostname too long', { jobName: 'a'.repeat(61), completions: 100 }, /pod hostname of the last index, "a{61}-99", must be a DNS-1123 label/],
  ])('%s', (_what, fields, message) => {
    expect(check(fields)).toThrow(BatchValidationError);
    expect(check(fields)).toThrow(message);
    expect(check(fields)).toThrow(/kubernetes pkg\/apis\/batch\/validation/);
  });
  test('above 100000 completions is accepted with maxFailedIndexes and parallelism within 10000', () => {
    expect(check({ completions: 100_001, parallelism: 10_000, maxFailedIndexes: 10_000 })).not.toThrow();
  });
});

describe('IndexedBackfill property tests', () => {
  const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
  // Built from small pieces: regex-based string arbitraries are slow to generate.
  const keyArb = fc.tuple(fc.constantFrom('p', '2026', 'shard', 'Q1', 'x.y', 'a_b', 'Z'), fc.nat(99_999)).map(([a, n]) => `${a}-${n}`);
  const partitionsArb = fc.uniqueArray(
    fc.record({ key: keyArb, parameters: fc.dictionary(fc.constantFrom('from', 'to', 'prefix', 'shard'), fc.string({ maxLength: 12 }), { maxKeys: 3 }) }),
    { minLength: 1, maxLength: 25, selector: (p) => p.key },
  );
  const validArb = partitionsArb.chain((partitions) => fc.record({
    partitions: fc.constant(partitions),
    maxDownstreamQps: fc.integer({ min: 1, max: 500 }),
    byQps: fc.boolean(),
    parallelismSeed: fc.integer({ min: 1, max: 1000 }),
    qpsSeed: fc.double({ min: 0.001, max: 1, noNaN: true }),
    backoffLimitPerIndex: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    maxFailedSeed: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    name: fc.option(fc.constantFrom('b', 'ledger-backfill', 'x2', 'a'.repeat(48)), { nil: undefined }),
  }));

  test('500 random valid prop sets synthesize schema-valid manifests with zero error findings', () => {
    fc.assert(fc.property(validArb, (v) => {
      const n = v.partitions.length;
      const qpsPerPod = Math.max(0.001, v.qpsSeed * v.maxDownstreamQps);
      const props: Partial<IndexedBackfillProps> = {
        name: v.name,
        partitions: v.partitions,
        maxDownstreamQps: v.maxDownstreamQps,
        parallelism: v.byQps ? undefined : 1 + (v.parallelismSeed % n),
        qpsPerPod: v.byQps ? qpsPerPod : undefined,
        backoffLimitPerIndex: v.backoffLimitPerIndex,
        maxFailedIndexes: v.maxFailedSeed === undefined ? undefined : v.maxFailedSeed % (n + 1),
      };
      const manifests = synth(props);
      expectValidManifests(manifests);
      const job = only(manifests, 'Job');
      expect(job.spec.completions).toBe(n);
      expect(job.spec.parallelism).toBeGreaterThanOrEqual(1);
      expect(job.spec.parallelism).toBeLessThanOrEqual(n);
      expect(audit(manifests).filter((f) => !f.suppressed)).toEqual([]);
    }), { numRuns: 500, seed: 20261127 });
  });

  test('random invalid props raise BatchValidationError, never another exception', () => {
    const badArb = fc.oneof(
      fc.record({ partitions: fc.constant([]) }),
      fc.record({ partitions: fc.constant([{ key: 'a' }, { key: 'a' }]) }),
      fc.record({
        partitions: fc.array(fc.record({ key: fc.string({ maxLength: 5 }).filter((k) => !LABEL_VALUE.test(k)) }), { minLength: 1, maxLength: 3 }),
      }),
      fc.record({ parallelism: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 21 }), fc.double({ min: 1.1, max: 1.9, noNaN: true })) }),
      fc.record({
        parallelism: fc.constant(undefined),
        qpsPerPod: fc.oneof(fc.constant(undefined), fc.double({ max: 0, noNaN: true }), fc.double({ min: 50.001, max: 1e6, noNaN: true })),
      }),
      fc.record({ maxFailedIndexes: fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 21, max: 10_000_000 })) }),
      fc.record({ backoffLimitPerIndex: fc.oneof(fc.integer({ max: -1 }), fc.double({ min: 0.1, max: 0.9, noNaN: true })) }),
      fc.record({ name: fc.string({ minLength: 1, maxLength: 70 }).filter((s) => !/^[a-z0-9]([-a-z0-9]{0,47}[a-z0-9])?$/.test(s)) }),
      fc.record({ completionLedger: fc.constantFrom(undefined, '', '   ') }),
      fc.record({ maxPartitionDuration: fc.constantFrom(Duration.millis(1500), Duration.seconds(0)) }),
    );
    fc.assert(fc.property(badArb, (bad) => {
      let thrown: unknown;
      try {
        new IndexedBackfill(testChart(), 'x', backfillProps(bad as Partial<IndexedBackfillProps>));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BatchValidationError);
    }), { numRuns: 300, seed: 20261127 });
  });
});

describe('IndexedBackfill partition table size: each entry once, budgeted against how the app is applied', () => {
  const tableOf = (overrides: Partial<IndexedBackfillProps>) => only(synth(overrides), 'ConfigMap');
  const dataBytes = (configMap: any) => Object.entries(configMap.data as Record<string, string>)
    .reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  const blob = (kib: number) => [{ key: 'big', parameters: { blob: 'x'.repeat(kib * 1024) } }];

  test('500 partitions: 500 entries, each once (50,280 bytes, where two copies took 87 KB)', () => {
    const table = tableOf({ partitions: monthlyPartitions(500) });
    expect(Object.keys(table.data)).toHaveLength(500);
    expect(dataBytes(table)).toBe(50_280);
    const entries = Object.entries(table.data as Record<string, string>);
    expect(entries.reduce((sum, [key, value]) => sum + key.length + value.length, 0)).toBe(50_280);
    expect(new Set(entries.map(([, value]) => value)).size).toBe(500);
  });

  test('client-side apply (the default): a table above 256 KiB as kubectl stores it fails synth with the size and both limits', () => {
    expect(() => tableOf({ partitions: blob(300), parallelism: 1 })).toThrow(
      'test/partitioned-ledger-check: invalid partitions "1 partitions, 307968 bytes of annotations under client-side apply": ' +
      'the limit is 262144 bytes (256 KiB) with client-side apply, which copies the object into annotation ' +
      'kubectl.kubernetes.io/last-applied-configuration (kubectl apply without --server-side, Argo CD by default; rule ' +
      'too-large-for-client-side-apply), and 1048576 bytes (1 MiB) of data with serverSideApply: true (Kubernetes ' +
      'ValidateConfigMap); use fewer, larger partitions or keep only a reference (e.g. an object-store prefix) in the ' +
      'parameters, or set serverSideApply: true if the app is applied server-side');
  });

  test('serverSideApply: the same table synthesizes, records why the client-side rule does not apply, and passes the strict audit', () => {
    const manifests = synth({ partitions: blob(300), parallelism: 1, serverSideApply: true });
    const table = only(manifests, 'ConfigMap');
    expect(dataBytes(table)).toBe(307_264);
    expect(table.metadata.annotations[`${P}/suppress.too-large-for-client-side-apply`])
      .toBe('applied server-side (serverSideApply: true): no last-applied-configuration copy is stored');
    // The audit measures the same object and would warn without the recorded decision.
    expect(audit(manifests).filter((f) => f.kind === 'ConfigMap').map((f) => [f.ruleId, f.suppressed]))
      .toEqual([['too-large-for-client-side-apply', true]]);
    expectCompliant(manifests, ['too-large-for-client-side-apply']);
  });

  test('serverSideApply: a small table gets no suppression; above 1 MiB of data fails with both limits', () => {
    expect(tableOf({ serverSideApply: true }).metadata.annotations[`${P}/suppress.too-large-for-client-side-apply`]).toBeUndefined();
    expect(() => tableOf({ partitions: blob(1100), parallelism: 1, serverSideApply: true })).toThrow(
      'test/partitioned-ledger-check: invalid partitions "1 partitions, 1126464 bytes of ConfigMap data": the limit is ' +
      '262144 bytes (256 KiB) with client-side apply');
  });
});
