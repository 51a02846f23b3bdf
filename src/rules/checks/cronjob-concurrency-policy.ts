import { RuleSeverity } from '../finding';
import { path } from '../manifest';
import { Rule } from '../rule';
import { isCronJob } from '../scope';

const POLICIES = ['Allow', 'Forbid', 'Replace'];

export const cronjobConcurrencyPolicy: Rule = {
  id: 'cronjob-concurrency-policy',
  severity: RuleSeverity.ERROR,
  lesson: '25.10, 13, 24',
  appliesToText: 'CronJob',
  passesWhen: 'concurrencyPolicy is set explicitly',
  appliesTo: isCronJob,
  check(doc) {
    const policy = path(doc, 'spec', 'concurrencyPolicy');
    if (typeof policy === 'string' && POLICIES.includes(policy)) return undefined;
    if (policy === undefined || policy === null) {
      return 'concurrencyPolicy is not set, so runs may overlap (default Allow); set Forbid for reconciliation, reports and cleanup, or Allow/Replace when overlap is safe.';
    }
    return `concurrencyPolicy ${JSON.stringify(policy)} is not one of ${POLICIES.join(', ')}; Kubernetes rejects it.`;
  },
};
