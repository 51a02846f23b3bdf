import { RuleSeverity } from '../finding';
import { jobSpec, num } from '../manifest';
import { Rule } from '../rule';
import { hasClass, isJobLike } from '../scope';

export const migrationNoBlindRetry: Rule = {
  id: 'migration-no-blind-retry',
  severity: RuleSeverity.WARNING,
  lesson: '19',
  appliesToText: 'class migration',
  passesWhen: 'backoffLimit is 0',
  appliesTo: (doc, ctx) => isJobLike(doc) && hasClass(doc, ctx, 'migration'),
  check(doc) {
    const limit = num(jobSpec(doc)?.backoffLimit);
    if (limit === 0) return undefined;
    const given = limit === undefined ? 'is not set (Kubernetes retries 6 times)' : `is ${limit}`;
    return `backoffLimit ${given}; a failed DDL step retried blindly can leave a half-applied schema, so set backoffLimit: 0 (fail once, inspect, decide).`;
  },
};
