import { Obj, obj, objs, path, strs } from './manifest';

/**
 * Whether a pod must land on nodes with label `key` (and, when given, value `value`):
 * through nodeSelector, or through required node affinity in every term (terms are ORed, so
 * one unconstrained term lets the pod go anywhere).
 */
export function requiresNodeLabel(pod: Obj | undefined, key: string, value?: string): boolean {
  const selected = obj(pod?.nodeSelector)?.[key];
  if (typeof selected === 'string' && (value === undefined ? selected !== '' : selected === value)) return true;
  const terms = objs(path(pod, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
  if (terms.length === 0) return false;
  return terms.every((term) => objs(term.matchExpressions).some((e) => {
    if (e.key !== key) return false;
    if (e.operator === 'Exists') return value === undefined;
    if (e.operator !== 'In') return false;
    const values = strs(e.values);
    return value === undefined ? values.length > 0 : values.length > 0 && values.every((v) => v === value);
  }));
}

/** Whether a pod tolerates a taint `key=value` (any effect). An empty operator is Equal, as Kubernetes reads it. */
export function toleratesTaint(pod: Obj | undefined, key: string, value: string): boolean {
  return objs(pod?.tolerations).some((t) => t.key === key
    && (t.operator === 'Exists' || ((t.operator === undefined || t.operator === '' || t.operator === 'Equal') && t.value === value)));
}
