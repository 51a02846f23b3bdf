import { AdmissionCheck } from '../admission-check';
import { and, or } from '../cel';

export const podFailurePolicyCheck: AdmissionCheck = {
  ruleId: 'pod-failure-policy',
  kinds: ['Job', 'CronJob'],
  passes: (v) => {
    const rules = v.field([...v.jobSpec!, 'podFailurePolicy', 'rules']);
    const failsFast = and(
      'r.action in ["FailJob", "FailIndex"]',
      or(
        'has(r.onExitCodes) && has(r.onExitCodes.values) && size(r.onExitCodes.values) > 0',
        'has(r.onPodConditions) && r.onPodConditions.exists(c, has(c.type) && c.type != "" && c.type != "DisruptionTarget")',
      ),
    );
    return and(rules.present, `${rules.value}.exists(r, has(r.action) && ${failsFast})`);
  },
  message: () => 'no podFailurePolicy rule fails the Job on a permanent failure, so bad input or config is retried backoffLimit times; add a rule { action: FailJob (or FailIndex), onExitCodes: { operator: In, values: [...] } } for the codes that mean "do not retry" (or onPodConditions for a condition such as ConfigIssue).',
};
