import { RuleSeverity } from '../finding';
import { num, podSpec } from '../manifest';
import { Rule } from '../rule';
import { isQueueWorker } from '../scope';

/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

export const queueWorkerGracefulStop: Rule = {
  id: 'queue-worker-graceful-stop',
  severity: RuleSeverity.WARNING,
  lesson: '16',
  appliesToText: 'class queue-worker',
  passesWhen: 'terminationGracePeriodSeconds covers annotation <p>/max-processing-seconds',
  appliesTo: isQueueWorker,
  check(doc, ctx) {
    const key = `${ctx.prefix}/max-processing-seconds`;
    const raw = ctx.annotation(doc, 'max-processing-seconds');
    const max = raw === undefined || raw.trim() === '' ? NaN : Number(raw.trim());
    if (!Number.isFinite(max) || max < 0) {
      return `annotation ${key} ${raw === undefined ? 'is not set' : `is "${raw}", not a number of seconds`}; state how long one message may take, so the grace period can be checked against it.`;
    }
    const grace = num(podSpec(doc)?.terminationGracePeriodSeconds) ?? DEFAULT_GRACE_SECONDS;
    if (grace >= max) return undefined;
    return `terminationGracePeriodSeconds is ${grace} but a message may take ${max} s, so scale-down kills in-flight work; set terminationGracePeriodSeconds to at least ${max}.`;
  },
};
