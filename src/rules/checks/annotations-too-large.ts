import { ANNOTATIONS_MAX_BYTES, annotationBytes, metadataPaths } from '../annotation-size';
import { RuleSeverity } from '../finding';
import { Rule } from '../rule';

/** Any Kubernetes object: the API server validates every ObjectMeta the same way. */
export const annotationsTooLarge: Rule = {
  id: 'annotations-too-large',
  severity: RuleSeverity.ERROR,
  lesson: '23',
  appliesToText: 'any object',
  passesWhen: `the annotations of each metadata (the object's and its templates') total at most ${ANNOTATIONS_MAX_BYTES} bytes (keys plus values, as the API server counts them)`,
  appliesTo: () => true,
  check(doc) {
    const over = metadataPaths(doc)
      .map((m) => ({ path: m.path, bytes: annotationBytes(m.annotations) }))
      .filter((m) => m.bytes > ANNOTATIONS_MAX_BYTES);
    if (over.length === 0) return undefined;
    const where = over.map((m) => `${m.path} total ${m.bytes} bytes`).join('; ');
    return `${where}, over the API server's limit of ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB, keys plus values) for the annotations of one object, so it rejects the object; move large content into a ConfigMap or Secret and reference it.`;
  },
};
