"""The example app (examples/app.ts) in Python, against the built wheel.

test/languages/run.ts runs it: `python app.py OUTDIR` writes the same six charts through
ExplainedSynth (so the `# why:` comments are compared too) and prints, as its last line, what
BatchErrors.parse read from the exception a bad schedule raises.
"""
import json
import sys

from cdk8s import App, Chart, Duration, Size
from cdk8s_plus_28 import Cpu
from constructs import Construct

from cdk8s_batch import (
    AdmissionEnforcement,
    BatchAdmissionPolicy,
    BackfillPartition,
    BatchConstants,
    BatchContainerProps,
    BatchErrors,
    CleanupJob,
    ExplainedSynth,
    GitOpsHook,
    GitOpsTool,
    IndexedBackfill,
    MigrationApproval,
    MigrationJob,
    QueueTrigger,
    QueueWorker,
    ReconciliationCronJob,
    ResourceProps,
    ResourceTarget,
    ScheduledWorkloadProps,
    SecretEnvVar,
    SecretKeyRef,
)


class FinanceChart(Chart):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id, namespace="finance")
        ReconciliationCronJob(
            self,
            "daily-ledger-reconciliation",
            schedule="15 1 * * *",
            time_zone="Etc/UTC",
            owner="finance-platform",
            runbook="https://runbooks.example.com/finance/ledger-reconciliation",
            part_of="finance-platform",
            managed_by="gitops",
            slo="complete by 03:00 UTC daily",
            business_window="Daily reconciliation after the 01:00 UTC ledger close",
            data_classification="restricted",
            max_downstream_qps=50,
            idempotency_key="ledger-reconciliation:{businessDate}:{accountId}",
            completion_ledger="finance.reconciliation_runs table (one row per business date)",
            container=BatchContainerProps(
                image="registry.example.com/finance/reconciler:2026.07.01",
                args=["--date=yesterday"],
                resources=ResourceProps(cpu=Cpu.millis(500), memory=Size.mebibytes(512), memory_limit=Size.gibibytes(1)),
                secret_env=[SecretEnvVar(name="LEDGER_DB_PASSWORD", secret_name="ledger-db", key="password")],
            ),
        )


class OrdersChart(Chart):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id, namespace="orders")
        MigrationJob(
            self,
            "orders-schema-migration",
            target_version="2026_07_01_001",
            version_label="20260701",
            approval=MigrationApproval(change_ref="CHG-2026-0701", approved_by="orders-dba-oncall"),
            git_ops_hook=GitOpsHook.ARGO_CD_PRE_SYNC,
            service_account_name="orders-migration",
            owner="orders-platform",
            runbook="https://runbooks.example.com/orders/schema-migration",
            max_downstream_qps=20,
            container=BatchContainerProps(
                image="registry.example.com/orders/migrator:2026.07.01",
                resources=ResourceProps(cpu=Cpu.millis(250), memory=Size.mebibytes(256)),
                secret_env=[SecretEnvVar(name="ORDERS_DB_URL", secret_name="orders-db", key="url")],
            ),
        )


class FinanceBackfillChart(Chart):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id, namespace="finance")
        months = []
        for i in range(20):
            period = f"{2025 + i // 12}-{i % 12 + 1:02d}"
            months.append(BackfillPartition(key=period, parameters={"period": period, "ledger": "general"}))
        IndexedBackfill(
            self,
            "partitioned-ledger-check",
            partitions=months,
            parallelism=5,
            backoff_limit_per_index=2,
            max_failed_indexes=3,
            owner="finance-platform",
            runbook="https://runbooks.example.com/finance/partitioned-ledger-check",
            part_of="finance-platform",
            managed_by="gitops",
            data_classification="restricted",
            max_downstream_qps=50,
            idempotency_key="ledger-check:{partitionKey}:{accountId}",
            completion_ledger="finance.ledger_check_partitions table (one row per partition key)",
            container=BatchContainerProps(
                name="checker",
                image="registry.example.com/finance/partition-checker:1.9.0",
                resources=ResourceProps(cpu=Cpu.millis(500), memory=Size.mebibytes(512)),
                secret_env=[SecretEnvVar(name="LEDGER_DB_PASSWORD", secret_name="ledger-db", key="password")],
            ),
        )


