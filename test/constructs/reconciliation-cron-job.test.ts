import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ConcurrencyPolicy, ReconciliationCronJob } from '../../src';
import { expectCompliant } from '../support/compliance';
import { reconciliationProps } from '../support/fixtures';
import { expectValidManifests } from '../support/k8s-schema';
import { only, synthChart, testChart } from '../support/synth';

const P = 'platform.example.com';

function synth(overrides = {}) {
  return synthChart((chart) => new ReconciliationCronJob(chart, 'daily-ledger-reconciliation', reconciliationProps(overrides)));
}

describe('ReconciliationCronJob defaults', () => {
  const manifests = synth();
  const cronJob = only(manifests, 'CronJob');
  const jobSpec = cronJob.spec.jobTemplate.spec;
  const pod = jobSpec.template.spec;
  const container = pod.containers[0];

  test('synthesizes exactly a CronJob, its freshness alerts and its ServiceAccount', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['CronJob', 'PrometheusRule', 'ServiceAccount']);
  });

  test('every manifest is valid against the Kubernetes schema with no unknown fields', () => {
    expectValidManifests(manifests);
  });

  test('passes the whole checklist with zero findings', () => {
    expectCompliant(manifests);
  });

  test('keeps the name the user chose, in the chart namespace', () => {
    expect(cronJob.metadata.name).toBe('daily-ledger-reconciliation');
    expect(cronJob.metadata.namespace).toBe('finance');
  });

  test('time zone is emitted explicitly as Etc/UTC', () => {
    expect(cronJob.spec.timeZone).toBe('Etc/UTC');
    expect(cronJob.spec.schedule).toBe('15 1 * * *');
  });

  test('concurrencyPolicy is Forbid and no overlap-safe annotation is written', () => {
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(cronJob.metadata.annotations[`${P}/overlap-safe`]).toBeUndefined();
  });

  test('startingDeadlineSeconds is 900', () => {
    expect(cronJob.spec.startingDeadlineSeconds).toBe(900);
  });

  test('history limits are 3 successful and 5 failed', () => {
    expect(cronJob.spec.successfulJobsHistoryLimit).toBe(3);
    expect(cronJob.spec.failedJobsHistoryLimit).toBe(5);
  });

  test('suspend is emitted as false', () => {
    expect(cronJob.spec.suspend).toBe(false);
  });

  test('backoffLimit is 2', () => {
    expect(jobSpec.backoffLimit).toBe(2);
  });

  test('activeDeadlineSeconds defaults to one hour for a daily schedule (below the shortest gap)', () => {
    // The shortest gap of a daily UTC schedule is 86400 s; 80% of it is above the one-hour cap.
    expect(jobSpec.activeDeadlineSeconds).toBe(3600);
  });

  test('ttlSecondsAfterFinished is 7 days', () => {
    expect(jobSpec.ttlSecondsAfterFinished).toBe(604800);
  });

  test('podFailurePolicy fails the Job on the sysexits permanent codes and ignores disruptions', () => {
    expect(jobSpec.podFailurePolicy).toEqual({
      rules: [
        { action: 'FailJob', onExitCodes: { containerName: 'reconcile', operator: 'In', values: [64, 65, 66, 67, 68, 77, 78] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    });
  });

  test('pods never restart in place (restartPolicy Never)', () => {
    expect(pod.restartPolicy).toBe('Never');
  });

  test('the pod meets the restricted Pod Security Standard', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.hostPID).toBeUndefined();
  });

  test('a writable /tmp scratch volume of 1Gi backs the read-only root filesystem', () => {
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }]);
  });

  test('a dedicated ServiceAccount is created with its token not mounted', () => {
    const sa = only(manifests, 'ServiceAccount');
    expect(sa.metadata.name).toBe('daily-ledger-reconciliation');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('daily-ledger-reconciliation');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('requests as given and a memory limit equal to the request', () => {
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '512Mi' } });
  });

  test('runs on the batch node pool (nodeSelector and toleration)', () => {
    expect(pod.nodeSelector).toEqual({ 'workload-tier': 'batch' });
    expect(pod.tolerations).toEqual([{ key: 'workload-tier', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]);
  });

  test('every container gets the unit-of-work id from the job-name label', () => {
    expect(container.env[0]).toEqual({
      name: 'UNIT_OF_WORK_ID',
      valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } },
    });
  });

  test('container name defaults to "reconcile" and the image is pulled IfNotPresent', () => {
    expect(container.name).toBe('reconcile');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('ownership labels and annotations are on the CronJob and on the Jobs it creates', () => {
    expect(cronJob.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'daily-ledger-reconciliation',
      'app.kubernetes.io/part-of': 'finance-platform',
      'app.kubernetes.io/managed-by': 'cdk8s',
      [`${P}/workload-class`]: 'scheduled',
    });
    const annotations = cronJob.metadata.annotations;
    expect(annotations[`${P}/owner`]).toBe('finance-platform');
    expect(annotations[`${P}/runbook`]).toBe('https://runbooks.example.com/finance/ledger-reconciliation');
    expect(annotations[`${P}/idempotency-key`]).toBe('ledger-reconciliation:{businessDate}');
    expect(annotations[`${P}/max-downstream-qps`]).toBe('50');
    expect(annotations[`${P}/completion-ledger`]).toBe('finance.reconciliation_runs');
    expect(annotations[`${P}/schedule`]).toMatch(/01:15.*Etc\/UTC/);
    // The Jobs carry whom to call; the operational annotations stay on the CronJob.
    expect(cronJob.spec.jobTemplate.metadata.annotations).toEqual({
      [`${P}/owner`]: 'finance-platform',
      [`${P}/runbook`]: 'https://runbooks.example.com/finance/ledger-reconciliation',
    });
    expect(cronJob.spec.jobTemplate.spec.template.metadata.labels[`${P}/workload-class`]).toBe('scheduled');
  });

  test('exposes the objects and the resolved schedule', () => {
    const built = synthChart((chart) => {
      const r = new ReconciliationCronJob(chart, 'x', reconciliationProps());
      expect(r.name).toBe('x');
      expect(r.cronJob.kind).toBe('CronJob');
      expect(r.serviceAccount?.kind).toBe('ServiceAccount');
      expect(r.schedule.timeZone).toBe('Etc/UTC');
      expect(r.activeDeadlineSeconds).toBe(3600);
      expect(r.alerts?.kind).toBe('PrometheusRule');
    });
    expect(built).toHaveLength(3);
  });

  test('snapshot for review', () => {
    expect(manifests).toMatchSnapshot();
  });
});

