/**
 * Per-kind rules of the API server's validation (kubernetes/pkg/apis/<group>/validation) that the
 * OpenAPI schema cannot express: cross-field constraints and value ranges. Only rules that a
 * default Kubernetes 1.33 API server applies at creation are here, each named after the Go
 * function that enforces it.
 */
import { PathSegment, Problem } from './problem';

type Json = Record<string, unknown>;
type KindRules = (manifest: Json) => Problem[];

const RULES: Record<string, KindRules> = {
  'batch/v1 Job': (m) => jobSpecProblems(asObject(m.spec), ['spec']),
  'batch/v1 CronJob': cronJobProblems,
  'apps/v1 Deployment': replicatedWorkloadProblems,
  'apps/v1 ReplicaSet': replicatedWorkloadProblems,
  'apps/v1 StatefulSet': replicatedWorkloadProblems,
  'apps/v1 DaemonSet': replicatedWorkloadProblems,
  'autoscaling/v2 HorizontalPodAutoscaler': horizontalPodAutoscalerProblems,
  'autoscaling/v1 HorizontalPodAutoscaler': horizontalPodAutoscalerProblems,
  'policy/v1 PodDisruptionBudget': podDisruptionBudgetProblems,
  'v1 ConfigMap': (m) => dataKeyProblems(m, ['data', 'binaryData']),
  'v1 Secret': (m) => dataKeyProblems(m, ['data', 'stringData']),
};

/** The kind-specific problems of a manifest (none for kinds without such rules). */
export function workloadProblems(manifest: Json): Problem[] {
  const rules = RULES[`${String(manifest.apiVersion)} ${String(manifest.kind)}`];
  return rules ? rules(manifest) : [];
}

/**
 * validateJobSpec: a Job's pods must not restart in place forever, so restartPolicy is OnFailure
 * or Never (an omitted one defaults to Always and is rejected); podFailurePolicy needs Never;
 * counts and the TTL are non-negative.
 */
export function jobSpecProblems(spec: Json, path: PathSegment[]): Problem[] {
  const problems = nonNegative(spec, path, ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished']);
  const template = asObject(spec.template);
  const restartPolicy = asObject(template.spec).restartPolicy;
  const restartPath = [...path, 'template', 'spec', 'restartPolicy'];
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    problems.push({
      path: restartPath,
      message: `${restartPolicy === undefined ? 'omitted (defaults to "Always")' : JSON.stringify(restartPolicy)}: a Job's pods need restartPolicy "OnFailure" or "Never" (validateJobSpec)`,
    });
  } else if (spec.podFailurePolicy !== undefined && restartPolicy !== 'Never') {
    problems.push({ path: restartPath, message: 'only "Never" is supported when podFailurePolicy is specified (validateJobSpec)' });
  }
  return problems;
}

