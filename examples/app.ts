import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
// Inside this repository the example imports the sources; in your app: `from 'cdk8s-batch'`.
import {
  AdmissionEnforcement, BatchAdmissionPolicy, CleanupJob, GITOPS_CONTEXT, GitOpsHook, GitOpsTool, IndexedBackfill, KUBERNETES_VERSION_CONTEXT,
  MigrationJob, QueueTrigger, QueueWorker, ReconciliationCronJob,
} from '../src';
import { EXAMPLE_KUBERNETES_VERSION } from './kubernetes-version';

/**
 * Finance: a daily ledger reconciliation, written with cdk8s-batch.
 */
export class FinanceChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'finance' });

    // Daily ledger reconciliation at 01:15 UTC.
    new ReconciliationCronJob(this, 'daily-ledger-reconciliation', {
      schedule: '15 1 * * *',
      timeZone: 'Etc/UTC',
      owner: 'finance-platform',
      runbook: 'https://runbooks.example.com/finance/ledger-reconciliation',
      partOf: 'finance-platform',
      managedBy: 'gitops',
      slo: 'complete by 03:00 UTC daily',
      businessWindow: 'Daily reconciliation after the 01:00 UTC ledger close',
      dataClassification: 'restricted',
      maxDownstreamQps: 50,
      idempotencyKey: 'ledger-reconciliation:{businessDate}:{accountId}',
      completionLedger: 'finance.reconciliation_runs table (one row per business date)',
      container: {
        image: 'registry.example.com/finance/reconciler:2026.07.01',
        args: ['--date=yesterday'],
        resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512), memoryLimit: Size.gibibytes(1) },
        secretEnv: [{ name: 'LEDGER_DB_PASSWORD', secretName: 'ledger-db', key: 'password' }],
      },
    });
  }
}

/**
 * A schema migration, as an Argo CD PreSync hook.
 */
export class OrdersChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'orders' });

    new MigrationJob(this, 'orders-schema-migration', {
      targetVersion: '2026_07_01_001',
      versionLabel: '20260701',
      approval: { changeRef: 'CHG-2026-0701', approvedBy: 'orders-dba-oncall' },
      gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC,
      serviceAccountName: 'orders-migration',
      owner: 'orders-platform',
      runbook: 'https://runbooks.example.com/orders/schema-migration',
      maxDownstreamQps: 20,
      container: {
        image: 'registry.example.com/orders/migrator:2026.07.01',
        resources: { cpu: Cpu.millis(250), memory: Size.mebibytes(256) },
        secretEnv: [{ name: 'ORDERS_DB_URL', secretName: 'orders-db', key: 'url' }],
      },
    });
  }
}

/**
 * An Indexed Job: 20 ledger partitions checked 5 at a time, each index
 * retried at most twice, the Job stopped once more than 3 partitions failed.
 */
export class FinanceBackfillChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'finance' });

    const months = Array.from({ length: 20 }, (_, i) => {
      const year = 2025 + Math.floor(i / 12);
      const month = String((i % 12) + 1).padStart(2, '0');
      return { key: `${year}-${month}`, parameters: { period: `${year}-${month}`, ledger: 'general' } };
    });
    new IndexedBackfill(this, 'partitioned-ledger-check', {
      partitions: months,
      parallelism: 5,
      backoffLimitPerIndex: 2,
      maxFailedIndexes: 3,
      owner: 'finance-platform',
      runbook: 'https://runbooks.example.com/finance/partitioned-ledger-check',
      partOf: 'finance-platform',
      managedBy: 'gitops',
      dataClassification: 'restricted',
      maxDownstreamQps: 50,
      idempotencyKey: 'ledger-check:{partitionKey}:{accountId}',
      completionLedger: 'finance.ledger_check_partitions table (one row per partition key)',
      container: {
        name: 'checker',
        image: 'registry.example.com/finance/partition-checker:1.9.0',
        resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) },
        secretEnv: [{ name: 'LEDGER_DB_PASSWORD', secretName: 'ledger-db', key: 'password' }],
      },
    });
  }
}

/**
 * A cleanup: a nightly, bounded, audited session purge, and a
 * one-off dry run over Kubernetes objects with a generated least-privilege Role.
 */
