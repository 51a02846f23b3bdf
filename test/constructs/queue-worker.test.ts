import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AckMode, AlertSeverity, BatchAudit, PrometheusAuthMode, QueueTrigger, QueueWorker, QueueWorkerProps, ScalerKind, WorkerProbe,
} from '../../src';
import { alertRules, ksmProblems, parsePromQL } from '../alerts/promql';
import { expectValidManifests } from '../support/k8s-schema';
import { queueWorkerProps } from '../support/queue-worker-fixtures';
import { only, synthChart } from '../support/synth';

const P = 'platform.example.com';

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

/**
 * Bad inputs: each fails at synth with BatchValidationError naming the prop, the value and what is
 * allowed (with the numbers, where a limit is computed).
 */
describe('QueueWorker bad inputs', () => {
  const rabbit = (o: object = {}) => QueueTrigger.rabbitMq({
    queueName: 'q', messagesPerReplica: 10, connectionSecret: { secretName: 's', key: 'k' }, ...o,
  });
  const cases: Array<{ what: string; props: () => Partial<QueueWorkerProps>; prop: string; says: RegExp }> = [
    {
      what: 'maxReplicas above the QPS bound',
      props: () => ({ maxReplicas: 9 }),
      prop: 'maxReplicas',
      says: /at most 8: floor\(maxDownstreamQps 200 \/ qpsPerReplica 25\) = 8/,
    },
    {
      what: 'maxReplicas above the connection bound',
      props: () => ({ qpsPerReplica: undefined, maxReplicas: 7, databaseConnections: 50, connectionsPerReplica: 8 }),
      prop: 'maxReplicas',
      says: /at most 6: floor\(databaseConnections 50 \/ connectionsPerReplica 8\) = 6/,
    },
    { what: 'one replica exceeds the downstream', props: () => ({ qpsPerReplica: 500 }), prop: 'maxReplicas', says: /one replica already exceeds.*= 0/ },
    { what: 'connections without per-replica connections', props: () => ({ databaseConnections: 50 }), prop: 'connectionsPerReplica', says: /go together/ },
    { what: 'zero qpsPerReplica', props: () => ({ qpsPerReplica: 0 }), prop: 'qpsPerReplica', says: /positive number/ },
    {
      what: 'maxReplicas above Kafka partitions',
      props: () => ({
        qpsPerReplica: undefined,
        maxReplicas: 4,
        trigger: QueueTrigger.kafka({ bootstrapServers: ['k:9092'], consumerGroup: 'g', topic: 't', lagPerReplica: 5, partitions: 3 }),
      }),
      prop: 'maxReplicas',
      says: /at most 3: Kafka partitions 3/,
    },
    { what: 'minReplicas above maxReplicas', props: () => ({ minReplicas: 9 }), prop: 'minReplicas', says: /must not exceed maxReplicas \(8\)/ },
    {
      what: 'minReplicas 0 with an HPA',
      props: () => ({ minReplicas: 0, scaler: ScalerKind.HPA_EXTERNAL_METRIC, externalMetric: { metricName: 'm' } }),
      prop: 'minReplicas',
      says: /cannot scale to zero/,
    },
    { what: 'HPA without an external metric', props: () => ({ scaler: ScalerKind.HPA_EXTERNAL_METRIC }), prop: 'externalMetric', says: /required with ScalerKind.HPA_EXTERNAL_METRIC/ },
    {
      what: 'a KEDA setting with an HPA',
      props: () => ({ scaler: ScalerKind.HPA_EXTERNAL_METRIC, externalMetric: { metricName: 'm' }, fallbackReplicas: 2 }),
      prop: 'fallbackReplicas',
      says: /a KEDA setting/,
    },
    { what: 'an external metric with KEDA', props: () => ({ externalMetric: { metricName: 'm' } }), prop: 'externalMetric', says: /only used with/ },
    { what: 'fallback above the maximum', props: () => ({ fallbackReplicas: 9 }), prop: 'fallbackReplicas', says: /at most maxReplicas \(8\)/ },
    {
      what: 'visibility timeout below processing time',
      props: () => ({ visibilityTimeout: Duration.seconds(30) }),
      prop: 'visibilityTimeout',
      says: /"30 seconds".*\(30 s <= 60 s\).*run twice/,
    },
    { what: 'visibility timeout equal to processing time', props: () => ({ visibilityTimeout: Duration.seconds(60) }), prop: 'visibilityTimeout', says: /60 s <= 60 s/ },
    {
      what: 'SQS without a visibility timeout',
      props: () => ({
        trigger: QueueTrigger.awsSqs({ queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', awsRegion: 'eu-west-1', messagesPerReplica: 5 }),
      }),
      prop: 'visibilityTimeout',
      says: /required for SQS.*60 s/,
    },
    {
      what: 'grace period below drain + processing',
      props: () => ({ terminationGracePeriod: Duration.seconds(60) }),
      prop: 'terminationGracePeriod',
      says: /"1 minute".*preStopDrain 5 s \+ maxProcessingTime 60 s = 65 s/,
    },
    { what: 'ack before processing without a reason', props: () => ({ ackMode: AckMode.BEFORE_PROCESSING }), prop: 'ackMode', says: /"before-processing".*messageLossAcceptableReason/ },
    { what: 'a loss reason under after-commit', props: () => ({ messageLossAcceptableReason: 'we do not care at all' }), prop: 'messageLossAcceptableReason', says: /only meaningful/ },
    { what: 'zero max deliveries', props: () => ({ maxDeliveries: 0 }), prop: 'maxDeliveries', says: /dead-letter/ },
    { what: 'empty dead-letter queue', props: () => ({ deadLetterQueue: '' }), prop: 'deadLetterQueue', says: /non-empty/ },
    { what: 'empty idempotency key', props: () => ({ idempotencyKey: ' ' }), prop: 'idempotencyKey', says: /non-empty/ },
    { what: 'sub-second processing time', props: () => ({ maxProcessingTime: Duration.millis(500) }), prop: 'maxProcessingTime', says: /whole number of seconds/ },
    { what: 'a preStop command without time', props: () => ({ preStopCommand: ['/bin/drain'], preStopDrain: Duration.seconds(0) }), prop: 'preStopDrain', says: /time budget/ },
    { what: 'stabilization above an hour', props: () => ({ scaleDownStabilization: Duration.hours(2) }), prop: 'scaleDownStabilization', says: /0 to 3600/ },
    { what: 'zero maxUnavailable', props: () => ({ maxUnavailable: 0 }), prop: 'maxUnavailable', says: /drain can never evict/ },
    { what: 'alerts off without a reason', props: () => ({ alerts: { enabled: false } }), prop: 'alerts.enabled', says: /disabledReason/ },
    { what: 'alerts off with a short reason', props: () => ({ alerts: { enabled: false, disabledReason: 'meh' } }), prop: 'alerts.disabledReason', says: /at least 10 characters/ },
    { what: 'backlog query without a threshold', props: () => ({ alerts: { backlogQuery: 'up' } }), prop: 'alerts.backlogThreshold', says: /required with alerts.backlogQuery/ },
    { what: 'a reserved routing label', props: () => ({ alerts: { routingLabels: { severity: 'page' } } }), prop: 'alerts.routingLabels', says: /set by the construct/ },
    { what: 'a routing label that is not a Prometheus label', props: () => ({ alerts: { routingLabels: { 'team-name': 'x' } } }), prop: 'alerts.routingLabels', says: /Prometheus label name/ },
    { what: 'a rule label that is not a Kubernetes label', props: () => ({ alerts: { ruleLabels: { release: 'kube prometheus' } } }), prop: 'alerts.ruleLabels.release', says: /label value/ },
    { what: 'a name too long for a label', props: () => ({ name: 'w'.repeat(64) }), prop: 'name', says: /at most 63/ },
    { what: 'image tagged latest', props: () => ({ container: { ...queueWorkerProps().container, image: 'registry.example.com/w:latest' } }), prop: 'container.image', says: /latest/ },
    { what: 'overriding ACK_MODE', props: () => ({ container: { ...queueWorkerProps().container, env: { ACK_MODE: 'x' } } }), prop: 'container.env', says: /set by the construct/ },
  ];

  test.each(cases)('$what', ({ props, prop, says }) => {
    let error: any;
    try {
      synth(props());
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe('BatchValidationError');
    expect(error.prop).toBe(prop);
    expect(error.message).toMatch(/^\[cdk8s-batch\] test\/payment-event-worker: invalid /);
    expect(error.message).toMatch(says);
  });

  const triggerCases: Array<{ what: string; make: () => QueueTrigger; prop: string; says: RegExp }> = [
    { what: 'RabbitMQ without a queue', make: () => rabbit({ queueName: '' }), prop: 'queueName', says: /non-empty/ },
    { what: 'RabbitMQ with a zero target', make: () => rabbit({ messagesPerReplica: 0 }), prop: 'messagesPerReplica', says: /positive number/ },
    { what: 'RabbitMQ with a bad Secret name', make: () => rabbit({ connectionSecret: { secretName: 'Bad_Name', key: 'k' } }), prop: 'connectionSecret.secretName', says: /"Bad_Name"/ },
    { what: 'RabbitMQ with a negative activation', make: () => rabbit({ activationMessages: -1 }), prop: 'activationMessages', says: /0 or more/ },
    {
      what: 'an auth parameter the scaler does not know',
      make: () => rabbit({ authentication: [{ parameter: 'pasword', secretName: 's', key: 'k' }] }),
      prop: 'authentication',
      says: /"pasword".*host, username, password/,
    },
    { what: 'an auth parameter twice', make: () => rabbit({ authentication: [{ parameter: 'host', secretName: 's', key: 'k' }] }), prop: 'authentication', says: /once/ },
    {
      what: 'Kafka broker without a port',
      make: () => QueueTrigger.kafka({ bootstrapServers: ['kafka'], consumerGroup: 'g', topic: 't', lagPerReplica: 5 }),
      prop: 'bootstrapServers',
      says: /host:port/,
    },
    {
      what: 'Kafka with zero partitions',
      make: () => QueueTrigger.kafka({ bootstrapServers: ['k:9092'], consumerGroup: 'g', topic: 't', lagPerReplica: 5, partitions: 0 }),
      prop: 'partitions',
      says: /at least 1/,
    },
    {
      what: 'SQS with a queue name instead of URL',
      make: () => QueueTrigger.awsSqs({ queueUrl: 'payment-events', awsRegion: 'eu-west-1', messagesPerReplica: 5 }),
      prop: 'queueUrl',
      says: /full queue URL/,
    },
    {
      what: 'SQS region not matching the URL',
      make: () => QueueTrigger.awsSqs({ queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', awsRegion: 'us-east-1', messagesPerReplica: 5 }),
      prop: 'awsRegion',
      says: /region in queueUrl/,
    },
    {
      what: 'Prometheus URL with credentials',
      make: () => QueueTrigger.prometheus({ serverAddress: 'http://u:p@prom:9090', query: 'up', threshold: 1 }),
      prop: 'serverAddress',
      says: /without credentials/,
    },
    {
      what: 'Prometheus credentials without auth modes',
      make: () => QueueTrigger.prometheus({ serverAddress: 'http://prom:9090', query: 'up', threshold: 1, authentication: [{ parameter: 'bearerToken', secretName: 's', key: 'k' }] }),
      prop: 'authModes',
      says: /go together/,
    },
    { what: 'probe port out of range', make: () => WorkerProbe.httpGet('/h', 70000) as any, prop: 'port', says: /1 to 65535/ },
    { what: 'probe path not absolute', make: () => WorkerProbe.httpGet('healthz', 8080) as any, prop: 'path', says: /absolute path/ },
  ];

  test.each(triggerCases)('$what', ({ make, prop, says }) => {
    let error: any;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe('BatchValidationError');
    expect(error.prop).toBe(prop);
    expect(error.message).toMatch(says);
  });

  test('the catalogue is at least 15 cases per kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(triggerCases.length).toBeGreaterThanOrEqual(10);
  });
});

describe('QueueWorker properties', () => {
  const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);
  const positiveInt = (max: number) => fc.integer({ min: 1, max });

  const trigger = fc.oneof(
    fc.record({ queue: dnsLabel, target: positiveInt(1000) }).map(({ queue, target }) =>
      QueueTrigger.rabbitMq({ queueName: queue, messagesPerReplica: target, connectionSecret: { secretName: `${queue}-amqp`, key: 'url' } })),
    fc.record({ topic: dnsLabel, target: positiveInt(1000), partitions: fc.integer({ min: 2, max: 64 }) }).map(({ topic, target, partitions }) =>
      QueueTrigger.kafka({ bootstrapServers: ['kafka:9092'], consumerGroup: `${topic}-workers`, topic, lagPerReplica: target, partitions })),
    fc.record({ queue: dnsLabel, target: positiveInt(1000) }).map(({ queue, target }) =>
      QueueTrigger.awsSqs({ queueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${queue}`, awsRegion: 'eu-west-1', messagesPerReplica: target })),
    fc.record({ target: fc.double({ min: 0.5, max: 1e6, noNaN: true }) }).map(({ target }) =>
      QueueTrigger.prometheus({ serverAddress: 'http://prometheus:9090', query: 'max(queue_oldest_message_age_seconds)', threshold: target })),
  );

  const validProps = fc.record({
    name: dnsLabel,
    trigger,
    qps: positiveInt(10000),
    qpsShare: fc.option(fc.double({ min: 0.001, max: 1, noNaN: true }), { nil: undefined }),
    connections: fc.option(fc.record({ total: positiveInt(500), per: positiveInt(20) }).filter((c) => c.per <= c.total), { nil: undefined }),
    processing: positiveInt(3600),
    visibilityExtra: positiveInt(3600),
    hpa: fc.boolean(),
    min: fc.integer({ min: 0, max: 1 }),
    deliveries: positiveInt(1000),
    drain: fc.integer({ min: 0, max: 60 }),
    alertsOff: fc.boolean(),
  }).map((r): Partial<QueueWorkerProps> => ({
    name: r.name,
    trigger: r.trigger,
    maxDownstreamQps: r.qps,
    qpsPerReplica: r.qpsShare === undefined ? undefined : Math.max(0.001, r.qps * r.qpsShare),
    databaseConnections: r.connections?.total,
    connectionsPerReplica: r.connections?.per,
    maxProcessingTime: Duration.seconds(r.processing),
    visibilityTimeout: Duration.seconds(r.processing + r.visibilityExtra),
    scaler: r.hpa ? ScalerKind.HPA_EXTERNAL_METRIC : ScalerKind.KEDA,
    externalMetric: r.hpa ? { metricName: 'queue_backlog' } : undefined,
    minReplicas: r.hpa ? 1 : r.min,
    maxDeliveries: r.deliveries,
    preStopDrain: Duration.seconds(r.drain),
    alerts: r.alertsOff ? { enabled: false, disabledReason: 'alerted by the platform team\'s broker rules' } : undefined,
  }));

  test('500 random valid prop sets synthesize schema-valid manifests with zero findings', () => {
    fc.assert(fc.property(validProps, (props) => {
      const manifests = synth(props);
      expectValidManifests(manifests);
      expect(openFindings(manifests)).toEqual([]);
      const worker = only(manifests, 'Deployment');
      const max = only(manifests, props.scaler === ScalerKind.KEDA ? 'ScaledObject' : 'HorizontalPodAutoscaler').spec;
      const maxReplicas = max.maxReplicaCount ?? max.maxReplicas;
      // The bound holds whatever the inputs.
      if (props.qpsPerReplica !== undefined) expect(maxReplicas).toBeLessThanOrEqual(Math.floor(props.maxDownstreamQps! / props.qpsPerReplica));
      if (props.databaseConnections !== undefined) {
        expect(maxReplicas).toBeLessThanOrEqual(Math.floor(props.databaseConnections / props.connectionsPerReplica!));
      }
      expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(props.maxProcessingTime!.toSeconds());
    }), { numRuns: 500 });
  });

  const invalidChange: fc.Arbitrary<Partial<QueueWorkerProps>> = fc.oneof(
    fc.integer({ min: 9, max: 10000 }).map((maxReplicas) => ({ maxReplicas })),
    fc.oneof(fc.integer({ max: -1 }), fc.constant(1.5), fc.constant(Number.NaN)).map((minReplicas) => ({ minReplicas })),
    fc.oneof(fc.integer({ max: 0 }), fc.constant(Number.NaN), fc.constant(2.5)).map((maxDeliveries) => ({ maxDeliveries })),
    fc.integer({ min: 1, max: 60 }).map((s) => ({ visibilityTimeout: Duration.seconds(s) })),
    fc.oneof(fc.double({ max: 0, noNaN: true }), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY))
      .map((qpsPerReplica) => ({ qpsPerReplica })),
    fc.string().filter((s) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) || s.length > 63).map((name) => ({ name })),
    fc.integer({ min: 1, max: 999 }).map((ms) => ({ maxProcessingTime: Duration.millis(1000 * ms + 1) })),
    fc.integer({ min: 3601, max: 100000 }).map((s) => ({ preStopDrain: Duration.seconds(s) })),
    fc.integer({ min: 0, max: 64 }).map((s) => ({ terminationGracePeriod: Duration.seconds(s) })),
    fc.string({ maxLength: 9 }).map((disabledReason) => ({ alerts: { enabled: false, disabledReason } })),
  );

  test('invalid props fail with BatchValidationError, never another error', () => {
    fc.assert(fc.property(invalidChange, (change) => {
      let error: any;
      try {
        synth(change);
      } catch (e) {
        error = e;
      }
      expect(error?.name).toBe('BatchValidationError');
    }), { numRuns: 300 });
  });
});
