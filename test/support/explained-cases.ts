import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { backfillProps, cleanupProps } from './backfill-cleanup-fixtures';
import { migrationProps, reconciliationProps } from './fixtures';
import { queueWorkerProps } from './queue-worker-fixtures';
import {
  CleanupJob, GitOpsHook, IndexedBackfill, MigrationJob, QueueWorker, ReconciliationCronJob, ScalerKind,
} from '../../src';

/** A database proxy as a native sidecar with a startup probe: its decided fields need reasons too. */
const DATABASE_PROXY = {
  name: 'cloud-sql-proxy',
  image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
  resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64) },
  startupProbe: { port: 9090, httpPath: '/startup' },
};

/** One construct with props, for the explained-YAML tests (completeness and snapshots). */
export interface Case {
  readonly name: string;
  readonly id: string;
  readonly props: object;
  readonly build: (scope: any, id: string, props: any) => unknown;
}

export const EXPLAINED_CASES: Case[] = [
  { name: 'ReconciliationCronJob, minimal props', id: 'ledger', props: reconciliationProps(), build: (s, i, p) => new ReconciliationCronJob(s, i, p) },
  { name: 'MigrationJob, minimal props', id: 'orders-schema', props: migrationProps(), build: (s, i, p) => new MigrationJob(s, i, p) },
  {
    name: 'ReconciliationCronJob with a native sidecar on a Kueue queue',
    id: 'ledger',
    props: reconciliationProps({ sidecars: [DATABASE_PROXY], queueName: 'finance-batch' }),
    build: (s, i, p) => new ReconciliationCronJob(s, i, p),
  },
  {
    name: 'MigrationJob with a native sidecar',
    id: 'orders-schema',
    props: migrationProps({ sidecars: [DATABASE_PROXY] }),
    build: (s, i, p) => new MigrationJob(s, i, p),
  },
  {
    name: 'MigrationJob as an Argo CD pre-sync hook',
    id: 'orders-schema',
    props: migrationProps({ gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC }),
    build: (s, i, p) => new MigrationJob(s, i, p),
  },
  { name: 'IndexedBackfill, given parallelism', id: 'ledger-check', props: backfillProps(), build: (s, i, p) => new IndexedBackfill(s, i, p) },
  {
    name: 'IndexedBackfill, parallelism derived from qpsPerPod',
    id: 'ledger-check',
    props: backfillProps({ parallelism: undefined, qpsPerPod: 7 }),
    build: (s, i, p) => new IndexedBackfill(s, i, p),
  },
  { name: 'CleanupJob, dry run outside Kubernetes', id: 'sessions', props: cleanupProps(), build: (s, i, p) => new CleanupJob(s, i, p) },
  {
    name: 'CleanupJob, deleting Kubernetes objects on a schedule',
    id: 'sessions',
    props: cleanupProps({
      dryRun: false, maxDeletions: 5000, targets: [{ apiGroup: '', resource: 'configmaps' }], cron: { schedule: '0 3 * * *' },
    }),
    build: (s, i, p) => new CleanupJob(s, i, p),
  },
  {
    name: 'CleanupJob, cluster-wide',
    id: 'sessions',
    props: cleanupProps({ dryRun: false, maxDeletions: 100, clusterWide: true, targets: [{ apiGroup: '', resource: 'namespaces' }] }),
    build: (s, i, p) => new CleanupJob(s, i, p),
  },
  { name: 'QueueWorker on KEDA', id: 'payment-events', props: queueWorkerProps(), build: (s, i, p) => new QueueWorker(s, i, p) },
  {
    name: 'QueueWorker on an HPA external metric',
    id: 'payment-events',
    props: queueWorkerProps({ scaler: ScalerKind.HPA_EXTERNAL_METRIC, externalMetric: { metricName: 'rabbitmq_queue_messages_ready' } }),
    build: (s, i, p) => new QueueWorker(s, i, p),
  },
];

