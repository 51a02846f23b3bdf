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

/** True when a field is present at all (explicitly set, even to a falsy value). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The kinds the checklist calls "workload". */
export type WorkloadKind = 'Job' | 'CronJob' | 'Deployment';

/** The API group (without version) of an apiVersion string: `batch/v1` → `batch`, `v1` → ``. */
export function apiGroup(doc: Obj): string {
  const apiVersion = str(doc.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The workload kind of a document, when it is a batch Job/CronJob or an apps Deployment. */
export function workloadKind(doc: Obj): WorkloadKind | undefined {
  const kind = doc.kind;
  if (kind !== 'Job' && kind !== 'CronJob' && kind !== 'Deployment') return undefined;
  const apiVersion = doc.apiVersion;
  if (typeof apiVersion !== 'string') return undefined;
  return apiVersion.startsWith(kind === 'Deployment' ? 'apps/' : 'batch/') ? kind : undefined;
}

/** The Job spec of a Job, or the job template's spec inside a CronJob ("Job-like"). */
export function jobSpec(doc: Obj): Obj | undefined {
  const kind = workloadKind(doc);
  if (kind === 'Job') return obj(doc.spec);
  if (kind === 'CronJob') return obj(path(doc, 'spec', 'jobTemplate', 'spec'));
  return undefined;
}

/** The pod template of a workload. */
export function podTemplate(doc: Obj): Obj | undefined {
  const kind = workloadKind(doc);
  if (kind === 'Deployment') return obj(path(doc, 'spec', 'template'));
  return obj(path(jobSpec(doc), 'template'));
}

/** The pod spec of a workload. */
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

/** metadata.name, or a placeholder for messages. */
export function nameOf(doc: Obj): string {
  return str(path(doc, 'metadata', 'name')) ?? '(unnamed)';
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
