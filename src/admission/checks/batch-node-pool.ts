import { AdmissionCheck } from '../admission-check';
import { and, celString, or } from '../cel';

/**
 * The pod requires nodes labelled key=value (nodeSelector, or every required node-affinity term
 * has an In expression on the key whose values are all that value) or tolerates the taint
 * (rules/node-placement.ts).
 */
export function batchNodePoolCheck(key: string, value: string): AdmissionCheck {
  const k = celString(key);
  const val = celString(value);
  return {
    ruleId: 'batch-node-pool',
    kinds: ['Job', 'CronJob'],
    passes: (v) => {
      const selector = v.podField('nodeSelector');
      const terms = v.field([...v.shape.podSpec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
      const termRequires = `has(t.matchExpressions) && t.matchExpressions.exists(e, e.key == ${k} && e.operator == "In" && has(e.values) && size(e.values) > 0 && e.values.all(x, x == ${val}))`;
      const tolerations = v.podField('tolerations');
      const tolerates = `t.key == ${k} && ((has(t.operator) && t.operator == "Exists") || ((!has(t.operator) || t.operator == "" || t.operator == "Equal") && has(t.value) && t.value == ${val}))`;
      return or(
        and(selector.present, `${k} in ${selector.value}`, `${selector.value}[${k}] == ${val}`),
        and(terms.present, `size(${terms.value}) > 0`, `${terms.value}.all(t, ${termRequires})`),
        and(tolerations.present, `${tolerations.value}.exists(t, has(t.key) && ${tolerates})`),
      );
    },
    message: () => `the pod neither selects nor tolerates the batch node pool, so heavy batch can starve customer-facing services; add nodeSelector ${key}: ${value} and a toleration for ${key}=${value}.`,
  };
}
