import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { isWorkload } from '../scope';

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

export const runbookAnnotation: Rule = {
  id: 'runbook-annotation',
  severity: RuleSeverity.ERROR,
  lesson: '25.14, 24',
  appliesToText: 'workload',
  passesWhen: 'annotation <p>/runbook is an https:// URL',
  appliesTo: isWorkload,
  check(doc, ctx) {
    const key = `${ctx.prefix}/runbook`;
    const value = ctx.annotation(doc, 'runbook');
    if (value === undefined) return `no annotation ${key}; link the runbook an on-call engineer follows when this fails (an https:// URL).`;
    if (isHttpsUrl(value)) return undefined;
    return `annotation ${key} is "${value}", not an https:// URL; link the runbook page itself.`;
  },
};
