import { UNGUARDED_CLASSES } from '../../rules/checks/cronjob-overlap-guard';
import { AdmissionCheck } from '../admission-check';
import { NOT_BLANK, and, celString, or } from '../cel';

export const cronjobOverlapGuardCheck: AdmissionCheck = {
  ruleId: 'cronjob-overlap-guard',
  kinds: ['CronJob'],
  passes: (v) => {
    const policy = v.field(['spec', 'concurrencyPolicy']);
    return or(
      and(policy.present, `${policy.value} == "Forbid"`),
      v.classIn(UNGUARDED_CLASSES),
      v.annotation('overlap-safe', (value) => `${value}.matches(${celString(NOT_BLANK)})`, false),
    );
  },
  message: (prefix) => `a CronJob whose class does not tolerate overlap, with concurrencyPolicy Allow or Replace, can run twice at once; set concurrencyPolicy: Forbid, or explain in annotation ${prefix}/overlap-safe why overlapping runs are safe.`,
};
