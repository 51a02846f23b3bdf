import { Obj, workloadKind } from './manifest';
import { RuleContext } from './rule';

/** The classes of CHECKLIST.md `workload-class`. */
export const WORKLOAD_CLASSES = ['batch', 'scheduled', 'indexed-batch', 'migration', 'cleanup', 'queue-worker'] as const;

/** Job, CronJob or Deployment. */
export function isWorkload(doc: Obj): boolean {
  return workloadKind(doc) !== undefined;
}

/** A Job, or a CronJob (whose job template is the Job-like part). */
export function isJobLike(doc: Obj): boolean {
  const kind = workloadKind(doc);
  return kind === 'Job' || kind === 'CronJob';
}

/** A CronJob. */
export function isCronJob(doc: Obj): boolean {
  return workloadKind(doc) === 'CronJob';
}

/** A Deployment labelled as a queue worker. */
export function isQueueWorker(doc: Obj, ctx: RuleContext): boolean {
  return workloadKind(doc) === 'Deployment' && ctx.workloadClass(doc) === 'queue-worker';
}

/** A workload of the given class. */
export function hasClass(doc: Obj, ctx: RuleContext, cls: string): boolean {
  return isWorkload(doc) && ctx.workloadClass(doc) === cls;
}
