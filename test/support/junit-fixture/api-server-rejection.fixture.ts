/**
 * Not part of the suite (the name does not match jest's testMatch): api-server-junit.test.ts runs
 * it in a separate jest to show that a document the API server rejects fails the test that
 * synthesized it, in the JUnit report. Only the Go harness can catch this Role: no TypeScript
 * check runs here, and an empty `verbs` list is valid for the OpenAPI schema.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';

test('synthesizes a Role whose rule has an empty verbs list', () => {
  const chart = new Chart(Testing.app(), 'rejected', { namespace: 'finance' });
  new ApiObject(chart, 'reader', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: [] }],
  } as any);
  expect(Testing.synth(chart)).toHaveLength(1);
});

test('synthesizes a ConfigMap the API server accepts', () => {
  const chart = new Chart(Testing.app(), 'accepted', { namespace: 'finance' });
  new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'batch' } } as any);
  expect(Testing.synth(chart)).toHaveLength(1);
});
