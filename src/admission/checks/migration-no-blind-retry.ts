import { AdmissionCheck } from '../admission-check';
import { and } from '../cel';

export const migrationNoBlindRetryCheck: AdmissionCheck = {
  ruleId: 'migration-no-blind-retry',
  kinds: ['Job', 'CronJob'],
  appliesTo: (v) => v.classIn(['migration']),
  // The API server defaults an unset backoffLimit to 6 (or the maximum with backoffLimitPerIndex):
  // "not set" fails here as it fails in the audit.
  passes: (v) => {
    const limit = v.jobField('backoffLimit');
    return and(limit.present, `${limit.value} == 0`);
  },
  message: () => 'backoffLimit is not 0; a failed DDL step retried blindly can leave a half-applied schema, so set backoffLimit: 0 (fail once, inspect, decide).',
};
