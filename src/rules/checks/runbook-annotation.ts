import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { isWorkload } from '../scope';

/** `https://` and a host name (letters, digits, dots, dashes; optional port), then an optional path/query/fragment without spaces. */
const HTTPS_URL = /^https:\/\/[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?([/?#][^\s]*)?$/;

/** @internal */
export function isHttpsUrl(value: string): boolean {
  return HTTPS_URL.test(value.trim());
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
