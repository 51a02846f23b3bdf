import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { addJobAlerts, JobAlertProps } from './core/alerts';
import { keysInCodePointOrder } from './core/code-point-order';
import { contentHash, NAME_HASH_LENGTH } from './core/content-hash';
import { carryReasons, explain, explainFields, explainItem, SET_BY_APP, unlessSet } from './core/decisions';
import { INT32_MAX, wholeNumber, wholeSeconds } from './core/durations';
import { buildPodFailurePolicy, PermanentFailureAction } from './core/failure-policy';
import { GitOpsProps, lifetimeAnnotations, resolveGitOpsTool } from './core/gitops';
import { checkIndexedJobFields } from './core/indexed-job';
import { resolveJobLimits } from './core/job-limits';
import { finiteJobSpec, KUBE_JOB, managedByField } from './core/job-objects';
import { kubeObject } from './core/kube-object';
import { jobControls } from './core/kueue';
import { checkLabelValue, JOB_NAME_MAX } from './core/names';
import { requireText, WorkloadClass } from './core/ownership';
import { buildPodTemplate } from './core/pod-template';
import { bool, checkProps, duration, fieldsOf, finite, int32, list, nonBlankText, optional, required, stringMap, struct, text } from './core/prop-checks';
import { FINITE_WORKLOAD_FIELDS, GITOPS_FIELDS, JOB_ALERTS } from './core/prop-shapes';
import { BackfillSuccessPolicy, buildSuccessPolicy } from './core/success-policy';
import { companionAnnotations, FiniteWorkloadProps, prepareWorkload } from './core/workload';
import { invalid } from './errors';
import { ANNOTATIONS_MAX_BYTES, annotationBytes, LAST_APPLIED, lastAppliedBytes } from './rules/annotation-size';

/**
 * One partition of a backfill: a stable key and the parameters its pod needs (a date range, a
 * shard, a prefix...). Partition `i` of the table is always processed by index `i`.
 */
export interface BackfillPartition {
  /**
   * Stable, unique key of the partition, e.g. `2026-07` or `shard-0042`. It must be a valid
   * Kubernetes label value (at most 63 letters, digits, '-', '_', '.'), so it can label logs,
   * metrics and ledger rows.
   */
  readonly key: string;

  /**
   * What the partition covers, e.g. `{ from: '2026-07-01', to: '2026-07-31' }`.
   * @default - no parameters: the key alone identifies the work
   */
  readonly parameters?: { [name: string]: string };
}

/**
 * Props of an IndexedBackfill.
 *
 * Kubernetes versions: `completionMode: Indexed` is GA since 1.24; `podFailurePolicy` GA since
 * 1.31 (beta, on by default, since 1.26); `backoffLimitPerIndex` and `maxFailedIndexes` alpha in
 * 1.28, beta and on by default in 1.29, GA in 1.33 (feature gate JobBackoffLimitPerIndex); the pod
 * label `batch.kubernetes.io/job-completion-index` is set since 1.28 (PodIndexLabel). On a cluster
 * older than 1.29 the API server would drop the per-index fields and the whole Job would share
 * `backoffLimit`, so a target (context `cdk8s-batch:kubernetesVersion`) below 1.29 fails synth.
 */
export interface IndexedBackfillProps extends FiniteWorkloadProps, GitOpsProps {
  /**
   * The partition table, in index order: `completions` is its length and index `i` processes
   * `partitions[i]`. Keys must be unique. The table ships as a ConfigMap holding each entry once
   * (`partition-<i>.json`), mounted read-only at `/etc/backfill`. The ConfigMap must be
   * applicable: at most 256 KiB as client-side apply stores it (see `serverSideApply`), or 1 MiB
   * of data (the Kubernetes ConfigMap limit) when applied server-side.
   */
  readonly partitions: BackfillPartition[];

  /**
   * The manifests are applied server-side (`kubectl apply --server-side`, Argo CD with the
   * `ServerSideApply=true` sync option, Flux's kustomize-controller). Client-side apply copies the
   * whole object into the `kubectl.kubernetes.io/last-applied-configuration` annotation, and the
   * API server limits an object's annotations to 256 KiB, so without this the partition table
   * ConfigMap must stay within 256 KiB (measured as rule too-large-for-client-side-apply does);
   * with it, within the 1 MiB ConfigMap limit, and a table above 256 KiB records the suppression
   * of rule too-large-for-client-side-apply with this reason.
   * @default false - client-side apply, the default of `kubectl apply` and Argo CD
   */
  readonly serverSideApply?: boolean;

