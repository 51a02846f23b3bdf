/**
 * Defensive readers over plain manifest objects.
 *
 * The audit reads arbitrary YAML, so every field may be missing or of the wrong type; these
 * helpers return `undefined` (or an empty list) instead of throwing, so a rule can be written
 * as straight-line code and never crash the run on a strange document.
 */

/** A JSON object as parsed from YAML. */
export type Obj = Record<string, unknown>;

/** The object itself when it is a plain (non-array) object. */
export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * The plain objects of a list (other entries dropped), or an empty list. The list itself comes
 * back when every entry qualifies (the usual case), so reading a large set allocates little;
 * callers must not modify the result.
 */
export function objs(value: unknown): readonly Obj[] {
  if (!Array.isArray(value)) return NONE;
  if (value.every(isObj)) return value as Obj[];
  return value.filter(isObj) as Obj[];
}

function isObj(item: unknown): boolean {
  return obj(item) !== undefined;
}

function isString(item: unknown): item is string {
  return typeof item === 'string';
}

/** The value when it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value when it is a non-blank string. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The value when it is a finite number. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The strings of a list, or an empty list (the list itself when all are strings; do not modify). */
export function strs(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return NONE;
  if (value.every(isString)) return value as string[];
  return value.filter(isString);
}

/**
 * Follows a path of keys through nested objects. Fixed parameters rather than a rest array:
 * rules call this for every object of a large set, and the array would be garbage each time.
 */
export function path(value: unknown, k1: string, k2?: string, k3?: string, k4?: string, k5?: string): unknown {
  let cur = step(value, k1);
  if (k2 === undefined) return cur;
  cur = step(cur, k2);
  if (k3 === undefined) return cur;
  cur = step(cur, k3);
  if (k4 === undefined) return cur;
  cur = step(cur, k4);
  return k5 === undefined ? cur : step(cur, k5);
}

function step(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj)[key] : undefined;
}

/**
 * Whether `for…in` over a plain object visits exactly its own enumerable keys, in Object.keys
 * order: true unless some code has added an enumerable property to Object.prototype. Walks over
 * every node of a large set check it once per walk, then iterate plain objects (see
 * {@link isPlainObject}) without allocating a key array for each.
 */
export function forInSeesOwnKeysOnly(): boolean {
  return Object.keys(Object.prototype).length === 0;
}

