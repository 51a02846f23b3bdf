import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { compareCodePoints, keysInCodePointOrder } from './code-point-order';
import { credentialInName, credentialInValue, redactCredentials } from './credentials';
import { carryReasons, explain, explainFields, explainItem, unlessSet } from './decisions';
import {
  checkLabelValue, CONFIG_MAP_KEY_RULE, ENV_VAR_NAME_RULE, isConfigMapKey, isDns1123Label, isDns1123Subdomain, isEnvVarName, isLabelKey,
} from './names';
import { unitOfWorkEnv, UNIT_OF_WORK_ENV } from './unit-of-work';

/**
 * Compute resources of the main container. Requests are required: the scheduler places batch
 * pods by their requests, and a pod without them can starve services (lesson 25.7).
 */
export interface ResourceProps {
  /** CPU request, e.g. `Cpu.millis(500)`. */
  readonly cpu: Cpu;

  /** Memory request, e.g. `Size.mebibytes(512)`. */
  readonly memory: Size;

  /**
   * Memory limit. Batch memory often grows with input size; a limit turns a runaway attempt
   * into a visible OOMKilled failure instead of node pressure that evicts neighbours (lesson 18).
   * @default - equal to the memory request
   */
  readonly memoryLimit?: Size;

  /**
   * CPU limit. Usually left unset: a CPU limit throttles a batch pod even on an idle node.
   * @default - no CPU limit
   */
  readonly cpuLimit?: Cpu;
}

/**
 * An environment variable read from a Secret by reference. Secret values never appear in the
 * manifest.
 */
export interface SecretEnvVar {
  /**
   * Name of the environment variable: letters, digits, '_', '-' and '.', not starting with a
   * digit (Kubernetes' rule before 1.32, which every version accepts).
   */
  readonly name: string;
  /** Name of the Secret in the workload's namespace (a DNS-1123 subdomain). */
  readonly secretName: string;
  /** Key inside the Secret: `[-._a-zA-Z0-9]+`, not `.`, `..` or `..`-prefixed (IsConfigMapKey). */
  readonly key: string;
}

/**
 * The main container of a batch workload.
 */
export interface BatchContainerProps {
  /**
   * Container image, pinned by a tag other than `latest` or by a digest (`@sha256:...`), so a
   * retry runs the same code as the first attempt.
   */
  readonly image: string;

  /** Compute resources; cpu and memory requests are required. */
  readonly resources: ResourceProps;

  /**
   * Container name.
   * @default - construct-specific (e.g. "reconcile", "migrate")
   */
  readonly name?: string;

  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments.
   * @default - none (constructs may add their own, e.g. `--target-version`)
   */
  readonly args?: string[];

  /**
   * Plain environment variables. Names that look like credentials (PASSWORD, PASS, PWD, SECRET,
   * TOKEN, API_KEY, ACCESS_KEY, AUTH, COOKIE, ...) and values that hold one (a URL with
   * `user:password@`, a `password=` parameter, a private key) are refused here: pass them with
   * `secretEnv`.
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * Environment variables read from Secrets by reference.
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];

  /**
   * Size of the writable scratch directory mounted at `/tmp` (the root filesystem is read-only).
   * @default Size.gibibytes(1)
   */
  readonly scratchSpace?: Size;
}

/**
 * Where batch pods run (lesson section 18: a dedicated batch node pool keeps heavy batch from
 * starving customer-facing services).
 */
export interface NodePoolProps {
  /**
   * Run on the batch pool at all. Set false only for clusters without a separate pool.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Node label key that marks the pool; the same key is tolerated as a taint. Control-plane
   * role labels (`node-role.kubernetes.io/control-plane`, `.../master`) are refused.
   * @default "workload-tier"
   */
  readonly labelKey?: string;
  /**
   * Node label value of the pool.
   * @default "batch"
   */
  readonly labelValue?: string;
}

