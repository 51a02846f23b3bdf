import { isDeepStrictEqual } from 'util';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  CleanupJob, GitOpsHook, IndexedBackfill, KUBERNETES_VERSION_CONTEXT, MigrationJob, QueueTrigger, QueueWorker, ReconciliationCronJob, ScalerKind,
  WorkerProbe,
} from '../../src';
import { LoadedInput, parseText } from '../../src/cli/load';
import { BatchValidationError } from '../../src/errors';
import { ExplainedSynth } from '../../src/explain/explained-synth';
import { backfillProps, cleanupProps, monthlyPartitions } from '../support/backfill-cleanup-fixtures';
import { audit } from '../support/compliance';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { validateManifest } from '../support/k8s-schema';
import { MAP_ENTRY, propPaths } from '../support/prop-paths';
import { queueWorkerProps } from '../support/queue-worker-fixtures';
import { renderingDifferences, typedManifestDifferences } from '../support/typed-manifests';

/**
 * The props fuzzer: for each construct, arbitrary mutations of a valid prop set, at any prop path
 * the TypeScript declarations name (read from src/, not from the run-time checks under test).
 * Every trial must end in exactly one of two ways:
 *  - a BatchValidationError, or
 *  - YAML that, read back as Kubernetes reads it (YAML 1.1), passes the strict schema validation
 *    and the audit with zero open findings (errors and warnings).
 * Anything else (a TypeError, a plain Error from the synth-time audit, an invalid manifest, a
 * finding, an object whose plain manifest differs from the typed cdk8s-plus conversion or whose
 * JSON differs from cdk8s' own rendering) fails the test with the seed, the prop paths and the
 * shrunk counterexample.
 *
 * Reproduce or widen a run: PROPS_FUZZ_SEED=<n> PROPS_FUZZ_TRIALS=<n> npx jest test/constructs/props-fuzzer.test.ts
 */
const SEED = Number(process.env.PROPS_FUZZ_SEED ?? 20261201);
const TRIALS = Number(process.env.PROPS_FUZZ_TRIALS ?? 1000);

/** A factory call the trial makes, so the factory's own checks are fuzzed too (QueueTrigger.*, WorkerProbe.*). */
interface FactoryRecipe {
  readonly factory: string;
  readonly [arg: string]: unknown;
}

/** One valid prop set of a construct and the paths its mutations may touch. */
interface Variant {
  readonly label: string;
  readonly props: () => Record<string, unknown>;
  readonly paths: string[];
  /** The target Kubernetes version (context value) when the variant needs a newer one than the default. */
  readonly kubernetesVersion?: string;
}

interface Subject {
  readonly name: string;
  readonly variants: Variant[];
  build(chart: Construct, props: Record<string, unknown>): void;
}

type Outcome = 'BatchValidationError' | 'valid YAML';

// ---------------------------------------------------------------------------------------------
// The values a mutation puts at a path: wrong JavaScript types, edge numbers, odd strings,
// prototype keys, unknown enum values, and instances of the classes props take.

class SomeClass {
  public readonly owner = 'team';
}

const edgeNumbers = fc.constantFrom(
  0, -0, 1, -1, 0.5, 1.5, NaN, Infinity, -Infinity, 1e-9, 1e-300, 1e21, 1e300, Number.MAX_VALUE, Number.MIN_VALUE,
  2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 64, 255, 256, 65535, 65536, 10_000, 10_001,
);

const oddStrings = fc.constantFrom(
  '', ' ', 'x'.repeat(10_000), 'true', 'false', 'no', 'yes', 'null', '0', '5', 'batch', 'a-b', 'a b', 'A', 'Foo_Bar',
  'unknown', 'FORBID', 'forbid', 'Forbid', 'critical', 'argo-cd-pre-sync', 'after-commit', 'keda', 'ünïcødé', '日本語',
  '🙂', '\u0000', 'a\nb', '\ud800', '../../k', 'https://runbooks.example.com/a b', 'https://runbooks.example.com/x',
  'http://runbooks.example.com/x', 's3://bucket/x', 'node-role.kubernetes.io/control-plane', 'example.com/team',
  '__proto__', 'constructor', 'registry.example.com/a/b:latest', 'registry.example.com/a/b:1.0', '0 3 * * *', '@daily',
  'Etc/UTC', 'Local', 'default', '-', 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(253), 'a'.repeat(254),
  // Valid and near-valid enum values.
  'Allow', 'Replace', 'warning', 'info', 'none', 'before-processing', 'hpa-external-metric', 'basic', 'bearer',
);

