import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { isSet, num } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

export const activeDeadline: Rule = {
  id: 'active-deadline',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The Job has a runtime limit (`activeDeadlineSeconds`).',
    why: 'A Job that hangs (a lock it never gets, a network call without a timeout) holds its pods, its locks ' +
      'and its slot in the queue forever, and nothing alerts on a Job that is merely still running. A ' +
      'deadline turns a hang into a failure the usual alerts see.',
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
        activeDeadlineSeconds: 3600
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/job/',
    ],
  },
  kinds: JOB_LIKE_KINDS,
  appliesToText: 'Job-like',
  passesWhen: 'activeDeadlineSeconds is set',
  appliesTo: isJobLike,
  check(doc, ctx) {
    const value = ctx.jobSpec(doc)?.activeDeadlineSeconds;
    const deadline = num(value);
    if (deadline !== undefined ? deadline > 0 : isSet(value)) return undefined; // wrong type: field-invalid's finding
    return 'activeDeadlineSeconds is not set, so a stuck run holds capacity and locks forever; set it to the longest useful runtime.';
  },
};