/** The secure pod settings every construct shares, plus what each construct adds. @internal */
export interface PodTemplateOptions {
  readonly container: BatchContainerProps;
  readonly defaultContainerName: string;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly serviceAccountName: string;
  /** Why the account is this one (see PreparedWorkload). */
  readonly serviceAccountNameReason?: string;
  /** Mount the service account token: only when a Role is bound to the account. */
  readonly mountServiceAccountToken: boolean;
  readonly nodePool?: NodePoolProps;
  /** Env the construct itself sets (e.g. DRY_RUN); users may not override these names. */
  readonly constructEnv?: k8s.EnvVar[];
  /** Args the construct itself appends (e.g. `--target-version=...`). */
  readonly constructArgs?: string[];
  /** Why the construct appends `constructArgs` (the comment on `args`). */
  readonly constructArgsReason?: string;
  /** Restart policy: `Never` for Jobs (attempt history, required by podFailurePolicy). */
  readonly restartPolicy: string;
  /** Additional node selector terms (e.g. the trusted pool). */
  readonly extraNodeSelector?: Record<string, string>;
  /** Volumes the construct adds beside `/tmp` (e.g. IndexedBackfill's partition table ConfigMap). */
  readonly extraVolumes?: k8s.Volume[];
  /** Mounts of `extraVolumes` in the main container; mount them read-only unless the pod must write. */
  readonly extraVolumeMounts?: k8s.VolumeMount[];
  /**
   * Downward-API field the UNIT_OF_WORK_ID env reads. Defaults to the Job controller's job-name
   * label; a Deployment (queue worker) has no such label and uses `metadata.name` (the pod).
   */
  readonly unitOfWorkFieldPath?: string;
  /** Long-running workloads only: how long the kubelet waits between SIGTERM and SIGKILL. */
  readonly terminationGracePeriodSeconds?: number;
  /** Long-running workloads only: container lifecycle hooks (a preStop drain). */
  readonly lifecycle?: k8s.Lifecycle;
  /** Long-running workloads only: liveness probe of the main container. */
  readonly livenessProbe?: k8s.Probe;
  /** Long-running workloads only: readiness probe of the main container. */
  readonly readinessProbe?: k8s.Probe;
}

export const DEFAULT_NODE_POOL_KEY = 'workload-tier';
export const DEFAULT_NODE_POOL_VALUE = 'batch';
const DEFAULT_SCRATCH = Size.gibibytes(1);

const DIGEST = /@sha256:[a-f0-9]{64}$/;

/**
 * Builds the pod template: restricted Pod Security, pinned image, required requests, memory
 * limit, env by reference, unit-of-work id, batch pool placement, dedicated service account.
 * @internal
 */
export function buildPodTemplate(scope: IConstruct, options: PodTemplateOptions): k8s.PodTemplateSpec {
  const container = options.container;
  const name = container.name ?? options.defaultContainerName;
  if (!isDns1123Label(name)) {
    throw invalid(scope, 'container.name', name, 'a container name must be a DNS-1123 label (at most 63 characters)');
  }
  checkImage(scope, container.image);
  const placement = nodePlacement(scope, options.nodePool, options.extraNodeSelector);
  const mainContainer: k8s.Container = explainFields({
    name,
    image: container.image,
    imagePullPolicy: 'IfNotPresent',
    command: container.command,
    args: nonEmpty([...(container.args ?? []), ...(options.constructArgs ?? [])]),
    env: buildEnv(scope, container, options.constructEnv ?? [], options.unitOfWorkFieldPath),
    resources: buildResources(scope, container.resources),
    lifecycle: options.lifecycle,
    livenessProbe: options.livenessProbe,
    readinessProbe: options.readinessProbe,
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [
      explainItem({ name: 'tmp', mountPath: '/tmp' }, 'the writable scratch directory: the root filesystem is read-only'),
      ...(options.extraVolumeMounts ?? []),
    ],
  }, {
    name: unlessSet(container.name, 'the construct\'s name for its main container'),
    imagePullPolicy: 'the image is pinned (tag or digest), so a cached copy is the same code (rule image-pinned)',
    args: options.constructArgs === undefined ? undefined : options.constructArgsReason,
    securityContext: 'restricted Pod Security: non-root, no privilege escalation, read-only root filesystem, all capabilities ' +
      'dropped (rule pod-security-restricted)',
  });
  const spec: k8s.PodSpec = explainFields({
    restartPolicy: options.restartPolicy,
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds,
    serviceAccountName: options.serviceAccountName,
    automountServiceAccountToken: options.mountServiceAccountToken,
    // Service links inject an env var per Service in the namespace: noise in batch logs.
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
    containers: [mainContainer],
    volumes: [explainItem({
      name: 'tmp',
      emptyDir: explain({ sizeLimit: k8s.Quantity.fromString(memoryQuantity(scope, 'container.scratchSpace', container.scratchSpace ?? DEFAULT_SCRATCH)) },
        'sizeLimit', unlessSet(container.scratchSpace, 'scratch space is capped at 1Gi: a runaway write evicts this pod, not its neighbours')),
    }, 'an emptyDir for /tmp, the only writable directory'), ...(options.extraVolumes ?? [])],
  }, {
    restartPolicy: RESTART_POLICY_REASONS[options.restartPolicy],
    serviceAccountName: options.serviceAccountNameReason,
    automountServiceAccountToken: options.mountServiceAccountToken
      ? 'mounted: a Role is bound to this account for the objects the workload itself reads or changes'
      : 'no API token in the pod: no Role is bound to its account (rule dedicated-service-account)',
    enableServiceLinks: 'no env var per Service in the namespace: noise in batch logs and slow starts in large namespaces',
    securityContext: 'restricted Pod Security at pod level: non-root, RuntimeDefault seccomp (rule pod-security-restricted)',
    tolerations: placement.tolerations === undefined ? undefined
      : 'tolerates the batch pool\'s NoSchedule taint (same key and value as the node selector; rule batch-node-pool)',
  });
  return { metadata: { labels: options.labels, annotations: options.annotations }, spec };
}