function safely<T>(make: () => T): T | string {
  try {
    return make();
  } catch {
    return 'unbuildable';
  }
}

const instances = fc.constantFrom<unknown>(
  ...[
    () => Duration.seconds(0), () => Duration.seconds(1), () => Duration.seconds(30), () => Duration.millis(1500),
    () => Duration.seconds(NaN), () => Duration.seconds(2 ** 31), () => Duration.days(1e6), () => Duration.hours(2),
    () => Size.mebibytes(1), () => Size.mebibytes(NaN), () => Size.kibibytes(0.5), () => Size.gibibytes(1e9),
    () => Size.gibibytes(2), () => Size.pebibyte(1e6),
    () => Cpu.millis(1), () => Cpu.millis(NaN), () => Cpu.units(1e300), () => Cpu.millis(0.5), () => Cpu.units(2), () => Cpu.millis(-5),
    () => QueueTrigger.kafka({ bootstrapServers: ['kafka:9092'], consumerGroup: 'g', topic: 't', lagPerReplica: 10, partitions: 1 }),
    () => WorkerProbe.httpGet('/healthz', 8080),
  ].map((make: () => unknown) => safely(make)),
  new SomeClass(), new Date(0), new Map(), Object.create(null), [], [1], ['a'], [{}], [null], {}, { constructor: 'x' },
  () => 1, Symbol('x'), BigInt(1), null, undefined, true, false,
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: edgeNumbers, weight: 3 },
  { arbitrary: oddStrings, weight: 4 },
  { arbitrary: instances, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.integer({ min: -5, max: 100 }), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.array(fc.oneof(oddStrings, edgeNumbers), { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.constantFrom('a', 'K', 'constructor', 'toString'), fc.oneof(oddStrings, edgeNumbers), { maxKeys: 2 }), weight: 1 },
);

/**
 * Values near the valid one at a path (same JavaScript type, nearby number, edited text), so
 * trials also reach the valid side and the checks between types and Kubernetes' rules.
 */
function near(base: unknown): fc.Arbitrary<unknown> {
  if (typeof base === 'string') {
    return fc.constantFrom(base, `${base}x`, `${base}-2`, base.toUpperCase(), base.slice(0, -1), `${base} `, `${base}.${base}`, base.repeat(5));
  }
  if (typeof base === 'number') {
    return fc.constantFrom(base, base + 1, base - 1, base * 2, base * 1000, Math.floor(base / 2), base + 0.5, 0, 1);
  }
  if (typeof base === 'boolean') return fc.boolean();
  if (Array.isArray(base)) return fc.constantFrom(base, base.slice(1), [...base, ...base], []);
  return fc.constant(base);
}

function valueAt(root: unknown, path: string): unknown {
  let node: any = root;
  for (const part of segments(path)) {
    if (node === null || typeof node !== 'object' || part === MAP_ENTRY) return undefined;
    node = node[part];
  }
  return node;
}

/** Keys a mutation uses for a map entry (env, labels, parameters). */
const mapKey = fc.oneof(
  fc.constantFrom('K', 'REGION', 'team', 'release', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype',
    '', 'a b', 'ü', 'x'.repeat(300), '1BAD', 'DB_PASSWORD', 'UNIT_OF_WORK_ID', 'severity', 'app.kubernetes.io/name',
    'example.com/team', '__name__', 'a=b'),
  fc.string({ maxLength: 8 }),
);

interface Mutation {
  readonly path: string;
  readonly key: string;
  readonly value: unknown;
}

// ---------------------------------------------------------------------------------------------
// Applying mutations to a copy of a prop set.

/** A deep copy of lists and plain (or null-prototype) objects, so no trial changes another's values. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const out = Object.create(Object.getPrototypeOf(value));
    for (const key of Object.keys(value)) setOwn(out, key, copy((value as Record<string, unknown>)[key]));
    return out;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** `container.secretEnv[0].name` -> ['container', 'secretEnv', 0, 'name']. */
