import { Duration } from 'cdk8s';
import { CleanupJob, IndexedBackfill } from '../../src';
import { backfillProps, cleanupProps, monthlyPartitions } from '../support/backfill-cleanup-fixtures';
import { BadInput, expectBatchError } from '../support/bad-input';
import { testChart } from '../support/synth';

const container = backfillProps().container;

const backfillCases: BadInput[] = [
  { what: 'a __proto__ parameter name (as JSON.parse makes it)', props: { partitions: [JSON.parse('{"key":"2026-07","parameters":{"__proto__":"x"}}')] }, prop: 'partitions[0].parameters.__proto__', value: '"x"', says: /built-in property name/ },
  { what: 'a derived deadline above int32', props: { maxPartitionDuration: Duration.seconds(2 ** 30) }, prop: 'activeDeadline', value: '(not set)', says: /derived as 4 waves x 3 attempts x 1073741824s = 12884901888s, which is above 2147483647 seconds.*int32/ },
  { what: 'an empty idempotency key', props: { idempotencyKey: '' }, prop: 'idempotencyKey', value: '""', says: /non-empty text/ },
  { what: 'no partitions', props: { partitions: [] }, prop: 'partitions', value: '[]', says: /at least one partition is required/ },
  { what: 'duplicate partition keys', props: { partitions: [{ key: '2026-07' }, { key: '2026-08' }, { key: '2026-07' }] }, prop: 'partitions[2].key', value: '"2026-07"', says: /unique \(also used by partitions\[0\]\): each index must map to distinct, stable work/ },
  { what: 'empty partition key', props: { partitions: [{ key: '' }] }, prop: 'partitions[0].key', value: '""', says: /non-empty key/ },
  { what: 'partition key that is not a label value', props: { partitions: [{ key: 'July 2026' }] }, prop: 'partitions[0].key', value: '"July 2026"', says: /Kubernetes label value/ },
  { what: 'partition key longer than 63', props: { partitions: [{ key: 'k'.repeat(64) }] }, prop: 'partitions[0].key', value: `"${'k'.repeat(64)}"`, says: /at most 63 characters/ },
  // Entry {"index":0,"key":"big","parameters":{"blob":"<614400 x>"}} is 48 + 614400 bytes, stored
  // once under "partition-0.json" (16): too large for client-side apply, and for 1 MiB only
  // with a second copy, which the table no longer has.
  { what: 'table larger than client-side apply allows', props: { parallelism: 1, partitions: [{ key: 'big', parameters: { blob: 'x'.repeat(600 * 1024) } }] }, prop: 'partitions', says: /^[^"]*"1 partitions, \d+ bytes of annotations under client-side apply": the limit is 262144 bytes \(256 KiB\) with client-side apply.*set serverSideApply: true/ },
  { what: 'table larger than a ConfigMap, applied server-side', props: { parallelism: 1, serverSideApply: true, partitions: [{ key: 'big', parameters: { blob: 'x'.repeat(1024 * 1024) } }] }, prop: 'partitions', value: `"1 partitions, ${48 + 1024 * 1024 + 16} bytes of ConfigMap data"`, says: /and 1048576 bytes \(1 MiB\) of data with serverSideApply: true \(Kubernetes ValidateConfigMap\)/ },
  { what: 'neither parallelism nor qpsPerPod', props: { parallelism: undefined }, prop: 'parallelism', value: '(not set)', says: /give parallelism, or qpsPerPod.*can downstream systems handle concurrent load\?/ },
  { what: 'parallelism above the partitions', props: { parallelism: 21 }, prop: 'parallelism', value: '21', says: /between 1 and the number of partitions \(20\)/ },
  { what: 'zero parallelism', props: { parallelism: 0 }, prop: 'parallelism', value: '0', says: /from 1 to 20/ },
  { what: 'parallelism x qpsPerPod above the budget', props: { parallelism: 6, qpsPerPod: 10 }, prop: 'parallelism', value: '6', says: /6 pods x 10 qps per pod = 60 qps exceeds maxDownstreamQps 50: use at most 5 pods/ },
  { what: 'one pod above the budget', props: { parallelism: undefined, qpsPerPod: 80 }, prop: 'qpsPerPod', value: '80', says: /one pod at 80 qps already exceeds maxDownstreamQps 50/ },
  { what: 'negative qpsPerPod', props: { qpsPerPod: -1 }, prop: 'qpsPerPod', value: '-1', says: /positive number of requests per second/ },
  { what: 'maxFailedIndexes above completions', props: { maxFailedIndexes: 21 }, prop: 'maxFailedIndexes', value: '21', says: /at most completions \(20\) \(kubernetes pkg\/apis\/batch\/validation\)/ },
  { what: 'negative maxFailedIndexes', props: { maxFailedIndexes: -1 }, prop: 'maxFailedIndexes', value: '-1', says: /non-negative maxFailedIndexes/ },
  { what: 'fractional backoffLimitPerIndex', props: { backoffLimitPerIndex: 1.5 }, prop: 'backoffLimitPerIndex', value: '1.5', says: /a whole number from -2147483648 to 2147483647 \(int32, as Kubernetes stores it\), not the number 1\.5/ },
  { what: 'name too long for hash and last hostname', props: { name: 'n'.repeat(50) }, prop: 'name', value: `"${'n'.repeat(50)}"`, says: /at most 49 characters.*pod hostname.*ValidateJob for Indexed Jobs/ },
  { what: 'name too long with 1000 partitions (3-digit last index)', props: { name: 'n'.repeat(49), partitions: monthlyPartitions(1000), parallelism: 10 }, prop: 'name', value: `"${'n'.repeat(49)}"`, says: /at most 48 characters/ },
  { what: 'missing completion ledger', props: { completionLedger: undefined }, prop: 'completionLedger', value: '(not set)', says: /required for a backfill.*completion/ },
  { what: 'blank completion ledger', props: { completionLedger: '  ' }, prop: 'completionLedger', value: '"  "', says: /non-empty text/ },
  { what: 'sub-second partition duration', props: { maxPartitionDuration: Duration.millis(1500) }, prop: 'maxPartitionDuration', value: '"1 second 500 millis"', says: /whole number of seconds/ },
  { what: 'unsorted duplicate exit codes', props: { failurePolicy: { permanentExitCodes: [3, 3] } }, prop: 'failurePolicy.permanentExitCodes', value: '[3,3]', says: /listed twice; Kubernetes requires unique values/ },
  { what: 'image tagged latest', props: { container: { ...container, image: 'registry.example.com/x:latest' } }, prop: 'container.image', value: '"registry.example.com/x:latest"', says: /pin the image/ },
  { what: 'a user env var hiding PARTITION_FILE', props: { container: { ...container, env: { PARTITION_FILE: '/x' } } }, prop: 'container.env', value: '"PARTITION_FILE"', says: /set by the construct/ },
];

const cleanupContainer = cleanupProps().container;

const cleanupCases: BadInput[] = [
  { what: 'real deletion without maxDeletions', props: { dryRun: false }, prop: 'maxDeletions', value: '(not set)', says: /dryRun: false\) needs a positive maxDeletions.*rule cleanup-guard/ },
  { what: 'zero maxDeletions', props: { dryRun: false, maxDeletions: 0 }, prop: 'maxDeletions', value: '0', says: /positive whole number of objects \(1 to \d+\): the threshold above which a run deletes nothing$/ },
  { what: 'fractional maxDeletions', props: { maxDeletions: 2.5 }, prop: 'maxDeletions', value: '2.5', says: /whole number .*int32.*not the number 2\.5/ },
  { what: 'missing audit location', props: { auditLocation: undefined }, prop: 'auditLocation', value: '(not set)', says: /required: an absolute URL of durable storage.*no audit means no cleanup/ },
  { what: 'audit location that is not a URL', props: { auditLocation: 'audit bucket' }, prop: 'auditLocation', value: '"audit bucket"', says: /absolute URL of durable storage.*no audit means no cleanup/ },
  { what: 'plain-http audit location', props: { auditLocation: 'http://audit.example.com/x' }, prop: 'auditLocation', value: '"http://audit.example.com/x"', says: /s3:\/\/, gs:\/\// },
  { what: 'zero delete rate', props: { deleteRatePerSecond: 0 }, prop: 'deleteRatePerSecond', value: '0', says: /positive number of deletions per second \(rate limit\)/ },
  { what: 'delete rate above the downstream budget', props: { deleteRatePerSecond: 25 }, prop: 'deleteRatePerSecond', value: '25', says: /at most maxDownstreamQps \(20\): every deletion is a request the downstream must absorb/ },
  { what: 'page size zero', props: { pageSize: 0 }, prop: 'pageSize', value: '0', says: /from 1 to 10000 \(pages keep each list and delete burst bounded\)/ },
  { what: 'page size too large', props: { pageSize: 10_001 }, prop: 'pageSize', value: '10001', says: /from 1 to 10000/ },
  { what: 'empty targets', props: { targets: [] }, prop: 'targets', value: '[]', says: /leave it unset for cleanup outside Kubernetes/ },
  { what: 'wildcard resource', props: { targets: [{ apiGroup: '', resource: '*' }] }, prop: 'targets[0].resource', value: '"*"', says: /no wildcards or subresources/ },
  { what: 'wildcard API group', props: { targets: [{ apiGroup: '*', resource: 'jobs' }] }, prop: 'targets[0].apiGroup', value: '"*"', says: /wildcards are refused: least privilege names each group/ },
  { what: 'subresource', props: { targets: [{ apiGroup: '', resource: 'pods/log' }] }, prop: 'targets[0].resource', value: '"pods/log"', says: /no wildcards or subresources/ },
  { what: 'wildcard resource name', props: { targets: [{ apiGroup: '', resource: 'configmaps', resourceNames: ['cache-*'] }] }, prop: 'targets[0].resourceNames', value: '"cache-*"', says: /wildcards are refused/ },
  { what: 'empty resource names', props: { targets: [{ apiGroup: '', resource: 'configmaps', resourceNames: [] }] }, prop: 'targets[0].resourceNames', value: '[]', says: /at least one name/ },
  { what: 'duplicate target', props: { targets: [{ apiGroup: 'batch', resource: 'jobs' }, { apiGroup: 'batch', resource: 'jobs' }] }, prop: 'targets[1].resource', value: '"batch/jobs"', says: /listed once/ },
  { what: 'cluster-scoped resource without clusterWide', props: { targets: [{ apiGroup: '', resource: 'namespaces' }] }, prop: 'targets[0].resource', value: '"/namespaces"', says: /cluster-scoped.*set clusterWide: true/ },
  { what: 'clusterWide without targets', props: { clusterWide: true }, prop: 'clusterWide', value: 'true', says: /needs targets/ },
  { what: 'empty trusted pool name', props: { trustedNodePool: '' }, prop: 'trustedNodePool', value: '""', says: /non-empty/ },
  { what: 'trusted pool that is not a label value', props: { trustedNodePool: 'trusted pool' }, prop: 'trustedNodePool', value: '"trusted pool"', says: /label value/ },
  { what: 'one-off name too long for the hash', props: { name: 'c'.repeat(53) }, prop: 'name', value: `"${'c'.repeat(53)}"`, says: /at most 52 characters.*<name>-<10-character hash>/ },
  { what: 'credential as a plain env var', props: { container: { ...cleanupContainer, env: { DB_PASSWORD: 'x' } } }, prop: 'container.env', value: '"DB_PASSWORD"', says: /secretEnv/ },
  { what: 'an empty cron', props: { cron: {} }, prop: 'cron.schedule', value: '(not set)', says: /required/ },
  { what: 'an empty idempotency key', props: { idempotencyKey: '' }, prop: 'idempotencyKey', value: '""', says: /non-empty/ },
  { what: 'dryRun as the string "false"', props: { dryRun: 'false' }, prop: 'dryRun', value: '"false"', says: /true or false, not a string/ },
  { what: 'a maxDeletions above int32', props: { dryRun: false, maxDeletions: 2 ** 31 }, prop: 'maxDeletions', value: '2147483648', says: /int32/ },
  { what: 'a user env var hiding DRY_RUN', props: { container: { ...cleanupContainer, env: { DRY_RUN: 'false' } } }, prop: 'container.env', value: '"DRY_RUN"', says: /set by the construct/ },
];

describe('IndexedBackfill and CleanupJob bad input fails at synth with a clear error', () => {
  test('the catalogue holds at least 15 cases per construct', () => {
    expect(backfillCases.length).toBeGreaterThanOrEqual(15);
    expect(cleanupCases.length).toBeGreaterThanOrEqual(15);
  });

  test.each(backfillCases.map((c) => [c.what, c] as const))('IndexedBackfill: %s', (_what, c) => {
    expectBatchError(() => new IndexedBackfill(testChart(), 'ledger-check', backfillProps(c.props as any)), c, 'test/ledger-check');
  });

  test.each(cleanupCases.map((c) => [c.what, c] as const))('CleanupJob: %s', (_what, c) => {
    expectBatchError(() => new CleanupJob(testChart(), 'session-cleanup', cleanupProps(c.props as any)), c, 'test/session-cleanup');
  });
});
