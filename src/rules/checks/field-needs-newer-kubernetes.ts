import { describeUnsupported, unsupportedUses } from '../../core/kubernetes-version';
import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { POD_KINDS, isPodLevelTarget } from '../scope';

/**
 * Not a batch practice: a field the target Kubernetes version does not honour never does what
 * the manifest says. Behind a disabled feature gate the API server drops it silently (a dropped
 * `podFailurePolicy` makes disruptions burn retries); a server that does not know it rejects
 * the object under kubectl's strict field validation, or drops it for clients that do not
 * validate. Runs only when the audit is told the target (`--kubernetes-version`): the audit
 * cannot know the cluster, and guessing would flag manifests written for newer clusters.
 */
export const fieldNeedsNewerKubernetes: Rule = {
  id: 'field-needs-newer-kubernetes',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'Fields the target Kubernetes version does not enable by default are not used (needs ' +
      '`--kubernetes-version`).',
    why: 'A field behind a feature gate that is off in the target version is dropped by the API server without' +
      ' an error: a `podFailurePolicy` on a cluster that does not support it means every failure is retried' +
      ' again. The rule runs only when the audit knows the target version.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        backoffLimit: 3
        podFailurePolicy:
          rules:
          - action: FailJob
            onExitCodes:
              containerName: export
              operator: In
              values:
              - 2
          - action: Ignore
            onPodConditions:
            - type: DisruptionTarget
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
        backoffLimit: 3
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    exampleOptions: { kubernetesVersion: '1.25' },
    references: [
      'https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/',
    ],
  },
  appliesToText: 'workload, and with scope all any object that runs pods, when a target Kubernetes version is given',
  passesWhen: 'every newer field it sets (timeZone, podFailurePolicy, backoffLimitPerIndex/maxFailedIndexes, podReplacementPolicy, successPolicy, managedBy, native sidecars, the sleep lifecycle action, the job-completion-index pod label) is on by default in the target version',
  kinds: POD_KINDS,
  appliesTo: (doc, ctx) => ctx.kubernetesVersion !== undefined && isPodLevelTarget(doc, ctx),
  check(doc, ctx) {
    const target = ctx.kubernetesVersion!;
    const details = unsupportedUses(doc, target).map((use) => describeUnsupported(use, target));
    if (details.length === 0) return undefined;
    const shown = details.slice(0, 3).join('; ');
    const more = details.length > 3 ? `; and ${details.length - 3} more` : '';
    return { message: `Fields Kubernetes ${target.text} does not honour: ${shown}${more}. Remove them, or audit for the version the manifests are really applied to.`, details };
  },
};
