import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { num } from '../manifest';
import { Rule } from '../rule';
import { QUEUE_WORKER_KINDS, isQueueWorker } from '../scope';

/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

export const queueWorkerGracefulStop: Rule = {
  id: 'queue-worker-graceful-stop',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A queue worker\'s termination grace period covers the longest message (`<p>/max-processing-seconds`).',
    why: 'On scale-down or a rollout, Kubernetes sends SIGTERM and kills the pod after ' +
      '`terminationGracePeriodSeconds` (30 s by default). A message that takes longer is cut off in the ' +
      'middle and delivered again, maybe after side effects already happened.',
    failing: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: payment-events
        namespace: payments
        labels:
          platform.example.com/workload-class: queue-worker
        annotations:
          platform.example.com/max-processing-seconds: '120'
      spec:
        selector:
          matchLabels:
            app: payment-events
        template:
          metadata:
            labels:
              app: payment-events
          spec:
            containers:
            - name: worker
              image: registry.example.com/payments/worker:3.2.0
    `,
    fixed: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: payment-events
        namespace: payments
        labels:
          platform.example.com/workload-class: queue-worker
        annotations:
          platform.example.com/max-processing-seconds: '120'
      spec:
        selector:
          matchLabels:
            app: payment-events
        template:
          metadata:
            labels:
              app: payment-events
          spec:
            terminationGracePeriodSeconds: 150
            containers:
            - name: worker
              image: registry.example.com/payments/worker:3.2.0
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
    ],
  },
  appliesToText: 'class queue-worker',
  passesWhen: 'terminationGracePeriodSeconds covers annotation <p>/max-processing-seconds',
  kinds: QUEUE_WORKER_KINDS,
  appliesTo: isQueueWorker,
  check(doc, ctx) {
    const key = `${ctx.prefix}/max-processing-seconds`;
    const raw = ctx.annotation(doc, 'max-processing-seconds');
    const max = raw === undefined || raw.trim() === '' ? NaN : Number(raw.trim());
    if (!Number.isFinite(max) || max < 0) {
      return `annotation ${key} ${raw === undefined ? 'is not set' : `is "${raw}", not a number of seconds`}; state how long one message may take, so the grace period can be checked against it.`;
    }
    const grace = num(ctx.podSpec(doc)?.terminationGracePeriodSeconds) ?? DEFAULT_GRACE_SECONDS;
    if (grace >= max) return undefined;
    return `terminationGracePeriodSeconds is ${grace} but a message may take ${max} s, so scale-down kills in-flight work; set terminationGracePeriodSeconds to at least ${max}.`;
  },
};
