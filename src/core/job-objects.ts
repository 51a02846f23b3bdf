import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { addCronJobAlerts, CronJobAlertProps } from './alerts';
import { carryReasons, explainFields } from './decisions';
import { JobLimits } from './job-limits';
import { kubeObject } from './kube-object';
import { SchedulePolicy } from './schedule-policy';
import { companionAnnotations, PreparedWorkload } from './workload';

/**
 * The Job spec every finite workload carries: bounded retries and runtime, retention, failure
 * classification and the pod. `shape` adds what differs (completions, indexed fields).
 * @internal
 */
export function finiteJobSpec(
  limits: JobLimits,
  podFailurePolicy: k8s.PodFailurePolicy,
  template: k8s.PodTemplateSpec,
  shape: Omit<k8s.JobSpec, 'template'> = {},
): k8s.JobSpec {
  const spec: k8s.JobSpec = {
    ...shape,
    backoffLimit: limits.backoffLimit,
    activeDeadlineSeconds: limits.activeDeadlineSeconds,
    // Absent when a GitOps tool ends the Job (see job-limits.ts).
    ...(limits.ttlSecondsAfterFinished === undefined ? {} : { ttlSecondsAfterFinished: limits.ttlSecondsAfterFinished }),
    podFailurePolicy,
    template,
  };
  return explainFields(carryReasons(shape, spec), limits.reasons);
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
    spec: carryReasons(policy.cronJobFields, {
      ...policy.cronJobFields,
      jobTemplate: {
        metadata: { labels, annotations: companionAnnotations(workload.metadata) },
        spec: finiteJobSpec(policy.limits, podFailurePolicy, template),
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
