import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

export const completionLedger: Rule = {
  id: 'completion-ledger',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'The workload says where the completion of its work is recorded outside Kubernetes ' +
      '(`<p>/completion-ledger`).',
    why: 'A Job that exits 0 has finished its pods, not necessarily its business: a partition may be empty, a ' +
      'file may be half written. The record that says "the 2026-07-01 run is done" belongs in a system of ' +
      'record, and naming it tells the next engineer where to look.',
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
        annotations:
          platform.example.com/completion-ledger: reports.export_runs table (one row per business date)
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
  },
  appliesToText: 'Job-like',
  passesWhen: 'annotation <p>/completion-ledger says where domain completion is recorded',
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    if (ctx.annotation(doc, 'completion-ledger')?.trim()) return undefined;
    return `no annotation ${ctx.prefix}/completion-ledger; a Job that exits 0 may still have done half the work, so say where business completion is recorded (e.g. "postgres://finance/ledger_runs").`;
  },
};
