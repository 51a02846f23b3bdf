import { ANNOTATIONS_MAX_BYTES, annotationBytes, annotationBytesBound, anyAnnotationsBoundAbove, metadataPaths } from '../annotation-size';
import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { ANY_KIND, Rule } from '../rule';

/** Any Kubernetes object: the API server validates every ObjectMeta the same way. */
export const annotationsTooLarge: Rule = {
  id: 'annotations-too-large',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The annotations of each metadata (the object\'s and its pod template\'s) total at most 256 KiB.',
    why: 'The API server rejects an object whose annotations, keys plus values, exceed 262144 bytes. The ' +
      'object then does not apply at all, usually discovered only in the deploy pipeline.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
        annotations:
          platform.example.com/notes: <FILLER>
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
        annotations:
          platform.example.com/notes: see https://runbooks.example.com/reports/nightly-export
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    filler: { placeholder: '<FILLER>', characters: 270_000 },
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/',
    ],
  },
  appliesToText: 'any object',
  passesWhen: `the annotations of each metadata (the object's and its templates') total at most ${ANNOTATIONS_MAX_BYTES} bytes (keys plus values, as the API server counts them)`,
  kinds: ANY_KIND,
  appliesTo: () => true,
  check(doc) {
    // A bound within the limit on every metadata proves the object fits (nearly every object).
    if (!anyAnnotationsBoundAbove(doc, ANNOTATIONS_MAX_BYTES)) return undefined;
    const over = metadataPaths(doc)
      // A bound within the limit proves it (nearly every object): only the others are measured.
      .filter((m) => annotationBytesBound(m.annotations) > ANNOTATIONS_MAX_BYTES)
      .map((m) => ({ path: m.path, bytes: annotationBytes(m.annotations) }))
      .filter((m) => m.bytes > ANNOTATIONS_MAX_BYTES);
    if (over.length === 0) return undefined;
    const where = over.map((m) => `${m.path} total ${m.bytes} bytes`).join('; ');
    return `${where}, over the API server's limit of ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB, keys plus values) for the annotations of one object, so it rejects the object; move large content into a ConfigMap or Secret and reference it.`;
  },
};
