import { describeUnsupported, unsupportedUses } from '../../core/kubernetes-version';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { isPodLevelTarget } from '../scope';

/**
 * Not a CHECKLIST row: a field the target Kubernetes version does not honour never does what
 * the manifest says. Behind a disabled feature gate the API server drops it silently (a dropped
 * `podFailurePolicy` makes disruptions burn retries); a server that does not know it rejects
 * the object under kubectl's strict field validation, or drops it for clients that do not
 * validate. Runs only when the audit is told the target (`--kubernetes-version`): the audit
 * cannot know the cluster, and guessing would flag manifests written for newer clusters.
 */
export const fieldNeedsNewerKubernetes: Rule = {
  id: 'field-needs-newer-kubernetes',
  severity: RuleSeverity.ERROR,
  lesson: '23',
  appliesToText: 'workload, and with scope all any object that runs pods, when a target Kubernetes version is given',
  passesWhen: 'every newer field it sets (timeZone, podFailurePolicy, backoffLimitPerIndex/maxFailedIndexes, podReplacementPolicy, successPolicy, managedBy, native sidecars, the sleep lifecycle action, the job-completion-index pod label) is on by default in the target version',
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
