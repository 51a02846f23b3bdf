import type { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { containers, initContainers, jobSpec, Obj, objs, path, podKind, podSpec, str } from '../rules/manifest';

/**
 * The one source of the Kubernetes version the output targets, and of which release honours
 * each newer field the constructs emit or the audit reads. Constructs read the target from the
 * construct tree's context; the audit from `--kubernetes-version`. Nothing here imports cdk8s,
 * so the audit path can use it.
 *
 * Why the target matters: the API server drops a field whose feature gate is off (a
 * `podFailurePolicy` sent where `JobPodFailurePolicy` is off quietly turns into "disruptions
 * burn retries"; see `PrepareForCreate` in pkg/registry/batch/job/strategy.go and
 * `DropDisabledTemplateFields` in pkg/api/pod/util.go), and an older
 * server that does not know a field rejects it under kubectl's strict field validation or drops
 * it for clients that do not validate. Both are caught before the manifest reaches a cluster.
 */

/**
 * Construct-tree context key naming the Kubernetes version the output targets, as "1.N", e.g.
 * `app.node.setContext('cdk8s-batch:kubernetesVersion', '1.33')` before charts are added, or
 * `chart.node.setContext(...)` for a chart that targets another cluster.
 */
export const KUBERNETES_VERSION_CONTEXT = 'cdk8s-batch:kubernetesVersion';

/**
 * The target when the tree does not set one: 1.30, the oldest release on which everything the
 * constructs emit by default is honoured (`podFailurePolicy` on by default since 1.26, per-index
 * backoff since 1.29, the preStop `sleep` action since 1.30). A lower default could not
 * synthesize the defaults; a higher one would assume fields (`successPolicy` 1.31, `managedBy`
 * 1.32) that clusters still running on provider extended support lack, and let them through
 * silently. Newer fields therefore need the target declared.
 */
export const DEFAULT_KUBERNETES_VERSION = '1.30';

/** The features of the table. */
export type FeatureKey = 'timeZone' | 'podFailurePolicy' | 'backoffLimitPerIndex' | 'podReplacementPolicy' | 'successPolicy'
| 'managedBy' | 'nativeSidecars' | 'sleepAction' | 'completionIndexLabel';

/** A field newer than some Kubernetes release, and where that release is written down. */
export interface KubernetesFeature {
  /** Short name used in messages, e.g. "the CronJob time zone". */
  readonly name: string;
  /** The field as users see it in YAML. */
  readonly field: string;
  /** The feature gate that guards it. */
  readonly featureGate: string;
  /** Minor version of 1.x where the gate is alpha (off by default), when there was an alpha. */
  readonly alpha?: number;
  /** Minor version of 1.x from which the field is honoured by default (beta on by default, or GA). */
  readonly onByDefault: number;
  /** Minor version of 1.x where the gate is GA, when it is. */
  readonly ga?: number;
  /** The KEP that introduced it. */
  readonly kep: number;
  /** What else a user can do than raising the target, when there is something. */
  readonly otherwise?: string;
}

/**
 * The feature table (also in docs/kubernetes-versions.md). Versions are from the versioned feature-gate specs in
 * Kubernetes' pkg/features/kube_features.go and the KEPs; "on by default" is the release where
 * the gate's default became true, which is when a cluster with default settings honours it.
 */
export const FEATURES: Readonly<Record<FeatureKey, KubernetesFeature>> = {
  timeZone: { name: 'CronJob time zone', field: 'CronJob spec.timeZone', featureGate: 'CronJobTimeZone', alpha: 24, onByDefault: 25, ga: 27, kep: 3140 },
  podFailurePolicy: { name: 'pod failure policy', field: 'Job spec.podFailurePolicy', featureGate: 'JobPodFailurePolicy', alpha: 25, onByDefault: 26, ga: 31, kep: 3329 },
  backoffLimitPerIndex: {
    name: 'per-index backoff limit',
    field: 'Job spec.backoffLimitPerIndex, spec.maxFailedIndexes, podFailurePolicy action FailIndex',
    featureGate: 'JobBackoffLimitPerIndex',
    alpha: 28,
    onByDefault: 29,
    ga: 33,
    kep: 3850,
  },
  podReplacementPolicy: { name: 'pod replacement policy', field: 'Job spec.podReplacementPolicy', featureGate: 'JobPodReplacementPolicy', alpha: 28, onByDefault: 29, ga: 34, kep: 3939 },
  successPolicy: { name: 'Job success policy', field: 'Job spec.successPolicy', featureGate: 'JobSuccessPolicy', alpha: 30, onByDefault: 31, ga: 33, kep: 3998 },
  managedBy: { name: 'Job managedBy', field: 'Job spec.managedBy', featureGate: 'JobManagedBy', alpha: 30, onByDefault: 32, ga: 35, kep: 4368 },
  nativeSidecars: {
    name: 'native sidecar',
    field: 'pod spec.initContainers[].restartPolicy: Always',
    featureGate: 'SidecarContainers',
    alpha: 28,
    onByDefault: 29,
    ga: 33,
    kep: 753,
  },
  sleepAction: {
    name: 'sleep lifecycle action',
    field: 'container lifecycle.preStop.sleep / postStart.sleep',
    featureGate: 'PodLifecycleSleepAction',
    alpha: 29,
    onByDefault: 30,
    ga: 34,
    kep: 3960,
    otherwise: 'for a QueueWorker give preStopCommand (an exec hook needs a shell or sleep binary in the image, which distroless images lack, so it is not substituted silently)',
  },
  completionIndexLabel: {
    name: 'job-completion-index pod label',
    field: 'pod label batch.kubernetes.io/job-completion-index',
    featureGate: 'PodIndexLabel',
    onByDefault: 28,
    ga: 32,
    kep: 4017,
    otherwise: 'read the annotation batch.kubernetes.io/job-completion-index (since 1.24) or the JOB_COMPLETION_INDEX variable',
  },
};

/** A parsed target: Kubernetes 1.N. */
export interface KubernetesVersion {
  readonly minor: number;
  /** As written, "1.N". */
  readonly text: string;
}

const VERSION_FORMAT = /^1\.(0|[1-9][0-9]{0,2})$/;

/** What a version may look like, for error messages. */
export const VERSION_ALLOWED = 'a Kubernetes version "1.N" as a string, e.g. "1.30" (a number would lose the trailing zero: 1.30 is 1.3)';

/** Parses "1.N"; undefined for anything else. */
export function parseKubernetesVersion(value: unknown): KubernetesVersion | undefined {
  if (typeof value !== 'string') return undefined;
  const match = VERSION_FORMAT.exec(value);
  return match ? { minor: Number(match[1]), text: value } : undefined;
}

/**
 * The target version of everything under `scope`: the context value, else the default.
 * @internal
 */
export function resolveKubernetesVersion(scope: IConstruct): KubernetesVersion {
  const fromContext: unknown = scope.node.tryGetContext(KUBERNETES_VERSION_CONTEXT);
  const given = fromContext ?? DEFAULT_KUBERNETES_VERSION;
  const version = parseKubernetesVersion(given);
  if (!version) throw invalid(scope, `context ${KUBERNETES_VERSION_CONTEXT}`, given, VERSION_ALLOWED);
  return version;
}

/** A place in a manifest that relies on a feature. */
export interface FeatureUse {
  readonly feature: FeatureKey;
  /** Where, as a field path, e.g. `spec.jobTemplate.spec.podFailurePolicy`. */
  readonly at: string;
}

const INDEX_LABEL = 'batch.kubernetes.io/job-completion-index';
const INDEX_LABEL_FIELD_PATHS = new Set([`metadata.labels['${INDEX_LABEL}']`, `metadata.labels["${INDEX_LABEL}"]`]);

/** Every place in an object that relies on a feature of the table, in document order. */
export function featuresUsed(doc: Obj): FeatureUse[] {
  const kind = podKind(doc);
  if (kind === undefined) return [];
  const uses: FeatureUse[] = [];
  if (kind === 'CronJob' && isGiven(path(doc, 'spec', 'timeZone'))) uses.push({ feature: 'timeZone', at: 'spec.timeZone' });
  const jobPath = kind === 'CronJob' ? 'spec.jobTemplate.spec' : kind === 'ScaledJob' ? 'spec.jobTargetRef' : 'spec';
  const job = jobSpec(doc);
  if (job) {
    if (isGiven(job.podFailurePolicy)) uses.push({ feature: 'podFailurePolicy', at: `${jobPath}.podFailurePolicy` });
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (isGiven(job[field])) uses.push({ feature: 'backoffLimitPerIndex', at: `${jobPath}.${field}` });
    }
    objs(path(job, 'podFailurePolicy', 'rules')).forEach((rule, i) => {
      if (rule.action === 'FailIndex') uses.push({ feature: 'backoffLimitPerIndex', at: `${jobPath}.podFailurePolicy.rules[${i}].action` });
    });
    for (const field of ['podReplacementPolicy', 'successPolicy', 'managedBy'] as const) {
      if (isGiven(job[field])) uses.push({ feature: field, at: `${jobPath}.${field}` });
    }
  }
  const podPath = kind === 'Pod' ? 'spec' : `${kind === 'CronJob' || kind === 'Job' || kind === 'ScaledJob' ? jobPath : 'spec'}.template.spec`;
  const pod = podSpec(doc);
  initContainers(pod).forEach((c, i) => {
    const at = `${podPath}.initContainers[${i}]`;
    if (c.restartPolicy === 'Always') uses.push({ feature: 'nativeSidecars', at: `${at}.restartPolicy` });
    uses.push(...containerUses(c, at));
  });
  containers(pod).forEach((c, i) => uses.push(...containerUses(c, `${podPath}.containers[${i}]`)));
  return uses;
}

