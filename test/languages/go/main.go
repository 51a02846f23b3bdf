// The example app (examples/app.ts) in Go, against the Go module jsii-pacmak built into dist/go.
//
// test/languages/run.ts runs it: `go run . OUTDIR` writes the same six charts through
// ExplainedSynth and prints, as its last line, what BatchErrors_Parse read from the panic a bad
// schedule raises.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2"
	"github.com/example/cdk8s-batch-go/cdk8sbatch"
)

func resources(cpuMillis, memoryMiB float64, memoryLimitGiB float64) *cdk8sbatch.ResourceProps {
	r := &cdk8sbatch.ResourceProps{Cpu: cdk8splus28.Cpu_Millis(jsii.Number(cpuMillis)), Memory: cdk8s.Size_Mebibytes(jsii.Number(memoryMiB))}
	if memoryLimitGiB > 0 {
		r.MemoryLimit = cdk8s.Size_Gibibytes(jsii.Number(memoryLimitGiB))
	}
	return r
}

func secretEnv(name, secretName, key string) *[]*cdk8sbatch.SecretEnvVar {
	return &[]*cdk8sbatch.SecretEnvVar{{Name: jsii.String(name), SecretName: jsii.String(secretName), Key: jsii.String(key)}}
}

func newChart(scope constructs.Construct, id, namespace string) cdk8s.Chart {
	return cdk8s.NewChart(scope, jsii.String(id), &cdk8s.ChartProps{Namespace: jsii.String(namespace)})
}

func financeChart(app cdk8s.App) {
	chart := newChart(app, "finance", "finance")
	cdk8sbatch.NewReconciliationCronJob(chart, jsii.String("daily-ledger-reconciliation"), &cdk8sbatch.ReconciliationCronJobProps{
		Schedule:           jsii.String("15 1 * * *"),
		TimeZone:           jsii.String("Etc/UTC"),
		Owner:              jsii.String("finance-platform"),
		Runbook:            jsii.String("https://runbooks.example.com/finance/ledger-reconciliation"),
		PartOf:             jsii.String("finance-platform"),
		ManagedBy:          jsii.String("gitops"),
		Slo:                jsii.String("complete by 03:00 UTC daily"),
		BusinessWindow:     jsii.String("Daily reconciliation after the 01:00 UTC ledger close"),
		DataClassification: jsii.String("restricted"),
		MaxDownstreamQps:   jsii.Number(50),
		IdempotencyKey:     jsii.String("ledger-reconciliation:{businessDate}:{accountId}"),
		CompletionLedger:   jsii.String("finance.reconciliation_runs table (one row per business date)"),
		Container: &cdk8sbatch.BatchContainerProps{
			Image:     jsii.String("registry.example.com/finance/reconciler:2026.07.01"),
			Args:      jsii.Strings("--date=yesterday"),
			Resources: resources(500, 512, 1),
			SecretEnv: secretEnv("LEDGER_DB_PASSWORD", "ledger-db", "password"),
		},
	})
}

func ordersChart(app cdk8s.App) {
	chart := newChart(app, "orders", "orders")
	cdk8sbatch.NewMigrationJob(chart, jsii.String("orders-schema-migration"), &cdk8sbatch.MigrationJobProps{
		TargetVersion:      jsii.String("2026_07_01_001"),
		VersionLabel:       jsii.String("20260701"),
		Approval:           &cdk8sbatch.MigrationApproval{ChangeRef: jsii.String("CHG-2026-0701"), ApprovedBy: jsii.String("orders-dba-oncall")},
		GitOpsHook:         cdk8sbatch.GitOpsHook_ARGO_CD_PRE_SYNC,
		ServiceAccountName: jsii.String("orders-migration"),
		Owner:              jsii.String("orders-platform"),
		Runbook:            jsii.String("https://runbooks.example.com/orders/schema-migration"),
		MaxDownstreamQps:   jsii.Number(20),
		Container: &cdk8sbatch.BatchContainerProps{
			Image:     jsii.String("registry.example.com/orders/migrator:2026.07.01"),
			Resources: resources(250, 256, 0),
			SecretEnv: secretEnv("ORDERS_DB_URL", "orders-db", "url"),
		},
	})
}

