import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { requireFeatureForProp } from './kubernetes-version';
import { checkLabelValue, isDns1123Subdomain } from './names';

/**
 * Who admits and who reconciles a construct's Jobs: Kueue's queue label and the Job's
 * `spec.managedBy`. Both are opt-in; without them the output is what it was.
 *
 * Kueue (kubernetes-sigs/kueue, "Run A Kubernetes Job" and "Run A CronJob" in its docs) manages
 * a Job that carries the label `kueue.x-k8s.io/queue-name` naming a LocalQueue of the Job's
 * namespace: its webhook suspends the Job on create (`ApplyDefaultForSuspend` in
 * pkg/controller/jobframework), and on admission it unsuspends it and may merge node selectors,
 * tolerations, labels and annotations into the pod template and, under partial admission (only
 * with the annotation `kueue.x-k8s.io/job-min-parallelism`, which the constructs never set),
 * lower `parallelism`. So the constructs write no `suspend` on a Job or job template: a
 * `suspend: false` in Git would differ from the live Job as soon as the webhook suspends it (and
 * a GitOps sync writing it back would try to start the Job before Kueue admits it), and a
 * `suspend: true` would leave the Job suspended for ever where Kueue does not manage the
 * namespace. For a CronJob the label goes on
 * `spec.jobTemplate.metadata.labels`, so each Job the CronJob creates carries it; the CronJob's
 * own `spec.suspend` (pausing the schedule) is not Kueue's and stays.
 */

/** The label that hands a Job to a Kueue LocalQueue. */
export const KUEUE_QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';

/** What `spec.managedBy` may hold (Kubernetes ValidateJobSpec: IsDomainPrefixedPath, at most 63 characters). */
const MANAGED_BY_MAX = 63;
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;
const MANAGED_BY_RULE = 'a domain-prefixed path of at most 63 characters, such as "kueue.x-k8s.io/multikueue": a DNS-1123 subdomain, ' +
  '\'/\', then a path of letters, digits and -._~%!$&\'()*+,;=:/ (Kubernetes ValidateJobSpec, IsDomainPrefixedPath)';

/**
 * The queue name as a label value and a LocalQueue name: Kubernetes checks the label value (at
 * most 63 characters), and a LocalQueue, like every object, has a DNS-1123 subdomain name, so a
 * value that passes one but not the other names no queue.
 * @internal
 */
export function checkQueueName(scope: IConstruct | string, prop: string, value: string): string {
  checkLabelValue(scope, prop, value);
  if (!isDns1123Subdomain(value)) {
    throw invalid(scope, prop, value,
      'the name of a Kueue LocalQueue in the workload\'s namespace: lower-case letters, digits, \'-\' and \'.\', starting and ending ' +
      `with a letter or digit, at most 63 characters (a DNS-1123 subdomain that is also a label value, for label ${KUEUE_QUEUE_NAME_LABEL})`);
  }
  return value;
}

/**
 * `spec.managedBy` as Kubernetes validates it.
 * @internal
 */
export function checkJobManagedBy(scope: IConstruct | string, prop: string, value: string): string {
  const slash = value.indexOf('/');
  const host = slash > 0 ? value.slice(0, slash) : '';
  const rest = slash > 0 ? value.slice(slash + 1) : '';
  if (value.length > MANAGED_BY_MAX || !isDns1123Subdomain(host) || !HTTP_PATH.test(rest)) {
    throw invalid(scope, prop, value, MANAGED_BY_RULE);
  }
  return value;
}

/** The Kueue and managedBy parts of a Job. @internal */
export interface JobControls {
  /** Labels for the Job, or for a CronJob's job template. */
  readonly labels: Record<string, string>;
  /** `spec.managedBy`, when given. */
  readonly managedBy?: string;
}

/** The props these come from (FiniteWorkloadProps). @internal */
export interface JobControlProps {
  readonly queueName?: string;
  readonly jobManagedBy?: string;
}

/**
 * The queue label and `managedBy` of a construct's Jobs. `managedBy` is written only when given
 * (by default the built-in Job controller reconciles the Job, which is what an absent field
 * means), is immutable on a Job, and needs a target that honours it (JobManagedBy, on by
 * default since 1.32): below that the API server drops it and the built-in controller would
 * run a Job another controller was meant to own.
 * @internal
 */
export function jobControls(scope: IConstruct, props: JobControlProps): JobControls {
  const labels: Record<string, string> = {};
  if (props.queueName !== undefined) labels[KUEUE_QUEUE_NAME_LABEL] = checkQueueName(scope, 'queueName', props.queueName);
  if (props.jobManagedBy === undefined) return { labels };
  const managedBy = checkJobManagedBy(scope, 'jobManagedBy', props.jobManagedBy);
  requireFeatureForProp(scope, 'jobManagedBy', managedBy, 'managedBy');
  return { labels, managedBy };
}
