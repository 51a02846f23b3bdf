import * as fc from 'fast-check';
import { compliantSet, NOW } from './helpers';
import { auditDocuments } from '../../src/rules/engine';

/** Replaces the value at a random path of a document with an arbitrary JSON value. */
function mutateAt(doc: unknown, steps: number[], value: unknown): unknown {
  if (steps.length === 0 || typeof doc !== 'object' || doc === null) return value;
  const keys = Object.keys(doc);
  if (keys.length === 0) return value;
  const key = keys[steps[0] % keys.length];
  const copy: any = Array.isArray(doc) ? [...doc] : { ...doc };
  copy[key] = mutateAt(copy[key], steps.slice(1), value);
  return copy;
}

const KINDS = ['Job', 'CronJob', 'Deployment', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount', 'PrometheusRule', 'ScaledObject', 'HorizontalPodAutoscaler', 'List'];
const API_VERSIONS = ['batch/v1', 'apps/v1', 'v1', 'rbac.authorization.k8s.io/v1', 'monitoring.coreos.com/v1', 'keda.sh/v1alpha1', 'autoscaling/v2', 'autoscaling/v1'];

describe('the engine never throws on strange input', () => {
  test('arbitrary JSON values, with and without Kubernetes-looking kinds', () => {
    const doc = fc.oneof(
      fc.jsonValue(),
      fc.record({ apiVersion: fc.constantFrom(...API_VERSIONS), kind: fc.constantFrom(...KINDS), metadata: fc.jsonValue(), spec: fc.jsonValue() }),
    );
    fc.assert(fc.property(fc.array(doc, { maxLength: 8 }), (docs) => {
      const findings = auditDocuments(docs.map((object) => ({ object })), { now: NOW });
      expect(Array.isArray(findings)).toBe(true);
    }), { numRuns: 500 });
  });

  test('compliant manifests with one field anywhere replaced by any JSON value', () => {
    const base = compliantSet();
    fc.assert(fc.property(
      fc.nat(base.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 9 }), fc.jsonValue(),
      (index, steps, value) => {
        const docs = [...base];
        docs[index] = mutateAt(docs[index], steps, value);
        for (const f of auditDocuments(docs.map((object) => ({ object })), { now: NOW })) {
          expect(typeof f.message).toBe('string');
          expect(typeof f.name).toBe('string');
        }
      },
    ), { numRuns: 1000 });
  });
});
