import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { addCronJobAlerts, CronJobAlertProps } from './alerts';
import { carryReasons, explainFields } from './decisions';
import { JobLimits } from './job-limits';
import { kubeObject, KubeType } from './kube-object';
import { FEATURES, resolveKubernetesVersion } from './kubernetes-version';
import { JobControls } from './kueue';
import { SchedulePolicy } from './schedule-policy';
import { companionAnnotations, PreparedWorkload } from './workload';

/** A Job's `spec.successPolicy` (Kubernetes 1.31+, Indexed Jobs only). @internal */
export interface JobSuccessPolicy {
  readonly rules: ReadonlyArray<{ readonly succeededIndexes?: string; readonly succeededCount?: number }>;
}

/**
 * A Job spec with the fields newer than the bundled typed API (cdk8s-plus-28 carries Kubernetes
 * 1.28's, whose JobSpec has neither `successPolicy` nor `managedBy`, both added in 1.30). The typed
 * classes drop fields they do not know, so `KUBE_JOB` and `KUBE_CRON_JOB` put them back.
 * @internal
 */
export interface FiniteJobSpec extends k8s.JobSpec {
  readonly successPolicy?: JobSuccessPolicy;
  readonly managedBy?: string;
}

/** The Job spec fields the typed classes do not know, copied as given. */
const NEWER_JOB_FIELDS = ['successPolicy', 'managedBy'] as const;

function withNewerJobFields(rendered: any, given: FiniteJobSpec | undefined): void {
  for (const field of NEWER_JOB_FIELDS) {
    if (given?.[field] !== undefined) rendered[field] = given[field];
  }
}

/** `k8s.KubeJob` with `FiniteJobSpec`'s newer fields. @internal */
export const KUBE_JOB: KubeType<k8s.KubeJobProps & { readonly spec: FiniteJobSpec }> = {
  GVK: k8s.KubeJob.GVK,
  manifest(props) {
    const manifest = k8s.KubeJob.manifest(props);
    withNewerJobFields(manifest.spec, props.spec);
    return manifest;
  },
};

/** `k8s.KubeCronJob` with `FiniteJobSpec`'s newer fields in the job template. @internal */
export const KUBE_CRON_JOB: KubeType<k8s.KubeCronJobProps> = {
  GVK: k8s.KubeCronJob.GVK,
  manifest(props) {
    const manifest = k8s.KubeCronJob.manifest(props);
    withNewerJobFields(manifest.spec.jobTemplate.spec, props.spec?.jobTemplate.spec as FiniteJobSpec | undefined);
    return manifest;
  },
};

/**
 * The Job spec every finite workload carries: bounded retries and runtime, retention, failure
 * classification and the pod. `shape` adds what differs (completions, indexed fields).
 *
 * Two safety-relevant defaults are written out rather than left to the API server, so the YAML
 * says what the cluster does and a review or an audit sees it:
 * - `completionMode: NonIndexed` unless `shape` makes the Job Indexed.
 * - `podReplacementPolicy: Failed`: a replacement pod is created only once the previous pod is
 *   terminal (phase Failed or Succeeded), not while it is still terminating, which narrows the
 *   window in which two pods of one unit of work run at once. It is also the only value
 *   Kubernetes allows with `podFailurePolicy` (validatePodReplacementPolicy in
 *   pkg/apis/batch/validation), and the value SetDefaults_Job picks when `podFailurePolicy` is
 *   set. Kubernetes may still start a pod twice (a node that stops reporting), so idempotency
 *   keys stay required.
 *
 * Below the version that honours `podReplacementPolicy` (feature gate JobPodReplacementPolicy,
 * on by default since 1.29) the field is omitted, silently: it is a default the construct writes,
 * not something the user asked for, and there the Job controller already waits for a terminal
 * pod whenever `podFailurePolicy` is set, as every construct's Job does (`onlyReplaceFailedPods`
 * in pkg/controller/job/job_controller.go of those releases), so leaving it out changes nothing.
 * A field the user asked for stays a synth error below its version.
 * @internal
 */
export function finiteJobSpec(
  scope: IConstruct,
  limits: JobLimits,
  podFailurePolicy: k8s.PodFailurePolicy,
  template: k8s.PodTemplateSpec,
  shape: Omit<FiniteJobSpec, 'template'> = {},
): FiniteJobSpec {
  const spec: FiniteJobSpec = explainFields({
    completionMode: 'NonIndexed',
    ...shape,
    backoffLimit: limits.backoffLimit,
    activeDeadlineSeconds: limits.activeDeadlineSeconds,
    // Absent when a GitOps tool ends the Job (see job-limits.ts).
    ...(limits.ttlSecondsAfterFinished === undefined ? {} : { ttlSecondsAfterFinished: limits.ttlSecondsAfterFinished }),
    podFailurePolicy,
    ...(honoursPodReplacementPolicy(scope) ? { podReplacementPolicy: 'Failed' } : {}),
    template,
  }, {
    completionMode: shape.completionMode === undefined
      ? 'one pod\'s success completes the Job; written out, not left to the API server\'s default'
      : undefined,
    podReplacementPolicy: 'replace a pod only once it is terminal, never beside a terminating one (required with podFailurePolicy)',
  });
  return explainFields(carryReasons(shape, spec), limits.reasons);
}

/** `spec.managedBy` when given. @internal */
export function managedByField(controls: JobControls): Pick<FiniteJobSpec, 'managedBy'> {
  return controls.managedBy === undefined ? {} : { managedBy: controls.managedBy };
}

/** Whether the target Kubernetes version honours `podReplacementPolicy` (see finiteJobSpec). */
function honoursPodReplacementPolicy(scope: IConstruct): boolean {
  return resolveKubernetesVersion(scope).minor >= FEATURES.podReplacementPolicy.onByDefault;
}

/** A CronJob and the alerts on it. @internal */
export interface ScheduledObjects {
  readonly cronJob: ApiObject;
  readonly alerts?: ApiObject;
}

/**
 * The CronJob of a scheduled construct, from its resolved schedule policy, plus its freshness
 * and failure alerts. The Jobs it creates carry the workload's labels, owner and runbook, so
 * `kubectl describe job` shows whom to call; the rest of the annotations stay on the CronJob,
 * where the rules read them (copying them to every Job would only grow each manifest).
 * @internal
 */
export function scheduledCronJob(
  scope: Construct,
  workload: PreparedWorkload,
  policy: SchedulePolicy,
  podFailurePolicy: k8s.PodFailurePolicy,
  template: k8s.PodTemplateSpec,
  alerts: CronJobAlertProps | undefined,
  controls: JobControls,
): ScheduledObjects {
  const { labels, annotations } = workload.metadata;
  const cronJob = kubeObject(scope, 'CronJob', KUBE_CRON_JOB, {
    metadata: { name: workload.name, namespace: workload.namespace, labels, annotations },
    spec: carryReasons(policy.cronJobFields, {
      ...policy.cronJobFields,
      jobTemplate: {
        // Kueue reads its queue label from each Job, so it goes on the template, not the CronJob.
        metadata: { labels: carryReasons(labels, { ...labels, ...controls.labels }), annotations: companionAnnotations(workload.metadata) },
        spec: finiteJobSpec(scope, policy.limits, podFailurePolicy, template, managedByField(controls)),
      },
    }),
  });
  return {
    cronJob,
    alerts: addCronJobAlerts(scope, cronJob, workload, alerts, {
      schedule: policy.schedule,
      activeDeadlineSeconds: policy.limits.activeDeadlineSeconds,
      startingDeadlineSeconds: policy.cronJobFields.startingDeadlineSeconds!,
    }),
  };
}
