import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, containerName, containers, envOf, path, str } from '../manifest';
import { Rule } from '../rule';
import { WORKLOAD_KINDS, isJobLike, isQueueWorker } from '../scope';

/**
 * Env var names that carry a unit-of-work identifier whatever their source: the constructs'
 * UNIT_OF_WORK_ID, the common PARTITION_INDEX, and the names Kubernetes and common
 * conventions use for the Job name and completion index.
 */
export const UNIT_OF_WORK_NAMES: readonly string[] = [
  'UNIT_OF_WORK_ID', 'JOB_NAME', 'JOB_COMPLETION_INDEX', 'PARTITION_INDEX', 'WORK_ITEM_ID',
];

/** Downward-API fields that identify the unit of work of a pod. */
export const UNIT_OF_WORK_FIELDS: readonly string[] = [
  "metadata.labels['batch.kubernetes.io/job-name']",
  "metadata.labels['job-name']",
  "metadata.labels['batch.kubernetes.io/job-completion-index']",
  "metadata.annotations['batch.kubernetes.io/job-completion-index']",
  // A queue worker's unit is the message; the pod name ties its log lines to one consumer.
  'metadata.name',
];

const UNIT_OF_WORK_NAME_SET: ReadonlySet<string> = new Set(UNIT_OF_WORK_NAMES);

function carriesUnitOfWork(env: Obj): boolean {
  const name = str(env.name);
  if (name && UNIT_OF_WORK_NAME_SET.has(name)) return true;
  const field = str(path(env, 'valueFrom', 'fieldRef', 'fieldPath'));
  return field !== undefined && UNIT_OF_WORK_FIELDS.includes(field.includes('"') ? field.replace(/"/g, "'") : field);
}

export const unitOfWorkEnv: Rule = {
  id: 'unit-of-work-env',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'Every container gets an identifier of the unit of work in its environment, so its logs can say which' +
      ' unit they are about.',
    why: 'When a run goes wrong, the first question is which partition, date or message failed. A container ' +
      'that knows its unit (UNIT_OF_WORK_ID, JOB_COMPLETION_INDEX, the Job name through the downward API, ' +
      '...) can put it in every log line; one that does not leaves the on-call engineer correlating ' +
      'timestamps.',
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
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
              env:
              - name: JOB_NAME
                valueFrom:
                  fieldRef:
                    fieldPath: metadata.labels['batch.kubernetes.io/job-name']
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/downward-api/',
    ],
  },
  appliesToText: 'Job-like, queue-worker',
  passesWhen: 'every container gets a unit-of-work identifier in its env',
  kinds: WORKLOAD_KINDS,
  appliesTo: (doc, ctx) => isJobLike(doc) || isQueueWorker(doc, ctx),
  check(doc, ctx) {
    // Kubernetes sets JOB_COMPLETION_INDEX in every container of an Indexed Job.
    if (ctx.jobSpec(doc)?.completionMode === 'Indexed') return undefined;
    const list = containers(ctx.podSpec(doc));
    // Created for the first container without one: a passing pod allocates nothing.
    let missing: string[] | undefined;
    for (let i = 0; i < list.length; i++) {
      if (!envOf(list[i]).some(carriesUnitOfWork)) (missing ??= []).push(containerName(list[i], i));
    }
    if (missing === undefined) return undefined;
    return `container(s) ${missing.join(', ')} get no unit-of-work identifier, so their logs cannot name the unit they processed; add env UNIT_OF_WORK_ID from fieldRef metadata.labels['batch.kubernetes.io/job-name'] (or use completionMode: Indexed).`;
  },
};