const cronJob0 = (manifests: any[]) => only(manifests, 'CronJob');

describe('ReconciliationCronJob options', () => {
  test('Allow with a stated reason records it in overlap-safe', () => {
    const cronJob = only(synth({ concurrencyPolicy: ConcurrencyPolicy.ALLOW, overlapSafeReason: 'each run reconciles its own business date' }), 'CronJob');
    expect(cronJob.spec.concurrencyPolicy).toBe('Allow');
    expect(cronJob.metadata.annotations[`${P}/overlap-safe`]).toBe('each run reconciles its own business date');
  });

  test('a frequent schedule derives a deadline below its interval', () => {
    const cronJob = only(synth({ schedule: '*/5 * * * *' }), 'CronJob');
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(240);
  });

  test('an explicit deadline at the interval is kept with a reason, as a suppression', () => {
    const manifests = synth({ schedule: '0 * * * *', activeDeadline: Duration.hours(1), deadlineExceedsIntervalReason: 'runs are resumable; a skipped hour is caught up by the next' });
    const cronJob = only(manifests, 'CronJob');
    expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(3600);
    expect(cronJob.metadata.annotations[`${P}/suppress.cronjob-deadline-fits-interval`]).toBe('runs are resumable; a skipped hour is caught up by the next');
    expectValidManifests(manifests);
    expectCompliant(manifests, ['cronjob-deadline-fits-interval']);
  });

  test('hourly and quarter-hourly series in daylight-saving zones need no DST reason: no run is lost or doubled', () => {
    for (const [schedule, timeZone] of [['0 * * * *', 'America/New_York'], ['*/15 * * * *', 'Europe/Berlin'], ['0 9 * * *', 'Europe/Berlin']]) {
      const manifests = synth({ schedule, timeZone });
      const cronJob = only(manifests, 'CronJob');
      expect([schedule, cronJob.metadata.annotations[`${P}/suppress.cronjob-dst-hazard`]]).toEqual([schedule, undefined]);
      expectCompliant(manifests);
    }
  });

  test('a DST-hazard schedule is kept with a reason, as a suppression', () => {
    const cronJob = only(synth({ schedule: '30 2 * * *', timeZone: 'America/New_York', dstHazardReason: 'a skipped or doubled run is harmless: runs are idempotent' }), 'CronJob');
    expect(cronJob.spec.timeZone).toBe('America/New_York');
    expect(cronJob.metadata.annotations[`${P}/suppress.cronjob-dst-hazard`]).toMatch(/harmless/);
  });

  test('custom limits, history, suspend, pool, prefix and container settings are emitted', () => {
    const manifests = synth({
      annotationPrefix: 'platform.acme.io',
      backoffLimit: 4,
      activeDeadline: Duration.minutes(30),
      ttlAfterFinished: Duration.days(2),
      startingDeadline: Duration.minutes(5),
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 10,
      suspend: true,
      nodePool: { labelKey: 'pool', labelValue: 'batch-heavy' },
      failurePolicy: { permanentExitCodes: [3, 1], ignoreDisruptions: false },
      suppressions: [{ ruleId: 'disruption-not-counted', reason: 'a preempted run must surface as a failure for finance audit' }],
      container: {
        name: 'worker',
        image: 'registry.example.com/a/b@sha256:' + 'a'.repeat(64),
        command: ['/bin/reconcile'],
        args: ['--dry'],
        env: { REGION: 'eu', MODE: 'full' },
        secretEnv: [{ name: 'DB_PASSWORD', secretName: 'db', key: 'password' }],
        resources: { cpu: Cpu.units(2), memory: Size.gibibytes(2), memoryLimit: Size.gibibytes(3), cpuLimit: Cpu.units(4) },
        scratchSpace: Size.mebibytes(100),
      },
    });
    expectValidManifests(manifests);
    expectCompliant(manifests, ['disruption-not-counted'],
      { annotationPrefix: 'platform.acme.io', batchPoolKey: 'pool', batchPoolValue: 'batch-heavy' });
    expect(cronJob0(manifests).metadata.annotations['platform.acme.io/suppress.disruption-not-counted']).toMatch(/finance audit/);
    const cronJob = only(manifests, 'CronJob');
    const spec = cronJob.spec.jobTemplate.spec;
    expect(cronJob.metadata.labels['platform.acme.io/workload-class']).toBe('scheduled');
    expect(cronJob.metadata.annotations['platform.acme.io/owner']).toBe('finance-platform');
    expect([spec.backoffLimit, spec.activeDeadlineSeconds, spec.ttlSecondsAfterFinished]).toEqual([4, 1800, 172800]);
    expect([cronJob.spec.startingDeadlineSeconds, cronJob.spec.successfulJobsHistoryLimit, cronJob.spec.failedJobsHistoryLimit, cronJob.spec.suspend])
      .toEqual([300, 1, 10, true]);
    expect(spec.podFailurePolicy.rules).toEqual([{ action: 'FailJob', onExitCodes: { containerName: 'worker', operator: 'In', values: [1, 3] } }]);
    const pod = spec.template.spec;
    expect(pod.nodeSelector).toEqual({ pool: 'batch-heavy' });
    const c = pod.containers[0];
    expect(c.command).toEqual(['/bin/reconcile']);
    expect(c.args).toEqual(['--dry']);
    expect(c.env.map((e: any) => e.name)).toEqual(['UNIT_OF_WORK_ID', 'MODE', 'REGION', 'DB_PASSWORD']);
    expect(c.env[3]).toEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } });
    expect(c.resources).toEqual({ requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '4', memory: '3Gi' } });
    expect(pod.volumes[0].emptyDir.sizeLimit).toBe('100Mi');
  });

  test('an existing ServiceAccount is referenced, not created', () => {
    const manifests = synth({ serviceAccountName: 'ledger-reconciler', useExistingServiceAccount: true });
    expect(manifests.map((m) => m.kind)).toEqual(['CronJob', 'PrometheusRule']);
    expect(only(manifests, 'CronJob').spec.jobTemplate.spec.template.spec.serviceAccountName).toBe('ledger-reconciler');
  });

  test('the batch pool can be turned off, with the decision recorded as a suppression', () => {
    expect(() => synth({ nodePool: { enabled: false } })).toThrow(/invalid nodePool.enabled false: .*suppression \{ ruleId: 'batch-node-pool'/);
    const suppressions = [{ ruleId: 'batch-node-pool', reason: 'this cluster has a single shared node pool' }];
    const pod = only(synth({ nodePool: { enabled: false }, suppressions }), 'CronJob').spec.jobTemplate.spec.template.spec;
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
  });
});