/** Why each restart policy the constructs use is the one. */
const RESTART_POLICY_REASONS: Record<string, string> = {
  Never: 'each attempt is a new pod, so failures are counted and their logs kept; podFailurePolicy requires it (rule restart-policy)',
  Always: 'a Deployment\'s pods always restart (the only value Kubernetes accepts there)',
};

/** An empty list is left out of the manifest rather than written as `[]`. */
function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/**
 * An image is pinned when it carries a digest, or a tag other than `latest`.
 * @internal
 */
export function checkImage(scope: IConstruct | string, image: string): void {
  const allowed = 'pin the image with a tag other than "latest" (e.g. "registry.example.com/team/app:1.4.2") ' +
    'or a digest ("...@sha256:<64 hex>"), so every retry runs the same code';
  if (typeof image !== 'string' || image.length === 0 || /\s/.test(image)) {
    throw invalid(scope, 'container.image', image, allowed);
  }
  if (image.includes('@')) {
    if (!DIGEST.test(image)) {
      throw invalid(scope, 'container.image', image, allowed);
    }
    return;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : '';
  if (tag === '' || tag === 'latest' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw invalid(scope, 'container.image', image, allowed);
  }
}

function buildEnv(scope: IConstruct, container: BatchContainerProps, constructEnv: k8s.EnvVar[], unitOfWorkFieldPath?: string): k8s.EnvVar[] {
  const reserved = new Set([UNIT_OF_WORK_ENV, ...constructEnv.map((e) => e.name)]);
  const seen = new Set<string>();
  const checkName = (prop: string, envName: string) => {
    if (!isEnvVarName(envName)) {
      throw invalid(scope, prop, envName, ENV_VAR_NAME_RULE);
    }
    if (reserved.has(envName)) {
      throw invalid(scope, prop, envName, `${envName} is set by the construct; choose another name`);
    }
    if (seen.has(envName)) {
      throw invalid(scope, prop, envName, 'each environment variable may be set once (env and secretEnv together)');
    }
    seen.add(envName);
  };

  const plain: k8s.EnvVar[] = keysInCodePointOrder(container.env ?? {}).map((envName) => {
    checkName('container.env', envName);
    const value = container.env![envName];
    refuseCredential(scope, envName, value);
    return { name: envName, value };
  });
  const secrets: k8s.EnvVar[] = [...(container.secretEnv ?? [])]
    .map((ref, index) => checkSecretEnvVar(scope, `container.secretEnv[${index}]`, ref))
    .sort((a, b) => compareCodePoints(a.name, b.name))
    .map((ref) => {
      checkName('container.secretEnv', ref.name);
      return { name: ref.name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } };
    });
  const unitOfWork = explainItem(unitOfWorkEnv(unitOfWorkFieldPath), unitOfWorkFieldPath === undefined
    ? 'the Job\'s name (for a CronJob, it ends in the scheduled minute), so every log line and write names its run (rule unit-of-work-env)'
    : `the pod's ${unitOfWorkFieldPath}, so every log line names the consumer that handled the message (rule unit-of-work-env)`);
  return [unitOfWork, ...constructEnv, ...plain, ...secrets];
}

