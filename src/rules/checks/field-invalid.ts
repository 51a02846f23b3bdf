import { fieldProblems, FieldProblem, rootType } from '../field-shape';
import { RuleSeverity } from '../finding';
import { Obj, jobSpec, obj, podSpec, workloadKind } from '../manifest';
import { Rule } from '../rule';
import { isWorkload } from '../scope';

/**
 * Integer fields the API server's validation bounds (Kubernetes pkg/apis/batch/validation and
 * pkg/apis/core/validation): the smallest and, where validation sets one, largest accepted value.
 */
interface Bound {
  readonly path: string;
  readonly value: unknown;
  readonly min: number;
  readonly max?: number;
}

const MAX_INT32 = 2147483647;

function bounds(doc: Obj): Bound[] {
  const job = jobSpec(doc);
  const jobPath = workloadKind(doc) === 'CronJob' ? 'spec.jobTemplate.spec' : 'spec';
  const out: Bound[] = [];
  // validateJobSpec: ValidateNonnegativeField on each.
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'ttlSecondsAfterFinished']) {
    out.push({ path: `${jobPath}.${field}`, value: job?.[field], min: 0 });
  }
  if (workloadKind(doc) === 'CronJob') {
    // validateCronJobSpec: ValidateNonnegativeField on each.
    const spec = obj(doc.spec);
    for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
      out.push({ path: `spec.${field}`, value: spec?.[field], min: 0 });
    }
  }
  // ValidatePodSpec: a pod's own activeDeadlineSeconds (an int64) must be 1 to MaxInt32.
  const podPath = workloadKind(doc) === 'Deployment' ? 'spec.template.spec' : `${jobPath}.template.spec`;
  out.push({ path: `${podPath}.activeDeadlineSeconds`, value: podSpec(doc)?.activeDeadlineSeconds, min: 1, max: MAX_INT32 });
  return out;
}

function describeProblem(p: FieldProblem): string {
  if (p.kind === 'unknown-field') {
    const hint = p.suggestion === undefined ? '' : ` — did you mean \`${p.suggestion}\`?`;
    return `unknown field \`${p.path}\`${hint} (${p.detail}: kubectl's strict field validation rejects the object, and with validation off the value is silently dropped)`;
  }
  return `${p.path} ${p.detail}, so the API server cannot decode the object`;
}

/** Every reason the API server would reject the object's fields, in document order, then bounds. */
function problems(doc: Obj): string[] {
  const out = fieldProblems(doc).map(describeProblem);
  for (const b of bounds(doc)) {
    // Values of the wrong type are decode problems above.
    if (typeof b.value !== 'number' || !Number.isInteger(b.value)) continue;
    if (b.value < b.min || (b.max !== undefined && b.value > b.max)) {
      const allowed = b.max !== undefined ? `${b.min} to ${b.max}` : b.min === 0 ? 'a value of 0 or more' : `at least ${b.min}`;
      out.push(`${b.path} is ${b.value}, and the API server's validation requires ${allowed}`);
    }
  }
  return out;
}

/**
 * Not a CHECKLIST row: the ground the other rules stand on. A field the API server cannot decode,
 * does not know, or refuses by validation makes the whole object fail to apply, and the rule that
 * reads that field would otherwise report it as "not set".
 */
export const fieldInvalid: Rule = {
  id: 'field-invalid',
  severity: RuleSeverity.ERROR,
  lesson: '23, 4',
  appliesToText: 'workload (batch/v1 Job and CronJob, apps/v1 Deployment)',
  passesWhen: 'every field is a field of its Kubernetes type (exact case), every value has its field\'s JSON type (integers within int32/int64), and counts, deadlines and history limits are not negative',
  appliesTo: (doc, ctx) => isWorkload(doc, ctx) && rootType(doc) !== undefined,
  check(doc) {
    const found = problems(doc);
    if (found.length === 0) return undefined;
    return `Kubernetes rejects this object: ${found.join('; ')}. Fix these first: an object the API server rejects is never applied.`;
  },
};

