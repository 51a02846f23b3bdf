/**
 * Name, label and annotation rules the API server enforces but the OpenAPI schema does not express.
 *
 * Each function mirrors a check of k8s.io/apimachinery/pkg/util/validation or of the kind's
 * validation in kubernetes/pkg/apis/<group>/validation, and says which one in its message, so a
 * failing test points at the Kubernetes rule rather than at this harness.
 */
import { PathSegment, Problem } from './problem';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;
const QUALIFIED_NAME_MAX = 63;
const LABEL_VALUE_MAX = 63;
/** apimachinery TotalAnnotationSizeLimitB: keys plus values of one object's annotations. */
const ANNOTATIONS_TOTAL_MAX_BYTES = 256 * 1024;

/** Reasons `value` is not a DNS-1123 subdomain (IsDNS1123Subdomain); empty when it is one. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) {
    errors.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX} characters (DNS-1123 subdomain)`);
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push(
      'must be a DNS-1123 subdomain: lower-case alphanumerics, "-" and ".", starting and ending with an alphanumeric',
    );
  }
  return errors;
}

/** Reasons `value` is not a DNS-1123 label (IsDNS1123Label), as namespaces must be. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) {
    errors.push(`must be no more than ${DNS1123_LABEL_MAX} characters (DNS-1123 label)`);
  }
  if (!DNS1123_LABEL.test(value)) {
    errors.push('must be a DNS-1123 label: lower-case alphanumerics and "-", starting and ending with an alphanumeric');
  }
  return errors;
}

/** Reasons `value` is not a DNS-1035 label (IsDNS1035Label), as Service names must be. */
export function dns1035LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) {
    errors.push(`must be no more than ${DNS1123_LABEL_MAX} characters (DNS-1035 label)`);
  }
  if (!DNS1035_LABEL.test(value)) {
    errors.push('must be a DNS-1035 label: lower-case alphanumerics and "-", starting with a letter and ending with an alphanumeric');
  }
  return errors;
}

/** Reasons `value` is not a valid path segment name (IsValidPathSegmentName), the RBAC name rule. */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') {
    return [`may not be "${value}" (path segment name)`];
  }
  return value.includes('/') || value.includes('%') ? ['may not contain "/" or "%" (path segment name)'] : [];
}

/** Reasons `key` is not a qualified name (IsQualifiedName): `[prefix/]name`, used for label and annotation keys. */
export function qualifiedNameErrors(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return ['must be a qualified name: an optional DNS subdomain prefix and "/", then a name'];
  }
  const errors: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) {
      errors.push('prefix part must be non-empty');
    } else {
      errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
    }
  }
  if (name.length === 0) {
    errors.push('name part must be non-empty');
  } else {
    if (name.length > QUALIFIED_NAME_MAX) {
      errors.push(`name part must be no more than ${QUALIFIED_NAME_MAX} characters`);
    }
    if (!QUALIFIED_NAME_PART.test(name)) {
      errors.push('name part must consist of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric');
    }
  }
  return errors;
}

/** Reasons `value` is not a valid label value (IsValidLabelValue); the empty string is valid. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > LABEL_VALUE_MAX) {
    errors.push(`must be no more than ${LABEL_VALUE_MAX} characters (label value)`);
  }
  if (!LABEL_VALUE.test(value)) {
    errors.push('must be empty or consist of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric (label value)');
  }
  return errors;
}

/**
 * The object's `metadata.name` rule for its kind. Most kinds use NameIsDNSSubdomain; the
 * exceptions below are the ones from Kubernetes' per-kind validation that matter for batch apps.
 */
export function objectNameProblems(manifest: Record<string, unknown>): Problem[] {
  const metadata = asRecord(manifest.metadata);
  const name = metadata?.name;
  const path = ['metadata', 'name'];
  if (typeof name !== 'string' || name.length === 0) {
    // generateName would be legal for `create`, but synthesized manifests are applied
    // declaratively and must be reproducible, so a fixed name is required.
    return [{ path, message: 'required: synthesized manifests need a fixed metadata.name' }];
  }
  const problems = nameRuleFor(String(manifest.kind))(name).map((message) => ({ path, message }));
  const namespace = metadata?.namespace;
  if (typeof namespace === 'string') {
    problems.push(...dns1123LabelErrors(namespace).map((message) => ({ path: ['metadata', 'namespace'], message })));
  }
  return problems;
}