  /**
   * Pods running at once (`parallelism`). When set together with `qpsPerPod`, their product must
   * fit `maxDownstreamQps`.
   * @default - floor(maxDownstreamQps / qpsPerPod), at least 1 and at most the number of partitions
   * (concurrency is sized against the downstream, not the cluster)
   */
  readonly parallelism?: number;

  /**
   * Requests per second one pod sends to the downstream at most. Passed as `MAX_QPS_PER_POD` so
   * the pod can throttle itself. Required when `parallelism` is not given.
   * @default - maxDownstreamQps / parallelism
   */
  readonly qpsPerPod?: number;

  /**
   * Retries of one index before that index is marked failed (`backoffLimitPerIndex`); other
   * indexes keep running. Immutable: changing it names a new Job. Kubernetes 1.29+ (beta, on by
   * default; alpha in 1.28, GA in 1.33).
   * @default 2
   */
  readonly backoffLimitPerIndex?: number;

  /**
   * Failed indexes tolerated before the whole Job stops (`maxFailedIndexes`). Failed indexes are
   * listed in `status.failedIndexes` for a targeted re-run. At most the number of partitions
   * (Kubernetes rule). Kubernetes 1.29+ (beta, on by default; alpha in 1.28, GA in 1.33).
   * @default - a tenth of the partitions, at least 1: a few bad partitions are recorded while the
   * rest finish; more means a systematic fault, so the Job stops early
   */
  readonly maxFailedIndexes?: number;

  /**
   * Complete the backfill once the partitions that matter have succeeded (`spec.successPolicy`):
   * Kubernetes marks the Job complete when the first rule is met and terminates the pods still
   * running, so the other partitions may never run; their completion stays the business of the
   * completion ledger. Checked at synth as the API server checks it (1 to 20 rules, each with
   * `succeededIndexes`, `succeededCount` or both, index sets in range and ascending, counts within
   * the partitions and the set). Immutable: it is part of the Job's name hash. Needs a target of
   * Kubernetes 1.31 or later (JobSuccessPolicy, beta and on by default since 1.31, GA 1.33).
   * @default - the backfill completes when every partition has succeeded
   */
  readonly successPolicy?: BackfillSuccessPolicy;

  /**
   * The longest one attempt at one partition should take. Only used to derive the default
   * `activeDeadline`.
   * @default Duration.minutes(30)
   */
  readonly maxPartitionDuration?: Duration;

  /**
   * The idempotency key scheme of a partition (annotation `<prefix>/idempotency-key`,
   * rule idempotency-key).
   * @default "<name>:{partitionKey}" - a partition is the unit of work: a retried or re-run
   * partition finds its earlier commits under the same key
   */
  readonly idempotencyKey?: string;

  /**
   * Alerts (PrometheusRule): the Job failed (backoff limit, deadline or maxFailedIndexes), has
   * not completed by its deadline, or has failing pods while running.
   * @default - on
   */
  readonly alerts?: JobAlertProps;
}

/** The run-time shape of IndexedBackfillProps (see core/prop-checks.ts). */
const PROPS_SHAPE = struct(fieldsOf(FINITE_WORKLOAD_FIELDS, GITOPS_FIELDS, {
  partitions: required(list(struct({ key: required(text()), parameters: optional(stringMap(text())) }))),
  serverSideApply: optional(bool()),
  parallelism: optional(int32()),
  qpsPerPod: optional(finite()),
  backoffLimitPerIndex: optional(int32()),
  maxFailedIndexes: optional(int32()),
  maxPartitionDuration: optional(duration()),
  successPolicy: optional(struct({
    rules: required(list(struct({ succeededIndexes: optional(text()), succeededCount: optional(int32()) }))),
  })),
  idempotencyKey: optional(nonBlankText()),
  alerts: optional(JOB_ALERTS),
}));

