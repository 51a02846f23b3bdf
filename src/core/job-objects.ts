import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { addCronJobAlerts, CronJobAlertProps } from './alerts';
import { JobLimits } from './job-limits';
import { kubeObject } from './kube-object';
import { FEATURES, resolveKubernetesVersion } from './kubernetes-version';
import { SchedulePolicy } from './schedule-policy';
import { companionAnnotations, PreparedWorkload } from './workload';

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
 * in pkg/controller/job/job_controller.go of those releases), so leaving it out changes nothing. A field the user asked for stays a synth error below its version.
 * @internal
 */
export function finiteJobSpec(
  scope: IConstruct,
  limits: JobLimits,
  podFailurePolicy: k8s.PodFailurePolicy,
  template: k8s.PodTemplateSpec,
  shape: Omit<k8s.JobSpec, 'template'> = {},
): k8s.JobSpec {
  return {
    completionMode: 'NonIndexed',
    ...shape,
    backoffLimit: limits.backoffLimit,
    activeDeadlineSeconds: limits.activeDeadlineSeconds,
    // Absent when a GitOps tool ends the Job (see job-limits.ts).
    ...(limits.ttlSecondsAfterFinished === undefined ? {} : { ttlSecondsAfterFinished: limits.ttlSecondsAfterFinished }),
    podFailurePolicy,
    ...(honoursPodReplacementPolicy(scope) ? { podReplacementPolicy: 'Failed' } : {}),
    template,
  };
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
): ScheduledObjects {
  const { labels, annotations } = workload.metadata;
  const cronJob = kubeObject(scope, 'CronJob', k8s.KubeCronJob, {
    metadata: { name: workload.name, namespace: workload.namespace, labels, annotations },
    spec: {
      ...policy.cronJobFields,
      jobTemplate: {
        metadata: { labels, annotations: companionAnnotations(workload.metadata) },
        spec: finiteJobSpec(scope, policy.limits, podFailurePolicy, template),
      },
    },
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