export class IdentityCleanupChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'identity' });

    const ownership = {
      owner: 'identity-platform',
      runbook: 'https://runbooks.example.com/identity/session-cleanup',
      partOf: 'identity-platform',
      managedBy: 'gitops',
    };
    new CleanupJob(this, 'expired-session-cleanup', {
      ...ownership,
      cron: { schedule: '30 2 * * *', timeZone: 'Etc/UTC' },
      dryRun: false,
      maxDeletions: 200_000,
      deleteRatePerSecond: 50,
      pageSize: 500,
      maxDownstreamQps: 100,
      auditLocation: 's3://identity-audit/cleanup/expired-sessions',
      idempotencyKey: 'expired-session-cleanup:{sessionId}',
      container: {
        image: 'registry.example.com/identity/session-sweeper:3.1.0',
        args: ['--expired-before=now-30d'],
        resources: { cpu: Cpu.millis(200), memory: Size.mebibytes(256) },
        secretEnv: [{ name: 'SESSION_DB_URL', secretName: 'session-db', key: 'url' }],
      },
    });

    new CleanupJob(this, 'stale-login-challenge-cleanup', {
      ...ownership,
      targets: [{ apiGroup: '', resource: 'configmaps' }],
      maxDownstreamQps: 10,
      auditLocation: 's3://identity-audit/cleanup/login-challenges',
      container: {
        image: 'registry.example.com/identity/challenge-sweeper:1.2.0',
        args: ['--label-selector=identity.example.com/kind=login-challenge', '--older-than=24h'],
        resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) },
      },
    });
  }
}

/**
 * A queue worker: payment events consumed from RabbitMQ, scaled by
 * KEDA on the queue's backlog, bounded by what the payment provider and the database can take.
 */
export class PaymentsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'payments' });

    new QueueWorker(this, 'payment-event-worker', {
      owner: 'payments-platform',
      runbook: 'https://runbooks.example.com/payments/event-worker',
      partOf: 'payments-platform',
      managedBy: 'gitops',
      slo: 'payment events processed within 5 minutes of publication',
      dataClassification: 'restricted',
      // The provider allows 200 requests/s and one worker makes up to 25: at most 8 workers;
      // the database pool has 60 connections and a worker holds 10: at most 6. The maximum is 6.
      maxDownstreamQps: 200,
      qpsPerReplica: 25,
      databaseConnections: 60,
      connectionsPerReplica: 10,
      idempotencyKey: 'payment-event:{eventId}',
      completionLedger: 'payments.processed_events table (one row per event id)',
      trigger: QueueTrigger.rabbitMq({
        queueName: 'payment-events',
        messagesPerReplica: 100,
        connectionSecret: { secretName: 'payments-rabbitmq', key: 'amqp-url' },
      }),
      maxProcessingTime: Duration.seconds(60),
      deadLetterQueue: 'payment-events.dlq',
      maxDeliveries: 5,
      container: {
        name: 'worker',
        image: 'registry.example.com/payments/event-worker:4.1.0',
        env: { QUEUE_NAME: 'payment-events' },
        resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512), memoryLimit: Size.gibibytes(1) },
        secretEnv: [{ name: 'PAYMENTS_DB_URL', secretName: 'payments-db', key: 'url' }],
      },
    });
  }
}

/**
 * The same rules in the cluster: ValidatingAdmissionPolicies that check every Job, CronJob and
 * queue-worker Deployment created in the team namespaces, including those applied without this
 * app (kubectl, another team's Helm chart). Rolled out with WARN first: a breaking object is
 * admitted with a warning and an audit annotation; switch to DENY once the warnings are gone.
 */
export class AdmissionPolicyChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new BatchAdmissionPolicy(this, 'batch-rules', { enforcement: AdmissionEnforcement.WARN });
  }
}

// The oldest Kubernetes release these manifests are applied to (examples/kubernetes-version.ts).
export { EXAMPLE_KUBERNETES_VERSION };

/** Builds the example app into `outdir`. */
export function buildExampleApp(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.yaml' });
  // Argo CD (automated sync, self-heal, prune) applies this output: one-off Jobs get no TTL and
  // stay finished until they are removed from Git; the PreSync migration hook and the CronJobs
  // keep their TTL.
  app.node.setContext(GITOPS_CONTEXT, GitOpsTool.ARGO_CD);
  app.node.setContext(KUBERNETES_VERSION_CONTEXT, EXAMPLE_KUBERNETES_VERSION);
  new FinanceChart(app, 'finance');
  new OrdersChart(app, 'orders');
  new FinanceBackfillChart(app, 'finance-backfill');
  new IdentityCleanupChart(app, 'identity-cleanup');
  new PaymentsChart(app, 'payments');
  new AdmissionPolicyChart(app, 'admission-policy');
  return app;
}