/** Retries per index: a transient blip is retried twice, then the index is given up. */
const DEFAULT_BACKOFF_LIMIT_PER_INDEX = 2;
const DEFAULT_MAX_PARTITION_DURATION = Duration.minutes(30);
/** Where the partition table is mounted. */
export const PARTITION_TABLE_DIR = '/etc/backfill';
/** The annotation the Job controller sets on each pod of an Indexed Job (GA 1.24). */
const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
/** Kubernetes ValidateConfigMap: data may total at most 1 MiB (core.MaxSecretSize). */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;
const SERVER_SIDE_APPLY_REASON = 'applied server-side (serverSideApply: true): no last-applied-configuration copy is stored';
/** Placeholder for the ConfigMap name while the content hash is computed (the name holds the hash). */
const TABLE_NAME_PLACEHOLDER = 'partition-table';

/**
 * A backfill over a fixed partition table as a Kubernetes Indexed Job:
 * each index maps to stable work, failures are counted per index, concurrency is sized against
 * the downstream, and the table is part of the Job's identity.
 *
 * Creates a Job, the immutable ConfigMap holding the table (same name as the Job, so an old Job
 * keeps its own table) and the dedicated ServiceAccount.
 *
 * The Job is named `<name>-<hash>`: the hash covers the table and everything Kubernetes keeps
 * immutable (template, completions, failure policy, backoffLimitPerIndex, and successPolicy and
 * jobManagedBy when given), so a changed table is
 * a new Job and the same table is the same Job. Mutable fields (maxFailedIndexes, backoffLimit,
 * deadline, TTL, and parallelism when `qpsPerPod` is given) keep the name and update the Job in
 * place. Without `qpsPerPod`, the per-pod share `MAX_QPS_PER_POD` is in the template, so a new
 * parallelism is a new Job: running pods would otherwise keep the old share.
 *
 * Each container gets `PARTITION_INDEX` (from the pod's completion-index annotation),
 * `PARTITION_FILE` (`/etc/backfill/partition-<index>.json`, its own entry), `PARTITION_TABLE_DIR`,
 * `PARTITION_COUNT` and `MAX_QPS_PER_POD`; Kubernetes itself adds `JOB_COMPLETION_INDEX`. Each
 * entry is stored once; a pod that needs the whole table reads `partition-0.json` to
 * `partition-<PARTITION_COUNT - 1>.json` in `PARTITION_TABLE_DIR`.
 *
 * Progress: `kubectl get job <name> -o jsonpath='{.status.completedIndexes}'` lists finished
 * indexes (e.g. `0-6,8`), `.status.failedIndexes` the ones given up; domain completion lives in
 * the completion ledger (required).
 */
export class IndexedBackfill extends Construct {
  /** The Job (escape hatch: `addJsonPatch`). */
  public readonly job: ApiObject;
  /** The immutable ConfigMap with the partition table. */
  public readonly partitionTable: ApiObject;
  /** The dedicated ServiceAccount, unless an existing one was used. */
  public readonly serviceAccount?: ApiObject;
  /** The Job's name, `<name>-<hash>` (the ConfigMap has the same name). */
  public readonly jobName: string;
  /** Pods running at once. */
  public readonly parallelism: number;
  /** The `activeDeadlineSeconds` of the Job. */
  public readonly activeDeadlineSeconds: number;
  /** The failure alerts, unless turned off. */
  public readonly alerts?: ApiObject;

