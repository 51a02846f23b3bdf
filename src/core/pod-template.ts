import { Duration, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { compareCodePoints, keysInCodePointOrder } from './code-point-order';
import { credentialInName, credentialInValue, redactCredentials } from './credentials';
import { carryReasons, explain, explainFields, explainItem, unlessSet } from './decisions';
import { INT32_MAX, wholeSeconds } from './durations';
import { requireFeatureForProp } from './kubernetes-version';
import {
  checkLabelValue, CONFIG_MAP_KEY_RULE, ENV_VAR_NAME_RULE, isConfigMapKey, isDns1123Label, isDns1123Subdomain, isEnvVarName, isLabelKey,
} from './names';
import { unitOfWorkEnv, UNIT_OF_WORK_ENV } from './unit-of-work';

/**
 * Compute resources of the main container. Requests are required: the scheduler places batch
 * pods by their requests, and a pod without them can starve services.
 */
export interface ResourceProps {
  /** CPU request, e.g. `Cpu.millis(500)`. */
  readonly cpu: Cpu;

  /** Memory request, e.g. `Size.mebibytes(512)`. */
  readonly memory: Size;

  /**
   * Memory limit. Batch memory often grows with input size; a limit turns a runaway attempt
   * into a visible OOMKilled failure instead of node pressure that evicts neighbours.
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
 * How the kubelet knows a sidecar is ready: it starts the main container only after this probe
 * of the sidecar has succeeded (a native sidecar's startup probe gates the containers after it),
 * so the main container does not race a proxy that is not listening yet.
 */
export interface SidecarStartupProbe {
  /** Port the sidecar listens on for the probe, 1 to 65535. */
  readonly port: number;
  /**
   * HTTP path to GET (e.g. `/startup` of the Cloud SQL Auth Proxy with `--health-check`); the
   * probe succeeds on a 2xx or 3xx answer. Without it the probe is a TCP connect to `port`.
   * @default - a TCP connect
   */
  readonly httpPath?: string;
  /**
   * How long the sidecar may take to start before the kubelet restarts it (checked every second).
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
}

/**
 * A container that runs beside the main container for the whole run (a database or mesh proxy),
 * emitted as a native sidecar: an init container with `restartPolicy: Always`. The same defaults
 * as the main container apply.
 */
export interface SidecarContainerProps {
  /** Container name: a DNS-1123 label, unique among the pod's containers. */
  readonly name: string;

  /** Container image, pinned by a tag other than `latest` or by a digest (`@sha256:...`). */
  readonly image: string;

  /** Compute resources; cpu and memory requests are required, as for the main container. */
  readonly resources: ResourceProps;

  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments.
   * @default - none
   */
  readonly args?: string[];

  /**
   * Plain environment variables; credentials are refused as for the main container.
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * Environment variables read from Secrets by reference.
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];

  /**
   * Size of the sidecar's own writable scratch directory at `/tmp` (the root filesystem is
   * read-only).
   * @default Size.mebibytes(64)
   */
  readonly scratchSpace?: Size;

  /**
   * Hold the main container back until the sidecar is ready.
   * @default - none: the main container starts once the sidecar has started
   */
  readonly startupProbe?: SidecarStartupProbe;
}

/**
 * Where batch pods run (a dedicated batch node pool keeps heavy batch from
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
  /** Finite workloads only: native sidecars (init containers with `restartPolicy: Always`). */
  readonly sidecars?: SidecarContainerProps[];
}

export const DEFAULT_NODE_POOL_KEY = 'workload-tier';
export const DEFAULT_NODE_POOL_VALUE = 'batch';
const DEFAULT_SCRATCH = Size.gibibytes(1);
const DEFAULT_SIDECAR_SCRATCH = Size.mebibytes(64);
const DEFAULT_SIDECAR_STARTUP_TIMEOUT = Duration.seconds(60);

/**
 * The container settings every container of a batch pod gets, main container and sidecars
 * alike: pull policy and the restricted Pod Security context.
 */
const PULL_POLICY = 'IfNotPresent';
const CONTAINER_SECURITY_CONTEXT: k8s.SecurityContext = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

const PULL_POLICY_REASON = 'the image is pinned (tag or digest), so a cached copy is the same code (rule image-pinned)';
const CONTAINER_SECURITY_REASON = 'restricted Pod Security: non-root, no privilege escalation, read-only root filesystem, all capabilities ' +
  'dropped (rule pod-security-restricted)';

const DIGEST = /@sha256:[a-f0-9]{64}$/;

/**
 * Builds the pod template: restricted Pod Security, pinned image, required requests, memory
 * limit, env by reference, unit-of-work id, batch pool placement, dedicated service account.
 * @internal
 */
export function buildPodTemplate(scope: IConstruct, options: PodTemplateOptions): k8s.PodTemplateSpec {
  const container = options.container;
  const name = container.name ?? options.defaultContainerName;
  checkContainerName(scope, 'container.name', name);
  checkImage(scope, container.image);
  const sidecars = buildSidecars(scope, options.sidecars ?? [], name);
  const placement = nodePlacement(scope, options.nodePool, options.extraNodeSelector);
  const unitOfWork = explainItem(unitOfWorkEnv(options.unitOfWorkFieldPath), options.unitOfWorkFieldPath === undefined
    ? 'the Job\'s name (for a CronJob, it ends in the scheduled minute), so every log line and write names its run (rule unit-of-work-env)'
    : `the pod's ${options.unitOfWorkFieldPath}, so every log line names the consumer that handled the message (rule unit-of-work-env)`);
  const mainContainer: k8s.Container = explainFields({
    name,
    image: container.image,
    imagePullPolicy: PULL_POLICY,
    command: container.command,
    args: nonEmpty([...(container.args ?? []), ...(options.constructArgs ?? [])]),
    env: [unitOfWork, ...buildEnv(scope, 'container', container, options.constructEnv ?? [], [UNIT_OF_WORK_ENV])],
    resources: buildResources(scope, 'container.resources', container.resources),
    lifecycle: options.lifecycle,
    livenessProbe: options.livenessProbe,
    readinessProbe: options.readinessProbe,
    securityContext: CONTAINER_SECURITY_CONTEXT,
    volumeMounts: [
      explainItem({ name: 'tmp', mountPath: '/tmp' }, 'the writable scratch directory: the root filesystem is read-only'),
      ...(options.extraVolumeMounts ?? []),
    ],
  }, {
    name: unlessSet(container.name, 'the construct\'s name for its main container'),
    imagePullPolicy: PULL_POLICY_REASON,
    args: options.constructArgs === undefined ? undefined : options.constructArgsReason,
    securityContext: CONTAINER_SECURITY_REASON,
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
    initContainers: nonEmpty(sidecars.map((s) => s.container)),
    containers: [mainContainer],
    volumes: [explainItem({
      name: 'tmp',
      emptyDir: explain({ sizeLimit: k8s.Quantity.fromString(memoryQuantity(scope, 'container.scratchSpace', container.scratchSpace ?? DEFAULT_SCRATCH)) },
        'sizeLimit', unlessSet(container.scratchSpace, 'scratch space is capped at 1Gi: a runaway write evicts this pod, not its neighbours')),
    }, 'an emptyDir for /tmp, the only writable directory'), ...sidecars.map((s) => s.volume), ...(options.extraVolumes ?? [])],
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

function checkContainerName(scope: IConstruct, prop: string, name: string): void {
  if (!isDns1123Label(name)) {
    throw invalid(scope, prop, name, 'a container name must be a DNS-1123 label (at most 63 characters)');
  }
}

/** A sidecar as an init container, and its scratch volume. */
interface BuiltSidecar {
  readonly container: k8s.Container;
  readonly volume: k8s.Volume;
}

/**
 * The sidecars as native sidecars (init containers with `restartPolicy: Always`, which the
 * kubelet starts in order before the main container and stops after it has exited), with the
 * same checks and defaults as the main container. Names are unique across the pod's containers
 * (Kubernetes validateInitContainers: init and regular containers share one name space).
 */
function buildSidecars(scope: IConstruct, sidecars: SidecarContainerProps[], mainName: string): BuiltSidecar[] {
  if (sidecars.length > 0) {
    requireFeatureForProp(scope, 'sidecars', sidecars.map((s) => s.name).join(', '), 'nativeSidecars');
  }
  const taken = new Map<string, string>([[mainName, 'the main container']]);
  return sidecars.map((sidecar, i) => {
    const prop = `sidecars[${i}]`;
    checkContainerName(scope, `${prop}.name`, sidecar.name);
    const earlier = taken.get(sidecar.name);
    if (earlier !== undefined) {
      throw invalid(scope, `${prop}.name`, sidecar.name,
        `container names must be unique in the pod (init containers and containers together, Kubernetes validateInitContainers); ${earlier} has it`);
    }
    taken.set(sidecar.name, prop);
    checkImage(scope, sidecar.image, `${prop}.image`);
    const volumeName = `sidecar-${i}-tmp`;
    return {
      container: explainFields({
        name: sidecar.name,
        image: sidecar.image,
        imagePullPolicy: PULL_POLICY,
        restartPolicy: 'Always',
        command: sidecar.command,
        args: nonEmpty([...(sidecar.args ?? [])]),
        env: nonEmpty(buildEnv(scope, prop, sidecar, [])),
        resources: buildResources(scope, `${prop}.resources`, sidecar.resources),
        startupProbe: sidecar.startupProbe === undefined ? undefined : startupProbe(scope, `${prop}.startupProbe`, sidecar.startupProbe),
        securityContext: CONTAINER_SECURITY_CONTEXT,
        volumeMounts: [explainItem({ name: volumeName, mountPath: '/tmp' }, 'the sidecar\'s own writable scratch directory: its root filesystem is read-only')],
      }, {
        imagePullPolicy: PULL_POLICY_REASON,
        restartPolicy: 'a native sidecar: started before the main container and stopped after it exits, so the Job can complete (rule job-sidecar-never-exits)',
        securityContext: CONTAINER_SECURITY_REASON,
      }),
      volume: explainItem({
        name: volumeName,
        emptyDir: explain({
          sizeLimit: k8s.Quantity.fromString(memoryQuantity(scope, `${prop}.scratchSpace`, sidecar.scratchSpace ?? DEFAULT_SIDECAR_SCRATCH)),
        }, 'sizeLimit', unlessSet(sidecar.scratchSpace, 'a sidecar\'s scratch space is capped at 64Mi: a runaway write evicts this pod, not its neighbours')),
      }, `an emptyDir for the sidecar ${sidecar.name}'s /tmp`),
    };
  });
}

/** A startup probe that checks every second until the timeout, then lets the kubelet restart the sidecar. */
function startupProbe(scope: IConstruct, prop: string, probe: SidecarStartupProbe): k8s.Probe {
  const port = probe.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(scope, `${prop}.port`, port, 'a port number from 1 to 65535 (Kubernetes validatePortNumOrName)');
  }
  if (probe.httpPath !== undefined && !probe.httpPath.startsWith('/')) {
    throw invalid(scope, `${prop}.httpPath`, probe.httpPath, 'an absolute HTTP path starting with \'/\', e.g. "/startup"');
  }
  const timeout = probe.timeout ?? DEFAULT_SIDECAR_STARTUP_TIMEOUT;
  const seconds = wholeSeconds(scope, `${prop}.timeout`, timeout, 1, INT32_MAX, 'checked once a second, so a whole number of seconds');
  return explainFields({
    ...(probe.httpPath === undefined
      ? { tcpSocket: { port: k8s.IntOrString.fromNumber(port) } }
      : { httpGet: { path: probe.httpPath, port: k8s.IntOrString.fromNumber(port) } }),
    periodSeconds: 1,
    failureThreshold: seconds,
  }, {
    periodSeconds: 'checked once a second, so the main container starts as soon as the sidecar is ready',
    failureThreshold: `${unlessSet(probe.timeout, 'a 60 s default')}: ${seconds} checks a second apart before the kubelet restarts the sidecar`,
  });
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
export function checkImage(scope: IConstruct | string, image: string, prop = 'container.image'): void {
  const allowed = 'pin the image with a tag other than "latest" (e.g. "registry.example.com/team/app:1.4.2") ' +
    'or a digest ("...@sha256:<64 hex>"), so every retry runs the same code';
  if (typeof image !== 'string' || image.length === 0 || /\s/.test(image)) {
    throw invalid(scope, prop, image, allowed);
  }
  if (image.includes('@')) {
    if (!DIGEST.test(image)) {
      throw invalid(scope, prop, image, allowed);
    }
    return;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : '';
  if (tag === '' || tag === 'latest' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw invalid(scope, prop, image, allowed);
  }
}

/**
 * The env of a container: the construct's own variables, then plain env sorted by name, then
 * Secret references sorted by name. `prefix` is the prop holding the container (`container`,
 * `sidecars[0]`). The main container's UNIT_OF_WORK_ID comes first and is added by the caller,
 * which names it among `constructEnv`'s reserved names; a sidecar gets neither.
 */
function buildEnv(
  scope: IConstruct,
  prefix: string,
  container: Pick<BatchContainerProps, 'env' | 'secretEnv'>,
  constructEnv: k8s.EnvVar[],
  reservedNames: string[] = [],
): k8s.EnvVar[] {
  const reserved = new Set([...reservedNames, ...constructEnv.map((e) => e.name)]);
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
    checkName(`${prefix}.env`, envName);
    const value = container.env![envName];
    refuseCredential(scope, `${prefix}.env`, envName, value);
    return { name: envName, value };
  });
  const secrets: k8s.EnvVar[] = [...(container.secretEnv ?? [])]
    .map((ref, index) => checkSecretEnvVar(scope, `${prefix}.secretEnv[${index}]`, ref))
    .sort((a, b) => compareCodePoints(a.name, b.name))
    .map((ref) => {
      checkName(`${prefix}.secretEnv`, ref.name);
      return { name: ref.name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } };
    });
  return [...constructEnv, ...plain, ...secrets];
}

/** Plain env may not carry a credential, by name (DB_PASSWORD) or by value (a URL with a password). */
function refuseCredential(scope: IConstruct, prop: string, envName: string, value: unknown): void {
  const useSecretEnv = `pass it with ${prop.replace(/\.env$/, '')}.secretEnv (a Secret reference), never as a literal value`;
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

function buildResources(scope: IConstruct, prop: string, resources: ResourceProps | undefined): k8s.ResourceRequirements {
  if (!resources || !resources.cpu || !resources.memory) {
    throw invalid(scope, prop, resources,
      'cpu and memory requests are required (e.g. { cpu: Cpu.millis(500), memory: Size.mebibytes(512) }); ' +
      'there is no silent default');
  }
  const cpu = cpuQuantity(scope, `${prop}.cpu`, resources.cpu);
  const memory = memoryQuantity(scope, `${prop}.memory`, resources.memory);
  const memoryLimitSize = resources.memoryLimit ?? resources.memory;
  const memoryLimit = memoryQuantity(scope, `${prop}.memoryLimit`, memoryLimitSize);
  if (memoryLimitSize.toKibibytes() < resources.memory.toKibibytes()) {
    throw invalid(scope, `${prop}.memoryLimit`, memoryLimit,
      `must be at least the memory request (${memory}); Kubernetes rejects a limit below the request`);
  }
  const limits: Record<string, k8s.Quantity> = explain({ memory: k8s.Quantity.fromString(memoryLimit) }, 'memory',
    unlessSet(resources.memoryLimit, 'the limit equals the request: a runaway attempt is OOMKilled, visibly, instead of pressing ' +
      'the node until neighbours are evicted (rule memory-limit)'));
  if (resources.cpuLimit) {
    const cpuLimit = cpuQuantity(scope, `${prop}.cpuLimit`, resources.cpuLimit);
    if (milliCores(resources.cpuLimit) < milliCores(resources.cpu)) {
      throw invalid(scope, `${prop}.cpuLimit`, cpuLimit,
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