function containerUses(container: Obj, at: string): FeatureUse[] {
  const uses: FeatureUse[] = [];
  for (const hook of ['postStart', 'preStop']) {
    if (isGiven(path(container, 'lifecycle', hook, 'sleep'))) uses.push({ feature: 'sleepAction', at: `${at}.lifecycle.${hook}.sleep` });
  }
  objs(container.env).forEach((env, i) => {
    if (readsIndexLabel(path(env, 'valueFrom', 'fieldRef', 'fieldPath'))) {
      uses.push({ feature: 'completionIndexLabel', at: `${at}.env[${i}].valueFrom.fieldRef.fieldPath` });
    }
  });
  return uses;
}

function readsIndexLabel(fieldPath: unknown): boolean {
  const text = str(fieldPath);
  return text !== undefined && INDEX_LABEL_FIELD_PATHS.has(text.replace(/\s+/g, ''));
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The uses the target does not honour. */
export function unsupportedUses(doc: Obj, target: KubernetesVersion): FeatureUse[] {
  return featuresUsed(doc).filter((use) => FEATURES[use.feature].onByDefault > target.minor);
}

/** When a feature is honoured, in words: "feature gate JobPodFailurePolicy beta and on by default since 1.26, GA 1.31, KEP-3329". */
export function availability(feature: KubernetesFeature): string {
  const stage = feature.ga === feature.onByDefault ? 'GA' : 'beta and on by default';
  const ga = feature.ga !== undefined && feature.ga !== feature.onByDefault ? `, GA 1.${feature.ga}` : '';
  return `feature gate ${feature.featureGate} ${stage} since 1.${feature.onByDefault}${ga}, KEP-${feature.kep}`;
}

/** One clause on a use the target does not honour, shared by synth errors and audit findings. */
export function describeUnsupported(use: FeatureUse, target: KubernetesVersion): string {
  const feature = FEATURES[use.feature];
  const otherwise = feature.otherwise ? `; instead of a newer target, ${feature.otherwise}` : '';
  return `${use.at} (${feature.name}) needs Kubernetes 1.${feature.onByDefault} or later (${availability(feature)}), ` +
    `and ${target.text} drops it (feature gate off) or does not know it${otherwise}`;
}

/**
 * Fails synth when an object a construct is about to emit relies on a field the target version
 * does not honour (no silent replacement). Called for every object the constructs create.
 * @internal
 */
export function requireHonouredFields(scope: IConstruct, manifest: Obj): void {
  const target = resolveKubernetesVersion(scope);
  const missing = unsupportedUses(manifest, target);
  if (missing.length === 0) return;
  const what = `${str(manifest.kind)} ${str(path(manifest, 'metadata', 'name'))}`;
  throw invalid(scope, 'kubernetesVersion', target.text,
    `${what} sets fields Kubernetes ${target.text} does not honour: ${missing.map((u) => describeUnsupported(u, target)).join('; ')}. ` +
    `Set the target with the context value ${KUBERNETES_VERSION_CONTEXT} (default ${DEFAULT_KUBERNETES_VERSION}) to the oldest version the output is applied to`);
}

/**
 * Fails synth when a prop the user gave asks for a feature the target version does not honour,
 * naming that prop (the generic check in `requireHonouredFields` names the field instead). A
 * default the construct writes on its own is never passed here: the construct leaves it out
 * below its version (see `podReplacementPolicy` in job-objects.ts).
 * @internal
 */
export function requireFeatureForProp(scope: IConstruct, prop: string, value: unknown, feature: FeatureKey): void {
  const target = resolveKubernetesVersion(scope);
  const wanted = FEATURES[feature];
  if (wanted.onByDefault <= target.minor) return;
  throw invalid(scope, prop, value,
    `${wanted.field} (${wanted.name}) needs Kubernetes 1.${wanted.onByDefault} or later (${availability(wanted)}), and the target ` +
    `${target.text} drops it (feature gate off) or does not know it. Raise the target with the context value ${KUBERNETES_VERSION_CONTEXT} ` +
    `(default ${DEFAULT_KUBERNETES_VERSION}) if every cluster the output is applied to runs 1.${wanted.onByDefault} or later, or leave ${prop} out`);
}
