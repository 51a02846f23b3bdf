import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ConcurrencyPolicy, GitOpsHook, MigrationJob, QueueTrigger, QueueWorker, ReconciliationCronJob, WorkerProbe } from '../../src';
import { BadInput, expectBatchError } from '../support/bad-input';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { queueWorkerProps } from '../support/queue-worker-fixtures';
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
  { what: 'DST hazard without a reason', props: { schedule: '30 2 * * *', timeZone: 'America/New_York' }, prop: 'schedule', says: /"30 2 \* \* \*": the 02:30 run on 2027-03-14 is lost \(02:00-02:59 does not exist in America\/New_York\).*dstHazardReason/ },
  { what: 'every two hours in New York without a DST reason', props: { schedule: '0 */2 * * *', timeZone: 'America/New_York' }, prop: 'schedule', says: /the 02:00 run on 2027-03-14 is lost/ },
  { what: 'a DST reason for an hourly series, which keeps its spacing', props: { schedule: '0 * * * *', timeZone: 'America/New_York', dstHazardReason: 'hourly runs are idempotent' }, prop: 'dstHazardReason', says: /no daylight-saving hazard; remove the reason/ },
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
  { what: 'a CPU too large to write as a quantity', props: { container: { ...container, resources: { cpu: Cpu.units(1e300), memory: Size.gibibytes(1) } } }, prop: 'container.resources.cpu', value: '"1e+300"', says: /whole number of millicores from 1m to 9007199254740991m/ },
  { what: 'a memory size too large to write as a quantity', props: { container: { ...container, resources: { cpu: Cpu.millis(100), memory: Size.kibibytes(1e300) } } }, prop: 'container.resources.memory', says: /at most 9007199254740991Ki/ },
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
  // Run-time types (jsii languages and plain JavaScript bypass TypeScript), ranges and enums.
  { what: 'a prototype key in routing labels', props: { alerts: { routingLabels: { constructor: 'x' } } }, prop: 'alerts.routingLabels.constructor', value: '"x"', says: /"constructor" is a built-in property name of JavaScript objects/ },
  { what: 'a runbook URL with a space', props: { runbook: 'https://runbooks.example.com/ledger recon' }, prop: 'runbook', value: '"https://runbooks.example.com/ledger recon"', says: /absolute https:\/\/ URL/ },
  { what: 'an upper-case runbook scheme', props: { runbook: 'HTTPS://RUNBOOKS.EXAMPLE.COM/X' }, prop: 'runbook', says: /https:\/\/ URL/ },
  { what: 'a numeric namespace', props: { namespace: 5 }, prop: 'namespace', value: '5', says: /a string, not the number 5/ },
  { what: 'a boolean data classification', props: { dataClassification: true }, prop: 'dataClassification', value: 'true', says: /a string, not a boolean/ },
  { what: 'suspend as the string "false"', props: { suspend: 'false' }, prop: 'suspend', value: '"false"', says: /true or false, not a string/ },
  { what: 'a numeric argument', props: { container: { ...container, args: [1] } }, prop: 'container.args[0]', value: '1', says: /a string, not the number 1/ },
  { what: 'a numeric env value', props: { container: { ...container, env: { K: 1 } } }, prop: 'container.env.K', value: '1', says: /a string, not the number 1/ },
  { what: 'a numeric partOf', props: { partOf: 5 }, prop: 'partOf', value: '5', says: /a string/ },
  { what: 'a numeric managedBy', props: { managedBy: 7 }, prop: 'managedBy', value: '7', says: /a string/ },
  { what: 'a numeric node pool label value', props: { nodePool: { labelValue: 1 } }, prop: 'nodePool.labelValue', value: '1', says: /a string/ },
  { what: 'an unknown alert severity', props: { alerts: { severity: 'urgent' } }, prop: 'alerts.severity', value: '"urgent"', says: /one of AlertSeverity.CRITICAL \("critical"\), AlertSeverity.WARNING \("warning"\), AlertSeverity.INFO \("info"\)/ },
  { what: 'an unknown concurrency policy', props: { concurrencyPolicy: 'forbid' }, prop: 'concurrencyPolicy', value: '"forbid"', says: /one of ConcurrencyPolicy.FORBID \("Forbid"\)/ },
  { what: 'NaN downstream QPS, printed as NaN', props: { maxDownstreamQps: NaN }, prop: 'maxDownstreamQps', value: 'NaN', says: /a finite number, not NaN/ },
  { what: 'an infinite backoffLimit, printed as Infinity', props: { backoffLimit: Infinity }, prop: 'backoffLimit', value: 'Infinity', says: /int32.*not Infinity/ },
  { what: '-Infinity in a list, printed as written', props: { failurePolicy: { permanentExitCodes: [64, -Infinity] } }, prop: 'failurePolicy.permanentExitCodes[1]', value: '-Infinity', says: /a finite number, not -Infinity/ },
  { what: 'NaN inside a value, printed as written', props: { alerts: { routingLabels: [NaN, -Infinity] } }, prop: 'alerts.routingLabels', value: '[NaN,-Infinity]', says: /an object of names to strings, not a list/ },
  { what: 'a backoffLimit above int32', props: { backoffLimit: 2 ** 31 }, prop: 'backoffLimit', value: '2147483648', says: /from -2147483648 to 2147483647 \(int32, as Kubernetes stores it\)/ },
  { what: 'a Duration given as seconds', props: { activeDeadline: 600 }, prop: 'activeDeadline', value: '600', says: /a Duration \(e\.g\. Duration\.minutes\(5\)\), not the number 600/ },
  { what: 'a class instance for a struct', props: { nodePool: new Date(0) }, prop: 'nodePool', says: /a struct\), not an instance of Date/ },
  { what: 'a function for a struct', props: { alerts: () => ({}) }, prop: 'alerts', value: '(a function)', says: /not a function/ },
  { what: 'null for an optional prop', props: { slo: null }, prop: 'slo', value: 'null', says: /leave the prop out instead of null/ },
  { what: 'no failed Jobs kept', props: { failedJobsHistoryLimit: 0 }, prop: 'failedJobsHistoryLimit', value: '0', says: /rule failed-jobs-retained/ },
  { what: 'a TTL below a day', props: { ttlAfterFinished: Duration.hours(1) }, prop: 'ttlAfterFinished', says: /between 86400 and .*rule failed-jobs-retained/ },
  { what: 'disruptions counted without a recorded decision', props: { failurePolicy: { ignoreDisruptions: false } }, prop: 'failurePolicy.ignoreDisruptions', says: /suppression \{ ruleId: 'disruption-not-counted'/ },
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
  { what: 'an unknown gitOpsHook', props: { gitOpsHook: 'argo' }, prop: 'gitOpsHook', value: '"argo"', says: /one of GitOpsHook.NONE \("none"\), GitOpsHook.ARGO_CD_PRE_SYNC \("argo-cd-pre-sync"\)/ },
  { what: 'retries without a recorded decision', props: { backoffLimit: 2 }, prop: 'backoffLimit', value: '2', says: /half-applied schema.*suppression \{ ruleId: 'migration-no-blind-retry'/ },
  { what: 'a sync wave above int32', props: { gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC, syncWave: 1e300 }, prop: 'syncWave', value: '1e+300', says: /int32/ },
];

const worker = queueWorkerProps();
const workerCases: BadInput[] = [
  { what: 'a numeric ackMode', props: { ackMode: 1 }, prop: 'ackMode', value: '1', says: /one of AckMode.AFTER_COMMIT \("after-commit"\), AckMode.BEFORE_PROCESSING \("before-processing"\)/ },
  { what: 'a derived maxReplicas above int32', props: { qpsPerReplica: 1e-9 }, prop: 'maxReplicas', value: '200000000000', says: /derived as floor\(maxDownstreamQps 200 \/ qpsPerReplica 1e-9\) = 200000000000, which is above 2147483647.*int32/ },
  { what: 'a plain object for the trigger', props: { trigger: { kind: 'rabbitmq' } }, prop: 'trigger', says: /a QueueTrigger \(e\.g\. QueueTrigger\.rabbitMq/ },
  { what: 'a backlog query the audit cannot recognise', props: { alerts: { backlogQuery: 'sum(up)', backlogThreshold: 10 } }, prop: 'alerts.backlogQuery', says: /rule freshness-alert/ },
  { what: 'an empty label key in the external metric selector', props: { scaler: 'hpa-external-metric', externalMetric: { metricName: 'queue_depth', matchLabels: { '': 'x' } } }, prop: 'externalMetric.matchLabels', value: '""', says: /label key/ },
  { what: 'an unknown scaler', props: { scaler: 'hpa' }, prop: 'scaler', value: '"hpa"', says: /one of ScalerKind.KEDA/ },
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

  test.each(workerCases.map((c) => [c.what, c] as const))('QueueWorker: %s', (_what, c) => {
    expectBatchError(() => new QueueWorker(testChart(), 'payment-event-worker', { ...worker, ...c.props } as any), c, 'test/payment-event-worker');
  });

  test('factories check their options too', () => {
    const connectionSecret = { secretName: 'payments-rabbitmq', key: 'amqp-url' };
    expect(() => QueueTrigger.rabbitMq({ queueName: 'q', messagesPerReplica: NaN, connectionSecret }))
      .toThrow(/^\[cdk8s-batch\] QueueTrigger.rabbitMq: invalid messagesPerReplica NaN: a finite number, not NaN$/);
    expect(() => QueueTrigger.prometheus({ serverAddress: 'http://prometheus:9090', query: 'max(queue_lag)', threshold: 5, authModes: ['digest' as any] }))
      .toThrow(/^\[cdk8s-batch\] QueueTrigger.prometheus: invalid authModes\[0\] "digest": one of PrometheusAuthMode.BASIC \("basic"\)/);
    expect(() => WorkerProbe.httpGet('/healthz', 8080, { failureThreshold: 1.5 }))
      .toThrow(/^\[cdk8s-batch\] WorkerProbe.httpGet: invalid options.failureThreshold 1.5: a whole number/);
    expect(() => WorkerProbe.exec(['/bin/check', 3 as any])).toThrow(/^\[cdk8s-batch\] WorkerProbe.exec: invalid command\[1\] 3: a string, not the number 3$/);
  });

  test('an annotation prefix from context is validated too', () => {
    const chart = testChart();
    chart.node.setContext('cdk8s-batch:annotationPrefix', 'not a prefix');
    expect(() => new ReconciliationCronJob(chart, 'daily', reconciliationProps()))
      .toThrow(/context cdk8s-batch:annotationPrefix "not a prefix"/);
  });
});