  constructor(scope: Construct, id: string, props: IndexedBackfillProps) {
    super(scope, id);
    checkProps(this, props, PROPS_SHAPE);
    const table = partitionEntries(this, props.partitions);
    const completions = table.length;
    const tableData = configMapData(table);
    if (props.completionLedger === undefined) {
      throw invalid(this, 'completionLedger', undefined,
        'required for a backfill: say where each partition\'s completion is recorded outside Kubernetes, ' +
        'e.g. "finance.backfill_partitions table"; Job status disappears with the Job after its TTL');
    }
    const completionLedger = requireText(this, 'completionLedger', props.completionLedger);
    const backoffLimitPerIndex = wholeNumber(this, 'backoffLimitPerIndex', props.backoffLimitPerIndex ?? DEFAULT_BACKOFF_LIMIT_PER_INDEX,
      0, INT32_MAX, 'Kubernetes requires a non-negative backoffLimitPerIndex');
    const maxFailedIndexes = wholeNumber(this, 'maxFailedIndexes', props.maxFailedIndexes ?? Math.max(1, Math.floor(completions / 10)),
      0, INT32_MAX, 'Kubernetes requires a non-negative maxFailedIndexes');
    const successPolicy = props.successPolicy === undefined ? undefined : buildSuccessPolicy(this, props.successPolicy, completions);
    const budget = parallelismBudget(this, props, completions);
    this.parallelism = budget.parallelism;
    const deadline = defaultDeadline(this, props, completions, this.parallelism, backoffLimitPerIndex);

    const baseName = props.name ?? id;
    // A backfill is one-off work in Git: under a GitOps tool, the tool ends it, not a TTL.
    const gitOps = resolveGitOpsTool(this, props.gitOps);
    const lastIndexDigits = String(completions - 1).length;
    const maxBaseLength = JOB_NAME_MAX - 1 - NAME_HASH_LENGTH - 1 - lastIndexDigits;
    const workload = prepareWorkload(this, { ...props, name: baseName, completionLedger }, {
      workloadClass: WorkloadClass.INDEXED_BATCH,
      defaultName: baseName,
      maxNameLength: maxBaseLength,
      nameLimitReason: `the Job is named <name>-<${NAME_HASH_LENGTH}-character hash> and its last pod hostname ` +
        `<job name>-${completions - 1} must be a DNS-1123 label of at most 63 characters (Kubernetes ValidateJob for Indexed Jobs)`,
      extraAnnotations: {
        'idempotency-key': props.idempotencyKey ?? `${baseName}:{partitionKey}`,
        'parallelism-budget': budget.text,
        'partition-count': String(completions),
        'deadline-budget': props.activeDeadline === undefined ? deadline.text : undefined,
        ...lifetimeAnnotations(gitOps),
      },
      annotationReasons: {
        'idempotency-key': unlessSet(props.idempotencyKey, 'a write is keyed by the partition it belongs to, so a retried index repeats no work'),
        'parallelism-budget': 'the arithmetic of parallelism: pods x per-pod rate stays within maxDownstreamQps (rule downstream-qps)',
        'partition-count': 'how many indexes the Job runs, one per partition',
        'deadline-budget': 'the arithmetic of activeDeadlineSeconds',
      },
    });
    this.serviceAccount = workload.serviceAccount;
    const { prefix, labels, podLabels } = workload.metadata;
    const containerName = props.container.name ?? 'backfill';

    const podFailurePolicy = buildPodFailurePolicy(this, props.failurePolicy, containerName, PermanentFailureAction.FAIL_INDEX, true);
    const templateFor = (tableName: string) => buildPodTemplate(this, {
      container: props.container,
      defaultContainerName: containerName,
      labels: podLabels,
      serviceAccountName: workload.serviceAccountName,
      serviceAccountNameReason: workload.serviceAccountNameReason,
      mountServiceAccountToken: false,
      nodePool: props.nodePool,
      restartPolicy: 'Never',
      constructEnv: partitionEnv(completions, budget.qpsPerPod),
      extraVolumes: [explainItem({ name: 'partition-table', configMap: { name: tableName, defaultMode: 0o444 } },
        'the partition table ConfigMap of this Job, read-only (mode 0444)')],
      extraVolumeMounts: [explainItem({ name: 'partition-table', mountPath: PARTITION_TABLE_DIR, readOnly: true },
        'the partition table, read-only: each pod reads its own entry')],
      sidecars: props.sidecars,
    });
    const controls = jobControls(this, props);
    // What Kubernetes keeps immutable on a Job, plus the table: changing any of it needs a new Job.
    const hash = contentHash({
      table: tableData,
      completions,
      completionMode: 'Indexed',
      backoffLimitPerIndex,
      podFailurePolicy,
      template: templateFor(TABLE_NAME_PLACEHOLDER),
      // Immutable too; in the hash only when given, so the names of other backfills stay as they were.
      ...managedByField(controls),
      ...(successPolicy === undefined ? {} : { successPolicy }),
    });
    this.jobName = `${workload.name}-${hash}`;

    checkIndexedJobFields(this, {
      jobName: this.jobName,
      completionMode: 'Indexed',
      completions,
      parallelism: this.parallelism,
      backoffLimitPerIndex,
      maxFailedIndexes,
      usesFailIndex: true,
    }, {
      jobName: 'name',
      completions: 'partitions',
      parallelism: 'parallelism',
      backoffLimitPerIndex: 'backoffLimitPerIndex',
      maxFailedIndexes: 'maxFailedIndexes',
      failIndex: 'failurePolicy',
    });

    const limits = resolveJobLimits(this, props, {
      // Kubernetes defaults backoffLimit to MaxInt32 when backoffLimitPerIndex is set, so the
      // per-index limits decide; we write the largest count of failures they allow instead.
      backoffLimit: Math.min(INT32_MAX, completions * (backoffLimitPerIndex + 1)),
      backoffLimitReason: `${completions} partitions x (backoffLimitPerIndex ${backoffLimitPerIndex} + 1) attempts: the per-index ` +
        'limits decide, this is the most failures they allow (Kubernetes would write 2147483647; rule backoff-limit-explicit)',
      activeDeadline: Duration.seconds(deadline.seconds),
      activeDeadlineReason: `${deadline.text}: every index may use all its attempts at this parallelism, longer means stuck (rule active-deadline)`,
    }, gitOps);
    this.activeDeadlineSeconds = limits.activeDeadlineSeconds;

    this.partitionTable = kubeObject(this, 'PartitionTable', k8s.KubeConfigMap, explainFields({
      metadata: explain({ name: this.jobName, namespace: workload.namespace, labels, annotations: companionAnnotations(workload.metadata) },
        'name', 'the Job\'s name: an old Job keeps its own table'),
      // The table of a Job never changes under it: a new table is a new ConfigMap and a new Job.
      immutable: true,
      data: tableData,
    }, {
      immutable: 'the table of a Job never changes under it: a new table is a new ConfigMap and a new Job',
      data: 'one entry per partition (partition-<index>.json), read by the pod of that index through PARTITION_FILE',
    }));
    checkTableApplies(this, this.partitionTable, table.length, props.serverSideApply ?? false, prefix);

    this.job = kubeObject(this, 'Job', KUBE_JOB, {
      metadata: explain({
        name: this.jobName,
        namespace: workload.namespace,
        labels: carryReasons(labels, { ...labels, ...controls.labels }),
        annotations: explain(carryReasons(workload.metadata.annotations, {
          ...workload.metadata.annotations, [`${prefix}/partition-table`]: this.jobName,
        }), `${prefix}/partition-table`, 'the ConfigMap holding this Job\'s partition table'),
      }, 'name', '<name>-<hash>: the hash covers the partition table and every field Kubernetes keeps immutable, so a changed ' +
        'table is a new Job and the same table the same Job'),
      spec: finiteJobSpec(this, limits, podFailurePolicy, templateFor(this.jobName), explainFields({
        completionMode: 'Indexed',
        completions,
        parallelism: this.parallelism,
        backoffLimitPerIndex,
        maxFailedIndexes,
        ...(successPolicy === undefined ? {} : { successPolicy }),
        ...managedByField(controls),
      }, {
        completionMode: 'each pod gets an index that maps to one partition: the same index is always the same work',
        completions: 'one completion per partition',
        parallelism: props.parallelism !== undefined ? SET_BY_APP : `${budget.text}: pods x per-pod rate stays within maxDownstreamQps (rule downstream-qps)`,
        backoffLimitPerIndex: unlessSet(props.backoffLimitPerIndex, `retries are counted per partition: ${backoffLimitPerIndex} for each, so one bad ` +
          'partition cannot use up the whole Job\'s retries'),
        maxFailedIndexes: unlessSet(props.maxFailedIndexes, `floor(${completions} partitions / 10), at least 1: more failed partitions ` +
          'than that end the Job, since the input itself is likely wrong'),
      })),
    });
    this.alerts = addJobAlerts(this, this.job, workload, props.alerts, {
      jobName: this.jobName, activeDeadlineSeconds: limits.activeDeadlineSeconds, indexed: true,
    });
  }
}

