import { ANNOTATIONS_MAX_BYTES, LAST_APPLIED, annotationBytes, annotationBytesBound, lastAppliedBytes, lastAppliedBytesBound } from '../annotation-size';
import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { path } from '../manifest';
import { ANY_KIND, Rule } from '../rule';

/**
 * Any Kubernetes object. Client-side `kubectl apply` (and Argo CD, which applies that way unless
 * the ServerSideApply=true sync option is set) copies the whole object into one annotation, so an
 * object the API server would accept can still fail to apply.
 */
export const tooLargeForClientSideApply: Rule = {
  id: 'too-large-for-client-side-apply',
  severity: RuleSeverity.WARNING,
  doc: {
    summary: 'The object is small enough for `kubectl apply` without server-side apply.',
    why: 'Client-side `kubectl apply` stores the whole object in the ' +
      '`kubectl.kubernetes.io/last-applied-configuration` annotation, and annotations are limited to 256 ' +
      'KiB in total. An object larger than that applies with `kubectl create` or server-side apply, but ' +
      'fails with plain `kubectl apply`.',
    failing: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: export-templates
        namespace: reports
      data:
        template.html: <FILLER>
    `,
    fixed: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: export-templates
        namespace: reports
      data:
        template.html: <html>...</html>
    `,
    filler: { placeholder: '<FILLER>', characters: 270_000 },
    references: [
      'https://kubernetes.io/docs/reference/using-api/server-side-apply/',
    ],
  },
  appliesToText: 'any object',
  passesWhen: `the object's JSON, stored in ${LAST_APPLIED} next to its other annotations, stays within the ${ANNOTATIONS_MAX_BYTES}-byte annotation limit`,
  kinds: ANY_KIND,
  appliesTo: () => true,
  check(doc, ctx) {
    const annotations = path(doc, 'metadata', 'annotations');
    // Nearly every object is far below the limit: upper bounds of both parts prove it without
    // encoding anything (the object's bound comes from field-invalid's walk when that ran);
    // only an object near the limit is measured.
    const bound = annotationBytesBound(annotations, LAST_APPLIED) + LAST_APPLIED.length + lastAppliedBytesBound(doc, ctx.jsonBytesBound(doc));
    if (bound <= ANNOTATIONS_MAX_BYTES) return undefined;
    const others = annotationBytes(annotations, LAST_APPLIED);
    // Annotations already over the limit are annotations-too-large's error.
    if (others > ANNOTATIONS_MAX_BYTES) return undefined;
    const room = ANNOTATIONS_MAX_BYTES - others - LAST_APPLIED.length;
    // Exact only when it can matter: a bound that fits proves the object fits.
    const applied = lastAppliedBytes(doc, room);
    const total = others + LAST_APPLIED.length + applied;
    if (total <= ANNOTATIONS_MAX_BYTES) return undefined;
    return `client-side apply would store the whole object (${applied} bytes of JSON) in annotation ${LAST_APPLIED}, making the annotations ${total} bytes, over the API server's limit of ${ANNOTATIONS_MAX_BYTES}; \`kubectl apply\` without --server-side (and Argo CD unless the ServerSideApply=true sync option is set) then fails. Apply it server-side, or make the object smaller.`;
  },
};
