/**
 * The API server's limit on annotations, and what `kubectl apply` adds to them.
 *
 * Kubernetes (apimachinery pkg/api/validation, ValidateAnnotationsSize) sums len(key) + len(value)
 * in bytes over all annotations of one ObjectMeta and rejects the object above
 * TotalAnnotationSizeLimitB = 256 KiB.
 */
import { Obj, obj, path } from './manifest';

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
 * Bytes of the last-applied-configuration value client-side apply would write: the object
 * without that annotation, encoded as Go's json.Encoder does (compact, `<`, `>` and `&` escaped
 * as six-byte `\u003c` sequences, a trailing newline). Below `exactAbove` an upper bound is
 * returned instead (every UTF-16 unit counted as six bytes), which spares exact counting for the
 * small objects that make up nearly every manifest set.
 */
export function lastAppliedBytes(doc: Obj, exactAbove = 0): number {
  const annotations = obj(path(doc, 'metadata', 'annotations'));
  let measured: Obj = doc;
  if (annotations && LAST_APPLIED in annotations) {
    const rest = { ...annotations };
    delete rest[LAST_APPLIED];
    measured = { ...doc, metadata: { ...obj(doc.metadata), annotations: rest } };
  }
  const json = JSON.stringify(measured);
  const bound = 6 * json.length + 1;
  if (bound <= exactAbove) return bound;
  const escaped = json.match(/[<>&]/g)?.length ?? 0;
  return utf8Bytes(json) + 5 * escaped + 1;
}

