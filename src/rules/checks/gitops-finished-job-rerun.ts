import { RuleSeverity } from '../finding';
import { GITOPS_LIFETIME, rerunExplanation } from '../gitops';
import { Obj, isSet, obj, objs, workloadKind } from '../manifest';
import { Rule } from '../rule';
import { hookOwner } from './retention';
import { yaml } from '../doc-yaml';

/**
 * Argo CD (automated sync with self-heal, or any later sync) and Flux (every reconcile) apply
 * what Git holds: a Job the TTL controller deleted is missing, so they create it again and it
 * runs again. A hook is run by the tool on each sync by design, and the Jobs a CronJob creates
 * are not in Git, so neither is re-created by a TTL.
 */
export const gitopsFinishedJobRerun: Rule = {
  id: 'gitops-finished-job-rerun',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A Job applied by a GitOps tool has no TTL, because the tool would create it again after the TTL ' +
      'deletes it.',
    why: 'Argo CD and Flux apply what is in Git. When `ttlSecondsAfterFinished` deletes a finished Job that is' +
      ' still in Git, the next sync sees it missing and creates it again, so the work runs again. Such a ' +
      'Job should stay until it is removed from Git (`<p>/lifetime: gitops`), or become a hook if running ' +
      'on every sync is the intent.',
    failing: yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: reports
        namespace: argocd
      spec:
        project: default
        source:
          repoURL: https://git.example.com/reports.git
          path: deploy
        destination:
          server: https://kubernetes.default.svc
          namespace: reports
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        ttlSecondsAfterFinished: 3600
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    fixed: yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: reports
        namespace: argocd
      spec:
        project: default
        source:
          repoURL: https://git.example.com/reports.git
          path: deploy
        destination:
          server: https://kubernetes.default.svc
          namespace: reports
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
        annotations:
          platform.example.com/lifetime: gitops
      spec:
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
  appliesToText: 'Job applied by a GitOps tool (--gitops, or an Argo CD Application or Flux Kustomization in the set), not a Helm or Argo CD hook, not owned by a CronJob',
  passesWhen: 'the Job has no ttlSecondsAfterFinished (the tool prunes it once it is removed from Git)',
  kinds: ['Job'],
  appliesTo: (doc, ctx) => ctx.appliedBy !== undefined && workloadKind(doc) === 'Job' && hookOwner(doc) === undefined && !ownedByCronJob(doc),
  check(doc, ctx) {
    const ttl = ctx.jobSpec(doc)?.ttlSecondsAfterFinished;
    if (!isSet(ttl) || ctx.appliedBy === undefined) return undefined;
    const { tool, because } = ctx.appliedBy;
    return `ttlSecondsAfterFinished is ${JSON.stringify(ttl)} on a Job applied by ${tool} (${because}): ${rerunExplanation(tool)}. ` +
      `Remove the TTL and declare \`${ctx.prefix}/lifetime: ${GITOPS_LIFETIME}\`, then remove the Job from Git when it is done ` +
      '(the tool prunes it); or make it a hook only if running it again on every sync is harmless.';
  },
};

function ownedByCronJob(doc: Obj): boolean {
  return objs(obj(doc.metadata)?.ownerReferences).some((ref) => ref.kind === 'CronJob');
}