/** One row of the table as shipped: its index, key and sorted parameters. */
interface PartitionEntry {
  readonly index: number;
  readonly key: string;
  readonly parameters: Record<string, string>;
}

function partitionEntries(scope: Construct, partitions: BackfillPartition[] | undefined): PartitionEntry[] {
  if (!Array.isArray(partitions) || partitions.length === 0) {
    throw invalid(scope, 'partitions', partitions, 'at least one partition is required: completions is the number of partitions');
  }
  const seen = new Map<string, number>();
  return partitions.map((partition, index) => {
    const key = partition?.key;
    if (typeof key !== 'string' || key.length === 0) {
      throw invalid(scope, `partitions[${index}].key`, key, 'every partition needs a non-empty key');
    }
    checkLabelValue(scope, `partitions[${index}].key`, key);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw invalid(scope, `partitions[${index}].key`, key,
        `keys must be unique (also used by partitions[${earlier}]): each index must map to distinct, stable work`);
    }
    seen.set(key, index);
    const parameters: Record<string, string> = {};
    for (const name of keysInCodePointOrder(partition.parameters ?? {})) {
      const value = partition.parameters![name];
      if (name.trim().length === 0) {
        throw invalid(scope, `partitions[${index}].parameters`, partition.parameters, 'parameter names must be non-empty');
      }
      if (typeof value !== 'string') {
        throw invalid(scope, `partitions[${index}].parameters.${name}`, value, 'parameter values must be strings');
      }
      parameters[name] = value;
    }
    return { index, key, parameters };
  });
}

