import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AckMode, AlertSeverity, BatchAudit, PrometheusAuthMode, QueueTrigger, QueueWorker, QueueWorkerProps, ScalerKind, WorkerProbe,
} from '../../src';
import { alertRules, ksmProblems, parsePromQL } from '../alerts/promql';
import { expectValidManifests } from '../support/k8s-schema';
import { only, synthChart } from '../support/synth';

const P = 'platform.example.com';

/** The lesson's payment-event-worker (section 15): minimal valid props. */
export function queueWorkerProps(overrides: Partial<QueueWorkerProps> = {}): QueueWorkerProps {
  return {
    owner: 'payments-platform',
    runbook: 'https://runbooks.example.com/payments/event-worker',
    maxDownstreamQps: 200,
    qpsPerReplica: 25,
    idempotencyKey: 'payment-event:{eventId}',
    trigger: QueueTrigger.rabbitMq({
      queueName: 'payment-events',
      messagesPerReplica: 100,
      connectionSecret: { secretName: 'payments-rabbitmq', key: 'amqp-url' },
    }),
    maxProcessingTime: Duration.seconds(60),
    deadLetterQueue: 'payment-events.dlq',
    container: {
      image: 'registry.example.com/payments/event-worker:4.1.0',
      resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512), memoryLimit: Size.gibibytes(1) },
    },
    ...overrides,
  };
}

function synth(overrides: Partial<QueueWorkerProps> = {}) {
  return synthChart((chart) => new QueueWorker(chart, 'payment-event-worker', queueWorkerProps(overrides)), 'payments');
}

/** Findings the checklist reports on a set, suppressed ones excluded. */
function openFindings(manifests: any[]): string[] {
  return BatchAudit.auditManifests(manifests)
    .filter((f) => !f.suppressed)
    .map((f) => `${f.kind}/${f.name}: ${f.ruleId}: ${f.message}`);
}