func financeBackfillChart(app cdk8s.App) {
	chart := newChart(app, "finance-backfill", "finance")
	months := []*cdk8sbatch.BackfillPartition{}
	for i := 0; i < 20; i++ {
		period := fmt.Sprintf("%d-%02d", 2025+i/12, i%12+1)
		months = append(months, &cdk8sbatch.BackfillPartition{
			Key:        jsii.String(period),
			Parameters: &map[string]*string{"period": jsii.String(period), "ledger": jsii.String("general")},
		})
	}
	cdk8sbatch.NewIndexedBackfill(chart, jsii.String("partitioned-ledger-check"), &cdk8sbatch.IndexedBackfillProps{
		Partitions:           &months,
		Parallelism:          jsii.Number(5),
		BackoffLimitPerIndex: jsii.Number(2),
		MaxFailedIndexes:     jsii.Number(3),
		Owner:                jsii.String("finance-platform"),
		Runbook:              jsii.String("https://runbooks.example.com/finance/partitioned-ledger-check"),
		PartOf:               jsii.String("finance-platform"),
		ManagedBy:            jsii.String("gitops"),
		DataClassification:   jsii.String("restricted"),
		MaxDownstreamQps:     jsii.Number(50),
		IdempotencyKey:       jsii.String("ledger-check:{partitionKey}:{accountId}"),
		CompletionLedger:     jsii.String("finance.ledger_check_partitions table (one row per partition key)"),
		Container: &cdk8sbatch.BatchContainerProps{
			Name:      jsii.String("checker"),
			Image:     jsii.String("registry.example.com/finance/partition-checker:1.9.0"),
			Resources: resources(500, 512, 0),
			SecretEnv: secretEnv("LEDGER_DB_PASSWORD", "ledger-db", "password"),
		},
	})
}

func identityCleanupChart(app cdk8s.App) {
	chart := newChart(app, "identity-cleanup", "identity")
	cdk8sbatch.NewCleanupJob(chart, jsii.String("expired-session-cleanup"), &cdk8sbatch.CleanupJobProps{
		Owner:               jsii.String("identity-platform"),
		Runbook:             jsii.String("https://runbooks.example.com/identity/session-cleanup"),
		PartOf:              jsii.String("identity-platform"),
		ManagedBy:           jsii.String("gitops"),
		Cron:                &cdk8sbatch.ScheduledWorkloadProps{Schedule: jsii.String("30 2 * * *"), TimeZone: jsii.String("Etc/UTC")},
		DryRun:              jsii.Bool(false),
		MaxDeletions:        jsii.Number(200_000),
		DeleteRatePerSecond: jsii.Number(50),
		PageSize:            jsii.Number(500),
		MaxDownstreamQps:    jsii.Number(100),
		AuditLocation:       jsii.String("s3://identity-audit/cleanup/expired-sessions"),
		IdempotencyKey:      jsii.String("expired-session-cleanup:{sessionId}"),
		Container: &cdk8sbatch.BatchContainerProps{
			Image:     jsii.String("registry.example.com/identity/session-sweeper:3.1.0"),
			Args:      jsii.Strings("--expired-before=now-30d"),
			Resources: resources(200, 256, 0),
			SecretEnv: secretEnv("SESSION_DB_URL", "session-db", "url"),
		},
	})
	cdk8sbatch.NewCleanupJob(chart, jsii.String("stale-login-challenge-cleanup"), &cdk8sbatch.CleanupJobProps{
		Owner:            jsii.String("identity-platform"),
		Runbook:          jsii.String("https://runbooks.example.com/identity/session-cleanup"),
		PartOf:           jsii.String("identity-platform"),
		ManagedBy:        jsii.String("gitops"),
		Targets:          &[]*cdk8sbatch.ResourceTarget{{ApiGroup: jsii.String(""), Resource: jsii.String("configmaps")}},
		MaxDownstreamQps: jsii.Number(10),
		AuditLocation:    jsii.String("s3://identity-audit/cleanup/login-challenges"),
		Container: &cdk8sbatch.BatchContainerProps{
			Image:     jsii.String("registry.example.com/identity/challenge-sweeper:1.2.0"),
			Args:      jsii.Strings("--label-selector=identity.example.com/kind=login-challenge", "--older-than=24h"),
			Resources: resources(100, 128, 0),
		},
	})
}