/** Each entry once, under the file name its pod reads. */
function configMapData(table: PartitionEntry[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const entry of table) {
    // The index is not zero-padded: it is the downward-API value, so Kubernetes can build
    // PARTITION_FILE by `$(PARTITION_INDEX)` expansion without a shell.
    data[`partition-${entry.index}.json`] = JSON.stringify(entry);
  }
  return data;
}

/**
 * The table ConfigMap must be applicable the way the app is applied. Client-side apply stores
 * the whole object in an annotation, so it is measured as rule too-large-for-client-side-apply
 * measures it, against the API server's 256 KiB annotation limit; server-side, its data is
 * measured as Kubernetes ValidateConfigMap does, against 1 MiB.
 */
function checkTableApplies(scope: Construct, configMap: ApiObject, partitionCount: number, serverSideApply: boolean, prefix: string): void {
  const doc = configMap.toJson();
  const dataBytes = Object.entries(doc.data as Record<string, string>)
    .reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  const clientSideBytes = annotationBytes(doc.metadata?.annotations, LAST_APPLIED) + LAST_APPLIED.length + lastAppliedBytes(doc);
  const limits = `the limit is ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) with client-side apply, which copies the object into ` +
    `annotation ${LAST_APPLIED} (kubectl apply without --server-side, Argo CD by default; rule too-large-for-client-side-apply), ` +
    `and ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB) of data with serverSideApply: true (Kubernetes ValidateConfigMap)`;
  const smaller = 'use fewer, larger partitions or keep only a reference (e.g. an object-store prefix) in the parameters';
  if (!serverSideApply && clientSideBytes > ANNOTATIONS_MAX_BYTES) {
    throw invalid(scope, 'partitions', `${partitionCount} partitions, ${clientSideBytes} bytes of annotations under client-side apply`,
      `${limits}; ${smaller}, or set serverSideApply: true if the app is applied server-side`);
  }
  if (serverSideApply && dataBytes > CONFIG_MAP_MAX_BYTES) {
    throw invalid(scope, 'partitions', `${partitionCount} partitions, ${dataBytes} bytes of ConfigMap data`, `${limits}; ${smaller}`);
  }
  if (serverSideApply && clientSideBytes > ANNOTATIONS_MAX_BYTES) {
    // The audit would warn that client-side apply fails; the app declared it does not apply that way.
    configMap.metadata.addAnnotation(`${prefix}/suppress.too-large-for-client-side-apply`, SERVER_SIDE_APPLY_REASON);
  }
}

