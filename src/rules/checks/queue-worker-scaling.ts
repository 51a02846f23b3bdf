import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, nameOf, namespaceOf, num, objs, path, str } from '../manifest';
import { Rule } from '../rule';
import { QUEUE_WORKER_KINDS, isQueueWorker } from '../scope';

/** Resource signals that say nothing about the backlog. */
const RESOURCE_SIGNALS = ['cpu', 'memory'];

/** Why a scaler does not qualify, or undefined when it does. */
function scalerProblem(scaler: Obj): string | undefined {
  const label = `${scaler.kind} ${nameOf(scaler)}`;
  if (scaler.kind === 'ScaledObject') {
    const max = num(path(scaler, 'spec', 'maxReplicaCount'));
    const triggers = objs(path(scaler, 'spec', 'triggers'));
    if (max === undefined) return `${label} leaves maxReplicaCount at KEDA's default of 100`;
    if (!triggers.some((t) => !RESOURCE_SIGNALS.includes(str(t.type) ?? ''))) return `${label} scales on CPU/memory only`;
    return undefined;
  }
  if (str(scaler.apiVersion) === 'autoscaling/v1') return `${label} (autoscaling/v1) can only scale on CPU`;
  const max = num(path(scaler, 'spec', 'maxReplicas'));
  const metrics = objs(path(scaler, 'spec', 'metrics'));
  if (max === undefined) return `${label} has no maxReplicas`;
  if (!metrics.some((m) => m.type === 'External' || m.type === 'Object' || m.type === 'Pods')) {
    return `${label} scales on CPU/memory only`;
  }
  return undefined;
}

export const queueWorkerScaling: Rule = {
  id: 'queue-worker-scaling',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'A queue worker is scaled by a KEDA ScaledObject or an HPA on a backlog, lag or age signal, with a ' +
      'bounded maximum.',
    why: 'CPU says little about a queue: a worker waiting on a slow database idles while the backlog grows. ' +
      'Scaling on the backlog follows the work, and an explicit maximum keeps a burst from turning into ' +
      'more connections than the downstream can take.',
    failing: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: payment-events
        namespace: payments
        labels:
          platform.example.com/workload-class: queue-worker
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
      ---
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata:
        name: payment-events
        namespace: payments
      spec:
        scaleTargetRef:
          name: payment-events
        maxReplicaCount: 20
        triggers:
        - type: rabbitmq
          metadata:
            queueName: payment-events
            mode: QueueLength
            value: '50'
    `,
    references: [
      'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
    ],
  },
  appliesToText: 'class queue-worker',
  passesWhen: 'a KEDA ScaledObject or an HPA in the set targets it, with a bounded maximum, scaling on a backlog/lag/age signal',
  kinds: QUEUE_WORKER_KINDS,
  appliesTo: isQueueWorker,
  check(doc, ctx) {
    const scalers = ctx.index.scalersFor(nameOf(doc), namespaceOf(doc) ?? '');
    const problems = scalers.map(scalerProblem);
    if (problems.some((p) => p === undefined)) return undefined;
    const why = scalers.length === 0 ? 'no KEDA ScaledObject or HorizontalPodAutoscaler in the set targets it' : [...new Set(problems)].join('; ');
    return `${why}; scale the worker on queue backlog, lag or oldest-message age with an explicit maximum (maxReplicaCount / maxReplicas) that downstream capacity can take.`;
  },
};