function nameRuleFor(kind: string): (name: string) => string[] {
  switch (kind) {
    case 'Service':
      return dns1035LabelErrors; // ValidateServiceName
    case 'Namespace':
      return dns1123LabelErrors; // ValidateNamespaceName
    case 'Role':
    case 'ClusterRole':
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return pathSegmentNameErrors; // ValidateRBACName
    case 'Job':
      // The Job controller labels its pods `batch.kubernetes.io/job-name: <name>` (and the
      // legacy `job-name`), so a longer name fails label value validation at creation.
      return (name) => [...dns1123SubdomainErrors(name), ...maxLength(name, 63, 'a Job name becomes the job-name label value')];
    case 'CronJob':
      // ValidateCronJob: the controller appends an 11-character suffix ("-" + scheduled time)
      // to build Job names, which must stay within 63.
      return (name) => [...dns1123SubdomainErrors(name), ...maxLength(name, 52, 'CronJob names get an 11-character suffix for their Jobs')];
    default:
      return dns1123SubdomainErrors; // ValidateObjectMeta with NameIsDNSSubdomain
  }
}

function maxLength(value: string, max: number, why: string): string[] {
  return value.length > max ? [`must be no more than ${max} characters (${why}); got ${value.length}`] : [];
}

/** Problems of a label map (ValidateLabels): keys are qualified names, values label values. */
export function labelMapProblems(labels: unknown, path: readonly PathSegment[]): Problem[] {
  const map = asRecord(labels);
  if (!map) {
    return [];
  }
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(map)) {
    problems.push(...qualifiedNameErrors(key).map((e) => ({ path: [...path, key], message: `label key ${e}` })));
    if (typeof value === 'string') {
      problems.push(...labelValueErrors(value).map((e) => ({ path: [...path, key], message: `label value ${JSON.stringify(value)} ${e}` })));
    }
  }
  return problems;
}

/** Problems of an annotation map (ValidateAnnotations): qualified-name keys (checked lower-cased), 256 KiB in total. */
export function annotationMapProblems(annotations: unknown, path: readonly PathSegment[]): Problem[] {
  const map = asRecord(annotations);
  if (!map) {
    return [];
  }
  const problems: Problem[] = [];
  let totalBytes = 0;
  for (const [key, value] of Object.entries(map)) {
    problems.push(...qualifiedNameErrors(key.toLowerCase()).map((e) => ({ path: [...path, key], message: `annotation key ${e}` })));
    totalBytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (totalBytes > ANNOTATIONS_TOTAL_MAX_BYTES) {
    problems.push({ path, message: `annotations total ${totalBytes} bytes, must be no more than ${ANNOTATIONS_TOTAL_MAX_BYTES}` });
  }
  return problems;
}

/**
 * Label and annotation problems wherever Kubernetes validates them in a workload: the object's
 * metadata, the metadata of (job) templates, label selectors' matchLabels, pod nodeSelectors and a
 * Service's selector.
 */
export function labelAndAnnotationProblems(manifest: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    const record = asRecord(node);
    if (!record) {
      return;
    }
    for (const [key, value] of Object.entries(record)) {
      const childPath = [...path, key];
      const parentKey = path[path.length - 1];
      if (key === 'metadata' && (path.length === 0 || parentKey === 'template' || parentKey === 'jobTemplate')) {
        const metadata = asRecord(value);
        problems.push(...labelMapProblems(metadata?.labels, [...childPath, 'labels']));
        problems.push(...annotationMapProblems(metadata?.annotations, [...childPath, 'annotations']));
      } else if (key === 'matchLabels' || key === 'nodeSelector') {
        problems.push(...labelMapProblems(value, childPath));
      } else if (manifest.kind === 'Service' && path.length === 1 && path[0] === 'spec' && key === 'selector') {
        problems.push(...labelMapProblems(value, childPath));
      }
      visit(value, childPath);
    }
  };
  visit(manifest, []);
  return problems;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