/** A plain object: from YAML or JSON, or an object literal (its prototype is Object.prototype or null). */
export function isPlainObject(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/** True when a field is present at all (explicitly set, even to a falsy value). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The kinds that can be batch workloads (a Deployment only when it is a queue worker). */
export type WorkloadKind = 'Job' | 'CronJob' | 'ScaledJob' | 'Deployment';

/** Every kind that carries a pod template (or is a pod), in its current, served apiVersion. */
export type PodKind = WorkloadKind | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Pod';

/** The API group (without version) of an apiVersion string: `batch/v1` → `batch`, `v1` → ``. */
export function apiGroup(doc: Obj): string {
  const apiVersion = str(doc.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The kind of an object that runs pods, when its apiVersion is the one the API server (or, for
 * a ScaledJob, KEDA) serves today. Kinds and versions match exactly, as the API server matches
 * them: `kind: cronjob` or a removed `batch/v1beta1` CronJob is not a CronJob to the rules
 * (the audit reports those separately instead of judging them as if they were current).
 */
export function podKind(doc: Obj): PodKind | undefined {
  const apiVersion = doc.apiVersion;
  const kind = doc.kind;
  // The answer depends on these two values only. The rules ask it of one object dozens of times
  // in a row (every scope test, pod spec and job spec read starts here), and the same string
  // values compare by identity, which is cheaper than the switch over kinds.
  if (kind === lastKind && apiVersion === lastApiVersion) return lastPodKind;
  lastKind = kind;
  lastApiVersion = apiVersion;
  lastPodKind = podKindOf(kind, apiVersion);
  return lastPodKind;
}

/** The last question {@link podKind} answered, and its answer. */
let lastKind: unknown;
let lastApiVersion: unknown;
let lastPodKind: PodKind | undefined;

function podKindOf(kind: unknown, apiVersion: unknown): PodKind | undefined {
  switch (kind) {
    case 'Job':
    case 'CronJob':
      return apiVersion === 'batch/v1' ? kind : undefined;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      return apiVersion === 'apps/v1' ? kind : undefined;
    case 'ReplicationController':
    case 'Pod':
      return apiVersion === 'v1' ? kind : undefined;
    case 'ScaledJob':
      return apiVersion === 'keda.sh/v1alpha1' ? 'ScaledJob' : undefined;
    default:
      return undefined;
  }
}

/** The kind of a Job, CronJob, KEDA ScaledJob or Deployment (whether or not it is in batch scope). */
export function workloadKind(doc: Obj): WorkloadKind | undefined {
  const kind = podKind(doc);
  return kind === 'Job' || kind === 'CronJob' || kind === 'ScaledJob' || kind === 'Deployment' ? kind : undefined;
}

/**
 * The Job spec of a "Job-like" object: a Job's spec, a CronJob's job template spec, or a KEDA
 * ScaledJob's `spec.jobTargetRef` (KEDA embeds a batch/v1 JobSpec there).
 */
export function jobSpec(doc: Obj): Obj | undefined {
  const kind = podKind(doc);
  if (kind === 'Job') return obj(doc.spec);
  if (kind === 'CronJob') return obj(path(doc, 'spec', 'jobTemplate', 'spec'));
  if (kind === 'ScaledJob') return obj(path(doc, 'spec', 'jobTargetRef'));
  return undefined;
}

/** The pod template of a pod-bearing object (a bare Pod is its own template). */
export function podTemplate(doc: Obj): Obj | undefined {
  switch (podKind(doc)) {
    case undefined: return undefined;
    case 'Pod': return doc;
    case 'Job':
    case 'CronJob':
    case 'ScaledJob':
      return obj(path(jobSpec(doc), 'template'));
    default: return obj(path(doc, 'spec', 'template'));
  }
}

/** The pod spec of a pod-bearing object. */
export function podSpec(doc: Obj): Obj | undefined {
  return obj(path(podTemplate(doc), 'spec'));
}

/** The regular containers of a pod spec. */
export function containers(pod: Obj | undefined): readonly Obj[] {
  return objs(pod?.containers);
}

/** Init containers of a pod spec. */
export function initContainers(pod: Obj | undefined): readonly Obj[] {
  return objs(pod?.initContainers);
}

/** Ephemeral (debug) containers of a pod spec. */
export function ephemeralContainers(pod: Obj | undefined): readonly Obj[] {
  return objs(pod?.ephemeralContainers);
}

/** Name of a container for messages. */
export function containerName(container: Obj, index: number): string {
  return str(container.name) ?? `#${index}`;
}

/**
 * metadata.name; for an object named by the API server from `generateName` (a Job created
 * with `kubectl create`, a Helm hook), that prefix with `*` (`migrate-` → `migrate-*`); else a
 * placeholder.
 */
export function nameOf(doc: Obj): string {
  const name = str(path(doc, 'metadata', 'name'));
  if (name !== undefined && name !== '') return name;
  const prefix = str(path(doc, 'metadata', 'generateName'));
  return prefix ? `${prefix}*` : '(unnamed)';
}

/** metadata.namespace when set. */
export function namespaceOf(doc: Obj): string | undefined {
  return str(path(doc, 'metadata', 'namespace'));
}

/** A string map (labels/annotations) with non-string values dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const o = obj(value);
  const out: Record<string, string> = {};
  if (!o) return out;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The env entries of a container. */
export function envOf(container: Obj): readonly Obj[] {
  return objs(container.env);
}

/** An env var by name. */
export function envVar(container: Obj, name: string): Obj | undefined {
  return envOf(container).find((e) => e.name === name);
}
