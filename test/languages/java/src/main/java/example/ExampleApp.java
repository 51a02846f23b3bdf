package example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.example.cdk8sbatch.AdmissionEnforcement;
import io.github.example.cdk8sbatch.BackfillPartition;
import io.github.example.cdk8sbatch.BatchAdmissionPolicy;
import io.github.example.cdk8sbatch.BatchAdmissionPolicyProps;
import io.github.example.cdk8sbatch.BatchConstants;
import io.github.example.cdk8sbatch.BatchContainerProps;
import io.github.example.cdk8sbatch.BatchErrors;
import io.github.example.cdk8sbatch.CleanupJob;
import io.github.example.cdk8sbatch.CleanupJobProps;
import io.github.example.cdk8sbatch.ExplainedSynth;
import io.github.example.cdk8sbatch.GitOpsHook;
import io.github.example.cdk8sbatch.GitOpsTool;
import io.github.example.cdk8sbatch.IndexedBackfill;
import io.github.example.cdk8sbatch.IndexedBackfillProps;
import io.github.example.cdk8sbatch.MigrationApproval;
import io.github.example.cdk8sbatch.MigrationJob;
import io.github.example.cdk8sbatch.MigrationJobProps;
import io.github.example.cdk8sbatch.QueueTrigger;
import io.github.example.cdk8sbatch.QueueWorker;
import io.github.example.cdk8sbatch.QueueWorkerProps;
import io.github.example.cdk8sbatch.RabbitMqTriggerOptions;
import io.github.example.cdk8sbatch.ReconciliationCronJob;
import io.github.example.cdk8sbatch.ReconciliationCronJobProps;
import io.github.example.cdk8sbatch.ResourceProps;
import io.github.example.cdk8sbatch.ResourceTarget;
import io.github.example.cdk8sbatch.ScheduledWorkloadProps;
import io.github.example.cdk8sbatch.SecretEnvVar;
import io.github.example.cdk8sbatch.SecretKeyRef;
import io.github.example.cdk8sbatch.ValidationErrorDetails;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.Duration;
import org.cdk8s.Size;
import org.cdk8s.plus28.Cpu;
import software.constructs.Construct;

/**
 * The example app (examples/app.ts) in Java, against the jar jsii-pacmak built into dist/java.
 *
 * test/languages/run.ts runs it with the output folder as its argument: it writes the same six
 * charts through ExplainedSynth and prints, as its last line, what BatchErrors.parse read from
 * the exception a bad schedule throws.
 */
public final class ExampleApp {
    private ExampleApp() {}

    static Chart chart(Construct scope, String id, String namespace) {
        return new Chart(scope, id, ChartProps.builder().namespace(namespace).build());
    }

    static ResourceProps resources(int cpuMillis, int memoryMiB) {
        return ResourceProps.builder().cpu(Cpu.millis(cpuMillis)).memory(Size.mebibytes(memoryMiB)).build();
    }

    static ResourceProps resources(int cpuMillis, int memoryMiB, int memoryLimitGiB) {
        return ResourceProps.builder().cpu(Cpu.millis(cpuMillis)).memory(Size.mebibytes(memoryMiB))
            .memoryLimit(Size.gibibytes(memoryLimitGiB)).build();
    }

    static List<SecretEnvVar> secretEnv(String name, String secretName, String key) {
        return List.of(SecretEnvVar.builder().name(name).secretName(secretName).key(key).build());
    }

    static void finance(App app) {
        new ReconciliationCronJob(chart(app, "finance", "finance"), "daily-ledger-reconciliation", ReconciliationCronJobProps.builder()
            .schedule("15 1 * * *")
            .timeZone("Etc/UTC")
            .owner("finance-platform")
            .runbook("https://runbooks.example.com/finance/ledger-reconciliation")
            .partOf("finance-platform")
            .managedBy("gitops")
            .slo("complete by 03:00 UTC daily")
            .businessWindow("Daily reconciliation after the 01:00 UTC ledger close")
            .dataClassification("restricted")
            .maxDownstreamQps(50)
            .idempotencyKey("ledger-reconciliation:{businessDate}:{accountId}")
            .completionLedger("finance.reconciliation_runs table (one row per business date)")
            .container(BatchContainerProps.builder()
                .image("registry.example.com/finance/reconciler:2026.07.01")
                .args(List.of("--date=yesterday"))
                .resources(resources(500, 512, 1))
                .secretEnv(secretEnv("LEDGER_DB_PASSWORD", "ledger-db", "password"))
                .build())
            .build());
    }

