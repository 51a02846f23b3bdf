import { UNIT_OF_WORK_FIELDS, UNIT_OF_WORK_NAMES } from '../../rules/checks/unit-of-work-env';
import { AdmissionCheck } from '../admission-check';
import { and, celStrings, or } from '../cel';

/**
 * Every spelling of a field path the rule accepts: it reads `"` as `'`, so each quote of
 * `metadata.labels['job-name']` may be either (CEL has no replace() without the strings extension).
 */
function quoteVariants(field: string): string[] {
  let out = [''];
  for (const ch of field) out = ch === "'" ? out.flatMap((p) => [`${p}'`, `${p}"`]) : out.map((p) => p + ch);
  return out;
}

export const unitOfWorkEnvCheck: AdmissionCheck = {
  ruleId: 'unit-of-work-env',
  kinds: ['Job', 'CronJob', 'Deployment'],
  appliesTo: (v) => (v.kind === 'Deployment' ? v.classIn(['queue-worker']) : 'true'),
  passes: (v) => {
    const fields = UNIT_OF_WORK_FIELDS.flatMap(quoteVariants);
    const carries = or(
      `e.name in ${celStrings(UNIT_OF_WORK_NAMES)}`,
      and('has(e.valueFrom)', 'has(e.valueFrom.fieldRef)', 'has(e.valueFrom.fieldRef.fieldPath)', `e.valueFrom.fieldRef.fieldPath in ${celStrings(fields)}`),
    );
    const everyContainer = `${v.podList('containers')}.all(c, has(c.env) && c.env.exists(e, ${carries}))`;
    if (!v.jobSpec) return everyContainer;
    // Kubernetes sets JOB_COMPLETION_INDEX in every container of an Indexed Job.
    const mode = v.jobField('completionMode');
    return or(and(mode.present, `${mode.value} == "Indexed"`), everyContainer);
  },
  message: () => "a container gets no unit-of-work identifier, so its logs cannot name the unit it processed; add env UNIT_OF_WORK_ID from fieldRef metadata.labels['batch.kubernetes.io/job-name'] (or use completionMode: Indexed).",
};