/** Plain env may not carry a credential, by name (DB_PASSWORD) or by value (a URL with a password). */
function refuseCredential(scope: IConstruct, envName: string, value: unknown): void {
  const prop = 'container.env';
  const useSecretEnv = 'pass it with container.secretEnv (a Secret reference), never as a literal value';
  const inName = credentialInName(envName);
  if (inName !== undefined) {
    throw invalid(scope, prop, envName, `looks like a credential (the name says ${inName}): ${useSecretEnv}`);
  }
  const inValue = typeof value === 'string' ? credentialInValue(value) : undefined;
  if (inValue !== undefined) {
    throw invalid(scope, `${prop}.${envName}`, redactCredentials(value as string),
      `the value holds ${inValue} (shown masked): ${useSecretEnv}`);
  }
}

/** A secretEnv entry: Secret name a DNS-1123 subdomain, key a ConfigMap/Secret key. */
function checkSecretEnvVar(scope: IConstruct, prop: string, ref: SecretEnvVar): SecretEnvVar {
  if (ref === null || typeof ref !== 'object') {
    throw invalid(scope, prop, ref, 'an object { name, secretName, key }');
  }
  if (!isEnvVarName(ref.name)) {
    throw invalid(scope, `${prop}.name`, ref.name, ENV_VAR_NAME_RULE);
  }
  if (!isDns1123Subdomain(ref.secretName)) {
    throw invalid(scope, `${prop}.secretName`, ref.secretName,
      'a Secret name in the workload\'s namespace: a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', ' +
      'starting and ending with a letter or digit, at most 253 characters)');
  }
  if (!isConfigMapKey(ref.key)) {
    throw invalid(scope, `${prop}.key`, ref.key, CONFIG_MAP_KEY_RULE);
  }
  return ref;
}

function buildResources(scope: IConstruct, resources: ResourceProps | undefined): k8s.ResourceRequirements {
  if (!resources || !resources.cpu || !resources.memory) {
    throw invalid(scope, 'container.resources', resources,
      'cpu and memory requests are required (e.g. { cpu: Cpu.millis(500), memory: Size.mebibytes(512) }); ' +
      'there is no silent default (lesson 25.7)');
  }
  const cpu = cpuQuantity(scope, 'container.resources.cpu', resources.cpu);
  const memory = memoryQuantity(scope, 'container.resources.memory', resources.memory);
  const memoryLimitSize = resources.memoryLimit ?? resources.memory;
  const memoryLimit = memoryQuantity(scope, 'container.resources.memoryLimit', memoryLimitSize);
  if (memoryLimitSize.toKibibytes() < resources.memory.toKibibytes()) {
    throw invalid(scope, 'container.resources.memoryLimit', memoryLimit,
      `must be at least the memory request (${memory}); Kubernetes rejects a limit below the request`);
  }
  const limits: Record<string, k8s.Quantity> = explain({ memory: k8s.Quantity.fromString(memoryLimit) }, 'memory',
    unlessSet(resources.memoryLimit, 'the limit equals the request: a runaway attempt is OOMKilled, visibly, instead of pressing ' +
      'the node until neighbours are evicted (rule memory-limit)'));
  if (resources.cpuLimit) {
    const cpuLimit = cpuQuantity(scope, 'container.resources.cpuLimit', resources.cpuLimit);
    if (milliCores(resources.cpuLimit) < milliCores(resources.cpu)) {
      throw invalid(scope, 'container.resources.cpuLimit', cpuLimit,
        `must be at least the cpu request (${cpu}); Kubernetes rejects a limit below the request`);
    }
    limits.cpu = k8s.Quantity.fromString(cpuLimit);
  }
  return {
    requests: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(memory) },
    limits,
  };
}

