import type { ManifestIndex } from './context';
import type { AuditInput } from './engine';
import type { AuditScope, RuleSeverity } from './finding';
import type { AppliedBy } from './gitops';
import type { Obj } from './manifest';
import type { AnnotationSuppression } from './suppressions';
import type { KubernetesVersion } from '../core/kubernetes-version';

/**
 * Everything a rule may read besides the object itself: the configured conventions and the
 * indexes over the whole manifest set (built once per audit, so every rule stays O(1) per object).
 */
export interface RuleContext {
  /** Label/annotation prefix without the trailing slash, e.g. `platform.example.com`. */
  readonly prefix: string;
  /** Reference instant for schedule rules. */
  readonly now: Date;
  /** Node label / toleration key and value of the batch pool. */
  readonly batchPool: { readonly key: string; readonly value: string };
  /** Ids of every rule in the pack (also the ones this run skips). */
  readonly ruleIds: ReadonlySet<string>;
  /** Cross-object indexes. */
  readonly index: ManifestIndex;
  /** The GitOps tool that applies the set (`AuditOptions.gitOps`, or its object in the set), if any. */
  readonly appliedBy?: AppliedBy;
  /** Which objects the rules judge (`AuditOptions.scope`). */
  readonly scope: AuditScope;
  /** The Kubernetes version the manifests target (`AuditOptions.kubernetesVersion`), when given. */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * A `<prefix>/<suffix>` annotation of a workload: from metadata.annotations, or for a CronJob
   * also from spec.jobTemplate.metadata.annotations (constructs copy them there).
   */
  annotation(doc: Obj, suffix: string): string | undefined;
  /** The object's `<prefix>/suppress.<rule-id>` annotations, valid or not. */
  suppressions(doc: Obj): readonly AnnotationSuppression[];
  /** The `<prefix>/workload-class` label on the workload's metadata.labels. */
  workloadClass(doc: Obj): string | undefined;
  /**
   * Whether an object is a batch workload: a Job, CronJob or KEDA ScaledJob, or a Deployment
   * that carries a workload class or is scaled on a queue (see scope.ts).
   */
  inBatchScope(doc: Obj): boolean;
  /**
   * Every document of the set with the same API group, kind, namespace and name as this one,
   * this one included; empty when it is the only one.
   */
  definitionsOf(doc: Obj): readonly AuditInput[];
}

/** A finding's message with the full list of individual problems it summarises. */
export interface RuleResult {
  readonly message: string;
  /** Every problem, worst first (the message may show only the first few). */
  readonly details: readonly string[];
}

/**
 * One checklist item as a plain function over a manifest object.
 */
export interface Rule {
  /** Public id from CHECKLIST.md. */
  readonly id: string;
  readonly severity: RuleSeverity;
  /** Lesson section(s). */
  readonly lesson: string;
  /** What the rule applies to, in words (for docs and SARIF metadata). */
  readonly appliesToText: string;
  /** When an object passes, in one sentence. */
  readonly passesWhen: string;
  /** Whether the rule has anything to say about this object. */
  appliesTo(doc: Obj, ctx: RuleContext): boolean;
  /**
   * Checks an object the rule applies to; returns the finding's message (what is wrong and how
   * to fix it), with its list of individual problems when there is one, or undefined when the
   * object passes.
   */
  check(doc: Obj, ctx: RuleContext): string | RuleResult | undefined;
}
