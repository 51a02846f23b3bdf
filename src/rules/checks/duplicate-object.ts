import { yaml } from '../doc-yaml';
import { AuditInput } from '../engine';
import { RuleSeverity } from '../finding';
import { namespaceOf, nameOf, str } from '../manifest';
import { ANY_KIND, Rule } from '../rule';

/** `file:line`, or the document's place in an in-memory set. */
function where(input: AuditInput): string {
  if (input.file === undefined) return 'another document of the set';
  return input.line === undefined ? input.file : `${input.file}:${input.line}`;
}

/** The message names this many other copies. */
const MAX_NAMED = 10;

/**
 * Not a batch practice: it states the object set. Two documents that define the same object
 * (two variants of one app, a base beside its overlay) are audited each on its own, never
 * merged; cross-object rules then see both, which is rarely what either variant applies.
 */
export const duplicateObject: Rule = {
  id: 'duplicate-object',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'No two documents in the set define the same object (API group, kind, namespace and name).',
    why: 'When two documents define one object, the one applied last wins and the other is silently lost; ' +
      'which one depends on file order. This usually means a base and an overlay, or two environments, were' +
      ' audited together instead of the rendered output of one.',
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
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        activeDeadlineSeconds: 3600
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
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: weekly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
  },
  appliesToText: 'any object',
  passesWhen: 'no other document in the set has the same API group, kind, namespace and name',
  kinds: ANY_KIND,
  appliesTo: (doc, ctx) => ctx.definitionsOf(doc).length > 1,
  check(doc, ctx) {
    const all = ctx.definitionsOf(doc);
    // The first few other copies by place (the same place once); a long list is cut, so a set
    // with thousands of copies of one object costs no more per copy than a set with two.
    const places = new Set<string>();
    let self = false;
    let examined = 0;
    for (const input of all) {
      if (examined === MAX_NAMED) break;
      // Leave out this document once (the same object passed twice is a copy of itself).
      if (!self && input.object === doc) {
        self = true;
        continue;
      }
      places.add(where(input));
      examined++;
    }
    const rest = all.length - 1 - examined;
    const others = [...places, ...(rest > 0 ? [`and ${rest} more`] : [])];
    const ns = namespaceOf(doc);
    const label = `${str(doc.kind)} ${ns ? `${ns}/` : ''}${nameOf(doc)}`;
    return `${label} is also defined at ${others.join(', ')}; each copy is audited on its own (never merged) and cross-object rules see all of them, so audit one variant at a time (kustomize build DIR | cdk8s-batch audit -) or remove the copy.`;
  },
};