function milliCores(cpu: Cpu): number {
  return cpu.amount.endsWith('m') ? Number(cpu.amount.slice(0, -1)) : Number(cpu.amount) * 1000;
}

function cpuQuantity(scope: IConstruct, prop: string, cpu: Cpu): string {
  const millis = milliCores(cpu);
  // Safe integers only: larger numbers print in exponent form ("1e+300"), which is no quantity.
  if (!Number.isSafeInteger(millis) || millis < 1) {
    throw invalid(scope, prop, cpu.amount, `must be a whole number of millicores from 1m to ${Number.MAX_SAFE_INTEGER}m`);
  }
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/**
 * Renders a Size as the largest binary unit that represents it exactly (Gi, Mi or Ki).
 * @internal
 */
export function memoryQuantity(scope: IConstruct, prop: string, size: Size): string {
  let kib: number;
  try {
    kib = size.toKibibytes();
  } catch {
    throw invalid(scope, prop, String(size), 'must be a whole number of kibibytes');
  }
  if (!Number.isSafeInteger(kib) || kib <= 0) {
    throw invalid(scope, prop, kib, `must be a positive whole number of kibibytes, at most ${Number.MAX_SAFE_INTEGER}Ki`);
  }
  if (kib % (1024 * 1024) === 0) return `${kib / (1024 * 1024)}Gi`;
  if (kib % 1024 === 0) return `${kib / 1024}Mi`;
  return `${kib}Ki`;
}

function nodePlacement(
  scope: IConstruct,
  pool: NodePoolProps | undefined,
  extraNodeSelector: Record<string, string> | undefined,
): { nodeSelector?: Record<string, string>; tolerations?: k8s.Toleration[] } {
  const nodeSelector: Record<string, string> = { ...(extraNodeSelector ?? {}) };
  const reasons: Record<string, string> = {};
  carryReasons(extraNodeSelector ?? {}, nodeSelector);
  let tolerations: k8s.Toleration[] | undefined;
  if (pool?.enabled ?? true) {
    const key = pool?.labelKey ?? DEFAULT_NODE_POOL_KEY;
    const value = pool?.labelValue ?? DEFAULT_NODE_POOL_VALUE;
    if (!isLabelKey(key)) {
      throw invalid(scope, 'nodePool.labelKey', key, 'must be a valid Kubernetes label key ([prefix/]name)');
    }
    checkLabelValue(scope, 'nodePool.labelValue', value);
    refuseControlPlane(scope, 'nodePool.labelKey', key, value);
    nodeSelector[key] = value;
    reasons[key] = unlessSet(pool?.labelKey ?? pool?.labelValue, 'the batch node pool: heavy batch never starves customer-facing ' +
      'services (rule batch-node-pool)');
    tolerations = [{ key, operator: 'Equal', value, effect: 'NoSchedule' }];
  }
  for (const [key, value] of Object.entries(nodeSelector)) {
    refuseControlPlane(scope, 'nodeSelector', key, value);
  }
  explainFields(nodeSelector, reasons);
  return {
    nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
    tolerations,
  };
}

/**
 * Node labels that mark control-plane nodes: kubeadm's role labels (`master` before Kubernetes
 * 1.24, `control-plane` since; the same keys are the control-plane taints) and the older
 * `kubernetes.io/role` convention.
 */
const CONTROL_PLANE_ROLE_KEYS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const CONTROL_PLANE_ROLE_LABEL = 'kubernetes.io/role';
const CONTROL_PLANE_ROLE_VALUES = ['control-plane', 'master'];

/**
 * Batch pods never select (or tolerate) control-plane nodes: a runaway batch pod there starves
 * the API server and etcd, and the pod security restrictions do not make it safe to share them.
 */
function refuseControlPlane(scope: IConstruct, prop: string, key: string, value: string): void {
  if (CONTROL_PLANE_ROLE_KEYS.includes(key) || (key === CONTROL_PLANE_ROLE_LABEL && CONTROL_PLANE_ROLE_VALUES.includes(value))) {
    throw invalid(scope, prop, `${key}=${value}`,
      'batch pods must not be scheduled on control-plane nodes (node-role.kubernetes.io/control-plane, ' +
      'node-role.kubernetes.io/master, kubernetes.io/role=master): label a worker node pool and use its key');
  }
}
