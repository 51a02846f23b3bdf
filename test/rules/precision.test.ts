/**
 * Hand-written manifests shaped like what teams keep in Git (test/fixtures/precision), one per
 * situation where a rule used to misread a valid object or miss an invalid one. Each case runs the
 * rules that speak about the situation and asserts their exact findings and messages.
 */
import { audit, loadFixture } from './helpers';

interface Case {
  readonly fixture: string;
  /** Rules whose verdict the situation decides. */
  readonly rules: string[];
  /** Exact findings: `Kind/name rule-id: message`, in audit order. */
  readonly expect: string[];
  /** Content kept out of the repository (megabytes of text), added before the audit. */
  readonly inflate?: (docs: any[]) => void;
}

const ANNOTATION_LIMIT = 262144;

function run(c: Case): string[] {
  const docs = loadFixture(`precision/${c.fixture}.yaml`);
  c.inflate?.(docs);
  return audit(docs, { rules: c.rules }).map((f) => `${f.kind}/${f.name} ${f.ruleId}: ${f.message}`);
}

const MISREAD: Record<string, Case> = {
  'a container with limits and no requests requests its limits; a lone memory limit leaves cpu unrequested': {
    fixture: 'limits-only-container',
    rules: ['resource-requests'],
    expect: [
      'Job/thumbnail-backfill resource-requests: container uploader requests no cpu; set resources.requests.cpu and .memory (or a limit, which Kubernetes copies into a missing request) so the scheduler reserves what the work needs.',
    ],
  },
  'a Helm hook Job has its lifetime decided by Helm': {
    fixture: 'helm-hook-job',
    rules: ['retention', 'failed-jobs-retained'],
    expect: [],
  },
  'an Argo CD hook Job has its lifetime decided by Argo CD; a Skip is no hook': {
    fixture: 'argocd-hook-jobs',
    rules: ['retention'],
    expect: [
      'Job/catalog-manual-reindex retention: ttlSecondsAfterFinished is not set, so finished Jobs and their pods pile up; set it (e.g. 604800 for a week) and keep the audit trail outside Kubernetes.',
    ],
  },
  'token and access reviews (own ClusterRole, and system:auth-delegator by name) are not broad': {
    fixture: 'token-review-clusterrole',
    rules: ['broad-access-trusted-pool', 'dedicated-service-account'],
    expect: [],
  },
  'a ClusterRole that reads secrets and deletes cluster-wide is broad': {
    fixture: 'secrets-reader-clusterrole',
    rules: ['broad-access-trusted-pool'],
    expect: [
      'CronJob/secret-backup broad-access-trusted-pool: its service account is bound to ClusterRole secret-backup (reads secrets, deletes across namespaces), broad API access, but the pod can land on any node; pin it to a trusted pool with nodeSelector (or required node affinity) on platform.example.com/node-pool.',
    ],
  },
  'an explicit Allow without a class or a reason is guarded': {
    fixture: 'allow-without-class',
    rules: ['cronjob-overlap-guard', 'cronjob-concurrency-policy'],
    expect: [
      'CronJob/invoice-reminders cronjob-overlap-guard: a CronJob without a workload class with concurrencyPolicy "Allow" can run twice at once; set concurrencyPolicy: Forbid, or explain in annotation platform.example.com/overlap-safe why overlapping runs are safe.',
    ],
  },
  'FailJob on a ConfigIssue pod condition is a permanent-failure rule': {
    fixture: 'failjob-config-issue',
    rules: ['pod-failure-policy', 'disruption-not-counted', 'restart-policy'],
    expect: [],
  },
};

/** The rules that used to call these fields "not set", and the rules that now speak about them. */
const VALIDITY_RULES = [
  'restart-policy', 'backoff-limit-explicit', 'retention', 'cronjob-starting-deadline', 'cronjob-schedule',
  'field-invalid', 'annotations-too-large', 'too-large-for-client-side-apply',
];