describe('ReconciliationCronJob completion ledger (rule completion-ledger, strict)', () => {
  const build = (overrides: Record<string, unknown>) => () =>
    synthChart((chart) => new ReconciliationCronJob(chart, 'daily-ledger-reconciliation', reconciliationProps(overrides as any)));

  test('without completionLedger or a reason, synth fails naming the prop and the way out', () => {
    expect(build({ completionLedger: undefined })).toThrow(
      'test/daily-ledger-reconciliation: invalid completionLedger (not set): required for a reconciliation: say where each ' +
      'run\'s business completion is recorded outside Kubernetes (rule completion-ledger), e.g. ' +
      '"finance.reconciliation_runs table"; a run that exits 0 may still have done half the work, and Job status disappears ' +
      'with the Job. If there is truly none, set completionLedgerNoneReason to say why (at least 10 characters)');
  });

  test('the ledger is annotated and the strict audit has nothing to say', () => {
    const manifests = build({})();
    const cronJob = only(manifests, 'CronJob');
    expect(cronJob.metadata.annotations[`${P}/completion-ledger`]).toBe('finance.reconciliation_runs');
    expect(cronJob.metadata.annotations[`${P}/suppress.completion-ledger`]).toBeUndefined();
    expectCompliant(manifests);
  });

  test('an explicit none with a reason is written as the suppression, and nothing else', () => {
    const reason = 'the run only re-sends idempotent cache refreshes; nothing to record';
    const manifests = build({ completionLedger: undefined, completionLedgerNoneReason: ` ${reason} ` })();
    const cronJob = only(manifests, 'CronJob');
    expect(cronJob.metadata.annotations[`${P}/completion-ledger`]).toBeUndefined();
    expect(cronJob.metadata.annotations[`${P}/suppress.completion-ledger`]).toBe(reason);
    expectCompliant(manifests, ['completion-ledger']);
  });

  test('a user suppression of the rule is accepted as the same decision', () => {
    const reason = 'completion is read back from the upstream system itself';
    const manifests = build({ completionLedger: undefined, suppressions: [{ ruleId: 'completion-ledger', reason }] })();
    expect(only(manifests, 'CronJob').metadata.annotations[`${P}/suppress.completion-ledger`]).toBe(reason);
    expectCompliant(manifests, ['completion-ledger']);
  });

  test('both a ledger and a none reason, or a short reason, are refused', () => {
    expect(build({ completionLedgerNoneReason: 'there is no ledger at all' })).toThrow(
      'test/daily-ledger-reconciliation: invalid completionLedgerNoneReason "there is no ledger at all": give either ' +
      'completionLedger ("finance.reconciliation_runs") or a reason why there is none, not both');
    expect(build({ completionLedger: undefined, completionLedgerNoneReason: 'none' })).toThrow(
      'test/daily-ledger-reconciliation: invalid completionLedgerNoneReason "none": a reason of at least 10 characters that a reviewer can judge');
  });
});

