import { RuleSeverity } from '../finding';
import { isSet, jobSpec } from '../manifest';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

export const backoffLimitExplicit: Rule = {
  id: 'backoff-limit-explicit',
  severity: RuleSeverity.ERROR,
  lesson: '25.4',
  appliesToText: 'Job-like',
  passesWhen: 'backoffLimit (or, for an Indexed Job, backoffLimitPerIndex) is set explicitly',
  appliesTo: isJobLike,
  check(doc) {
    const spec = jobSpec(doc);
    // With backoffLimitPerIndex the per-index budget is the retry decision (Kubernetes then
    // defaults backoffLimit to the maximum), so it counts as explicit. A value of the wrong type
    // is set, just unusable: field-invalid reports it, "not set" would mislead.
    if (isSet(spec?.backoffLimit) || isSet(spec?.backoffLimitPerIndex)) return undefined;
    return 'backoffLimit is not set, so Kubernetes retries 6 times by default; set backoffLimit to the number of retries a transient failure deserves (0 when a retry is never safe).';
  },
};
