import { AdmissionCheck } from '../admission-check';
import { NOT_BLANK, celString } from '../cel';

export const completionLedgerCheck: AdmissionCheck = {
  ruleId: 'completion-ledger',
  kinds: ['Job', 'CronJob'],
  passes: (v) => v.annotation('completion-ledger', (value) => `${value}.matches(${celString(NOT_BLANK)})`, false),
  message: (prefix) => `no annotation ${prefix}/completion-ledger; a Job that exits 0 may still have done half the work, so say where business completion is recorded (e.g. "postgres://finance/ledger_runs").`,
};