class IdentityCleanupChart(Chart):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id, namespace="identity")
        ownership = {
            "owner": "identity-platform",
            "runbook": "https://runbooks.example.com/identity/session-cleanup",
            "part_of": "identity-platform",
            "managed_by": "gitops",
        }
        CleanupJob(
            self,
            "expired-session-cleanup",
            **ownership,
            cron=ScheduledWorkloadProps(schedule="30 2 * * *", time_zone="Etc/UTC"),
            dry_run=False,
            max_deletions=200_000,
            delete_rate_per_second=50,
            page_size=500,
            max_downstream_qps=100,
            audit_location="s3://identity-audit/cleanup/expired-sessions",
            idempotency_key="expired-session-cleanup:{sessionId}",
            container=BatchContainerProps(
                image="registry.example.com/identity/session-sweeper:3.1.0",
                args=["--expired-before=now-30d"],
                resources=ResourceProps(cpu=Cpu.millis(200), memory=Size.mebibytes(256)),
                secret_env=[SecretEnvVar(name="SESSION_DB_URL", secret_name="session-db", key="url")],
            ),
        )
        CleanupJob(
            self,
            "stale-login-challenge-cleanup",
            **ownership,
            targets=[ResourceTarget(api_group="", resource="configmaps")],
            max_downstream_qps=10,
            audit_location="s3://identity-audit/cleanup/login-challenges",
            container=BatchContainerProps(
                image="registry.example.com/identity/challenge-sweeper:1.2.0",
                args=["--label-selector=identity.example.com/kind=login-challenge", "--older-than=24h"],
                resources=ResourceProps(cpu=Cpu.millis(100), memory=Size.mebibytes(128)),
            ),
        )


class PaymentsChart(Chart):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id, namespace="payments")
        QueueWorker(
            self,
            "payment-event-worker",
            owner="payments-platform",
            runbook="https://runbooks.example.com/payments/event-worker",
            part_of="payments-platform",
            managed_by="gitops",
            slo="payment events processed within 5 minutes of publication",
            data_classification="restricted",
            max_downstream_qps=200,
            qps_per_replica=25,
            database_connections=60,
            connections_per_replica=10,
            idempotency_key="payment-event:{eventId}",
            completion_ledger="payments.processed_events table (one row per event id)",
            trigger=QueueTrigger.rabbit_mq(
                queue_name="payment-events",
                messages_per_replica=100,
                connection_secret=SecretKeyRef(secret_name="payments-rabbitmq", key="amqp-url"),
            ),
            max_processing_time=Duration.seconds(60),
            dead_letter_queue="payment-events.dlq",
            max_deliveries=5,
            container=BatchContainerProps(
                name="worker",
                image="registry.example.com/payments/event-worker:4.1.0",
                env={"QUEUE_NAME": "payment-events"},
                resources=ResourceProps(cpu=Cpu.millis(500), memory=Size.mebibytes(512), memory_limit=Size.gibibytes(1)),
                secret_env=[SecretEnvVar(name="PAYMENTS_DB_URL", secret_name="payments-db", key="url")],
            ),
        )


class AdmissionPolicyChart(Chart):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        BatchAdmissionPolicy(self, "batch-rules", enforcement=AdmissionEnforcement.WARN)


def build_example_app(outdir: str) -> App:
    app = App(outdir=outdir, output_file_extension=".yaml")
    app.node.set_context(BatchConstants.GITOPS_CONTEXT, GitOpsTool.ARGO_CD)
    app.node.set_context(BatchConstants.KUBERNETES_VERSION_CONTEXT, "1.34")
    FinanceChart(app, "finance")
    OrdersChart(app, "orders")
    FinanceBackfillChart(app, "finance-backfill")
    IdentityCleanupChart(app, "identity-cleanup")
    PaymentsChart(app, "payments")
    AdmissionPolicyChart(app, "admission-policy")
    return app


def parsed_error() -> dict:
    """What a Python caller gets for a bad schedule: a RuntimeError that BatchErrors.parse reads."""
    chart = Chart(App(), "errors")
    try:
        ReconciliationCronJob(
            chart,
            "bad-schedule",
            schedule="61 * * * *",
            owner="finance-platform",
            runbook="https://runbooks.example.com/finance/ledger-reconciliation",
            max_downstream_qps=50,
            idempotency_key="ledger-reconciliation:{businessDate}",
            container=BatchContainerProps(
                image="registry.example.com/finance/reconciler:1",
                resources=ResourceProps(cpu=Cpu.millis(500), memory=Size.mebibytes(512)),
            ),
        )
    except RuntimeError as e:
        message = str(e)
        details = BatchErrors.parse(message)
        return {
            "exception": type(e).__name__,
            "message": message,
            "details": None if details is None else {
                "constructPath": details.construct_path,
                "prop": details.prop,
                "value": details.value,
                "allowed": details.allowed,
            },
        }
    return {"exception": None}


if __name__ == "__main__":
    ExplainedSynth.synth(build_example_app(sys.argv[1]))
    print(json.dumps(parsed_error()))