function segments(path: string): Array<string | number> {
  return path.split('.').flatMap((part) => {
    const match = /^(.*?)((\[\d+\])*)$/.exec(part)!;
    const indexes = [...match[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    return [match[1], ...indexes];
  });
}

function mutate(props: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const root = copy(props) as Record<string, unknown>;
  for (const { path, key, value } of mutations) {
    const parts = segments(path).map((part) => (part === MAP_ENTRY ? key : part));
    let node: any = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i];
      const next = parts[i + 1];
      if (!(isPlainObject(node[part]) || Array.isArray(node[part]))) {
        setOwn(node, part, typeof next === 'number' ? [] : {});
      }
      node = node[part];
    }
    const last = parts[parts.length - 1];
    if (value === undefined && !Array.isArray(node)) {
      delete node[last];
    } else {
      setOwn(node, last, copy(value));
    }
  }
  return root;
}

/** Sets an own property, even `__proto__`, as JSON.parse or a computed key would. */
function setOwn(target: any, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// The constructs, their valid prop sets and paths.

const container = {
  image: 'registry.example.com/finance/reconciler:2026.07.01',
  resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) },
};

/** A prop set that sets most optional props, so mutations start from set values as well as from none. */
function richCommon(): Record<string, unknown> {
  return {
    name: 'rich-workload',
    namespace: 'finance',
    partOf: 'ledger',
    managedBy: 'platform-ci',
    dataClassification: 'internal',
    slo: 'done by 03:00 UTC',
    businessWindow: '01:00-04:00 UTC',
    annotationPrefix: 'platform.example.com',
    serviceAccountName: 'rich-workload',
    nodePool: { enabled: true, labelKey: 'workload-tier', labelValue: 'batch' },
    container: {
      ...container,
      name: 'main',
      command: ['/app/run'],
      args: ['--verbose'],
      env: { REGION: 'eu-west-1', LOG_LEVEL: 'info' },
      secretEnv: [{ name: 'DB_URL', secretName: 'ledger-db', key: 'url' }],
      scratchSpace: Size.gibibytes(2),
      resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512), memoryLimit: Size.gibibytes(1), cpuLimit: Cpu.units(1) },
    },
  };
}

const alertsRich = {
  severity: 'warning',
  routingLabels: { team: 'finance' },
  ruleLabels: { release: 'kube-prometheus-stack' },
  displayName: 'Ledger work',
};

function paths(interfaceName: string, extra: string[] = []): string[] {
  return [...propPaths(interfaceName), ...extra];
}

