/**
 * Public shapes of the audit: severities, findings, suppressions and options.
 *
 * These are jsii structs and enums (exported from the package), kept to strings, numbers and
 * booleans so every target language can read a finding.
 */

import { GitOpsTool } from './gitops';

/**
 * How much a finding matters.
 */
export enum RuleSeverity {
  /** Fails `cdk8s-batch audit` (exit 1) and synth of our constructs. */
  ERROR = 'error',
  /** Shown and counted; fails only with `--strict`. */
  WARNING = 'warning',
}

/**
 * One rule that one manifest object does not pass.
 */
export interface Finding {
  /** The rule id, e.g. `cronjob-timezone` (docs/rules/README.md lists them; ids follow semver). */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: RuleSeverity;
  /** `kind` of the object. */
  readonly kind: string;
  /**
   * `metadata.namespace` of the object.
   * @default - the object sets no namespace
   */
  readonly namespace?: string;
  /**
   * `metadata.name` of the object; for an object named from `generateName`, that prefix and
   * `*` (`migrate-*`); `(unnamed)` when neither is set.
   */
  readonly name: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /**
   * Every individual problem behind the message, worst first, when the rule found a list of them.
   *
   * `pod-security-restricted` lists each violation here, while its message shows only the first few.
   * @default - the message says everything
   */
  readonly details?: string[];
  /**
   * The rule's reference page for this release (what it checks, why, examples, how to suppress):
   * `<repository>/blob/v<version>/docs/rules/<rule-id>.md`; the package ships the same page under `docs/rules/`.
   */
  readonly docs: string;
  /** True when a suppression with a valid reason covers this finding. */
  readonly suppressed: boolean;
  /**
   * Why the finding is suppressed.
   * @default - not suppressed
   */
  readonly suppressionReason?: string;
  /**
   * File the object was read from (CLI only).
   * @default - the object was passed in memory
   */
  readonly file?: string;
  /**
   * 0-based index of the YAML document in its file (CLI only).
   * @default - the object was passed in memory
   */
  readonly document?: number;
  /**
   * 1-based line where the object's YAML document starts (CLI only).
   * @default - the object was passed in memory
   */
  readonly line?: number;
}

/**
 * A decision, made in code, that a rule does not apply to some objects, with the reason.
 */
export interface Suppression {
  /** The rule id to suppress. */
  readonly ruleId: string;
  /** Why the rule does not apply; at least 10 characters. */
  readonly reason: string;
  /**
   * Only objects of this kind.
   * @default - any kind
   */
  readonly kind?: string;
  /**
   * Only objects with this name.
   * @default - any name
   */
  readonly name?: string;
  /**
   * Only objects in this namespace.
   * @default - any namespace
   */
  readonly namespace?: string;
}

/**
 * Which objects the rules judge.
 */
export enum AuditScope {
  /**
   * Batch workloads only: Jobs, CronJobs, KEDA ScaledJobs, and Deployments that are queue
   * workers. Other objects that run pods are counted and listed as outside batch scope.
   */
  BATCH = 'batch',
  /**
   * Batch workloads, plus the pod-level rules (`pod-security-restricted`, `image-pinned`,
   * `resource-requests`, `memory-limit`, `dedicated-service-account`) on every other object
   * that runs pods (Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers,
   * Pods).
   */
  ALL = 'all',
}

/**
 * How to run the audit.
 */
export interface AuditOptions {
  /**
   * Prefix of the labels and annotations the rules read (`<prefix>/owner`, ...).
   * @default 'platform.example.com'
   */
  readonly annotationPrefix?: string;
  /**
   * Suppressions decided in code (constructs pass theirs here).
   * @default - none
   */
  readonly suppressions?: Suppression[];
  /**
   * The instant schedule rules start from (next runs, daylight-saving transitions).
   * @default - the current time
   */
  readonly now?: Date;
  /**
   * Node label / toleration key that marks the batch node pool.
   * @default 'workload-tier'
   */
  readonly batchPoolKey?: string;
  /**
   * Value of `batchPoolKey` that marks the batch node pool.
   * @default 'batch'
   */
  readonly batchPoolValue?: string;
  /**
   * Run only these rule ids.
   * @default - all rules
   */
  readonly rules?: string[];
  /**
   * Do not run these rule ids.
   * @default - none skipped
   */
  readonly skipRules?: string[];
  /**
   * Which objects the rules judge.
   * @default AuditScope.BATCH
   */
  readonly scope?: AuditScope;
  /**
   * The GitOps tool that applies the audited manifests (rule `gitops-finished-job-rerun`).
   * @default - the tool whose object is in the set (an Argo CD `Application` or a Flux
   * `Kustomization`), else none
   */
  readonly gitOps?: GitOpsTool;
  /**
   * The Kubernetes version the manifests target, "1.N" (e.g. "1.30"). Rule
   * `field-needs-newer-kubernetes` reports fields that version does not honour (newer Job
   * fields, native sidecars, the sleep lifecycle action, ...).
   * @default - no target: the audit cannot know the cluster, so that rule stays silent
   */
  readonly kubernetesVersion?: string;
}

/**
 * What one rule checks.
 */
export interface RuleInfo {
  /** The rule id. */
  readonly id: string;
  /** Its severity. */
  readonly severity: RuleSeverity;
  /** Its reference page, as in `Finding.docs`. */
  readonly docs: string;
  /**
   * Kubernetes documentation the rule rests on.
   * @default - none cited
   */
  readonly references?: string[];
  /** What the rule applies to. */
  readonly appliesTo: string;
  /** When an object passes, in one sentence. */
  readonly passesWhen: string;
}