func paymentsChart(app cdk8s.App) {
	chart := newChart(app, "payments", "payments")
	cdk8sbatch.NewQueueWorker(chart, jsii.String("payment-event-worker"), &cdk8sbatch.QueueWorkerProps{
		Owner:                 jsii.String("payments-platform"),
		Runbook:               jsii.String("https://runbooks.example.com/payments/event-worker"),
		PartOf:                jsii.String("payments-platform"),
		ManagedBy:             jsii.String("gitops"),
		Slo:                   jsii.String("payment events processed within 5 minutes of publication"),
		DataClassification:    jsii.String("restricted"),
		MaxDownstreamQps:      jsii.Number(200),
		QpsPerReplica:         jsii.Number(25),
		DatabaseConnections:   jsii.Number(60),
		ConnectionsPerReplica: jsii.Number(10),
		IdempotencyKey:        jsii.String("payment-event:{eventId}"),
		CompletionLedger:      jsii.String("payments.processed_events table (one row per event id)"),
		Trigger: cdk8sbatch.QueueTrigger_RabbitMq(&cdk8sbatch.RabbitMqTriggerOptions{
			QueueName:          jsii.String("payment-events"),
			MessagesPerReplica: jsii.Number(100),
			ConnectionSecret:   &cdk8sbatch.SecretKeyRef{SecretName: jsii.String("payments-rabbitmq"), Key: jsii.String("amqp-url")},
		}),
		MaxProcessingTime: cdk8s.Duration_Seconds(jsii.Number(60)),
		DeadLetterQueue:   jsii.String("payment-events.dlq"),
		MaxDeliveries:     jsii.Number(5),
		Container: &cdk8sbatch.BatchContainerProps{
			Name:      jsii.String("worker"),
			Image:     jsii.String("registry.example.com/payments/event-worker:4.1.0"),
			Env:       &map[string]*string{"QUEUE_NAME": jsii.String("payment-events")},
			Resources: resources(500, 512, 1),
			SecretEnv: secretEnv("PAYMENTS_DB_URL", "payments-db", "url"),
		},
	})
}

func admissionPolicyChart(app cdk8s.App) {
	chart := cdk8s.NewChart(app, jsii.String("admission-policy"), nil)
	cdk8sbatch.NewBatchAdmissionPolicy(chart, jsii.String("batch-rules"), &cdk8sbatch.BatchAdmissionPolicyProps{
		Enforcement: cdk8sbatch.AdmissionEnforcement_WARN,
	})
}

func buildExampleApp(outdir string) cdk8s.App {
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir), OutputFileExtension: jsii.String(".yaml")})
	app.Node().SetContext(cdk8sbatch.BatchConstants_GITOPS_CONTEXT(), cdk8sbatch.GitOpsTool_ARGO_CD)
	app.Node().SetContext(cdk8sbatch.BatchConstants_KUBERNETES_VERSION_CONTEXT(), jsii.String("1.34"))
	financeChart(app)
	ordersChart(app)
	financeBackfillChart(app)
	identityCleanupChart(app)
	paymentsChart(app)
	admissionPolicyChart(app)
	return app
}

// parsedError is what a Go caller gets for a bad schedule: a panic whose error BatchErrors_Parse reads.
func parsedError() (result map[string]interface{}) {
	defer func() {
		recovered := recover()
		err, ok := recovered.(error)
		if !ok {
			result = map[string]interface{}{"exception": fmt.Sprint(recovered)}
			return
		}
		result = map[string]interface{}{"exception": "panic", "message": err.Error(), "details": nil}
		if d := cdk8sbatch.BatchErrors_Parse(jsii.String(err.Error())); d != nil {
			result["details"] = map[string]string{"constructPath": *d.ConstructPath, "prop": *d.Prop, "value": *d.Value, "allowed": *d.Allowed}
		}
	}()
	chart := cdk8s.NewChart(cdk8s.NewApp(nil), jsii.String("errors"), nil)
	cdk8sbatch.NewReconciliationCronJob(chart, jsii.String("bad-schedule"), &cdk8sbatch.ReconciliationCronJobProps{
		Schedule:         jsii.String("61 * * * *"),
		Owner:            jsii.String("finance-platform"),
		Runbook:          jsii.String("https://runbooks.example.com/finance/ledger-reconciliation"),
		MaxDownstreamQps: jsii.Number(50),
		IdempotencyKey:   jsii.String("ledger-reconciliation:{businessDate}"),
		Container:        &cdk8sbatch.BatchContainerProps{Image: jsii.String("registry.example.com/finance/reconciler:1"), Resources: resources(500, 512, 0)},
	})
	return map[string]interface{}{"exception": nil}
}

func main() {
	defer jsii.Close()
	cdk8sbatch.ExplainedSynth_Synth(buildExampleApp(os.Args[1]))
	line, _ := json.Marshal(parsedError())
	fmt.Println(string(line))
}
