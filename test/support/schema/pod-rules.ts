/**
 * Pod spec rules the API server enforces (ValidatePodSpec and its helpers in
 * kubernetes/pkg/apis/core/validation) that the OpenAPI schema cannot express: required images,
 * container and volume names, mounts that reference volumes, requests within limits.
 *
 * A pod spec is found generically as any object holding a `containers` list, so pod templates in
 * every workload kind (and in CRDs such as KEDA's ScaledJob) are checked the same way.
 */
import { dns1123LabelErrors } from './metadata-rules';
import { PathSegment, Problem } from './problem';
import { quantityNanos } from './quantity';

type Json = Record<string, unknown>;

/** Every pod spec in the manifest, with its path. */
export function findPodSpecs(manifest: unknown): Array<{ path: PathSegment[]; spec: Json }> {
  const found: Array<{ path: PathSegment[]; spec: Json }> = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
    } else if (isObject(node)) {
      if (Array.isArray(node.containers)) {
        found.push({ path, spec: node });
        return;
      }
      Object.entries(node).forEach(([key, value]) => visit(value, [...path, key]));
    }
  };
  visit(manifest, []);
  return found;
}

/** All pod spec problems of every pod spec in the manifest. */
export function podSpecProblems(manifest: unknown): Problem[] {
  return findPodSpecs(manifest).flatMap(({ path, spec }) => [
    ...containerImageProblems(spec, path),
    ...containerNameProblems(spec, path),
    ...volumeProblems(spec, path),
    ...resourceProblems(spec, path),
  ]);
}

/** Every container and init container needs an image without surrounding whitespace. */
export function containerImageProblems(spec: Json, path: readonly PathSegment[]): Problem[] {
  return containersOf(spec, path).flatMap(({ container, path: at }) => {
    const image = container.image;
    if (typeof image !== 'string' || image.length === 0) {
      return [{ path: [...at, 'image'], message: 'required: every container needs an image (ValidatePodSpec)' }];
    }
    return image.trim() === image ? [] : [{ path: [...at, 'image'], message: 'must not have leading or trailing whitespace (ValidatePodSpec)' }];
  });
}

/** Container names are DNS-1123 labels, unique across containers and init containers. */
export function containerNameProblems(spec: Json, path: readonly PathSegment[]): Problem[] {
  const seen = new Set<string>();
  return containersOf(spec, path).flatMap(({ container, path: at }) => {
    const name = container.name;
    if (typeof name !== 'string') {
      return []; // a missing name is a schema error, reported there
    }
    const problems = dns1123LabelErrors(name).map((e) => ({ path: [...at, 'name'], message: `container name ${e}` }));
    if (seen.has(name)) {
      problems.push({ path: [...at, 'name'], message: `duplicate container name ${JSON.stringify(name)}` });
    }
    seen.add(name);
    return problems;
  });
}

/** Volume names are unique DNS-1123 labels, and every volume mount names a volume of the pod. */
export function volumeProblems(spec: Json, path: readonly PathSegment[]): Problem[] {
  const problems: Problem[] = [];
  const volumes = new Set<string>();
  listOf(spec.volumes).forEach((volume, index) => {
    const name = volume.name;
    const at = [...path, 'volumes', index, 'name'];
    if (typeof name !== 'string') {
      return;
    }
    problems.push(...dns1123LabelErrors(name).map((e) => ({ path: at, message: `volume name ${e}` })));
    if (volumes.has(name)) {
      problems.push({ path: at, message: `duplicate volume name ${JSON.stringify(name)}` });
    }
    volumes.add(name);
  });
  for (const { container, path: at } of containersOf(spec, path)) {
    listOf(container.volumeMounts).forEach((mount, index) => {
      if (typeof mount.name === 'string' && !volumes.has(mount.name)) {
        problems.push({
          path: [...at, 'volumeMounts', index, 'name'],
          message: `mounts volume ${JSON.stringify(mount.name)}, which is not in the pod's volumes`,
        });
      }
    });
  }
  return problems;
}

/** A container's request for a resource may not exceed its limit (ValidateResourceRequirements). */
export function resourceProblems(spec: Json, path: readonly PathSegment[]): Problem[] {
  const problems: Problem[] = [];
  for (const { container, path: at } of containersOf(spec, path)) {
    const resources = isObject(container.resources) ? container.resources : {};
    const requests = isObject(resources.requests) ? resources.requests : {};
    const limits = isObject(resources.limits) ? resources.limits : {};
    for (const [resource, limit] of Object.entries(limits)) {
      const request = requests[resource];
      const requestNanos = quantityNanos(request);
      const limitNanos = quantityNanos(limit);
      if (requestNanos !== undefined && limitNanos !== undefined && requestNanos > limitNanos) {
        problems.push({
          path: [...at, 'resources', 'requests', resource],
          message: `request ${String(request)} must be less than or equal to the ${resource} limit ${String(limit)}`,
        });
      }
    }
  }
  return problems;
}

function containersOf(spec: Json, path: readonly PathSegment[]): Array<{ container: Json; path: PathSegment[] }> {
  return ['initContainers', 'containers'].flatMap((key) =>
    listOf(spec[key]).map((container, index) => ({ container, path: [...path, key, index] })),
  );
}

function listOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.map((item) => (isObject(item) ? item : {})) : [];
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
