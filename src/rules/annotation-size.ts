/**
 * The API server's limit on annotations, and what `kubectl apply` adds to them.
 *
 * Kubernetes (apimachinery pkg/api/validation, ValidateAnnotationsSize) sums len(key) + len(value)
 * in bytes over all annotations of one ObjectMeta and rejects the object above
 * TotalAnnotationSizeLimitB = 256 KiB.
 */
import { Obj, forInSeesOwnKeysOnly, isPlainObject, obj, path } from './manifest';

/** TotalAnnotationSizeLimitB. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Where client-side `kubectl apply` (and Argo CD by default) keeps the applied object. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Bytes of an annotation map as the API server counts them (non-string values count as empty). */
export function annotationBytes(annotations: unknown, skipKey?: string): number {
  let total = 0;
  for (const [key, value] of Object.entries(obj(annotations) ?? {})) {
    if (key === skipKey) continue;
    total += utf8Bytes(key) + (typeof value === 'string' ? utf8Bytes(value) : 0);
  }
  return total;
}

/**
 * An upper bound of {@link annotationBytes} without encoding anything: each UTF-16 unit counted as
 * three bytes, the most UTF-8 needs for one (a surrogate pair, two units, is four bytes). Proves
 * that nearly every object is far below the limit at the cost of reading the lengths.
 */
export function annotationBytesBound(annotations: unknown, skipKey?: string): number {
  const o = obj(annotations);
  if (!o) return 0;
  let units = 0;
  if (forInSeesOwnKeysOnly() && isPlainObject(o)) {
    // The same keys as Object.keys (see forInSeesOwnKeysOnly), without an array per object.
    for (const key in o) units += annotationUnits(o, key, skipKey);
  } else {
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) units += annotationUnits(o, keys[i], skipKey);
  }
  return 3 * units;
}

function annotationUnits(annotations: Obj, key: string, skipKey: string | undefined): number {
  if (key === skipKey) return 0;
  const value = annotations[key];
  return key.length + (typeof value === 'string' ? value.length : 0);
}

/**
 * Whether {@link annotationBytesBound} of any ObjectMeta of {@link metadataPaths} exceeds
 * `limit`; asks without building the list (every object of an audit is asked, nearly all are far
 * below it).
 */
export function anyAnnotationsBoundAbove(doc: Obj, limit: number): boolean {
  const spec = path(doc, 'spec');
  return annotationBytesBound(path(doc, 'metadata', 'annotations')) > limit
    || annotationBytesBound(path(spec, 'template', 'metadata', 'annotations')) > limit
    || annotationBytesBound(path(spec, 'jobTemplate', 'metadata', 'annotations')) > limit
    || annotationBytesBound(path(spec, 'jobTemplate', 'spec', 'template', 'metadata', 'annotations')) > limit;
}

/** The ObjectMetas of an object that the API server validates: its own and its templates'. */
export function metadataPaths(doc: Obj): { path: string; annotations: unknown }[] {
  const out = [{ path: 'metadata.annotations', annotations: path(doc, 'metadata', 'annotations') }];
  const templates: [string, unknown][] = [
    ['spec.template.metadata.annotations', path(doc, 'spec', 'template', 'metadata', 'annotations')],
    ['spec.jobTemplate.metadata.annotations', path(doc, 'spec', 'jobTemplate', 'metadata', 'annotations')],
    ['spec.jobTemplate.spec.template.metadata.annotations', path(path(doc, 'spec', 'jobTemplate', 'spec', 'template'), 'metadata', 'annotations')],
  ];
  for (const [p, annotations] of templates) {
    if (obj(annotations)) out.push({ path: p, annotations });
  }
  return out;
}

/** {@link jsonBytesBound}'s measures: bytes per UTF-16 unit of a string (the longest escape, `\u001f`), and of a key. */
export const STRING_BYTES_PER_UNIT = 6;
export const KEY_BYTES_PER_UNIT = 6;
/** Quotes, colon and comma around a key. */
export const KEY_OVERHEAD = 4;
/** Any number, boolean or null. */
export const SCALAR_BYTES = 24;

