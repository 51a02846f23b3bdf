import { RuleSeverity } from '../finding';
import { path } from '../manifest';
import { Rule } from '../rule';
import { isCronJob } from '../scope';

/** Classes whose runs mutate shared state and must not overlap by default (lesson section 13). */
const GUARDED_CLASSES = ['scheduled', 'cleanup', 'migration'];

export const cronjobOverlapGuard: Rule = {
  id: 'cronjob-overlap-guard',
  severity: RuleSeverity.WARNING,
  lesson: '13',
  appliesToText: 'CronJob',
  passesWhen: 'concurrencyPolicy is Forbid, or the class is not scheduled/cleanup/migration, or annotation <p>/overlap-safe explains why overlap is safe',
  appliesTo: isCronJob,
  check(doc, ctx) {
    const policy = path(doc, 'spec', 'concurrencyPolicy');
    const cls = ctx.workloadClass(doc);
    if (policy === 'Forbid' || !cls || !GUARDED_CLASSES.includes(cls)) return undefined;
    if (ctx.annotation(doc, 'overlap-safe')?.trim()) return undefined;
    return `a "${cls}" CronJob with concurrencyPolicy ${policy === undefined ? '(default Allow)' : JSON.stringify(policy)} can run twice at once; set concurrencyPolicy: Forbid, or explain in annotation ${ctx.prefix}/overlap-safe why overlapping runs are safe.`;
  },
};