function subjects(): Subject[] {
  const reconciliationPaths = paths('ReconciliationCronJobProps');
  const migrationPaths = paths('MigrationJobProps');
  const backfillPaths = paths('IndexedBackfillProps');
  const cleanupPaths = paths('CleanupJobProps');
  const workerPaths = propPaths('QueueWorkerProps');
  const triggerPaths = (options: string) => propPaths(options).map((p) => `trigger.options.${p}`);
  const probePaths = (probe: string) => [
    ...propPaths('WorkerProbeOptions').map((p) => `${probe}.options.${p}`),
    `${probe}.path`, `${probe}.port`, `${probe}.options`,
  ];
  return [
    {
      name: 'ReconciliationCronJob',
      variants: [
        { label: 'minimal', props: () => ({ ...reconciliationProps() }), paths: reconciliationPaths },
        {
          label: 'no ledger, reason stated',
          props: () => ({ ...reconciliationProps(), completionLedger: undefined, completionLedgerNoneReason: 'state is re-derived from the source on every run' }),
          paths: reconciliationPaths,
        },
        {
          label: 'rich',
          props: () => ({
            ...reconciliationProps(),
            ...richCommon(),
            timeZone: 'Europe/Berlin',
            schedule: '15 5 * * 1-5',
            failurePolicy: { permanentExitCodes: [64, 65], ignoreDisruptions: true },
            backoffLimit: 3,
            alerts: { ...alertsRich, freshnessWindow: Duration.days(4) },
            successfulJobsHistoryLimit: 2,
            suspend: false,
          }),
          paths: reconciliationPaths,
        },
      ],
      build: (chart, props) => new ReconciliationCronJob(chart, 'daily-reconciliation', props as any),
    },
    {
      name: 'MigrationJob',
      variants: [
        { label: 'minimal', props: () => ({ ...migrationProps() }), paths: migrationPaths },
        {
          label: 'sidecar on a Kueue queue',
          props: () => ({
            ...migrationProps(),
            queueName: 'orders-batch',
            sidecars: [{
              name: 'cloud-sql-proxy',
              image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
              args: ['--port=5432', 'orders-prod:europe-west3:orders'],
              env: { CSQL_PROXY_STRUCTURED_LOGS: 'true' },
              secretEnv: [{ name: 'CSQL_PROXY_TOKEN', secretName: 'orders-sql-proxy', key: 'token' }],
              resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64), memoryLimit: Size.mebibytes(128) },
              scratchSpace: Size.mebibytes(32),
              startupProbe: { port: 9090, httpPath: '/startup', timeout: Duration.seconds(30) },
            }],
          }),
          paths: migrationPaths,
        },
        {
          label: 'argo',
          props: () => ({
            ...migrationProps(),
            ...richCommon(),
            name: 'orders-migration',
            serviceAccountName: 'orders-migration',
            gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC,
            syncWave: -2,
            versionLabel: 'v42',
            idempotencyKey: 'orders:{version}',
            alerts: { ...alertsRich, completionGrace: Duration.minutes(10) },
            activeDeadline: Duration.minutes(30),
          }),
          paths: migrationPaths,
        },
      ],
      build: (chart, props) => new MigrationJob(chart, 'schema-migration', props as any),
    },
    {
      name: 'IndexedBackfill',
      variants: [
        { label: 'parallelism', props: () => ({ ...backfillProps(), partitions: monthlyPartitions(4), parallelism: 2 }), paths: backfillPaths },
        {
          label: 'success policy, managed by MultiKueue',
          props: () => ({
            ...backfillProps(),
            partitions: monthlyPartitions(8),
            parallelism: 4,
            successPolicy: { rules: [{ succeededIndexes: '0-3,7', succeededCount: 4 }, { succeededCount: 6 }] },
            queueName: 'finance-batch',
            jobManagedBy: 'kueue.x-k8s.io/multikueue',
          }),
          paths: backfillPaths,
          kubernetesVersion: '1.33',
        },
        {
          label: 'qps',
          props: () => ({
            ...backfillProps(),
            ...richCommon(),
            name: 'ledger-check',
            serviceAccountName: 'ledger-check',
            partitions: monthlyPartitions(3),
            parallelism: undefined,
            qpsPerPod: 10,
            backoffLimitPerIndex: 1,
            maxFailedIndexes: 1,
            maxPartitionDuration: Duration.minutes(20),
            alerts: { ...alertsRich, completionGrace: Duration.minutes(10) },
          }),
          paths: backfillPaths,
        },
      ],
      build: (chart, props) => new IndexedBackfill(chart, 'ledger-check', props as any),
    },
    {
      name: 'CleanupJob',
      variants: [
        { label: 'one-off dry run', props: () => ({ ...cleanupProps() }), paths: cleanupPaths },
        {
          label: 'scheduled',
          props: () => ({ ...cleanupProps(), cron: { schedule: '0 3 * * *', timeZone: 'Etc/UTC' }, alerts: { ...alertsRich } }),
          paths: cleanupPaths,
        },
        {
          label: 'deleting with targets',
          props: () => ({
            ...cleanupProps(),
            ...richCommon(),
            name: 'job-sweeper',
            serviceAccountName: 'job-sweeper',
            dryRun: false,
            maxDeletions: 500,
            pageSize: 50,
            deleteRatePerSecond: 5,
            trustedNodePool: 'trusted',
            targets: [{ apiGroup: 'batch', resource: 'jobs', resourceNames: ['old-job'] }],
          }),
          paths: cleanupPaths,
        },
      ],
      build: (chart, props) => new CleanupJob(chart, 'session-cleanup', props as any),
    },
    {
      name: 'QueueWorker',
      variants: [
        {
          label: 'rabbitmq',
          props: () => ({
            ...queueWorkerProps(),
            trigger: { factory: 'rabbitMq', options: { queueName: 'payment-events', messagesPerReplica: 100, connectionSecret: { secretName: 'payments-rabbitmq', key: 'amqp-url' } } },
            livenessProbe: { factory: 'httpGet', path: '/healthz', port: 8080, options: { period: Duration.seconds(10) } },
          }),
          paths: [...workerPaths, ...triggerPaths('RabbitMqTriggerOptions'), ...probePaths('livenessProbe')],
        },
        {
          label: 'kafka',
          props: () => ({
            ...queueWorkerProps(),
            ...richCommon(),
            name: 'payment-worker',
            serviceAccountName: 'payment-worker',
            trigger: { factory: 'kafka', options: { bootstrapServers: ['kafka-0.kafka:9092'], consumerGroup: 'payments', topic: 'payment-events', lagPerReplica: 50, partitions: 12 } },
            readinessProbe: { factory: 'exec', command: ['/bin/ready'], options: { failureThreshold: 3 } },
            alerts: { ...alertsRich, backlogQuery: 'sum(kafka_consumergroup_lag{consumergroup="payments"})', backlogThreshold: 5000 },
            minReplicas: 2,
            maxReplicas: 8,
            databaseConnections: 40,
            connectionsPerReplica: 4,
          }),
          paths: [...workerPaths, ...triggerPaths('KafkaTriggerOptions'), ...probePaths('readinessProbe'), 'readinessProbe.command', 'readinessProbe.command[0]'],
        },
        {
          label: 'sqs on an HPA',
          props: () => ({
            ...queueWorkerProps(),
            trigger: { factory: 'awsSqs', options: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/payments', awsRegion: 'eu-west-1', messagesPerReplica: 20 } },
            visibilityTimeout: Duration.minutes(5),
            scaler: ScalerKind.HPA_EXTERNAL_METRIC,
            externalMetric: { metricName: 'sqs_messages_visible', matchLabels: { queue: 'payments' } },
          }),
          paths: [...workerPaths, ...triggerPaths('AwsSqsTriggerOptions')],
        },
        {
          label: 'prometheus',
          props: () => ({
            ...queueWorkerProps(),
            trigger: { factory: 'prometheus', options: { serverAddress: 'http://prometheus.monitoring:9090', query: 'max(queue_oldest_message_age_seconds)', threshold: 30 } },
          }),
          paths: [...workerPaths, ...triggerPaths('PrometheusTriggerOptions')],
        },
      ],
      build: (chart, props) => new QueueWorker(chart, 'payment-event-worker', withFactories(props) as any),
    },
  ];
}

