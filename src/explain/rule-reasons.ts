import { PathReason } from './comment-writer';
import { LinePath } from './yaml-lines';
import { SCHEDULE_ANALYSIS_START } from '../core/schedule-analysis';
import { Finding } from '../rules/finding';
import { Obj, obj, str } from '../rules/manifest';
import { parseOrExplain } from '../schedule/cron-schedule';
import { formatSeconds } from '../schedule/go-duration';

/**
 * Reasons for YAML the library did not write (hand-written, Helm-rendered), from what the rules
 * know: the schedule in words with its next runs, where a missing `timeZone` would go, the retry
 * budget and the deadlines of a Job, and the findings of the audit at the field that triggers
 * them. Used by `cdk8s-batch explain` and, for the same wording, by `cdk8s-batch review`.
 */

/** How many next runs the schedule comment lists. */
const NEXT_RUNS = 3;

/** Where a Job spec and its pod spec are in each kind that has one. */
function specPaths(doc: Obj): { job?: LinePath; pod?: LinePath; cron: boolean } {
  switch (doc.kind) {
    case 'CronJob': return { job: ['spec', 'jobTemplate', 'spec'], pod: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], cron: true };
    case 'Job': return { job: ['spec'], pod: ['spec', 'template', 'spec'], cron: false };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet': return { pod: ['spec', 'template', 'spec'], cron: false };
    default: return { cron: false };
  }
}

/** The field each rule judges, relative to the object, the Job spec or the pod spec. */
const RULE_FIELDS: Record<string, { readonly base: 'object' | 'job' | 'pod'; readonly path: LinePath }> = {
  'cronjob-timezone': { base: 'object', path: ['spec', 'schedule'] },
  'cronjob-schedule': { base: 'object', path: ['spec', 'schedule'] },
  'cronjob-dst-hazard': { base: 'object', path: ['spec', 'schedule'] },
  'cronjob-overlap-guard': { base: 'object', path: ['spec', 'concurrencyPolicy'] },
  'cronjob-concurrency-policy': { base: 'object', path: ['spec', 'concurrencyPolicy'] },
  'cronjob-starting-deadline': { base: 'object', path: ['spec', 'startingDeadlineSeconds'] },
  'cronjob-deadline-fits-interval': { base: 'job', path: ['activeDeadlineSeconds'] },
  'backoff-limit-explicit': { base: 'job', path: ['backoffLimit'] },
  'migration-no-blind-retry': { base: 'job', path: ['backoffLimit'] },
  'active-deadline': { base: 'job', path: ['activeDeadlineSeconds'] },
  'retention': { base: 'job', path: ['ttlSecondsAfterFinished'] },
  'gitops-finished-job-rerun': { base: 'job', path: ['ttlSecondsAfterFinished'] },
  'pod-failure-policy': { base: 'job', path: ['podFailurePolicy'] },
  'disruption-not-counted': { base: 'job', path: ['podFailurePolicy'] },
  'restart-policy': { base: 'pod', path: ['restartPolicy'] },
  'resource-requests': { base: 'pod', path: ['containers'] },
  'memory-limit': { base: 'pod', path: ['containers'] },
  'image-pinned': { base: 'pod', path: ['containers'] },
  'unit-of-work-env': { base: 'pod', path: ['containers'] },
  'pod-security-restricted': { base: 'pod', path: ['securityContext'] },
  'dedicated-service-account': { base: 'pod', path: ['serviceAccountName'] },
  'migration-dedicated-service-account': { base: 'pod', path: ['serviceAccountName'] },
  'batch-node-pool': { base: 'pod', path: ['nodeSelector'] },
  'broad-access-trusted-pool': { base: 'pod', path: ['nodeSelector'] },
};

/**
 * The reasons for one object: what its fields do, and its findings (unsuppressed ones) at the
 * field that triggers them, or the nearest field that exists.
 */