describe('QueueWorker defaults', () => {
  const manifests = synth();
  const deployment = only(manifests, 'Deployment');
  const scaled = only(manifests, 'ScaledObject');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const annotations = deployment.metadata.annotations;

  test('synthesizes a Deployment, ScaledObject, TriggerAuthentication, PDB, PrometheusRule and ServiceAccount', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      ['Deployment', 'PodDisruptionBudget', 'PrometheusRule', 'ScaledObject', 'ServiceAccount', 'TriggerAuthentication']);
  });

  test('every manifest is valid against its schema (KEDA and prometheus-operator CRDs included)', () => {
    expectValidManifests(manifests);
  });

  test('the checklist reports zero findings', () => {
    expect(openFindings(manifests)).toEqual([]);
  });

  test('the Deployment has no replicas: the autoscaler owns the count', () => {
    expect('replicas' in deployment.spec).toBe(false);
  });

  test('the selector matches on name and workload class', () => {
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'payment-event-worker', [`${P}/workload-class`]: 'queue-worker' } });
  });

  test('rolling update surges one pod and never drops one', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  });

  test('pods restart in place (restartPolicy Always) and run as the dedicated account without a token', () => {
    expect(pod.restartPolicy).toBe('Always');
    expect(pod.serviceAccountName).toBe('payment-event-worker');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('workload class is queue-worker', () => {
    expect(deployment.metadata.labels[`${P}/workload-class`]).toBe('queue-worker');
  });

  test('message semantics are annotated: idempotency key, ack after commit, 5 deliveries, dead-letter queue, 60 s per message', () => {
    expect(annotations[`${P}/idempotency-key`]).toBe('payment-event:{eventId}');
    expect(annotations[`${P}/ack-mode`]).toBe('after-commit');
    expect(annotations[`${P}/max-deliveries`]).toBe('5');
    expect(annotations[`${P}/dead-letter-queue`]).toBe('payment-events.dlq');
    expect(annotations[`${P}/max-processing-seconds`]).toBe('60');
    expect(annotations[`${P}/visibility-timeout-seconds`]).toBeUndefined();
  });

  test('the same semantics reach the container as env, after the unit-of-work id from the pod name', () => {
    expect(container.env).toEqual([
      { name: 'UNIT_OF_WORK_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'ACK_MODE', value: 'after-commit' },
      { name: 'DEAD_LETTER_QUEUE', value: 'payment-events.dlq' },
      { name: 'MAX_DELIVERIES', value: '5' },
      { name: 'MAX_PROCESSING_SECONDS', value: '60' },
    ]);
  });

  test('grace period = 5 s preStop drain + 60 s processing + 10 s margin, with a native sleep preStop hook', () => {
    expect(pod.terminationGracePeriodSeconds).toBe(75);
    expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
  });

  test('no probes unless asked for', () => {
    expect(container.livenessProbe).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
  });

  test('requests and memory limit as given, restricted security context', () => {
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } });
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('maxReplicas is floor(200 qps / 25 qps per replica) = 8, and the arithmetic is annotated', () => {
    expect(scaled.spec.maxReplicaCount).toBe(8);
    expect(annotations[`${P}/max-replicas-reason`]).toBe('maxReplicas 8 = min(floor(maxDownstreamQps 200 / qpsPerReplica 25) = 8)');
  });

  test('minReplicas is 1 (a warm consumer)', () => {
    expect(scaled.spec.minReplicaCount).toBe(1);
  });

  test('the ScaledObject targets the Deployment', () => {
    expect(scaled.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'payment-event-worker' });
  });

  test('KEDA polls every 30 s with a 300 s cooldown', () => {
    expect(scaled.spec.pollingInterval).toBe(30);
    expect(scaled.spec.cooldownPeriod).toBe(300);
  });

  test('fallback holds 1 replica after 3 failed reads', () => {
    expect(scaled.spec.fallback).toEqual({ failureThreshold: 3, replicas: 1 });
  });

  test('scale-down waits 300 s; the HPA KEDA creates is named after the worker', () => {
    expect(scaled.spec.advanced).toEqual({
      horizontalPodAutoscalerConfig: { name: 'payment-event-worker', behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } },
    });
  });

  test('the RabbitMQ trigger scales on queue length, AverageValue, with credentials by reference', () => {
    expect(scaled.spec.triggers).toEqual([{
      type: 'rabbitmq',
      metricType: 'AverageValue',
      metadata: { mode: 'QueueLength', queueName: 'payment-events', value: '100' },
      authenticationRef: { name: 'payment-event-worker' },
    }]);
    expect(only(manifests, 'TriggerAuthentication').spec).toEqual({
      secretTargetRef: [{ parameter: 'host', name: 'payments-rabbitmq', key: 'amqp-url' }],
    });
  });

  test('the PodDisruptionBudget allows one pod down and lets unhealthy pods be evicted', () => {
    expect(only(manifests, 'PodDisruptionBudget').spec).toEqual({
      maxUnavailable: 1,
      selector: deployment.spec.selector,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('alerts: backlog above 100 x 8 = 800 for 15m (critical), at max replicas for 30m (warning)', () => {
    const rules = alertRules(manifests);
    expect(rules.map((r) => [r.alert, r.for, r.labels.severity])).toEqual([
      ['QueueWorkerBacklogHigh', '15m', 'critical'],
      ['QueueWorkerAtMaxReplicas', '30m', 'warning'],
    ]);
    expect(rules[0].expr).toMatch(/ > 800$/);
    expect(rules[0].annotations.runbook_url).toBe('https://runbooks.example.com/payments/event-worker');
    expect(rules[0].annotations.summary).toBe('Payment event worker is falling behind: backlog above 800 for 15m.');
    expect(rules[0].labels).toEqual({ owner: 'payments-platform', severity: 'critical', workload: 'payment-event-worker', workload_class: 'queue-worker' });
  });

  test('every alert expression parses with the Prometheus grammar and uses verified kube-state-metrics names', () => {
    for (const rule of alertRules(manifests)) {
      expect([rule.alert, ksmProblems(rule.expr)]).toEqual([rule.alert, []]);
      expect(parsePromQL(rule.expr).matchers).toEqual(expect.arrayContaining([
        { metric: expect.any(String), label: 'horizontalpodautoscaler', value: 'payment-event-worker' },
        { metric: expect.any(String), label: 'namespace', value: 'payments' },
      ]));
    }
  });

  test('exposes the objects and the resolved numbers', () => {
    synthChart((chart) => {
      const w = new QueueWorker(chart, 'w', queueWorkerProps());
      expect([w.name, w.minReplicas, w.maxReplicas, w.terminationGracePeriodSeconds]).toEqual(['w', 1, 8, 75]);
      expect([w.deployment.kind, w.scaledObject?.kind, w.triggerAuthentication?.kind, w.podDisruptionBudget.kind, w.alerts?.kind])
        .toEqual(['Deployment', 'ScaledObject', 'TriggerAuthentication', 'PodDisruptionBudget', 'PrometheusRule']);
      expect(w.horizontalPodAutoscaler).toBeUndefined();
    });
  });

  test('snapshot for review', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('QueueWorker triggers', () => {
  test('Kafka: lag threshold, partitions cap the maximum, SASL credentials by reference', () => {
    const manifests = synth({
      qpsPerReplica: undefined,
      trigger: QueueTrigger.kafka({
        bootstrapServers: ['kafka-0.kafka:9092', 'kafka-1.kafka:9092'],
        consumerGroup: 'payment-worker',
        topic: 'payment-events',
        lagPerReplica: 50,
        partitions: 6,
        authentication: [
          { parameter: 'sasl', secretName: 'kafka-auth', key: 'mode' },
          { parameter: 'password', secretName: 'kafka-auth', key: 'password' },
          { parameter: 'username', secretName: 'kafka-auth', key: 'username' },
        ],
      }),
    });
    expectValidManifests(manifests);
    expect(openFindings(manifests)).toEqual([]);
    const scaled = only(manifests, 'ScaledObject');
    expect(scaled.spec.maxReplicaCount).toBe(6);
    expect(scaled.spec.triggers[0].metadata).toEqual({
      bootstrapServers: 'kafka-0.kafka:9092,kafka-1.kafka:9092', consumerGroup: 'payment-worker', topic: 'payment-events', lagThreshold: '50',
    });
    expect(only(manifests, 'TriggerAuthentication').spec.secretTargetRef.map((r: any) => r.parameter)).toEqual(['password', 'sasl', 'username']);
  });

  test('SQS: queue length, region, visibility timeout checked and passed on', () => {
    const manifests = synth({
      trigger: QueueTrigger.awsSqs({
        queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/payment-events',
        awsRegion: 'eu-west-1',
        messagesPerReplica: 20,
        activationMessages: 1,
      }),
      visibilityTimeout: Duration.minutes(5),
    });
    expectValidManifests(manifests);
    expect(openFindings(manifests)).toEqual([]);
    expect(manifests.some((m) => m.kind === 'TriggerAuthentication')).toBe(false);
    const trigger = only(manifests, 'ScaledObject').spec.triggers[0];
    expect(trigger.type).toBe('aws-sqs-queue');
    expect(trigger.authenticationRef).toBeUndefined();
    expect(trigger.metadata).toEqual({
      queueURL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/payment-events', awsRegion: 'eu-west-1', queueLength: '20', activationQueueLength: '1',
    });
    const deployment = only(manifests, 'Deployment');
    expect(deployment.metadata.annotations[`${P}/visibility-timeout-seconds`]).toBe('300');
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'VISIBILITY_TIMEOUT_SECONDS', value: '300' });
  });

  test('Prometheus: query and threshold, bearer auth', () => {
    const manifests = synth({
      trigger: QueueTrigger.prometheus({
        serverAddress: 'http://prometheus.monitoring:9090',
        query: 'max(queue_oldest_message_age_seconds{queue="payment-events"})',
        threshold: 30,
        authModes: [PrometheusAuthMode.BEARER],
        authentication: [{ parameter: 'bearerToken', secretName: 'prom-token', key: 'token' }],
      }),
    });
    expectValidManifests(manifests);
    expect(openFindings(manifests)).toEqual([]);
    expect(only(manifests, 'ScaledObject').spec.triggers[0].metadata).toEqual({
      serverAddress: 'http://prometheus.monitoring:9090',
      query: 'max(queue_oldest_message_age_seconds{queue="payment-events"})',
      threshold: '30',
      authModes: 'bearer',
    });
  });
});

describe('QueueWorker options', () => {
  test('HPA on an External metric for clusters without KEDA', () => {
    const manifests = synth({
      scaler: ScalerKind.HPA_EXTERNAL_METRIC,
      externalMetric: { metricName: 'rabbitmq_queue_messages_ready', matchLabels: { queue: 'payment-events' } },
      scaleDownStabilization: Duration.minutes(10),
    });
    expectValidManifests(manifests);
    expect(openFindings(manifests)).toEqual([]);
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'PrometheusRule', 'ServiceAccount']);
    const hpa = only(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payment-event-worker' },
      minReplicas: 1,
      maxReplicas: 8,
      metrics: [{
        type: 'External',
        external: {
          metric: { name: 'rabbitmq_queue_messages_ready', selector: { matchLabels: { queue: 'payment-events' } } },
          target: { type: 'AverageValue', averageValue: '100' },
        },
      }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
    });
  });

  test('database connections bound the maximum together with QPS; the smaller wins', () => {
    const scaled = only(synth({ databaseConnections: 60, connectionsPerReplica: 10 }), 'ScaledObject');
    expect(scaled.spec.maxReplicaCount).toBe(6);
  });

  test('without any bound the maximum defaults to 10', () => {
    expect(only(synth({ qpsPerReplica: undefined }), 'ScaledObject').spec.maxReplicaCount).toBe(10);
  });

  test('scale to zero with KEDA: minReplicas 0, fallback still 1', () => {
    const scaled = only(synth({ minReplicas: 0 }), 'ScaledObject');
    expect([scaled.spec.minReplicaCount, scaled.spec.fallback.replicas]).toEqual([0, 1]);
  });

  test('probes, a preStop command, an explicit grace period, more deliveries and PDB', () => {
    const manifests = synth({
      livenessProbe: WorkerProbe.httpGet('/healthz', 8080, { period: Duration.seconds(20) }),
      readinessProbe: WorkerProbe.exec(['/bin/ready'], { failureThreshold: 1, initialDelay: Duration.seconds(5) }),
      preStopCommand: ['/bin/worker', 'drain'],
      preStopDrain: Duration.seconds(20),
      terminationGracePeriod: Duration.minutes(2),
      maxDeliveries: 10,
      maxUnavailable: 2,
    });
    expectValidManifests(manifests);
    const pod = only(manifests, 'Deployment').spec.template.spec;
    const c = pod.containers[0];
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 1 });
    expect(c.readinessProbe).toEqual({ exec: { command: ['/bin/ready'] }, periodSeconds: 10, failureThreshold: 1, initialDelaySeconds: 5, timeoutSeconds: 1 });
    expect(c.lifecycle).toEqual({ preStop: { exec: { command: ['/bin/worker', 'drain'] } } });
    expect(pod.terminationGracePeriodSeconds).toBe(120);
    expect(c.env).toContainEqual({ name: 'MAX_DELIVERIES', value: '10' });
    expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(2);
  });

  test('preStopDrain 0 turns the hook off; grace is then processing + margin', () => {
    const pod = only(synth({ preStopDrain: Duration.seconds(0) }), 'Deployment').spec.template.spec;
    expect(pod.containers[0].lifecycle).toBeUndefined();
    expect(pod.terminationGracePeriodSeconds).toBe(70);
  });

  test('ack before processing with a stated reason is annotated', () => {
    const d = only(synth({ ackMode: AckMode.BEFORE_PROCESSING, messageLossAcceptableReason: 'metrics samples; a lost one is noise' }), 'Deployment');
    expect(d.metadata.annotations[`${P}/ack-mode`]).toBe('before-processing');
    expect(d.metadata.annotations[`${P}/message-loss-acceptable`]).toBe('metrics samples; a lost one is noise');
  });

  test('a user backlog query replaces the default and keeps the freshness rule satisfied', () => {
    const manifests = synth({
      alerts: {
        backlogQuery: 'max(rabbitmq_queue_messages_ready{queue="payment-events"})',
        backlogThreshold: 5000,
        backlogFor: Duration.minutes(5),
        severity: AlertSeverity.WARNING,
        routingLabels: { team: 'payments' },
        ruleLabels: { release: 'kube-prometheus-stack' },
      },
    });
    expectValidManifests(manifests);
    expect(openFindings(manifests)).toEqual([]);
    const rule = only(manifests, 'PrometheusRule');
    expect(rule.metadata.labels.release).toBe('kube-prometheus-stack');
    const backlog = rule.spec.groups[0].rules[0];
    expect(backlog.expr).toBe('(max(rabbitmq_queue_messages_ready{queue="payment-events"})) > 5000');
    expect(parsePromQL(backlog.expr).errors).toBe(0);
    expect([backlog.for, backlog.labels.severity, backlog.labels.team]).toEqual(['5m', 'warning', 'payments']);
  });

  test('alerts off: no PrometheusRule, the reason recorded as a freshness-alert suppression', () => {
    const manifests = synth({ alerts: { enabled: false, disabledReason: 'backlog is alerted by the broker team\'s SLO rules' } });
    expect(manifests.some((m) => m.kind === 'PrometheusRule')).toBe(false);
    const annotations = only(manifests, 'Deployment').metadata.annotations;
    expect(annotations[`${P}/suppress.freshness-alert`]).toBe('backlog is alerted by the broker team\'s SLO rules');
    expect(annotations[`${P}/alerts-disabled`]).toBe('backlog is alerted by the broker team\'s SLO rules');
    expect(openFindings(manifests)).toEqual([]);
    expect(BatchAudit.auditManifests(manifests).filter((f) => f.suppressed).map((f) => f.ruleId)).toEqual(['freshness-alert']);
  });

  test('without the PrometheusRule the checklist does flag the worker (the alert is what satisfies it)', () => {
    const manifests = synth().filter((m) => m.kind !== 'PrometheusRule');
    expect(BatchAudit.auditManifests(manifests).map((f) => f.ruleId)).toEqual(['freshness-alert']);
  });
});
