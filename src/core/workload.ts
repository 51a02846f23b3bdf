import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from '../errors';
import { enforceCompliance, RuleSuppression, suppressionReasons } from './compliance';
import { explainFields, SET_BY_APP } from './decisions';
import { FailurePolicyProps } from './failure-policy';
import { JobLimitsProps } from './job-limits';
import { resolveKubernetesVersion } from './kubernetes-version';
import { checkObjectName } from './names';
import { OwnershipMetadata, ownershipMetadata, OwnershipProps, sortKeys, WorkloadClass } from './ownership';
import { BatchContainerProps, DEFAULT_NODE_POOL_KEY, DEFAULT_NODE_POOL_VALUE, NodePoolProps, SidecarContainerProps } from './pod-template';
import { suppressionAnnotations } from './reasons';
import { dedicatedServiceAccount } from './service-account';

/**
 * Props every pattern construct shares: ownership, the main container, its identity and where it
 * runs.
 */
export interface WorkloadProps extends OwnershipProps {
  /**
   * Name of the workload object. Kept exactly as given, so GitOps diffs stay readable.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of every object the construct creates.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /** The main container. */
  readonly container: BatchContainerProps;

  /**
   * Name of the workload's dedicated ServiceAccount.
   * @default - the workload name (for MigrationJob, the name without the version)
   */
  readonly serviceAccountName?: string;

  /**
   * Use an existing ServiceAccount named `serviceAccountName` instead of creating one. Its token
   * is still not mounted.
   * @default false
   */
  readonly useExistingServiceAccount?: boolean;

  /**
   * Placement on the batch node pool (nodeSelector plus toleration).
   * @default - on, with `workload-tier: batch`
   */
  readonly nodePool?: NodePoolProps;

  /**
   * Rules (docs/rules/) that do not apply to this workload, each with a reason of at least 10
   * characters. Written into the YAML as `<prefix>/suppress.<rule-id>` annotations on every
   * object the construct creates; the finding stays visible as suppressed.
   * @default - none
   */
  readonly suppressions?: RuleSuppression[];
}

/**
 * Props of finite work (Jobs, and the Jobs a CronJob creates).
 */
export interface FiniteWorkloadProps extends WorkloadProps, JobLimitsProps {
  /**
   * Which exit codes are permanent and whether disruptions count against retries.
   * @default - sysexits usage/data/config/permission codes fail fast; disruptions ignored
   */
  readonly failurePolicy?: FailurePolicyProps;

  /**
   * Containers that run beside the main container for the whole run, such as a database proxy
   * or a mesh proxy, as native sidecars: init containers with `restartPolicy: Always`, which
   * Kubernetes starts before the main container and stops once it has exited, so the Job
   * completes (a proxy among the regular containers never exits and keeps the Job running; rule
   * job-sidecar-never-exits). They get the same pod-level defaults as the main container:
   * restricted security context, required requests and memory limit, a pinned image, env by
   * reference. Names must differ from the main container's and from each other. Needs a target
   * of Kubernetes 1.29 or later (SidecarContainers, beta and on by default since 1.29).
   * @default - none
   */
  readonly sidecars?: SidecarContainerProps[];

  /**
   * The Kueue LocalQueue (in the workload's namespace) that admits the Jobs: the label
   * `kueue.x-k8s.io/queue-name` on the Job, or on a CronJob's job template. Kueue's webhook then
   * suspends each Job on create and starts it on admission, so no `suspend` is written on a Job
   * or job template. See docs/kueue.md for the fields Kueue changes on admission that a
   * GitOps tool should ignore.
   * @default - no queue: the Job starts when created
   */
  readonly queueName?: string;

