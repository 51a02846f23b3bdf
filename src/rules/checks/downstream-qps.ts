import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { isWorkload } from '../scope';

export const downstreamQps: Rule = {
  id: 'downstream-qps',
  severity: RuleSeverity.WARNING,
  lesson: '25.8, 24',
  appliesToText: 'workload',
  passesWhen: 'annotation <p>/max-downstream-qps is set to a number',
  appliesTo: isWorkload,
  check(doc, ctx) {
    const key = `${ctx.prefix}/max-downstream-qps`;
    const value = ctx.annotation(doc, 'max-downstream-qps');
    if (value === undefined) {
      return `no annotation ${key}; state the request rate downstream systems accept (e.g. "50") so parallelism and scaling can be checked against it.`;
    }
    const qps = Number(value.trim());
    if (value.trim() !== '' && Number.isFinite(qps) && qps > 0) return undefined;
    return `annotation ${key} is "${value}", not a positive number; give the rate in requests per second, e.g. "50".`;
  },
};