const INVALID: Record<string, Case> = {
  'negative startingDeadlineSeconds, backoffLimit and history limit': {
    fixture: 'negative-counts',
    rules: VALIDITY_RULES,
    expect: [
      'CronJob/report-digest field-invalid: Kubernetes rejects this object: spec.jobTemplate.spec.backoffLimit is -2, and the API server\'s validation requires a value of 0 or more; '
        + 'spec.startingDeadlineSeconds is -5, and the API server\'s validation requires a value of 0 or more; '
        + 'spec.failedJobsHistoryLimit is -1, and the API server\'s validation requires a value of 0 or more. '
        + 'Fix these first: an object the API server rejects is never applied.',
    ],
  },
  'a schedule that never fires': {
    fixture: 'never-runs-schedule',
    rules: ['cronjob-schedule'],
    expect: [
      'CronJob/leap-cleanup cronjob-schedule: schedule "0 0 31 2 *" never runs: no date matches it (the API server accepts it, but the CronJob controller finds no run time within five years and never creates a Job); fix the day-of-month and month fields.',
    ],
  },
  'backoffLimit as a string is a wrong type, not "not set"': {
    fixture: 'backoff-limit-string',
    rules: VALIDITY_RULES.filter((r) => r !== 'retention'),
    expect: [
      'Job/search-reindex field-invalid: Kubernetes rejects this object: spec.backoffLimit is a string ("2") where Kubernetes requires an integer (int32), so the API server cannot decode the object. '
        + 'Fix these first: an object the API server rejects is never applied.',
    ],
  },
  'backoffLimit beyond int32': {
    fixture: 'backoff-limit-overflow',
    rules: VALIDITY_RULES.filter((r) => r !== 'retention'),
    expect: [
      'Job/feed-poller field-invalid: Kubernetes rejects this object: spec.backoffLimit is 99999999999, which does not fit in an int32 (-2147483648 to 2147483647), so the API server cannot decode the object. '
        + 'Fix these first: an object the API server rejects is never applied.',
    ],
  },
  'a mis-cased field is named, and an unknown one reported': {
    fixture: 'mis-cased-field',
    rules: VALIDITY_RULES.filter((r) => r !== 'retention'),
    expect: [
      'Job/audit-export restart-policy: pod restartPolicy is not set (the pod spec has `RestartPolicy`, which Kubernetes does not read as restartPolicy); set it to Never so every attempt is a pod you can inspect (Kubernetes requires Never when podFailurePolicy is used).',
      'Job/audit-export field-invalid: Kubernetes rejects this object: '
        + 'unknown field `spec.template.spec.RestartPolicy` — did you mean `restartPolicy`? (not a field of PodSpec: kubectl\'s strict field validation rejects the object, and with validation off the value is silently dropped); '
        + 'unknown field `spec.template.spec.containers[0].timeoutSeconds` (not a field of Container: kubectl\'s strict field validation rejects the object, and with validation off the value is silently dropped). '
        + 'Fix these first: an object the API server rejects is never applied.',
    ],
  },
  'a 1 MiB annotation': {
    fixture: 'large-annotation',
    rules: VALIDITY_RULES.filter((r) => r !== 'retention'),
    inflate: (docs) => { docs[0].metadata.annotations['example.com/last-report'] = 'r'.repeat(1024 * 1024); },
    expect: [
      // 23 bytes of key plus 1048576 of value.
      `Job/nightly-report annotations-too-large: metadata.annotations total 1048599 bytes, over the API server's limit of ${ANNOTATION_LIMIT} bytes (256 KiB, keys plus values) for the annotations of one object, so it rejects the object; move large content into a ConfigMap or Secret and reference it.`,
    ],
  },
  'an object too large for client-side apply': {
    fixture: 'large-inline-script',
    rules: VALIDITY_RULES.filter((r) => r !== 'retention'),
    // 270 KiB of script: the object fits the API server, its copy in an annotation does not.
    inflate: (docs) => { docs[0].spec.template.spec.containers[0].args[0] = 'echo repair\n'.repeat(270 * 1024 / 12); },
    expect: [
      'Job/data-repair too-large-for-client-side-apply: client-side apply would store the whole object (299816 bytes of JSON) in annotation kubectl.kubernetes.io/last-applied-configuration, making the annotations 299864 bytes, '
        + `over the API server's limit of ${ANNOTATION_LIMIT}; \`kubectl apply\` without --server-side (and Argo CD unless the ServerSideApply=true sync option is set) then fails. Apply it server-side, or make the object smaller.`,
    ],
  },
};

describe('rules read valid objects as Kubernetes does', () => {
  test.each(Object.entries(MISREAD))('%s', (_title, c) => {
    expect(run(c)).toEqual(c.expect);
  });
});

describe('fields Kubernetes rejects or never acts on are errors that say so', () => {
  test.each(Object.entries(INVALID))('%s', (_title, c) => {
    expect(run(c)).toEqual(c.expect);
  });

  test('the client-side apply size counts what kubectl writes: compact JSON with <, > and & escaped, and a newline', () => {
    const docs = loadFixture('precision/large-inline-script.yaml');
    const script = 'test 1 -lt 2 && echo "<ok>"\n';
    docs[0].spec.template.spec.containers[0].args[0] = script;
    const json = JSON.stringify(docs[0]);
    // Just under the limit with the escapes counted passes; one more escaped character fails.
    // `&&`, `<` and `>`: four characters Go's encoder writes as six-byte \u0026-style escapes.
    const fill = ANNOTATION_LIMIT - 'kubectl.kubernetes.io/last-applied-configuration'.length - (Buffer.byteLength(json) + 5 * 4 + 1);
    docs[0].spec.template.spec.containers[0].args[0] = script + 'x'.repeat(fill);
    expect(audit(docs, { rules: ['too-large-for-client-side-apply'] })).toEqual([]);
    docs[0].spec.template.spec.containers[0].args[0] = script + 'x'.repeat(fill - 1) + '&';
    expect(audit(docs, { rules: ['too-large-for-client-side-apply'] }).map((f) => f.ruleId)).toEqual(['too-large-for-client-side-apply']);
  });
});
