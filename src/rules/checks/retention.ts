import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { GITOPS_LIFETIME } from '../gitops';
import { Obj, isSet, obj, str, workloadKind } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

/** Helm's hook annotation; Helm deletes the previous hook object before creating the next unless told otherwise. */
export const HELM_HOOK = 'helm.sh/hook';
/** Argo CD's hook annotation; without a delete policy Argo CD assumes BeforeHookCreation. */
export const ARGOCD_HOOK = 'argocd.argoproj.io/hook';

/**
 * The tool that decides this Job's lifetime, when it is a Helm or Argo CD hook. Both delete the
 * previous hook object before creating the next one when no delete policy is written (Helm:
 * `before-hook-creation`; Argo CD: `BeforeHookCreation`), and a written policy is a decision too.
 * An Argo CD `Skip` is no hook: Argo CD does not apply the object at all.
 */
export function hookOwner(doc: Obj): string | undefined {
  // Asked of every Job: read the two keys in place rather than copying the map.
  const annotations = obj(obj(doc.metadata)?.annotations);
  if (str(annotations?.[HELM_HOOK])?.trim()) return 'Helm';
  const argo = str(annotations?.[ARGOCD_HOOK]);
  if (!argo) return undefined;
  const phases = argo.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (phases.some((p) => p !== 'Skip')) return 'Argo CD';
  return undefined;
}

export const retention: Rule = {
  id: 'retention',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'Finished Jobs are cleaned up: a Job has a TTL (or a tool that deletes it), a CronJob sets both ' +
      'history limits.',
    why: 'Finished Jobs and their pods stay in the API server until someone deletes them; thousands of them ' +
      'slow down controllers and `kubectl`. A TTL (`ttlSecondsAfterFinished`) or explicit CronJob history ' +
      'limits make retention a decision. Hooks of Helm or Argo CD and Jobs marked `<p>/lifetime: gitops` ' +
      'pass, because their tool deletes them.',
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
      spec:
        ttlSecondsAfterFinished: 604800
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/',
    ],
  },
  appliesToText: 'Job, CronJob',
  passesWhen: 'Job: ttlSecondsAfterFinished set, or it is a Helm or Argo CD hook (the tool deletes it before the next run), or it declares `<prefix>/lifetime: gitops` (the GitOps tool prunes it); CronJob: both history limits set explicitly',
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    const spec = obj(doc.spec);
    if (workloadKind(doc) === 'Job') {
      // A value of the wrong type is set, just unusable: field-invalid reports it.
      if (isSet(spec?.ttlSecondsAfterFinished) || hookOwner(doc) !== undefined) return undefined;
      // A Job in Git under a GitOps tool is ended by the tool (prune), and a TTL would re-run it.
      if (ctx.annotation(doc, 'lifetime') === GITOPS_LIFETIME) return undefined;
      return 'ttlSecondsAfterFinished is not set, so finished Jobs and their pods pile up; set it (e.g. 604800 for a week) ' +
        `and keep the audit trail outside Kubernetes, or, for a one-off Job applied by Argo CD or Flux, declare \`${ctx.prefix}/lifetime: ${GITOPS_LIFETIME}\` ` +
        'and remove it from Git when it is done.';
    }
    const missing = ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'].filter((f) => !isSet(spec?.[f]));
    if (missing.length === 0) return undefined;
    return `${missing.join(' and ')} not set; set both history limits so retention is a decision, not a default.`;
  },
};