export function ruleReasons(document: unknown, findings: readonly Finding[], now: Date = SCHEDULE_ANALYSIS_START): PathReason[] {
  const doc = obj(document);
  if (doc === undefined || typeof doc.kind !== 'string') {
    return [];
  }
  const { job, pod, cron } = specPaths(doc);
  const reasons: PathReason[] = [];
  const add = (path: LinePath, reason: string) => reasons.push({ path: nearestExisting(doc, path), reason });
  if (cron) {
    add(['spec', 'schedule'], scheduleReason(doc, now));
  }
  if (job !== undefined) {
    const jobSpec = obj(valueAt(doc, job));
    if (jobSpec !== undefined) {
      add([...job, 'backoffLimit'], retryBudget(jobSpec));
      if (typeof jobSpec.activeDeadlineSeconds === 'number') {
        add([...job, 'activeDeadlineSeconds'], `Kubernetes stops the Job after ${formatSeconds(jobSpec.activeDeadlineSeconds)} and marks it failed`);
      }
      if (typeof jobSpec.ttlSecondsAfterFinished === 'number') {
        add([...job, 'ttlSecondsAfterFinished'], `a finished Job and its pods are deleted ${formatSeconds(jobSpec.ttlSecondsAfterFinished)} after it ends`);
      }
    }
  }
  const bases: Record<string, LinePath | undefined> = { object: [], job, pod };
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const field = RULE_FIELDS[finding.ruleId];
    const base = field === undefined ? undefined : bases[field.base];
    const at = field === undefined || base === undefined ? ['kind'] : [...base, ...field.path];
    add(at, findingReason(finding));
  }
  return merge(reasons);
}

/** The schedule in words and its next runs, or why it cannot run; a missing timeZone says where it goes. */
function scheduleReason(doc: Obj, now: Date): string {
  const spec = obj(doc.spec);
  const expression = str(spec?.schedule);
  const zone = str(spec?.timeZone);
  if (expression === undefined) {
    return 'no schedule';
  }
  const { schedule, problem } = parseOrExplain(expression, zone ?? 'Etc/UTC');
  if (schedule === undefined) {
    return `Kubernetes rejects this schedule: ${problem?.allowed ?? 'invalid'}`;
  }
  const runs = schedule.nextRuns(now, NEXT_RUNS).map((d) => `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`);
  const words = zone === undefined ? schedule.describe().replace(/, Etc\/UTC$/, ' in the controller manager\'s local zone') : schedule.describe();
  const next = runs.length === 0 ? 'it never runs' : `next runs after ${now.toISOString().slice(0, 10)}${zone === undefined ? ' (if that zone is UTC)' : ''}: ${runs.join(', ')}`;
  const missingZone = zone === undefined
    ? '; no timeZone: add `timeZone: Etc/UTC` (or the zone the business runs in) beside schedule, so the controller\'s zone does not decide'
    : '';
  return `runs ${words}; ${next}${missingZone}`;
}

/** The retry budget of a Job spec, in words. */
function retryBudget(jobSpec: Obj): string {
  const limit = jobSpec.backoffLimit;
  const perIndex = jobSpec.backoffLimitPerIndex;
  if (typeof perIndex === 'number') {
    return `retry budget per index: ${perIndex} retries (${perIndex + 1} attempts) for each index`;
  }
  if (typeof limit !== 'number') {
    return 'no backoffLimit: Kubernetes\' default of 6 retries applies, which nobody decided';
  }
  const policy = obj(jobSpec.podFailurePolicy) === undefined ? '' : '; the podFailurePolicy ends it earlier for permanent failures';
  return limit === 0
    ? `retry budget: none, the first failed pod fails the Job${policy}`
    : `retry budget: ${limit} retries, so up to ${limit + 1} failed pods before the Job fails${policy}`;
}

function findingReason(finding: Finding): string {
  const first = finding.message.split(/(?<=[.;:])\s/)[0].replace(/[.;:]$/, '');
  return `${finding.severity} ${finding.ruleId}: ${first}`;
}

/** The path, or its nearest ancestor that the document has (`kind` when none). */
function nearestExisting(doc: Obj, path: LinePath): LinePath {
  for (let n = path.length; n > 0; n--) {
    if (valueAt(doc, path.slice(0, n)) !== undefined) {
      return path.slice(0, n);
    }
  }
  return ['kind'];
}

/** Reasons on the same field joined, in the order they were given. */
function merge(reasons: PathReason[]): PathReason[] {
  const byPath = new Map<string, { path: LinePath; texts: string[] }>();
  for (const { path, reason } of reasons) {
    const key = JSON.stringify(path);
    const entry = byPath.get(key) ?? { path, texts: [] };
    entry.texts.push(reason);
    byPath.set(key, entry);
  }
  return [...byPath.values()].map((e) => ({ path: e.path, reason: e.texts.join('; ') }));
}

function valueAt(root: unknown, path: LinePath): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}