function partitionEnv(completions: number, qpsPerPod: number): k8s.EnvVar[] {
  return [
    explainItem({ name: 'PARTITION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } },
      'the index of this pod, from its completion-index annotation'),
    // `$(PARTITION_INDEX)` is expanded by the kubelet from the variable defined just above.
    explainItem({ name: 'PARTITION_FILE', value: `${PARTITION_TABLE_DIR}/partition-$(PARTITION_INDEX).json` },
      'this index\'s own entry of the table (the kubelet expands $(PARTITION_INDEX))'),
    explainItem({ name: 'PARTITION_TABLE_DIR', value: PARTITION_TABLE_DIR }, 'where the whole table is mounted'),
    explainItem({ name: 'PARTITION_COUNT', value: String(completions) }, 'the number of partitions'),
    explainItem({ name: 'MAX_QPS_PER_POD', value: formatRate(qpsPerPod) }, 'this pod\'s share of maxDownstreamQps; the container throttles to it'),
  ];
}

/** The parallelism, the per-pod rate, and the arithmetic as the annotation shows it. */
function parallelismBudget(
  scope: Construct,
  props: IndexedBackfillProps,
  completions: number,
): { parallelism: number; qpsPerPod: number; text: string } {
  const maxQps = props.maxDownstreamQps;
  const qpsPerPod = props.qpsPerPod;
  if (qpsPerPod !== undefined && (typeof qpsPerPod !== 'number' || !Number.isFinite(qpsPerPod) || qpsPerPod <= 0)) {
    throw invalid(scope, 'qpsPerPod', qpsPerPod, 'must be a positive number of requests per second');
  }
  if (props.parallelism !== undefined) {
    const parallelism = wholeNumber(scope, 'parallelism', props.parallelism, 1, completions,
      `between 1 and the number of partitions (${completions}): more pods than partitions would idle`);
    if (qpsPerPod === undefined) {
      const share = maxQps / parallelism;
      return { parallelism, qpsPerPod: share, text: `${parallelism} pods given; ${formatRate(maxQps)} qps / ${parallelism} pods = ${formatRate(share)} qps per pod` };
    }
    if (parallelism * qpsPerPod > maxQps) {
      throw invalid(scope, 'parallelism', parallelism,
        `${parallelism} pods x ${formatRate(qpsPerPod)} qps per pod = ${formatRate(parallelism * qpsPerPod)} qps exceeds maxDownstreamQps ` +
        `${formatRate(maxQps)}: use at most ${Math.floor(maxQps / qpsPerPod)} pods`);
    }
    return { parallelism, qpsPerPod, text: `${parallelism} pods given x ${formatRate(qpsPerPod)} qps per pod = ${formatRate(parallelism * qpsPerPod)} of ${formatRate(maxQps)} qps` };
  }
  if (qpsPerPod === undefined) {
    throw invalid(scope, 'parallelism', undefined,
      'give parallelism, or qpsPerPod so parallelism is derived from maxDownstreamQps (can downstream systems handle concurrent load?)');
  }
  const fits = Math.floor(maxQps / qpsPerPod);
  if (fits < 1) {
    throw invalid(scope, 'qpsPerPod', qpsPerPod,
      `one pod at ${formatRate(qpsPerPod)} qps already exceeds maxDownstreamQps ${formatRate(maxQps)}: make each pod throttle to at most ${formatRate(maxQps)} qps`);
  }
  const parallelism = Math.min(fits, completions);
  const capped = fits > completions ? `, capped at ${completions} partitions` : '';
  return { parallelism, qpsPerPod, text: `${formatRate(maxQps)} qps / ${formatRate(qpsPerPod)} qps per pod = ${fits}${capped}` };
}

/** Enough for every index to use all its attempts at this parallelism; longer means stuck. */
function defaultDeadline(
  scope: Construct,
  props: IndexedBackfillProps,
  completions: number,
  parallelism: number,
  backoffLimitPerIndex: number,
): { seconds: number; text: string } {
  const perPartition = wholeSeconds(scope, 'maxPartitionDuration', props.maxPartitionDuration ?? DEFAULT_MAX_PARTITION_DURATION, 1, INT32_MAX,
    'a positive whole number of seconds');
  const waves = Math.ceil(completions / parallelism);
  const attempts = backoffLimitPerIndex + 1;
  const seconds = waves * attempts * perPartition;
  const arithmetic = `${waves} waves x ${attempts} attempts x ${perPartition}s = ${seconds}s`;
  if (props.activeDeadline === undefined && seconds > INT32_MAX) {
    throw invalid(scope, 'activeDeadline', undefined,
      `derived as ${arithmetic}, which is above ${INT32_MAX} seconds, the largest activeDeadlineSeconds Kubernetes stores (int32): ` +
      'set activeDeadline, or lower maxPartitionDuration or backoffLimitPerIndex');
  }
  return { seconds: Math.min(INT32_MAX, seconds), text: arithmetic };
}

/** Rates as short decimals: `5`, `2.5`, `0.333`. */
function formatRate(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
