import { MIN_REASON_LENGTH } from '../../rules/suppressions';
import { AdmissionCheck } from '../admission-check';
import { and, celString, celStrings, or } from '../cel';
import { suppressionKeys, VALID_REASON } from '../suppression';

export const suppressionReasonCheck: AdmissionCheck = {
  ruleId: 'suppression-reason',
  kinds: ['Job', 'CronJob', 'Deployment'],
  // The audit reads suppressions on any object, in batch scope or not.
  outsideBatchScope: true,
  passes: (v) => {
    const marker = celString(`${v.prefix}/suppress.`);
    const valid = (map: string) => `(k in ${celStrings(suppressionKeys(v.prefix))} && ${map}[k].matches(${celString(VALID_REASON)}))`;
    const own = v.ownAnnotations();
    const ownOk = or(`!(${v.hasOwnAnnotations()})`, `${own}.all(k, !k.startsWith(${marker}) || ${valid(own)})`);
    if (v.kind !== 'CronJob') return ownOk;
    // A CronJob's job-template annotations count where the object's own lack the key.
    const template = v.templateAnnotations();
    const ownHas = `(${v.hasOwnAnnotations()} && k in ${own})`;
    const templateOk = or(`!(${v.hasTemplateAnnotations()})`, `${template}.all(k, !k.startsWith(${marker}) || ${ownHas} || ${valid(template)})`);
    return and(ownOk, templateOk);
  },
  message: (prefix) => `a ${prefix}/suppress.<rule-id> annotation names no rule that can be suppressed or gives a reason shorter than ${MIN_REASON_LENGTH} characters; a suppression needs a known rule id and a reason of at least ${MIN_REASON_LENGTH} characters saying why the rule does not apply.`,
};