  /**
   * The controller that reconciles the Jobs (`spec.managedBy`), e.g. `kueue.x-k8s.io/multikueue`.
   * A domain-prefixed path of at most 63 characters. Immutable on a Job. Needs a target of
   * Kubernetes 1.32 or later (JobManagedBy, beta and on by default since 1.32): an older API
   * server drops it, and the built-in Job controller would run the Job. Not to be confused with
   * `managedBy`, the `app.kubernetes.io/managed-by` label.
   * @default - not written: the built-in Job controller reconciles the Jobs
   */
  readonly jobManagedBy?: string;
}

/** What a construct needs after the shared validation. @internal */
export interface PreparedWorkload {
  readonly name: string;
  readonly namespace?: string;
  readonly metadata: OwnershipMetadata;
  readonly serviceAccountName: string;
  /** Why the pods run as this account (the comment on `serviceAccountName`). */
  readonly serviceAccountNameReason: string;
  readonly serviceAccount?: ApiObject;
}

/** How a construct wants its workload prepared. @internal */
export interface WorkloadShape {
  readonly workloadClass: WorkloadClass;
  /** The object name to use when the user gave none. */
  readonly defaultName: string;
  /** The `app.kubernetes.io/name` label when it differs from the object name (stable across versions). */
  readonly appName?: string;
  readonly maxNameLength: number;
  readonly nameLimitReason: string;
  /** Default ServiceAccount name (defaults to the object name). */
  readonly defaultServiceAccountName?: string;
  /** Construct-specific annotations (names without prefix). */
  readonly extraAnnotations?: Record<string, string | undefined>;
  /** Mount the token: only when the construct binds a Role to the account. */
  readonly mountServiceAccountToken?: boolean;
  /** Rules the construct itself decided do not apply (rule id -> stated reason). */
  readonly suppressions?: Record<string, string>;
  /** Construct-specific props that turn off what a rule asks for (see requireRecordedDecisions). */
  readonly decisions?: RecordedDecision[];
  /**
   * Why the construct wrote each annotation it decided (annotation name without prefix ->
   * reason), for the decision record; annotations holding only what the app gave need none.
   */
  readonly annotationReasons?: Record<string, string | undefined>;
}

/**
 * A prop value that turns off what a rule asks for: allowed only with a
 * suppression of that rule, so the construct never emits what the audit would warn about.
 * @internal
 */
export interface RecordedDecision {
  /** Whether the props make this decision. */
  readonly taken: boolean;
  readonly prop: string;
  readonly value: unknown;
  readonly ruleId: string;
  /** What the rule protects. */
  readonly why: string;
}

/**
 * Validates the shared props and creates the dedicated ServiceAccount.
 * @internal
 */
export function prepareWorkload(scope: Construct, props: WorkloadProps, shape: WorkloadShape): PreparedWorkload {
  const name = checkObjectName(scope, 'name', props.name ?? shape.defaultName, shape.maxNameLength, shape.nameLimitReason);
  if (props.namespace !== undefined) {
    checkObjectName(scope, 'namespace', props.namespace, 63, 'namespace names are DNS-1123 labels');
  }
  const ownership = ownershipMetadata(scope, props, shape.workloadClass, shape.appName ?? name, shape.extraAnnotations);
  const userReasons = suppressionReasons(scope, props.suppressions);
  requireRecordedDecisions(scope, [...sharedDecisions(props), ...(shape.decisions ?? [])], { ...shape.suppressions, ...userReasons });
  const userSuppressions = suppressionAnnotations(ownership.prefix, userReasons);
  const constructSuppressions = suppressionAnnotations(ownership.prefix, shape.suppressions ?? {});
  const metadata: OwnershipMetadata = {
    ...ownership,
    annotations: explainFields(sortKeys({
      ...ownership.annotations,
      ...constructSuppressions,
      ...userSuppressions,
    }), annotationReasons(ownership.prefix, shape, constructSuppressions, userSuppressions)),
  };
  const serviceAccountName = props.serviceAccountName ?? shape.defaultServiceAccountName ?? name;
  if (serviceAccountName === 'default') {
    throw invalid(scope, 'serviceAccountName', serviceAccountName,
      'every workload needs its own ServiceAccount, not the namespace default');
  }
  const serviceAccount = props.useExistingServiceAccount
    ? undefined
    : dedicatedServiceAccount(scope, serviceAccountName, props.namespace, metadata.labels,
      { ...companionAnnotations(metadata), ...userSuppressions }, shape.mountServiceAccountToken ?? false);
  enforceCompliance(scope, {
    prefix: metadata.prefix,
    batchPoolKey: props.nodePool?.labelKey ?? DEFAULT_NODE_POOL_KEY,
    batchPoolValue: props.nodePool?.labelValue ?? DEFAULT_NODE_POOL_VALUE,
    kubernetesVersion: resolveKubernetesVersion(scope).text,
  });
  const serviceAccountNameReason = props.serviceAccountName !== undefined ? SET_BY_APP
    : props.useExistingServiceAccount ? 'the existing account the app named'
      : 'the workload\'s own ServiceAccount, never the namespace default, so its permissions are only its own (rule dedicated-service-account)';
  return { name, namespace: props.namespace, metadata, serviceAccountName, serviceAccountNameReason, serviceAccount };
}

