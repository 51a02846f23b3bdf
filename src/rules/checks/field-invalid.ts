import { yaml } from '../doc-yaml';
import { FieldProblem, rootType } from '../field-shape';
import { RuleSeverity } from '../finding';
import { Obj, jobSpec, obj, podSpec, workloadKind } from '../manifest';
import { Rule, RuleContext } from '../rule';
import { WORKLOAD_KINDS, isWorkload } from '../scope';

/**
 * Integer fields the API server's validation bounds (Kubernetes pkg/apis/batch/validation and
 * pkg/apis/core/validation), with the smallest and, where validation sets one, largest accepted
 * value. Fields are relative to the Job spec, the CronJob spec or the pod spec.
 */
const JOB_SPEC_NON_NEGATIVE = ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'ttlSecondsAfterFinished'];
const CRONJOB_SPEC_NON_NEGATIVE = ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'];
const MAX_INT32 = 2147483647;

/** Why a bounded integer is refused, or undefined when it is accepted (or not an integer: a decode problem). */
function outOfBounds(base: string, field: string, value: unknown, min: number, max?: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  if (value >= min && (max === undefined || value <= max)) return undefined;
  const allowed = max !== undefined ? `${min} to ${max}` : min === 0 ? 'a value of 0 or more' : `at least ${min}`;
  return `${base}.${field} is ${value}, and the API server's validation requires ${allowed}`;
}

function boundProblems(doc: Obj): string[] {
  const kind = workloadKind(doc);
  const out: string[] = [];
  const add = (problem: string | undefined) => { if (problem !== undefined) out.push(problem); };
  const jobPath = kind === 'CronJob' ? 'spec.jobTemplate.spec' : 'spec';
  const job = jobSpec(doc);
  // validateJobSpec: ValidateNonnegativeField on each.
  if (job) for (const field of JOB_SPEC_NON_NEGATIVE) add(outOfBounds(jobPath, field, job[field], 0));
  if (kind === 'CronJob') {
    // validateCronJobSpec: ValidateNonnegativeField on each.
    const spec = obj(doc.spec);
    if (spec) for (const field of CRONJOB_SPEC_NON_NEGATIVE) add(outOfBounds('spec', field, spec[field], 0));
  }
  // ValidatePodSpec: a pod's own activeDeadlineSeconds (an int64) must be 1 to MaxInt32.
  const podPath = kind === 'Deployment' ? 'spec.template.spec' : `${jobPath}.template.spec`;
  add(outOfBounds(podPath, 'activeDeadlineSeconds', podSpec(doc)?.activeDeadlineSeconds, 1, MAX_INT32));
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
function problems(doc: Obj, ctx: RuleContext): string[] {
  return [...ctx.objectWalk(doc).problems.map(describeProblem), ...boundProblems(doc)];
}

/**
 * Not a batch practice: the ground the other rules stand on. A field the API server cannot decode,
 * does not know, or refuses by validation makes the whole object fail to apply, and the rule that
 * reads that field would otherwise report it as "not set".
 */
export const fieldInvalid: Rule = {
  id: 'field-invalid',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'Every field is a field of its Kubernetes type, with a value of the right type and range.',
    why: 'A misspelled field (`activeDeadlineSecond`, `restartpolicy`) is dropped or rejected by the API ' +
      'server, depending on how the manifest is applied, and the setting the author meant never takes ' +
      'effect; a negative count or a string where an integer belongs is rejected. The other rules read ' +
      'fields by their exact names, so a misspelled one would also make them misjudge the object.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        activeDeadlineSecond: 3600
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        activeDeadlineSeconds: 3600
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/',
    ],
  },
  appliesToText: 'workload (batch/v1 Job and CronJob, apps/v1 Deployment)',
  passesWhen: 'every field is a field of its Kubernetes type (exact case), every value has its field\'s JSON type (integers within int32/int64), and counts, deadlines and history limits are not negative',
  kinds: WORKLOAD_KINDS,
  appliesTo: (doc, ctx) => isWorkload(doc, ctx) && rootType(doc) !== undefined,
  check(doc, ctx) {
    const found = problems(doc, ctx);
    if (found.length === 0) return undefined;
    return `Kubernetes rejects this object: ${found.join('; ')}. Fix these first: an object the API server rejects is never applied.`;
  },
};

