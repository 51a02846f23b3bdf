import { MIN_FAILED_RETENTION_SECONDS } from '../../rules/checks/failed-jobs-retained';
import { AdmissionCheck } from '../admission-check';
import { and, not } from '../cel';

export const failedJobsRetainedCheck: AdmissionCheck = {
  ruleId: 'failed-jobs-retained',
  kinds: ['Job', 'CronJob'],
  passes: (v) => {
    const ttl = v.jobField('ttlSecondsAfterFinished');
    const ttlOk = `${not(ttl.present)} || ${ttl.value} >= ${MIN_FAILED_RETENTION_SECONDS}`;
    if (v.kind === 'Job') return ttlOk;
    const limit = v.field(['spec', 'failedJobsHistoryLimit']);
    return and(ttlOk, `${not(limit.present)} || ${limit.value} >= 1`);
  },
  message: () => `ttlSecondsAfterFinished is below ${MIN_FAILED_RETENTION_SECONDS} (one day) or failedJobsHistoryLimit is 0, so a failed run is deleted before anyone can debug it; keep ttlSecondsAfterFinished at least ${MIN_FAILED_RETENTION_SECONDS} and failedJobsHistoryLimit at least 1.`,
};
