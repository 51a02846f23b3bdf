import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, containerName, containers, str } from '../manifest';
import { Rule } from '../rule';
import { JOB_LIKE_KINDS, isJobLike } from '../scope';

/**
 * A proxy that serves until it is stopped. As a regular container of a Job's pod it never exits
 * on its own, so the pod never completes after the main container has: the Job runs until
 * `activeDeadlineSeconds` fails it (or for ever without one). A native sidecar (an init
 * container with `restartPolicy: Always`, Kubernetes 1.29+) is stopped by the kubelet once the
 * regular containers have exited.
 */
export interface KnownProxy {
  /** What it is, for the message. */
  readonly what: string;
  /** Image repositories, matched as the whole repository or its last path segments (registry mirrors keep them). */
  readonly repositories: readonly string[];
  /** Container names the project's own manifests, docs or injector use. */
  readonly names: readonly string[];
  /** How to run it as a native sidecar when it is injected rather than written. */
  readonly injected?: string;
}

/**
 * The proxies recognised, by image repository and container name:
 * - Cloud SQL Auth Proxy: v2 `gcr.io/cloud-sql-connectors/cloud-sql-proxy`, v1
 *   `gcr.io/cloudsql-docker/gce-proxy`; Google's examples name the container `cloud-sql-proxy`.
 * - AlloyDB Auth Proxy: `gcr.io/alloydb-connectors/alloydb-auth-proxy`, the same design for
 *   AlloyDB.
 * - Istio's sidecar: image `proxyv2` (`istio/proxyv2`, `gcr.io/istio-release/proxyv2`), container
 *   `istio-proxy` (what the injector and `istioctl kube-inject` write).
 * - Linkerd's proxy: image `cr.l5d.io/linkerd/proxy` (earlier `ghcr.io/linkerd/proxy`), container
 *   `linkerd-proxy`.
 * A repository matches when it ends with one of these paths after a `/` (or is it), so a mirror
 * such as `registry.example.com/mirror/cloud-sql-connectors/cloud-sql-proxy` is recognised.
 */
export const KNOWN_PROXIES: readonly KnownProxy[] = [
  {
    what: 'the Cloud SQL Auth Proxy',
    repositories: ['cloud-sql-connectors/cloud-sql-proxy', 'cloud-sql-proxy', 'cloudsql-docker/gce-proxy'],
    names: ['cloud-sql-proxy', 'cloudsql-proxy'],
  },
  {
    what: 'the AlloyDB Auth Proxy',
    repositories: ['alloydb-connectors/alloydb-auth-proxy', 'alloydb-auth-proxy'],
    names: ['alloydb-auth-proxy', 'alloydb-proxy'],
  },
  {
    what: 'the Istio sidecar proxy',
    repositories: ['istio/proxyv2', 'istio-release/proxyv2', 'proxyv2'],
    names: ['istio-proxy'],
    injected: 'for an injected proxy, annotate the pod template `sidecar.istio.io/nativeSidecar: "true"` (Istio 1.24+)',
  },
  {
    what: 'the Linkerd proxy',
    repositories: ['linkerd/proxy', 'linkerd2-proxy'],
    names: ['linkerd-proxy'],
    injected: 'for an injected proxy, annotate the pod template `config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"` ' +
      '(`config.beta.linkerd.io/...` from Linkerd 2.19)',
  },
];

/** The repository of an image reference: without registry-independent tag or digest, lower case. */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const withoutDigest = at < 0 ? image : image.slice(0, at);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return (colon < 0 ? withoutDigest : withoutDigest.slice(0, colon)).toLowerCase();
}

/** The repository is `known` or ends with `/known` (checked in place: this runs for every container of every Job). */
function repositoryMatches(repository: string, known: string): boolean {
  if (repository === known) return true;
  const slash = repository.length - known.length - 1;
  return slash >= 0 && repository.charCodeAt(slash) === 0x2f && repository.endsWith(known);
}

function isKnownProxy(container: Obj): boolean {
  return knownProxy(container) !== undefined;
}

/** The known proxy a container is, by its image or its name. */
export function knownProxy(container: Obj): KnownProxy | undefined {
  const image = str(container.image);
  const repository = image === undefined ? undefined : imageRepository(image);
  const name = str(container.name);
  return KNOWN_PROXIES.find((proxy) =>
    (repository !== undefined && proxy.repositories.some((known) => repositoryMatches(repository, known))) ||
    (name !== undefined && proxy.names.includes(name)));
}

export const jobSidecarNeverExits: Rule = {
  id: 'job-sidecar-never-exits',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'A proxy that never exits (Cloud SQL Auth Proxy, Istio, Linkerd) runs as a native sidecar, not as a ' +
      'regular container of a Job.',
    why: 'A Job\'s pod completes when all its regular containers have exited. A database or mesh proxy in the ' +
      'containers list keeps running after the work is done, so the pod and the Job never complete. ' +
      'Kubernetes\' native sidecars (an init container with `restartPolicy: Always`) are stopped once the ' +
      'main containers exit.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
            - name: cloud-sql-proxy
              image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
              args:
              - orders-db
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            initContainers:
            - name: cloud-sql-proxy
              image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
              args:
              - orders-db
              restartPolicy: Always
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/',
    ],
  },
  appliesToText: 'Job-like',
  passesWhen: 'no regular container is a known never-exiting proxy (Cloud SQL or AlloyDB Auth Proxy, Istio or Linkerd proxy); such a proxy runs as a native sidecar (an init container with restartPolicy: Always)',
  kinds: JOB_LIKE_KINDS,
  appliesTo: isJobLike,
  check(doc, ctx) {
    const list = containers(ctx.podSpec(doc));
    // Nearly every Job runs no proxy: prove it before building the lists.
    if (!list.some(isKnownProxy)) return undefined;
    const found: string[] = [];
    const injected = new Set<string>();
    list.forEach((container, i) => {
      const proxy = knownProxy(container);
      if (proxy === undefined) return;
      found.push(`${containerName(container, i)} (${str(container.image) ?? 'no image'}) is ${proxy.what}`);
      if (proxy.injected) injected.add(proxy.injected);
    });
    if (found.length === 0) return undefined;
    const mesh = injected.size > 0 ? `; ${[...injected].join('; ')}` : '';
    return {
      message: `${found.join('; ')}: as a regular container it serves until it is stopped, so the pod never completes after the main ` +
        'container exits and the Job runs until activeDeadlineSeconds fails it (or for ever without one). Run it as a native sidecar: ' +
        `move it to initContainers with restartPolicy: Always (Kubernetes 1.29+), which the kubelet stops once the regular containers have exited${mesh}.`,
      details: found,
    };
  },
};
