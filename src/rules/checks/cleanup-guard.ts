import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, containerName, containers, envVar, isSet, str } from '../manifest';
import { Rule } from '../rule';
import { WORKLOAD_KINDS, hasClass } from '../scope';

export const TRUE_VALUES = ['true', '1', 'yes', 'on'];

/**
 * Whether the container may really delete: DRY_RUN is anything but a literal true (a value from a
 * ConfigMap or Secret can be flipped to false without touching this manifest).
 */
function mayDelete(dryRun: Obj): boolean {
  const value = str(dryRun.value);
  return value === undefined || !TRUE_VALUES.includes(value.trim().toLowerCase());
}

/** MAX_DELETIONS is a positive integer, or comes from a ConfigMap/Secret this audit cannot read. */
function hasThreshold(container: Obj): boolean {
  const max = envVar(container, 'MAX_DELETIONS');
  if (!max) return false;
  const value = str(max.value);
  // An empty value is no value to Kubernetes (the field is omitted when empty; valueFrom then applies).
  if (value === undefined || value === '') return isSet(max.valueFrom);
  return /^\s*[1-9][0-9]*\s*$/.test(value);
}

export const cleanupGuard: Rule = {
  id: 'cleanup-guard',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'A cleanup supports a dry run (`DRY_RUN`) and stops above a deletion threshold (`MAX_DELETIONS`) when' +
      ' it really deletes.',
    why: 'A cleanup with a wrong selector deletes far more than intended, and deletions are rarely reversible.' +
      ' A dry run lets a change be checked on real data first; a threshold stops a run that would delete an' +
      ' unexpected amount.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: session-cleanup
        namespace: identity
        labels:
          platform.example.com/workload-class: cleanup
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
        name: session-cleanup
        namespace: identity
        labels:
          platform.example.com/workload-class: cleanup
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
              env:
              - name: DRY_RUN
                value: 'false'
              - name: MAX_DELETIONS
                value: '5000'
    `,
  },
  appliesToText: 'class cleanup',
  passesWhen: 'the container env has DRY_RUN; when DRY_RUN is false, a positive MAX_DELETIONS is set too',
  kinds: WORKLOAD_KINDS,
  appliesTo: (doc, ctx) => hasClass(doc, ctx, 'cleanup'),
  check(doc, ctx) {
    const problems: string[] = [];
    containers(ctx.podSpec(doc)).forEach((c, i) => {
      const name = containerName(c, i);
      const dryRun = envVar(c, 'DRY_RUN');
      if (!dryRun) problems.push(`container ${name} has no DRY_RUN env var`);
      else if (mayDelete(dryRun) && !hasThreshold(c)) problems.push(`container ${name} may delete (DRY_RUN is not "true") without a positive MAX_DELETIONS`);
    });
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}; a cleanup must support a dry run and stop above a deletion threshold: set DRY_RUN, and MAX_DELETIONS to a positive count whenever DRY_RUN is false.`;
  },
};