/** ValidateCronJobSpec: non-negative deadline and history limits, and a valid Job spec. */
export function cronJobProblems(manifest: Json): Problem[] {
  const spec = asObject(manifest.spec);
  return [
    ...nonNegative(spec, ['spec'], ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']),
    ...jobSpecProblems(asObject(asObject(spec.jobTemplate).spec), ['spec', 'jobTemplate', 'spec']),
  ];
}

/**
 * ValidateDeploymentSpec and its ReplicaSet/StatefulSet/DaemonSet siblings: a non-empty selector
 * that matches the pod template's labels (or the controller would adopt nothing it creates), and
 * pods that always restart (ValidatePodTemplateSpecForReplicaSet).
 */
export function replicatedWorkloadProblems(manifest: Json): Problem[] {
  const spec = asObject(manifest.spec);
  const problems = nonNegative(spec, ['spec'], ['replicas']);
  const selector = asObject(spec.selector);
  const template = asObject(spec.template);
  const labels = asObject(asObject(template.metadata).labels);
  const hasRequirements = Object.keys(asObject(selector.matchLabels)).length > 0 || listOf(selector.matchExpressions).length > 0;
  if (spec.selector !== undefined && !hasRequirements) {
    problems.push({ path: ['spec', 'selector'], message: `an empty selector is invalid for a ${String(manifest.kind)}` });
  } else if (hasRequirements && !selectorMatches(selector, labels)) {
    problems.push({ path: ['spec', 'template', 'metadata', 'labels'], message: '`selector` does not match template `labels`' });
  }
  const restartPolicy = asObject(template.spec).restartPolicy;
  if (restartPolicy !== undefined && restartPolicy !== 'Always') {
    problems.push({
      path: ['spec', 'template', 'spec', 'restartPolicy'],
      message: `${JSON.stringify(restartPolicy)}: only "Always" is supported for a ${String(manifest.kind)}'s pods`,
    });
  }
  return problems;
}

/** ValidateHorizontalPodAutoscalerSpec: 1 <= minReplicas (default 1) <= maxReplicas. */
export function horizontalPodAutoscalerProblems(manifest: Json): Problem[] {
  const spec = asObject(manifest.spec);
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  const problems: Problem[] = [];
  if (min < 1) {
    // Zero needs the alpha HPAScaleToZero feature gate, off by default.
    problems.push({ path: ['spec', 'minReplicas'], message: 'must be greater than or equal to 1' });
  }
  if (typeof spec.maxReplicas === 'number' && spec.maxReplicas < min) {
    problems.push({ path: ['spec', 'maxReplicas'], message: `must be greater than or equal to minReplicas (${min})` });
  }
  return problems;
}

/** ValidatePodDisruptionBudgetSpec: minAvailable and maxUnavailable are mutually exclusive. */
export function podDisruptionBudgetProblems(manifest: Json): Problem[] {
  const spec = asObject(manifest.spec);
  return spec.minAvailable !== undefined && spec.maxUnavailable !== undefined
    ? [{ path: ['spec'], message: 'minAvailable and maxUnavailable cannot be both set' }]
    : [];
}

/** IsConfigMapKey for every key of the listed maps (ConfigMap and Secret data). */
export function dataKeyProblems(manifest: Json, fields: readonly string[]): Problem[] {
  return fields.flatMap((field) =>
    Object.keys(asObject(manifest[field])).flatMap((key) => configMapKeyErrors(key).map((message) => ({ path: [field, key], message }))),
  );
}

/** Reasons `key` is not a valid ConfigMap/Secret key (IsConfigMapKey). */
export function configMapKeyErrors(key: string): string[] {
  const errors: string[] = [];
  if (key.length > 253) {
    errors.push('key must be no more than 253 characters');
  }
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errors.push('key must consist of alphanumerics, "-", "_" or "."');
  }
  if (key === '.' || key === '..') {
    errors.push(`key must not be ${JSON.stringify(key)}`);
  } else if (key.startsWith('..')) {
    errors.push('key must not start with ".."');
  }
  return errors;
}

/** Whether a LabelSelector (matchLabels and matchExpressions) selects `labels`. */
export function selectorMatches(selector: Json, labels: Json): boolean {
  const matchLabels = Object.entries(asObject(selector.matchLabels)).every(([key, value]) => labels[key] === value);
  return matchLabels && listOf(selector.matchExpressions).every((requirement) => {
    const key = String(requirement.key);
    const values = Array.isArray(requirement.values) ? requirement.values : [];
    const present = Object.prototype.hasOwnProperty.call(labels, key);
    switch (requirement.operator) {
      case 'In':
        return present && values.includes(labels[key]);
      case 'NotIn':
        return !present || !values.includes(labels[key]);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
      default:
        return false; // an unknown operator is a schema/validation error; it selects nothing
    }
  });
}

function nonNegative(spec: Json, path: PathSegment[], fields: readonly string[]): Problem[] {
  return fields
    .filter((field) => typeof spec[field] === 'number' && (spec[field] as number) < 0)
    .map((field) => ({ path: [...path, field], message: 'must be greater than or equal to 0' }));
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function listOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asObject) : [];
}