describe('owner is the default of partOf (a label value)', () => {
  test('a free-text owner without partOf is reported as owner, not as partOf', () => {
    expect(() => new ReconciliationCronJob(testChart(), 'daily-ledger-reconciliation', reconciliationProps({ owner: 'Finance Platform' })))
      .toThrow('test/daily-ledger-reconciliation: invalid owner "Finance Platform": used as the default of partOf (label ' +
        'app.kubernetes.io/part-of), so it must be a Kubernetes label value: at most 63 characters of letters, digits, \'-\', ' +
        '\'_\' and \'.\', starting and ending with a letter or digit; keep this owner and set partOf to a label value (e.g. "finance-platform")');
  });

  test('with partOf set, a free-text owner is only an annotation', () => {
    const manifests = synth({ owner: 'Finance Platform', partOf: 'finance-platform' });
    const cronJob = only(manifests, 'CronJob');
    expect(cronJob.metadata.annotations[`${P}/owner`]).toBe('Finance Platform');
    expect(cronJob.metadata.labels['app.kubernetes.io/part-of']).toBe('finance-platform');
    expectCompliant(manifests);
  });

  test('a bad partOf the user wrote is still reported as partOf', () => {
    expect(() => synth({ partOf: 'finance platform' })).toThrow(
      'test/daily-ledger-reconciliation: invalid partOf "finance platform": a Kubernetes label value must be at most 63 characters');
  });
});
