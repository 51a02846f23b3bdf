import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { WORKLOAD_KINDS, isWorkload } from '../scope';

/** `https://` and a host name (letters, digits, dots, dashes; optional port), then an optional path/query/fragment without spaces. */
export const HTTPS_URL = /^https:\/\/[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?([/?#][^\s]*)?$/;

/** @internal */
export function isHttpsUrl(value: string): boolean {
  return HTTPS_URL.test(value.trim());
}

export const runbookAnnotation: Rule = {
  id: 'runbook-annotation',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The workload links its runbook with an https:// URL (`<p>/runbook`).',
    why: 'The engineer paged for a failed run is rarely the one who wrote it. A runbook link on the object is ' +
      'one click from the alert or the `kubectl describe` output.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
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
        annotations:
          platform.example.com/runbook: https://runbooks.example.com/reports/nightly-export
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
  },
  appliesToText: 'workload',
  passesWhen: 'annotation <p>/runbook is an https:// URL',
  kinds: WORKLOAD_KINDS,
  appliesTo: isWorkload,
  check(doc, ctx) {
    const key = `${ctx.prefix}/runbook`;
    const value = ctx.annotation(doc, 'runbook');
    if (value === undefined) return `no annotation ${key}; link the runbook an on-call engineer follows when this fails (an https:// URL).`;
    if (isHttpsUrl(value)) return undefined;
    return `annotation ${key} is "${value}", not an https:// URL; link the runbook page itself.`;
  },
};
