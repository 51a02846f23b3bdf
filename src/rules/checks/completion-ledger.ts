import { RuleSeverity } from '../finding';
import { Rule } from '../rule';
import { isJobLike } from '../scope';

export const completionLedger: Rule = {
  id: 'completion-ledger',
  severity: RuleSeverity.WARNING,
  lesson: '25.16, 23',
  appliesToText: 'Job-like',
  passesWhen: 'annotation <p>/completion-ledger says where domain completion is recorded',
  appliesTo: isJobLike,
  check(doc, ctx) {
    if (ctx.annotation(doc, 'completion-ledger')?.trim()) return undefined;
    return `no annotation ${ctx.prefix}/completion-ledger; a Job that exits 0 may still have done half the work, so say where business completion is recorded (e.g. "postgres://finance/ledger_runs").`;
  },
};
