import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ConcurrencyPolicy, GitOpsHook, MigrationJob, ReconciliationCronJob } from '../../src';
import { BadInput, expectBatchError } from '../support/bad-input';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { testChart } from '../support/synth';

const container = reconciliationProps().container;

const reconciliationCases: BadInput[] = [
  { what: 'six-field schedule', props: { schedule: '0 15 1 * * *' }, prop: 'schedule', says: /"0 15 1 \* \* \*"/ },
  { what: 'L in day of month', props: { schedule: '0 1 L * *' }, prop: 'schedule', says: /"0 1 L \* \*"/ },
  { what: '# in day of week', props: { schedule: '0 1 * * 1#2' }, prop: 'schedule', says: /1#2/ },
  { what: '7 for Sunday', props: { schedule: '0 1 * * 7' }, prop: 'schedule', says: /"0 1 \* \* 7"/ },
  { what: 'TZ= prefix', props: { schedule: 'TZ=Europe/Berlin 0 1 * * *' }, prop: 'schedule', says: /TZ/ },
  { what: 'minute out of range', props: { schedule: '60 1 * * *' }, prop: 'schedule', says: /60/ },
  { what: 'empty schedule', props: { schedule: '' }, prop: 'schedule', says: /""/ },
  { what: 'lower-case time zone', props: { timeZone: 'utc' }, prop: 'timeZone', says: /"utc"/ },
  { what: 'Local time zone', props: { timeZone: 'Local' }, prop: 'timeZone', says: /"Local"/ },
  { what: 'unknown time zone', props: { timeZone: 'Mars/Olympus_Mons' }, prop: 'timeZone', says: /Mars\/Olympus_Mons/ },
  { what: 'Allow without a reason', props: { concurrencyPolicy: ConcurrencyPolicy.ALLOW }, prop: 'concurrencyPolicy', says: /"Allow".*overlapSafeReason/ },
  { what: 'Replace with a too-short reason', props: { concurrencyPolicy: ConcurrencyPolicy.REPLACE, overlapSafeReason: 'fine' }, prop: 'overlapSafeReason', says: /"fine".*at least 10 characters/ },
  { what: 'overlap reason under Forbid', props: { overlapSafeReason: 'not needed here at all' }, prop: 'overlapSafeReason', says: /only meaningful/ },
  { what: 'starting deadline below 10 s', props: { startingDeadline: Duration.seconds(5) }, prop: 'startingDeadline', says: /5 seconds.*between 10 and/ },
  { what: 'negative history limit', props: { failedJobsHistoryLimit: -1 }, prop: 'failedJobsHistoryLimit', says: /-1.*non-negative/ },
  { what: 'fractional history limit', props: { successfulJobsHistoryLimit: 1.5 }, prop: 'successfulJobsHistoryLimit', says: /1\.5.*whole number/ },
  { what: 'deadline above the interval under Forbid', props: { schedule: '*/10 * * * *', activeDeadline: Duration.minutes(15) }, prop: 'activeDeadline', says: /"900s".*shortest gap between two runs \(600s/ },
  { what: 'DST hazard without a reason', props: { schedule: '30 2 * * *', timeZone: 'America/New_York' }, prop: 'schedule', says: /"30 2 \* \* \*": 02:30 on 2027-03-14 in America\/New_York does not exist.*Kubernetes skips this run/ },
  { what: 'name longer than 52 characters', props: { name: 'a'.repeat(53) }, prop: 'name', says: /at most 52 characters/ },
  { what: 'upper-case name', props: { name: 'Daily-Ledger' }, prop: 'name', says: /"Daily-Ledger".*DNS-1123/ },
  { what: 'empty idempotency key', props: { idempotencyKey: ' ' }, prop: 'idempotencyKey', says: /non-empty/ },
  { what: 'negative backoffLimit', props: { backoffLimit: -1 }, prop: 'backoffLimit', says: /-1.*non-negative backoffLimit/ },
  { what: 'zero active deadline', props: { activeDeadline: Duration.seconds(0) }, prop: 'activeDeadline', says: /positive activeDeadlineSeconds/ },
  { what: 'sub-second TTL', props: { ttlAfterFinished: Duration.millis(1500) }, prop: 'ttlAfterFinished', says: /whole number of seconds/ },
  // Shared core, exercised through the CronJob.
  { what: 'http runbook', props: { runbook: 'http://runbooks.example.com/x' }, prop: 'runbook', says: /https:\/\/ URL/ },
  { what: 'runbook that is not a URL', props: { runbook: 'see wiki' }, prop: 'runbook', says: /"see wiki"/ },
  { what: 'empty owner', props: { owner: '' }, prop: 'owner', says: /non-empty/ },
  { what: 'zero downstream QPS', props: { maxDownstreamQps: 0 }, prop: 'maxDownstreamQps', says: /positive number/ },
  { what: 'part-of that is not a label value', props: { partOf: 'finance platform' }, prop: 'partOf', says: /label value/ },
  { what: 'annotation prefix that is not a DNS subdomain', props: { annotationPrefix: 'Platform_Example' }, prop: 'annotationPrefix', says: /DNS-1123 subdomain/ },
  { what: 'image tagged latest', props: { container: { ...container, image: 'registry.example.com/x/y:latest' } }, prop: 'container.image', says: /latest/ },
  { what: 'image without tag', props: { container: { ...container, image: 'registry.example.com/x/y' } }, prop: 'container.image', says: /pin the image/ },
  { what: 'registry port mistaken for a tag', props: { container: { ...container, image: 'registry.example.com:5000/x/y' } }, prop: 'container.image', says: /pin the image/ },
  { what: 'malformed digest', props: { container: { ...container, image: 'registry.example.com/x/y@sha256:abc' } }, prop: 'container.image', says: /digest/ },
  { what: 'missing resources', props: { container: { image: container.image } }, prop: 'container.resources', says: /no silent default/ },
  { what: 'memory limit below request', props: { container: { ...container, resources: { cpu: Cpu.millis(100), memory: Size.gibibytes(1), memoryLimit: Size.mebibytes(512) } } }, prop: 'container.resources.memoryLimit', says: /"512Mi".*at least the memory request \(1Gi\)/ },
  { what: 'cpu limit below request', props: { container: { ...container, resources: { cpu: Cpu.millis(500), memory: Size.gibibytes(1), cpuLimit: Cpu.millis(100) } } }, prop: 'container.resources.cpuLimit', says: /"100m"/ },
  { what: 'fractional millicores', props: { container: { ...container, resources: { cpu: Cpu.millis(0.5), memory: Size.gibibytes(1) } } }, prop: 'container.resources.cpu', says: /millicores/ },
  { what: 'credential as a literal env var', props: { container: { ...container, env: { DB_PASSWORD: 'hunter2' } } }, prop: 'container.env', says: /"DB_PASSWORD".*secretEnv/ },
  { what: 'env overriding the unit-of-work id', props: { container: { ...container, env: { UNIT_OF_WORK_ID: 'x' } } }, prop: 'container.env', says: /set by the construct/ },
  { what: 'invalid env name', props: { container: { ...container, env: { '1BAD': 'x' } } }, prop: 'container.env', says: /"1BAD"/ },
  { what: 'env and secretEnv with the same name', props: { container: { ...container, env: { REGION: 'eu' }, secretEnv: [{ name: 'REGION', secretName: 's', key: 'k' }] } }, prop: 'container.secretEnv', says: /set once/ },
  { what: 'upper-case container name', props: { container: { ...container, name: 'Main' } }, prop: 'container.name', says: /DNS-1123 label/ },
  { what: 'exit code 0', props: { failurePolicy: { permanentExitCodes: [0, 64] } }, prop: 'failurePolicy.permanentExitCodes', says: /exit code 0.*1-255/ },
  { what: 'exit code 256', props: { failurePolicy: { permanentExitCodes: [256] } }, prop: 'failurePolicy.permanentExitCodes', says: /exit code 256/ },
  { what: 'duplicate exit codes', props: { failurePolicy: { permanentExitCodes: [64, 64] } }, prop: 'failurePolicy.permanentExitCodes', says: /listed twice/ },
  { what: 'no exit codes', props: { failurePolicy: { permanentExitCodes: [] } }, prop: 'failurePolicy.permanentExitCodes', says: /1 to 255 exit codes/ },
  { what: 'the default ServiceAccount', props: { serviceAccountName: 'default' }, prop: 'serviceAccountName', says: /own ServiceAccount/ },
  { what: 'bad node pool value', props: { nodePool: { labelValue: 'batch pool' } }, prop: 'nodePool.labelValue', says: /label value/ },
  { what: 'bad namespace', props: { namespace: 'Finance' }, prop: 'namespace', says: /"Finance"/ },
];

const migrationCases: BadInput[] = [
  { what: 'empty target version', props: { targetVersion: '' }, prop: 'targetVersion', says: /non-empty/ },
  { what: 'blank idempotency key', props: { idempotencyKey: '  ' }, prop: 'idempotencyKey', says: /non-empty/ },
  { what: 'version label with upper case', props: { versionLabel: 'V1' }, prop: 'versionLabel', says: /"V1".*lower-case/ },
  { what: 'target version with no usable characters', props: { targetVersion: '___' }, prop: 'targetVersion', says: /"___"/ },
  { what: 'Job name over 63 characters', props: { name: 'orders-schema-migration-with-a-very-long-descriptive-name' }, prop: 'name', says: /at most 63 characters.*job-name label/ },
  { what: 'missing approval', props: { approval: undefined }, prop: 'approval', value: '(not set)', says: /required: who approved this migration/ },
  { what: 'approval without approver', props: { approval: { changeRef: 'CHG-1', approvedBy: '' } }, prop: 'approval.approvedBy', says: /non-empty/ },
  { what: 'sync wave without Argo hook', props: { syncWave: 2 }, prop: 'syncWave', says: /ARGO_CD_PRE_SYNC/ },
  { what: 'fractional sync wave', props: { gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC, syncWave: 1.5 }, prop: 'syncWave', says: /whole number/ },
];

describe('bad input fails at synth with a clear error', () => {
  test('the catalogue is at least 30 cases', () => {
    expect(reconciliationCases.length + migrationCases.length).toBeGreaterThanOrEqual(30);
  });

  test.each(reconciliationCases.map((c) => [c.what, c] as const))('ReconciliationCronJob: %s', (_what, c) => {
    expectBatchError(() => new ReconciliationCronJob(testChart(), 'daily', reconciliationProps(c.props as any)), c, 'test/daily');
  });

  test.each(migrationCases.map((c) => [c.what, c] as const))('MigrationJob: %s', (_what, c) => {
    expectBatchError(() => new MigrationJob(testChart(), 'orders-schema-migration', migrationProps(c.props as any)), c, 'test/orders-schema-migration');
  });

  test('an annotation prefix from context is validated too', () => {
    const chart = testChart();
    chart.node.setContext('cdk8s-batch:annotationPrefix', 'not a prefix');
    expect(() => new ReconciliationCronJob(chart, 'daily', reconciliationProps()))
      .toThrow(/context cdk8s-batch:annotationPrefix "not a prefix"/);
  });
});