/** Annotations several constructs write, always by their own decision. */
const SHARED_ANNOTATION_REASONS: Record<string, string> = {
  lifetime: 'a GitOps tool would re-create this one-off Job after a TTL deleted it, so it has none: remove it from Git when done ' +
    '(rule gitops-finished-job-rerun)',
};

/** The reasons of the annotations the construct decided, by full annotation name. */
function annotationReasons(
  prefix: string,
  shape: WorkloadShape,
  constructSuppressions: Record<string, string>,
  userSuppressions: Record<string, string>,
): Record<string, string | undefined> {
  const reasons: Record<string, string | undefined> = {};
  for (const [name, reason] of Object.entries({ ...SHARED_ANNOTATION_REASONS, ...shape.annotationReasons })) {
    reasons[`${prefix}/${name}`] = reason;
  }
  for (const name of Object.keys(constructSuppressions)) {
    if (userSuppressions[name] === undefined) {
      reasons[name] = 'the construct\'s own decision that this rule does not apply here, with its reason, so the audit shows it';
    }
  }
  return reasons;
}

/** The decisions every construct's shared props can make. */
function sharedDecisions(props: WorkloadProps & Pick<FiniteWorkloadProps, 'failurePolicy'>): RecordedDecision[] {
  return [
    {
      taken: props.nodePool?.enabled === false,
      prop: 'nodePool.enabled',
      value: false,
      ruleId: 'batch-node-pool',
      why: 'off the batch node pool, heavy batch can starve customer-facing services',
    },
    {
      taken: props.failurePolicy?.ignoreDisruptions === false,
      prop: 'failurePolicy.ignoreDisruptions',
      value: false,
      ruleId: 'disruption-not-counted',
      why: 'counted disruptions (node drains, preemption) use up the retry budget',
    },
  ];
}

/**
 * Props that turn off what a rule asks for are decisions: each needs a
 * suppression with a reason, or the audit would warn on the construct's own output.
 */
function requireRecordedDecisions(scope: Construct, decisions: RecordedDecision[], reasons: Record<string, string>): void {
  for (const decision of decisions) {
    if (decision.taken && reasons[decision.ruleId] === undefined) {
      throw invalid(scope, decision.prop, decision.value,
        `${decision.why}; rule ${decision.ruleId} warns: keep the default, or record why with the suppression ` +
        `{ ruleId: '${decision.ruleId}', reason: '...' } (at least 10 characters)`);
    }
  }
}

/** Companion objects carry who owns them, not the workload's operational annotations. @internal */
export function companionAnnotations(metadata: OwnershipMetadata): Record<string, string> {
  return {
    [`${metadata.prefix}/owner`]: metadata.annotations[`${metadata.prefix}/owner`],
    [`${metadata.prefix}/runbook`]: metadata.annotations[`${metadata.prefix}/runbook`],
  };
}