    static void orders(App app) {
        new MigrationJob(chart(app, "orders", "orders"), "orders-schema-migration", MigrationJobProps.builder()
            .targetVersion("2026_07_01_001")
            .versionLabel("20260701")
            .approval(MigrationApproval.builder().changeRef("CHG-2026-0701").approvedBy("orders-dba-oncall").build())
            .gitOpsHook(GitOpsHook.ARGO_CD_PRE_SYNC)
            .serviceAccountName("orders-migration")
            .owner("orders-platform")
            .runbook("https://runbooks.example.com/orders/schema-migration")
            .maxDownstreamQps(20)
            .container(BatchContainerProps.builder()
                .image("registry.example.com/orders/migrator:2026.07.01")
                .resources(resources(250, 256))
                .secretEnv(secretEnv("ORDERS_DB_URL", "orders-db", "url"))
                .build())
            .build());
    }

    static void financeBackfill(App app) {
        List<BackfillPartition> months = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String period = String.format("%d-%02d", 2025 + i / 12, i % 12 + 1);
            months.add(BackfillPartition.builder().key(period).parameters(Map.of("period", period, "ledger", "general")).build());
        }
        new IndexedBackfill(chart(app, "finance-backfill", "finance"), "partitioned-ledger-check", IndexedBackfillProps.builder()
            .partitions(months)
            .parallelism(5)
            .backoffLimitPerIndex(2)
            .maxFailedIndexes(3)
            .owner("finance-platform")
            .runbook("https://runbooks.example.com/finance/partitioned-ledger-check")
            .partOf("finance-platform")
            .managedBy("gitops")
            .dataClassification("restricted")
            .maxDownstreamQps(50)
            .idempotencyKey("ledger-check:{partitionKey}:{accountId}")
            .completionLedger("finance.ledger_check_partitions table (one row per partition key)")
            .container(BatchContainerProps.builder()
                .name("checker")
                .image("registry.example.com/finance/partition-checker:1.9.0")
                .resources(resources(500, 512))
                .secretEnv(secretEnv("LEDGER_DB_PASSWORD", "ledger-db", "password"))
                .build())
            .build());
    }

    static void identityCleanup(App app) {
        Chart chart = chart(app, "identity-cleanup", "identity");
        new CleanupJob(chart, "expired-session-cleanup", CleanupJobProps.builder()
            .owner("identity-platform")
            .runbook("https://runbooks.example.com/identity/session-cleanup")
            .partOf("identity-platform")
            .managedBy("gitops")
            .cron(ScheduledWorkloadProps.builder().schedule("30 2 * * *").timeZone("Etc/UTC").build())
            .dryRun(false)
            .maxDeletions(200_000)
            .deleteRatePerSecond(50)
            .pageSize(500)
            .maxDownstreamQps(100)
            .auditLocation("s3://identity-audit/cleanup/expired-sessions")
            .idempotencyKey("expired-session-cleanup:{sessionId}")
            .container(BatchContainerProps.builder()
                .image("registry.example.com/identity/session-sweeper:3.1.0")
                .args(List.of("--expired-before=now-30d"))
                .resources(resources(200, 256))
                .secretEnv(secretEnv("SESSION_DB_URL", "session-db", "url"))
                .build())
            .build());
        new CleanupJob(chart, "stale-login-challenge-cleanup", CleanupJobProps.builder()
            .owner("identity-platform")
            .runbook("https://runbooks.example.com/identity/session-cleanup")
            .partOf("identity-platform")
            .managedBy("gitops")
            .targets(List.of(ResourceTarget.builder().apiGroup("").resource("configmaps").build()))
            .maxDownstreamQps(10)
            .auditLocation("s3://identity-audit/cleanup/login-challenges")
            .container(BatchContainerProps.builder()
                .image("registry.example.com/identity/challenge-sweeper:1.2.0")
                .args(List.of("--label-selector=identity.example.com/kind=login-challenge", "--older-than=24h"))
                .resources(resources(100, 128))
                .build())
            .build());
    }

    static void payments(App app) {
        new QueueWorker(chart(app, "payments", "payments"), "payment-event-worker", QueueWorkerProps.builder()
            .owner("payments-platform")
            .runbook("https://runbooks.example.com/payments/event-worker")
            .partOf("payments-platform")
            .managedBy("gitops")
            .slo("payment events processed within 5 minutes of publication")
            .dataClassification("restricted")
            .maxDownstreamQps(200)
            .qpsPerReplica(25)
            .databaseConnections(60)
            .connectionsPerReplica(10)
            .idempotencyKey("payment-event:{eventId}")
            .completionLedger("payments.processed_events table (one row per event id)")
            .trigger(QueueTrigger.rabbitMq(RabbitMqTriggerOptions.builder()
                .queueName("payment-events")
                .messagesPerReplica(100)
                .connectionSecret(SecretKeyRef.builder().secretName("payments-rabbitmq").key("amqp-url").build())
                .build()))
            .maxProcessingTime(Duration.seconds(60))
            .deadLetterQueue("payment-events.dlq")
            .maxDeliveries(5)
            .container(BatchContainerProps.builder()
                .name("worker")
                .image("registry.example.com/payments/event-worker:4.1.0")
                .env(Map.of("QUEUE_NAME", "payment-events"))
                .resources(resources(500, 512, 1))
                .secretEnv(secretEnv("PAYMENTS_DB_URL", "payments-db", "url"))
                .build())
            .build());
    }

    static void admissionPolicy(App app) {
        new BatchAdmissionPolicy(new Chart(app, "admission-policy"), "batch-rules", BatchAdmissionPolicyProps.builder()
            .enforcement(AdmissionEnforcement.WARN)
            .build());
    }

    static App buildExampleApp(String outdir) {
        App app = new App(AppProps.builder().outdir(outdir).outputFileExtension(".yaml").build());
        app.getNode().setContext(BatchConstants.GITOPS_CONTEXT, GitOpsTool.ARGO_CD);
        app.getNode().setContext(BatchConstants.KUBERNETES_VERSION_CONTEXT, "1.34");
        finance(app);
        orders(app);
        financeBackfill(app);
        identityCleanup(app);
        payments(app);
        admissionPolicy(app);
        return app;
    }

    /** What a Java caller gets for a bad schedule: a RuntimeException that BatchErrors.parse reads. */
    static String parsedError() {
        Chart chart = new Chart(new App(), "errors");
        try {
            new ReconciliationCronJob(chart, "bad-schedule", ReconciliationCronJobProps.builder()
                .schedule("61 * * * *")
                .owner("finance-platform")
                .runbook("https://runbooks.example.com/finance/ledger-reconciliation")
                .maxDownstreamQps(50)
                .idempotencyKey("ledger-reconciliation:{businessDate}")
                .container(BatchContainerProps.builder()
                    .image("registry.example.com/finance/reconciler:1")
                    .resources(resources(500, 512))
                    .build())
                .build());
        } catch (RuntimeException e) {
            ValidationErrorDetails details = BatchErrors.parse(e.getMessage());
            String parsed = details == null ? "null" : "{\"constructPath\": " + json(details.getConstructPath())
                + ", \"prop\": " + json(details.getProp()) + ", \"value\": " + json(details.getValue())
                + ", \"allowed\": " + json(details.getAllowed()) + "}";
            return "{\"exception\": " + json(e.getClass().getName()) + ", \"message\": " + json(e.getMessage())
                + ", \"details\": " + parsed + "}";
        }
        return "{\"exception\": null}";
    }

    /** A JSON string literal (the messages are plain text: quotes, backslashes and control characters escaped). */
    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    public static void main(String[] args) {
        ExplainedSynth.synth(buildExampleApp(args[0]));
        System.out.println(parsedError());
    }
}
