/**
 * Values Kubernetes reads as unset or defaulted are read the same way by the rules, so the audit
 * of the YAML and the admission policies (which see the object the API server decoded and
 * defaulted) give one verdict.
 */
import { BatchAudit } from '../../src';

const P = 'platform.example.com';

function findings(manifest: object, ruleId: string) {
  return BatchAudit.auditManifests([manifest]).filter((f) => f.ruleId === ruleId && !f.suppressed);
}

function job(podSpec: object, jobSpec: object = {}, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'team-a', labels, annotations },
    spec: { ...jobSpec, template: { spec: { restartPolicy: 'Never', ...podSpec } } },
  };
}

test('a toleration with an empty operator is Equal (Kubernetes\' default), so it tolerates the batch pool by value', () => {
  const tolerating = (operator: string) => job({ containers: [{ name: 'm', image: 'app:1' }], tolerations: [{ key: 'workload-tier', operator, value: 'batch', effect: 'NoSchedule' }] });
  expect(findings(tolerating(''), 'batch-node-pool')).toEqual([]);
  expect(findings(tolerating('Equal'), 'batch-node-pool')).toEqual([]);
  expect(findings(tolerating('NotAnOperator'), 'batch-node-pool')).toHaveLength(1);
});

test('an empty pod-condition status is True (the API server defaults it), so Ignore on DisruptionTarget counts', () => {
  const withStatus = (status: string) => job({ containers: [{ name: 'm', image: 'app:1' }] }, {
    podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status }] }] },
  });
  expect(findings(withStatus(''), 'disruption-not-counted')).toEqual([]);
  expect(findings(withStatus('True'), 'disruption-not-counted')).toEqual([]);
  expect(findings(withStatus('False'), 'disruption-not-counted')).toHaveLength(1);
});

test('an empty MAX_DELETIONS value is no value: the threshold then comes from valueFrom', () => {
  const cleanup = (max: object) => job({
    containers: [{ name: 'm', image: 'app:1', env: [{ name: 'DRY_RUN', value: 'false' }, { name: 'MAX_DELETIONS', ...max }] }],
  }, {}, { [`${P}/workload-class`]: 'cleanup' });
  expect(findings(cleanup({ value: '', valueFrom: { secretKeyRef: { name: 'cleanup', key: 'max' } } }), 'cleanup-guard')).toEqual([]);
  expect(findings(cleanup({ value: '' }), 'cleanup-guard')).toHaveLength(1);
  expect(findings(cleanup({ value: '100' }), 'cleanup-guard')).toEqual([]);
});

test('suppression-reason counts a reason in code points and says so', () => {
  const suppressed = (reason: string) => job({ containers: [{ name: 'm', image: 'app:1' }] }, {}, {}, { [`${P}/suppress.owner-annotation`]: reason });
  expect(findings(suppressed('\u{1F600}'.repeat(10)), 'suppression-reason')).toEqual([]);
  const [finding] = findings(suppressed('\u{1F600}'.repeat(9)), 'suppression-reason');
  expect(finding.message).toContain('(9 characters)');
});
