import { RuleSeverity } from '../finding';
import { Obj, nameOf, namespaceOf, num, objs, path, str } from '../manifest';
import { Rule } from '../rule';
import { isQueueWorker } from '../scope';

/** Resource signals that say nothing about the backlog (lesson section 17). */
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
  lesson: '17',
  appliesToText: 'class queue-worker',
  passesWhen: 'a KEDA ScaledObject or an HPA in the set targets it, with a bounded maximum, scaling on a backlog/lag/age signal',
  appliesTo: isQueueWorker,
  check(doc, ctx) {
    const scalers = ctx.index.scalersFor(nameOf(doc), namespaceOf(doc) ?? '');
    const problems = scalers.map(scalerProblem);
    if (problems.some((p) => p === undefined)) return undefined;
    const why = scalers.length === 0 ? 'no KEDA ScaledObject or HorizontalPodAutoscaler in the set targets it' : [...new Set(problems)].join('; ');
    return `${why}; scale the worker on queue backlog, lag or oldest-message age with an explicit maximum (maxReplicaCount / maxReplicas) that downstream capacity can take.`;
  },
};
