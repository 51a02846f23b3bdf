/**
 * Rule job-sidecar-never-exits on manifests as teams keep them: database auth proxies written
 * next to the main container, and mesh proxies committed after manual injection
 * (test/fixtures/sidecars).
 */
import { audit, loadFixture } from './helpers';
import { imageRepository } from '../../src/rules/checks/job-sidecar-never-exits';

const RULE = 'job-sidecar-never-exits';
const FIX = 'as a regular container it serves until it is stopped, so the pod never completes after the main container exits ' +
  'and the Job runs until activeDeadlineSeconds fails it (or for ever without one). Run it as a native sidecar: move it to ' +
  'initContainers with restartPolicy: Always (Kubernetes 1.29+), which the kubelet stops once the regular containers have exited';

function findings(fixture: string): string[] {
  return audit(loadFixture(`sidecars/${fixture}.yaml`), { rules: [RULE] }).map((f) => `${f.kind}/${f.name}: ${f.message}`);
}

describe(RULE, () => {
  test('database proxies: a regular container is found (v2 image, v1 image through a mirror, AlloyDB by digest); the native sidecar passes', () => {
    expect(findings('database-proxies')).toEqual([
      `Job/revenue-export-20261130: cloud-sql-proxy (gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1) is the Cloud SQL Auth Proxy: ${FIX}.`,
      `ScaledJob/catalog-reindex: sql-proxy (mirror.acme.internal/gcr/cloudsql-docker/gce-proxy:1.37.0) is the Cloud SQL Auth Proxy: ${FIX}.`,
      'Job/ledger-archive-2026q3: alloydb-proxy (gcr.io/alloydb-connectors/alloydb-auth-proxy@sha256:' +
        `6c0d4b7f8a1e2d3c4b5a69788776655443322110ffeeddccbbaa998877665544) is the AlloyDB Auth Proxy: ${FIX}.`,
    ]);
  });

  test('mesh proxies committed after manual injection: found on the CronJob and the Job, with the mesh\'s native-sidecar switch; not on the Deployment, the init container or a container merely named like a proxy', () => {
    expect(findings('mesh-proxies')).toEqual([
      `CronJob/search-index-refresh: istio-proxy (docker.io/istio/proxyv2:1.23.2) is the Istio sidecar proxy: ${FIX}; ` +
        'for an injected proxy, annotate the pod template `sidecar.istio.io/nativeSidecar: "true"` (Istio 1.24+).',
      `Job/storefront-cache-warmup-7-1-0: linkerd-proxy (cr.l5d.io/linkerd/proxy:edge-24.11.8) is the Linkerd proxy: ${FIX}; ` +
        'for an injected proxy, annotate the pod template `config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"` ' +
        '(`config.beta.linkerd.io/...` from Linkerd 2.19).',
    ]);
  });

  test('the finding lists every proxy of the pod in its details', () => {
    const [doc] = loadFixture('sidecars/database-proxies.yaml');
    doc.spec.template.spec.containers.push({ name: 'istio-proxy', image: 'gcr.io/istio-release/proxyv2:1.24.1' });
    const [finding] = audit([doc], { rules: [RULE] });
    expect(finding.details).toEqual([
      'cloud-sql-proxy (gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1) is the Cloud SQL Auth Proxy',
      'istio-proxy (gcr.io/istio-release/proxyv2:1.24.1) is the Istio sidecar proxy',
    ]);
  });

  test.each([
    ['gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy'],
    ['registry.example.com:5000/mirror/Cloud-SQL-Proxy', 'registry.example.com:5000/mirror/cloud-sql-proxy'],
    ['cr.l5d.io/linkerd/proxy@sha256:abc', 'cr.l5d.io/linkerd/proxy'],
    ['proxyv2:1.23.2', 'proxyv2'],
  ])('image %s has repository %s (tag, digest and case dropped; a registry port kept)', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });

  test.each([
    ['registry.example.com/tools/sql-proxy-config:1.0', 'sql-proxy-config'],
    ['envoyproxy/envoy:v1.31.0', 'gateway'],
    ['registry.example.com/edge/myproxyv2:3.0', 'edge'],
  ])('%s (container %s) is not a known proxy', (image, name) => {
    const [doc] = loadFixture('sidecars/database-proxies.yaml');
    doc.spec.template.spec.containers[1] = { name, image, resources: { requests: { cpu: '10m', memory: '16Mi' } } };
    expect(audit([doc], { rules: [RULE] })).toEqual([]);
  });
});