/** Calls the factories a QueueWorker recipe names; anything else is passed to the construct as is. */
function withFactories(props: Record<string, unknown>): Record<string, unknown> {
  const out = { ...props };
  for (const key of ['trigger', 'livenessProbe', 'readinessProbe']) {
    const recipe = out[key];
    if (isPlainObject(recipe) && typeof recipe.factory === 'string') out[key] = callFactory(recipe as FactoryRecipe);
  }
  return out;
}

function callFactory(recipe: FactoryRecipe): unknown {
  const r = recipe as any;
  switch (recipe.factory) {
    case 'rabbitMq': return QueueTrigger.rabbitMq(r.options);
    case 'kafka': return QueueTrigger.kafka(r.options);
    case 'awsSqs': return QueueTrigger.awsSqs(r.options);
    case 'prometheus': return QueueTrigger.prometheus(r.options);
    case 'httpGet': return WorkerProbe.httpGet(r.path, r.port, r.options);
    case 'exec': return WorkerProbe.exec(r.command, r.options);
    default: throw new Error(`unknown factory ${recipe.factory}`);
  }
}

// ---------------------------------------------------------------------------------------------
// One trial: build, synthesize, read the YAML back as Kubernetes would, validate, audit.

function trial(subject: Subject, props: Record<string, unknown>, kubernetesVersion?: string): Outcome {
  const app = Testing.app();
  if (kubernetesVersion !== undefined) app.node.setContext(KUBERNETES_VERSION_CONTEXT, kubernetesVersion);
  const chart = new Chart(app, 'fuzz', { namespace: 'payments' });
  let yaml: string;
  let typed: string[];
  try {
    typed = typedManifestDifferences(() => subject.build(chart, props)).differences;
    yaml = app.synthYaml();
  } catch (e) {
    if (e instanceof BatchValidationError) {
      if (process.env.PROPS_FUZZ_DEBUG) process.stderr.write(`${e.message}\n`);
      return 'BatchValidationError';
    }
    throw new Error(`other outcome: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  const loaded: LoadedInput = { inputs: [], skipped: [], errors: [], files: [] };
  parseText(yaml, 'fuzz.yaml', loaded);
  const manifests: any[] = loaded.inputs.map((input) => input.object);
  // The explained YAML (ExplainedSynth) must read as the same objects, whatever strings the props hold.
  const explained: LoadedInput = { inputs: [], skipped: [], errors: [], files: [] };
  parseText(ExplainedSynth.explainText(app, yaml), 'fuzz.yaml', explained);
  const problems = [
    ...typed.map((d) => `the plain manifest is not the typed conversion's: ${d}`),
    ...renderingDifferences(app).map((d) => `the object renders otherwise than cdk8s renders it: ${d}`),
    ...(isDeepStrictEqual(explained.inputs.map((i) => i.object), manifests) ? [] : ['the explained YAML reads as other objects']),
    ...loaded.errors.map((e) => `YAML: ${JSON.stringify(e)}`),
    ...manifests.flatMap((m) => validateManifest(m).map((p) => `${m.kind}/${m.metadata?.name}: ${p}`)),
    ...audit(manifests, auditOptions(props)).filter((f) => !f.suppressed).map((f) => `finding ${f.ruleId} (${f.severity}) on ${f.kind}/${f.name}: ${f.message}`),
  ];
  if (problems.length > 0) {
    throw new Error(`other outcome: synthesized YAML that is not valid and clean:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
  // The API server's own validation checks every accepted output after the test: synthYaml went
  // through Chart.toJson, which the test setup captures (support/api-server-queue.ts).
  return 'valid YAML';
}

/** The conventions the construct was told to use, as the synth-time audit gets them. */
function auditOptions(props: Record<string, unknown>): { annotationPrefix?: string; batchPoolKey?: string; batchPoolValue?: string } {
  const pool = isPlainObject(props.nodePool) ? props.nodePool : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { annotationPrefix: text(props.annotationPrefix), batchPoolKey: text(pool.labelKey), batchPoolValue: text(pool.labelValue) };
}

// ---------------------------------------------------------------------------------------------

describe('props fuzzer: every mutation of valid props is a BatchValidationError or valid, clean YAML', () => {
  const all = subjects();
  const summary: string[] = [];

  afterAll(() => {
    // One line per construct, for release notes and review.
    console.log(`props fuzzer (seed ${SEED}):\n${summary.map((line) => `  ${line}`).join('\n')}`);
  });

  test.each(all.map((s) => [s.name, s] as const))('%s', (_name, subject) => {
    const counts: Record<Outcome | 'other', number> = { 'BatchValidationError': 0, 'valid YAML': 0, 'other': 0 };
    let trials = 0;
    const arbitrary = fc.integer({ min: 0, max: subject.variants.length - 1 }).chain((index) => {
      const variant = subject.variants[index];
      const base = variant.props();
      const mutation = fc.constantFrom(...variant.paths).chain((path) => fc.record({
        path: fc.constant(path),
        key: mapKey,
        value: fc.oneof({ arbitrary: anyValue, weight: 2 }, { arbitrary: near(valueAt(base, path)), weight: 3 }),
      }));
      return fc.record({ variant: fc.constant(variant.label), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) });
    });
    // Every valid prop set must itself be valid, clean YAML, or the mutations start from noise.
    for (const variant of subject.variants) {
      expect(`${variant.label}: ${trial(subject, variant.props(), variant.kubernetesVersion)}`).toBe(`${variant.label}: valid YAML`);
    }
    const result = fc.check(fc.property(arbitrary, ({ variant, mutations }) => {
      const chosen = subject.variants.find((v) => v.label === variant)!;
      const props = mutate(chosen.props(), mutations);
      trials++;
      try {
        counts[trial(subject, props, chosen.kubernetesVersion)]++;
      } catch (e) {
        counts.other++;
        throw e;
      }
    }), { numRuns: TRIALS, seed: SEED });
    const split = `${counts.BatchValidationError} BatchValidationError, ${counts['valid YAML']} valid YAML, ${counts.other} other`;
    if (result.failed) {
      summary.push(`${subject.name}: FAILED after ${trials} trials including shrinking (${split})`);
      const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      throw new Error(`${subject.name}: ${fc.defaultReportMessage(result)}\nOutcome: ${cause}\nReproduce: PROPS_FUZZ_SEED=${SEED} npx jest test/constructs/props-fuzzer.test.ts -t ${subject.name}`);
    }
    summary.push(`${subject.name}: ${trials} trials, ${split}`);
    expect(trials).toBe(TRIALS);
    expect(counts.other).toBe(0);
    // A fuzzer that only ever hits errors (or never does) is not exploring both sides.
    expect(counts.BatchValidationError).toBeGreaterThan(0);
    expect(counts['valid YAML']).toBeGreaterThan(0);
  });
});