/** An object that serializes itself (a Date from code): measured the slow way. */
export function selfSerializing(o: Obj): boolean {
  return typeof o.toJSON === 'function';
}

/**
 * Whether a walk may iterate plain objects with `for…in` (see forInSeesOwnKeysOnly) and take a
 * plain object for self-serializing only when one of its keys is `toJSON`: true unless code has
 * given Object.prototype enumerable keys or a toJSON method. Asking every node of a large set for
 * a `toJSON` it does not have was a large part of a walk; a parsed manifest has no functions, and
 * code that builds one puts a toJSON on a class (a Date), not as a hidden key of a plain object.
 */
export function plainObjectsReadByKeys(): boolean {
  return forInSeesOwnKeysOnly() && typeof (Object.prototype as Obj).toJSON !== 'function';
}

/**
 * An upper bound of a value's JSON size in bytes, without building the JSON: every UTF-16 unit
 * of a string or key counted as six bytes (the longest escape), every scalar as 24, plus quotes
 * and punctuation. Several times cheaper than JSON.stringify, and small objects are the rule.
 * The field walk of field-shape.ts sums the same number while it checks a workload.
 */
export function jsonBytesBound(value: unknown): number {
  return valueBytesBound(value, plainObjectsReadByKeys());
}

function valueBytesBound(value: unknown, forIn: boolean): number {
  if (typeof value === 'string') return STRING_BYTES_PER_UNIT * value.length + 2;
  if (typeof value !== 'object' || value === null) return SCALAR_BYTES;
  let total = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) total += valueBytesBound(value[i], forIn) + 1;
    return total;
  }
  const o = value as Obj;
  if (forIn && isPlainObject(o)) {
    // The same keys as Object.keys (see forInSeesOwnKeysOnly), without an array per object.
    let toJson = false;
    for (const key in o) {
      total += KEY_BYTES_PER_UNIT * key.length + KEY_OVERHEAD + valueBytesBound(o[key], forIn);
      if (key === 'toJSON') toJson = true;
    }
    return toJson && selfSerializing(o) ? selfSerializedBytesBound(o) : total;
  }
  if (selfSerializing(o)) return selfSerializedBytesBound(o);
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) total += KEY_BYTES_PER_UNIT * keys[i].length + KEY_OVERHEAD + valueBytesBound(o[keys[i]], forIn);
  return total;
}

/** The bound of an object that serializes itself, from its JSON. */
export function selfSerializedBytesBound(o: Obj): number {
  return STRING_BYTES_PER_UNIT * (JSON.stringify(o)?.length ?? 0) + 2;
}

/** An upper bound of {@link lastAppliedBytes}, without building the JSON, from the object's {@link jsonBytesBound}. */
export function lastAppliedBytesBound(doc: Obj, docBound = jsonBytesBound(doc)): number {
  return docBound + 1;
}

/**
 * Bytes of the last-applied-configuration value client-side apply would write: the object
 * without that annotation, encoded as Go's json.Encoder does (compact, `<`, `>` and `&` escaped
 * as six-byte `\u003c` sequences, a trailing newline). When an upper bound is at most
 * `exactAbove`, the bound is returned instead: it already proves the object fits.
 */
export function lastAppliedBytes(doc: Obj, exactAbove = 0): number {
  const bound = lastAppliedBytesBound(doc);
  if (bound <= exactAbove) return bound;
  const annotations = obj(path(doc, 'metadata', 'annotations'));
  let measured: Obj = doc;
  if (annotations && LAST_APPLIED in annotations) {
    const rest = { ...annotations };
    delete rest[LAST_APPLIED];
    measured = { ...doc, metadata: { ...obj(doc.metadata), annotations: rest } };
  }
  const json = JSON.stringify(measured);
  const escaped = json.match(/[<>&]/g)?.length ?? 0;
  return utf8Bytes(json) + 5 * escaped + 1;
}
