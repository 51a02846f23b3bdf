import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { path } from '../manifest';
import { Rule } from '../rule';
import { CRONJOB_KINDS, WORKLOAD_CLASSES, isCronJob } from '../scope';

/** Classes whose runs mutate shared state and must not overlap by default. */
const GUARDED_CLASSES = ['scheduled', 'cleanup', 'migration'];

/**
 * Classes that declare overlap acceptable. No class, or a class the rules do not know, says
 * nothing about overlap, so such a CronJob is held to the same guard as a `scheduled` one.
 */
export const UNGUARDED_CLASSES: readonly string[] = WORKLOAD_CLASSES.filter((c) => !GUARDED_CLASSES.includes(c));

export const cronjobOverlapGuard: Rule = {
  id: 'cronjob-overlap-guard',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'Runs that mutate shared state do not overlap: `concurrencyPolicy: Forbid`, a class that tolerates ' +
      'overlap, or a stated reason.',
    why: 'Two runs of a reconciliation or cleanup working on the same data at once produce duplicate side ' +
      'effects or fight over locks. `Forbid` skips a run while the previous one is active; classes `batch` ' +
      'and `indexed-batch` tolerate overlap, and `<p>/overlap-safe` records why another workload does.',
    failing: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
        labels:
          platform.example.com/workload-class: scheduled
      spec:
        schedule: 15 1 * * *
        concurrencyPolicy: Allow
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: reconcile
                  image: registry.example.com/finance/reconciler:2026.07.01
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ledger-reconciliation
        namespace: finance
        labels:
          platform.example.com/workload-class: scheduled
      spec:
        schedule: 15 1 * * *
        concurrencyPolicy: Forbid
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: reconcile
                  image: registry.example.com/finance/reconciler:2026.07.01
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy',
    ],
  },
  appliesToText: 'CronJob',
  passesWhen: 'concurrencyPolicy is Forbid, or the class is one that tolerates overlap (batch, indexed-batch), or annotation <p>/overlap-safe explains why overlap is safe',
  kinds: CRONJOB_KINDS,
  appliesTo: isCronJob,
  check(doc, ctx) {
    const policy = path(doc, 'spec', 'concurrencyPolicy');
    const cls = ctx.workloadClass(doc);
    if (policy === 'Forbid' || (cls !== undefined && UNGUARDED_CLASSES.includes(cls))) return undefined;
    if (ctx.annotation(doc, 'overlap-safe')?.trim()) return undefined;
    // Kubernetes defaults an absent concurrencyPolicy to Allow, so absent and explicit Allow read alike.
    const given = policy === undefined ? '(default Allow)' : JSON.stringify(policy);
    const what = cls === undefined ? 'a CronJob without a workload class' : `a "${cls}" CronJob`;
    return `${what} with concurrencyPolicy ${given} can run twice at once; set concurrencyPolicy: Forbid, or explain in annotation ${ctx.prefix}/overlap-safe why overlapping runs are safe.`;
  },
};
