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
  for (const key of Object.keys(o)) {
    if (key === skipKey) continue;
    const value = o[key];
    units += key.length + (typeof value === 'string' ? value.length : 0);
  }
  return 3 * units;
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

/**
 * An upper bound of a value's JSON size in bytes, without building the JSON: every UTF-16 unit
 * of a string or key counted as six bytes (the longest escape), every scalar as 24, plus quotes
 * and punctuation. Several times cheaper than JSON.stringify, and small objects are the rule.
 */
function jsonBytesBound(value: unknown, forIn: boolean): number {
  if (typeof value === 'string') return 6 * value.length + 2;
  if (typeof value !== 'object' || value === null) return 24;
  let total = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) total += jsonBytesBound(value[i], forIn) + 1;
    return total;
  }
  const o = value as Obj;
  // Objects that serialize themselves (a Date from code) are measured the slow way.
  if (typeof o.toJSON === 'function') return 6 * (JSON.stringify(o)?.length ?? 0) + 2;
  if (forIn && isPlainObject(o)) {
    // The same keys as Object.keys (see forInSeesOwnKeysOnly), without an array per object.
    for (const key in o) total += 6 * key.length + 4 + jsonBytesBound(o[key], forIn);
    return total;
  }
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) total += 6 * keys[i].length + 4 + jsonBytesBound(o[keys[i]], forIn);
  return total;
}

/** An upper bound of {@link lastAppliedBytes}, without building the JSON. */
export function lastAppliedBytesBound(doc: Obj): number {
  return jsonBytesBound(doc, forInSeesOwnKeysOnly()) + 1;
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
