import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { workloadKind } from '../manifest';
import { Rule } from '../rule';
import { WORKLOAD_CLASSES, WORKLOAD_KINDS, isWorkload } from '../scope';

/** Which kinds each class may be (the class decides the workload model). */
export const KINDS_BY_CLASS: Record<string, readonly string[]> = {
  'batch': ['Job', 'CronJob', 'ScaledJob'],
  'scheduled': ['CronJob'],
  'indexed-batch': ['Job', 'CronJob', 'ScaledJob'],
  'migration': ['Job', 'CronJob', 'ScaledJob'],
  'cleanup': ['Job', 'CronJob', 'ScaledJob'],
  'queue-worker': ['Deployment'],
};

export const workloadClass: Rule = {
  id: 'workload-class',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The workload declares which kind of batch work it is, with a class that fits its Kubernetes kind.',
    why: 'The class decides which other rules apply: a migration is held to stricter retries and accounts than' +
      ' a nightly export, a queue worker must scale on its backlog. Without the label the audit (and the ' +
      'next engineer) has to guess, and a class that does not fit the kind (a CronJob labelled ' +
      '`queue-worker`) is a modelling mistake worth fixing before it ships.',
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
        labels:
          platform.example.com/workload-class: batch
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
  passesWhen: `label <p>/workload-class is one of ${WORKLOAD_CLASSES.join(', ')} and fits the kind`,
  kinds: WORKLOAD_KINDS,
  appliesTo: isWorkload,
  check(doc, ctx) {
    const kind = workloadKind(doc)!;
    const cls = ctx.workloadClass(doc);
    const label = `${ctx.prefix}/workload-class`;
    if (cls === undefined) {
      // An unlabelled Deployment is in scope only because a scaler in the set drives it from a queue.
      const hint = kind === 'Deployment' ? ' (a scaler in the set scales it on a queue, so it is a queue worker: use queue-worker)' : '';
      return `${kind} has no label ${label}${hint}; add it to metadata.labels with one of ${WORKLOAD_CLASSES.join(', ')} so reviewers and policies know which rules apply.`;
    }
    const kinds = KINDS_BY_CLASS[cls];
    if (!kinds) {
      return `label ${label} is "${cls}", which is not a workload class; use one of ${WORKLOAD_CLASSES.join(', ')}.`;
    }
    if (!kinds.includes(kind)) {
      return `class "${cls}" does not fit a ${kind} (it must be a ${kinds.join(' or ')}); change the kind or the class.`;
    }
    return undefined;
  },
};
