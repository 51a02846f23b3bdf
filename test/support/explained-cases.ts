import { backfillProps, cleanupProps } from './backfill-cleanup-fixtures';
import { migrationProps, reconciliationProps } from './fixtures';
import { queueWorkerProps } from './queue-worker-fixtures';
import {
  CleanupJob, GitOpsHook, IndexedBackfill, MigrationJob, QueueWorker, ReconciliationCronJob, ScalerKind,
} from '../../src';

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

