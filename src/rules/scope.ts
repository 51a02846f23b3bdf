import type { ManifestIndex } from './context';
import { AuditScope } from './finding';
import { Obj, PodKind, WorkloadKind, nameOf, namespaceOf, podKind, workloadKind } from './manifest';
import type { Rule, RuleContext } from './rule';

/**
 * Which objects the batch rules judge. The rules are about batch workloads; a web server
 * Deployment or a node agent DaemonSet has no idempotency key, retry budget or completion
 * ledger to declare, and judging it as if it should is noise. So:
 *
 * - **In batch scope**: a Job, a CronJob, a KEDA ScaledJob (its `spec.jobTargetRef` is a Job
 *   spec, so it is Job-like), and a Deployment that is a queue worker: it carries a
 *   `<p>/workload-class` label (the team declared it a batch workload; a class other than
 *   `queue-worker` is then a `workload-class` finding), or a KEDA ScaledObject or an
 *   `autoscaling/v2` HorizontalPodAutoscaler with an `External` metric in the same set scales it
 *   on something outside the cluster (a queue).
 * - **Outside batch scope**: every other object that runs pods (a Deployment that is none of
 *   the above, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, bare Pod). The audit
 *   counts and lists them; with `AuditScope.ALL` the pod-level rules judge them too.
 */

/** The kinds {@link isJobLike} accepts (as {@link Rule.kinds}). */
export const JOB_LIKE_KINDS: readonly WorkloadKind[] = ['Job', 'CronJob', 'ScaledJob'];
/** The kinds that can be batch workloads, {@link isWorkload} (as {@link Rule.kinds}). */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [...JOB_LIKE_KINDS, 'Deployment'];
/** The kinds that run pods, {@link isPodLevelTarget} (as {@link Rule.kinds}). */
export const POD_KINDS: readonly PodKind[] = [...WORKLOAD_KINDS, 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod'];
/** {@link isCronJob} (as {@link Rule.kinds}). */
export const CRONJOB_KINDS: readonly WorkloadKind[] = ['CronJob'];
/** {@link isQueueWorker} (as {@link Rule.kinds}). */
export const QUEUE_WORKER_KINDS: readonly WorkloadKind[] = ['Deployment'];

/** The classes rule `workload-class` accepts. */
export const WORKLOAD_CLASSES = ['batch', 'scheduled', 'indexed-batch', 'migration', 'cleanup', 'queue-worker'] as const;

/**
 * Whether an object is a batch workload (see the module comment); computed once per object by
 * the audit context, which rules read through {@link isWorkload}.
 */
export function inBatchScope(doc: Obj, index: ManifestIndex, workloadClass: (doc: Obj) => string | undefined): boolean {
  const kind = workloadKind(doc);
  if (kind === undefined) return false;
  if (kind !== 'Deployment') return true;
  return workloadClass(doc) !== undefined || index.isQueueScaled(nameOf(doc), namespaceOf(doc) ?? '');
}

/** A batch workload: Job, CronJob, ScaledJob, or a queue-worker Deployment. */
export function isWorkload(doc: Obj, ctx: RuleContext): boolean {
  return ctx.inBatchScope(doc);
}

/**
 * What the pod-level rules judge: batch workloads, and with `AuditScope.ALL` every other
 * object that runs pods.
 */
export function isPodLevelTarget(doc: Obj, ctx: RuleContext): boolean {
  return ctx.inBatchScope(doc) || (ctx.scope === AuditScope.ALL && podKind(doc) !== undefined);
}

/** A Job, a CronJob (whose job template is the Job-like part), or a KEDA ScaledJob. */
export function isJobLike(doc: Obj): boolean {
  const kind = workloadKind(doc);
  return kind === 'Job' || kind === 'CronJob' || kind === 'ScaledJob';
}

/** A CronJob. */
export function isCronJob(doc: Obj): boolean {
  return workloadKind(doc) === 'CronJob';
}

/**
 * A queue worker: a Deployment in batch scope labelled `queue-worker`, or unlabelled and
 * brought into scope by its queue scaler. A Deployment labelled with another class is not one
 * (its `workload-class` finding says the class does not fit).
 */
export function isQueueWorker(doc: Obj, ctx: RuleContext): boolean {
  if (workloadKind(doc) !== 'Deployment' || !ctx.inBatchScope(doc)) return false;
  const cls = ctx.workloadClass(doc);
  return cls === undefined || cls === 'queue-worker';
}

/** A batch workload of the given class. */
export function hasClass(doc: Obj, ctx: RuleContext, cls: string): boolean {
  return ctx.workloadClass(doc) === cls && isWorkload(doc, ctx);
}
