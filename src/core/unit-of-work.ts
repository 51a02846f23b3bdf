import { k8s } from 'cdk8s-plus-28';

/**
 * Every container learns which unit of work it is running, so each log line can carry it
 * (rule unit-of-work-env: logs are structured with unit-of-work identifiers).
 *
 * The value comes from the pod's `batch.kubernetes.io/job-name` label (set by the Job controller
 * since Kubernetes 1.27) through the downward API. For Jobs created by a CronJob, that name ends in
 * the scheduled time in minutes since the Unix epoch, so it identifies the scheduled run.
 */
export const UNIT_OF_WORK_ENV = 'UNIT_OF_WORK_ID';

/** The label the Job controller puts on each pod it creates. */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/**
 * The UNIT_OF_WORK_ID env var, from the Job's name by default. A queue worker (a Deployment) passes
 * `metadata.name`: its unit of work is the message, and the pod name ties a log line to the consumer
 * that handled it (the worker logs the message id next to it).
 * @internal
 */
export function unitOfWorkEnv(fieldPath: string = `metadata.labels['${JOB_NAME_LABEL}']`): k8s.EnvVar {
  return {
    name: UNIT_OF_WORK_ENV,
    valueFrom: { fieldRef: { fieldPath } },
  };
}
