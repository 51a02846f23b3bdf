import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  alertNamespace, alertSwitch, buildPrometheusRule, FRESHNESS_RULE_ID, QueueWorkerAlertProps, queueWorkerAlertRules,
} from './core/alerts';
import { compareCodePoints } from './core/code-point-order';
import { explain, explainFields, explainItem, explainObjectField, SET_BY_APP, unlessSet } from './core/decisions';
import { INT32_MAX, wholeNumber, wholeSeconds } from './core/durations';
import { kubeObject, manifestObject } from './core/kube-object';
import { requireText, WorkloadClass } from './core/ownership';
import { buildPodTemplate } from './core/pod-template';
import {
  checkProps, duration, fieldsOf, finite, instanceOf, int32, list, nonBlankText, oneOf, optional, required, struct, text,
} from './core/prop-checks';
import { LABEL_MAP, QUEUE_WORKER_ALERTS, WORKLOAD_FIELDS } from './core/prop-shapes';
import { checkReason } from './core/reasons';
import { companionAnnotations, prepareWorkload, WorkloadProps } from './core/workload';
import { invalid } from './errors';
import { QueueTrigger, TriggerKind } from './keda/queue-trigger';
import { KEDA_API_VERSION, KedaSecretTargetRef, ScaledObjectSpec } from './keda/types';

/** What scales the worker. */
export enum ScalerKind {
  /** A KEDA ScaledObject (keda.sh/v1alpha1): the trigger is read by KEDA; scale to zero possible. */
  KEDA = 'keda',
  /**
   * An autoscaling/v2 HorizontalPodAutoscaler on an External metric, for clusters without KEDA.
   * Needs an external metrics adapter (e.g. prometheus-adapter) serving `externalMetric`.
   */
  HPA_EXTERNAL_METRIC = 'hpa-external-metric',
}

/** When the worker acknowledges a message. */
export enum AckMode {
  /** After the durable side effect is committed: at-least-once, duplicates absorbed by the idempotency key. */
  AFTER_COMMIT = 'after-commit',
  /** Before processing: at-most-once, a crash loses the message. Needs `messageLossAcceptableReason`. */
  BEFORE_PROCESSING = 'before-processing',
}

/** The External metric an HPA scales on (ScalerKind.HPA_EXTERNAL_METRIC). */
export interface ExternalMetricProps {
  /** Metric name as the external metrics API serves it, e.g. `rabbitmq_queue_messages_ready`. */
  readonly metricName: string;
  /**
   * Label selector of the metric, e.g. `{ queue: 'payment-events' }`.
   * @default - no selector
   */
  readonly matchLabels?: { [key: string]: string };
}

/** Timing of a probe. */
export interface WorkerProbeOptions {
  /**
   * How often the kubelet probes.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * Consecutive failures before the probe fails.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Delay before the first probe.
   * @default - none
   */
  readonly initialDelay?: Duration;
  /**
   * Time a probe may take.
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
}

/** The run-time shape of WorkerProbeOptions (see core/prop-checks.ts). */
const PROBE_OPTIONS_SHAPE = struct({
  period: optional(duration()),
  failureThreshold: optional(int32()),
  initialDelay: optional(duration()),
  timeout: optional(duration()),
});

/** A liveness or readiness probe of the worker container: a command or an HTTP GET. */
export class WorkerProbe {
  /** Runs a command in the container; exit 0 is healthy. */
  public static exec(command: string[], options: WorkerProbeOptions = {}): WorkerProbe {
    checkProps('WorkerProbe.exec', { command, options }, struct({ command: required(list(text())), options: required(PROBE_OPTIONS_SHAPE) }));
    if (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== 'string' || c.length === 0)) {
      throw invalid('WorkerProbe.exec', 'command', command, 'a non-empty list of non-empty arguments');
    }
    return new WorkerProbe(`exec ${command.join(' ')}`, { exec: { command: [...command] } }, options);
  }

  /** GETs a path on a container port; 2xx/3xx is healthy. */
  public static httpGet(path: string, port: number, options: WorkerProbeOptions = {}): WorkerProbe {
    checkProps('WorkerProbe.httpGet', { path, port, options },
      struct({ path: required(text()), port: required(int32()), options: required(PROBE_OPTIONS_SHAPE) }));
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw invalid('WorkerProbe.httpGet', 'path', path, 'an absolute path such as "/healthz"');
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw invalid('WorkerProbe.httpGet', 'port', port, 'a port number from 1 to 65535');
    }
    return new WorkerProbe(`GET :${port}${path}`, { httpGet: { path, port: k8s.IntOrString.fromNumber(port) } }, options);
  }

  /** The probe in words. */
  public readonly description: string;
  private readonly handler: Pick<k8s.Probe, 'exec' | 'httpGet'>;
  private readonly options: WorkerProbeOptions;

  private constructor(description: string, handler: Pick<k8s.Probe, 'exec' | 'httpGet'>, options: WorkerProbeOptions) {
    this.description = description;
    this.handler = handler;
    this.options = options;
  }

  /** The Kubernetes probe. @internal */
  public _render(scope: Construct, prop: string): k8s.Probe {
    const o = this.options;
    return {
      ...this.handler,
      periodSeconds: wholeSeconds(scope, `${prop}.period`, o.period ?? Duration.seconds(10), 1, 3600, 'Kubernetes probes at least every second'),
      failureThreshold: wholeNumber(scope, `${prop}.failureThreshold`, o.failureThreshold ?? 3, 1, 100, 'at least one failure'),
      initialDelaySeconds: o.initialDelay === undefined ? undefined
        : wholeSeconds(scope, `${prop}.initialDelay`, o.initialDelay, 0, 3600, 'up to an hour'),
      timeoutSeconds: wholeSeconds(scope, `${prop}.timeout`, o.timeout ?? Duration.seconds(1), 1, 3600, 'at least a second'),
    };
  }
}

/**
 * Props of a QueueWorker. Message semantics are required props: a queue worker that has not
 * decided them is not ready for production.
 */
export interface QueueWorkerProps extends WorkloadProps {
  /**
   * The idempotency key of a message, e.g. `payment-event:{eventId}` (annotation
   * `<prefix>/idempotency-key`). Queues redeliver; the key makes a redelivery harmless.
   */
  readonly idempotencyKey: string;

  /** What drives scaling: the queue's backlog, lag or age (`QueueTrigger.rabbitMq(...)` etc.). */
  readonly trigger: QueueTrigger;

  /**
   * The longest one message may take, end to end (annotation `<prefix>/max-processing-seconds`,
   * env `MAX_PROCESSING_SECONDS`). The termination grace period and the visibility timeout are
   * checked against it.
   */
  readonly maxProcessingTime: Duration;

  /**
   * Where poison messages go after `maxDeliveries` (env `DEAD_LETTER_QUEUE`, annotation
   * `<prefix>/dead-letter-queue`).
   */
  readonly deadLetterQueue: string;

  /**
   * Deliveries of one message before it is dead-lettered (env `MAX_DELIVERIES`).
   * @default 5
   */
  readonly maxDeliveries?: number;

  /**
   * When the worker acks (env `ACK_MODE`, annotation `<prefix>/ack-mode`).
   * @default AckMode.AFTER_COMMIT - "never ack before the durable side effect"
   */
  readonly ackMode?: AckMode;

  /**
   * Why losing a message is acceptable; required with AckMode.BEFORE_PROCESSING.
   * @default - none
   */
  readonly messageLossAcceptableReason?: string;

  /**
   * How long the broker hides a delivered, unacknowledged message before redelivering it (SQS
   * visibility timeout, RabbitMQ consumer timeout, Kafka max.poll.interval.ms). Must exceed
   * `maxProcessingTime`, else a message reappears while still in flight and runs twice.
   * Required for AWS SQS, whose default (30 s) is short.
   * @default - not checked (required for TriggerKind.AWS_SQS)
   */
  readonly visibilityTimeout?: Duration;

  /**
   * What scales the worker.
   * @default ScalerKind.KEDA
   */
  readonly scaler?: ScalerKind;

  /**
   * The External metric of the HPA; required with ScalerKind.HPA_EXTERNAL_METRIC. The trigger then
   * supplies only the target per replica and the alert wording; its connection settings and
   * credentials are KEDA's and are not used.
   * @default - none
   */
  readonly externalMetric?: ExternalMetricProps;

  /**
   * Fewest replicas. 0 lets KEDA scale to zero when the queue is empty (KEDA only; the first
   * message then waits for a cold start).
   * @default 1 - one warm consumer, so the first message is not delayed by a cold start
   */
  readonly minReplicas?: number;

  /**
   * Most replicas. At most floor(maxDownstreamQps / qpsPerReplica) and
   * floor(databaseConnections / connectionsPerReplica) when those are given: scaling consumers
   * beyond what the downstream can take turns a backlog into an outage.
   * @default - the smallest of those bounds (and of Kafka partitions); 10 when none is given
   */
  readonly maxReplicas?: number;

  /**
   * Downstream requests per second one replica makes at full speed.
   * @default - no QPS bound
   */
  readonly qpsPerReplica?: number;

  /**
   * Database connections available to this worker (pool budget).
   * @default - no connection bound
   */
  readonly databaseConnections?: number;

  /**
   * Database connections one replica holds.
   * @default - no connection bound
   */
  readonly connectionsPerReplica?: number;

  /**
   * How long the autoscaler waits before removing replicas (HPA behavior
   * `scaleDown.stabilizationWindowSeconds`): a brief lull does not stop consumers mid-burst.
   * @default Duration.minutes(5)
   */
  readonly scaleDownStabilization?: Duration;

  /**
   * How often KEDA reads the trigger (KEDA only).
   * @default Duration.seconds(30)
   */
  readonly pollingInterval?: Duration;

  /**
   * Quiet time before KEDA scales from minReplicas to zero (KEDA only; matters with minReplicas 0).
   * @default Duration.minutes(5)
   */
  readonly cooldownPeriod?: Duration;

  /**
   * Replicas KEDA holds while the trigger cannot be read (KEDA only).
   * @default - max(1, minReplicas): keep consuming, but never scale blind into the downstream
   */
  readonly fallbackReplicas?: number;

  /**
   * Consecutive trigger failures before the fallback applies (KEDA only).
   * @default 3
   */
  readonly fallbackFailureThreshold?: number;

  /**
   * Time the preStop hook gives the pod before SIGTERM, so the consumer leaves the broker's
   * rotation and endpoints update (a native `sleep` hook unless `preStopCommand` is given;
   * `Duration.seconds(0)` turns the hook off).
   * @default Duration.seconds(5)
   */
  readonly preStopDrain?: Duration;

  /**
   * A command to run as the preStop hook instead of sleeping (e.g. tell the consumer to stop
   * fetching); it must finish within `preStopDrain`.
   * @default - a native sleep of `preStopDrain`
   */
  readonly preStopCommand?: string[];

  /**
   * `terminationGracePeriodSeconds`: must cover the preStop drain plus `maxProcessingTime`, so
   * in-flight messages finish before SIGKILL.
   * @default - preStopDrain + maxProcessingTime + 10 s
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Liveness probe.
   * @default - none (a worker that stops consuming shows as backlog, which is alerted)
   */
  readonly livenessProbe?: WorkerProbe;

  /**
   * Readiness probe (gates rollouts: with maxUnavailable 0 a new pod must be ready first).
   * @default - none
   */
  readonly readinessProbe?: WorkerProbe;

  /**
   * Pods a voluntary disruption (drain) may take down at once (PodDisruptionBudget).
   * @default 1
   */
  readonly maxUnavailable?: number;

  /**
   * Backlog alerts (PrometheusRule).
   * @default - on: backlog above the whole fleet's capacity for 15 minutes, and at maximum replicas for 30 minutes
   */
  readonly alerts?: QueueWorkerAlertProps;
}

/** The run-time shape of QueueWorkerProps (see core/prop-checks.ts). */
const PROPS_SHAPE = struct(fieldsOf(WORKLOAD_FIELDS, {
  idempotencyKey: required(nonBlankText()),
  trigger: required(instanceOf('QueueTrigger', QueueTrigger, 'QueueTrigger.rabbitMq({...})')),
  maxProcessingTime: required(duration(), 'required: the longest one message may take'),
  deadLetterQueue: required(text()),
  maxDeliveries: optional(int32()),
  ackMode: optional(oneOf('AckMode', AckMode)),
  messageLossAcceptableReason: optional(text()),
  visibilityTimeout: optional(duration()),
  scaler: optional(oneOf('ScalerKind', ScalerKind)),
  externalMetric: optional(struct({ metricName: required(text()), matchLabels: optional(LABEL_MAP) })),
  minReplicas: optional(int32()),
  maxReplicas: optional(int32()),
  qpsPerReplica: optional(finite()),
  databaseConnections: optional(int32()),
  connectionsPerReplica: optional(int32()),
  scaleDownStabilization: optional(duration()),
  pollingInterval: optional(duration()),
  cooldownPeriod: optional(duration()),
  fallbackReplicas: optional(int32()),
  fallbackFailureThreshold: optional(int32()),
  preStopDrain: optional(duration()),
  preStopCommand: optional(list(text())),
  terminationGracePeriod: optional(duration()),
  livenessProbe: optional(instanceOf('WorkerProbe', WorkerProbe, 'WorkerProbe.httpGet("/healthz", 8080)')),
  readinessProbe: optional(instanceOf('WorkerProbe', WorkerProbe, 'WorkerProbe.httpGet("/ready", 8080)')),
  maxUnavailable: optional(int32()),
  alerts: optional(QUEUE_WORKER_ALERTS),
}));

const DEFAULT_MAX_REPLICAS_WITHOUT_BOUND = 10;
const GRACE_MARGIN_SECONDS = 10;
const STOP_REASON = 'before SIGTERM, the pod is taken out of rotation and drains for preStopDrain (rule queue-worker-graceful-stop)';

/**
 * A long-running queue consumer: a Deployment scaled on the queue's
 * backlog by KEDA (or an HPA on an External metric), with replicas bounded by downstream
 * capacity, explicit message semantics, graceful stop and backlog alerts.
 *
 * Creates a Deployment, a ScaledObject (+ TriggerAuthentication when the trigger has
 * credentials) or a HorizontalPodAutoscaler, a PodDisruptionBudget, a PrometheusRule and the
 * dedicated ServiceAccount. The Deployment has no `replicas`: the autoscaler owns it, and a
 * GitOps tool re-applying a fixed count would fight the autoscaler on every sync.
 */
export class QueueWorker extends Construct {
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The KEDA ScaledObject (ScalerKind.KEDA). */
  public readonly scaledObject?: ApiObject;
  /** The KEDA TriggerAuthentication, when the trigger reads credentials. */
  public readonly triggerAuthentication?: ApiObject;
  /** The HorizontalPodAutoscaler (ScalerKind.HPA_EXTERNAL_METRIC). */
  public readonly horizontalPodAutoscaler?: ApiObject;
  /** The PodDisruptionBudget. */
  public readonly podDisruptionBudget: ApiObject;
  /** The backlog alerts, unless turned off. */
  public readonly alerts?: ApiObject;
  /** The dedicated ServiceAccount, unless an existing one was used. */
  public readonly serviceAccount?: ApiObject;
  /** The Deployment's name. */
  public readonly name: string;
  /** The resolved replica bounds. */
  public readonly minReplicas: number;
  /** The resolved maximum replicas. */
  public readonly maxReplicas: number;
  /** The pod's termination grace period in seconds. */
  public readonly terminationGracePeriodSeconds: number;

  constructor(scope: Construct, id: string, props: QueueWorkerProps) {
    super(scope, id);
    checkProps(this, props, PROPS_SHAPE);
    requireText(this, 'idempotencyKey', props.idempotencyKey);
    const trigger = props.trigger;
    if (!(trigger instanceof QueueTrigger)) {
      throw invalid(this, 'trigger', trigger, 'a QueueTrigger (QueueTrigger.rabbitMq/kafka/awsSqs/prometheus)');
    }
    const scaler = props.scaler ?? ScalerKind.KEDA;
    const semantics = resolveSemantics(this, props);
    const replicas = resolveReplicas(this, props, scaler);
    this.minReplicas = replicas.min;
    this.maxReplicas = replicas.max;
    const stop = resolveStop(this, props, semantics.maxProcessingSeconds);
    this.terminationGracePeriodSeconds = stop.graceSeconds;

    const alertSetup = alertSwitch(this, props.alerts, [FRESHNESS_RULE_ID]);
    const workload = prepareWorkload(this, props, {
      workloadClass: WorkloadClass.QUEUE_WORKER,
      defaultName: id,
      maxNameLength: 63,
      nameLimitReason: 'the name is also the app.kubernetes.io/name label and the autoscaler\'s name',
      extraAnnotations: {
        'idempotency-key': props.idempotencyKey,
        ...semantics.annotations,
        'scaling': `${scaler === ScalerKind.KEDA ? `KEDA ${trigger.kind}` : `HPA External metric ${props.externalMetric?.metricName}`} ` +
          `on ${trigger.signal}: ${trigger.targetPerReplica} per replica, ${replicas.min}-${replicas.max} replicas`,
        'max-replicas-reason': replicas.reason,
        ...alertSetup.annotations,
      },
      suppressions: alertSetup.suppressions,
      annotationReasons: {
        ...semantics.annotationReasons,
        'scaling': 'what the autoscaler reads and its bounds, in words',
        'max-replicas-reason': 'the arithmetic of the replica ceiling (rule queue-worker-scaling)',
      },
    });
    this.name = workload.name;
    this.serviceAccount = workload.serviceAccount;
    const { labels, podLabels, annotations, prefix } = workload.metadata;
    const selectorLabels = { 'app.kubernetes.io/name': podLabels['app.kubernetes.io/name'], [`${prefix}/workload-class`]: WorkloadClass.QUEUE_WORKER };
    const companion = { name: workload.name, namespace: workload.namespace, labels, annotations: companionAnnotations(workload.metadata) };

    const deploymentSpec: k8s.DeploymentSpec = explainFields({
      // No `replicas`: the autoscaler owns the count (see the class doc).
      selector: { matchLabels: selectorLabels },
      // Surge one new pod before stopping an old one: consuming never drops below the current count.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
      template: buildPodTemplate(this, {
        container: props.container,
        defaultContainerName: 'worker',
        labels: podLabels,
        serviceAccountName: workload.serviceAccountName,
        serviceAccountNameReason: workload.serviceAccountNameReason,
        mountServiceAccountToken: false,
        nodePool: props.nodePool,
        restartPolicy: 'Always',
        constructEnv: semantics.env,
        unitOfWorkFieldPath: 'metadata.name',
        terminationGracePeriodSeconds: stop.graceSeconds,
        lifecycle: stop.lifecycle,
        livenessProbe: props.livenessProbe?._render(this, 'livenessProbe'),
        readinessProbe: props.readinessProbe?._render(this, 'readinessProbe'),
      }),
    }, {
      selector: 'the name and workload-class labels only: stable across updates (a Deployment\'s selector is immutable)',
      strategy: 'a new pod starts before an old one stops (surge 1, unavailable 0): consuming never drops below the current count',
    });
    explainFields(deploymentSpec.template.spec!, {
      terminationGracePeriodSeconds: unlessSet(props.terminationGracePeriod, `preStopDrain ${stop.drainSeconds}s + maxProcessingTime ` +
        `${semantics.maxProcessingSeconds}s + ${GRACE_MARGIN_SECONDS}s margin: a message in flight finishes before SIGKILL (rule queue-worker-graceful-stop)`),
    });
    if (stop.lifecycle !== undefined) {
      explain(deploymentSpec.template.spec!.containers[0], 'lifecycle', STOP_REASON);
    }
    // The typed spec rendered to JSON once, plus the preStop `sleep` action the bundled 1.28 types
    // do not know (the L1 class would filter it out), as a plain ApiObject.
    const specJson = k8s.toJson_DeploymentSpec(deploymentSpec)!;
    if (stop.sleepSeconds !== undefined) {
      specJson.template.spec.containers[0].lifecycle = { preStop: { sleep: { seconds: stop.sleepSeconds } } };
    }
    const deploymentMetadata = { name: workload.name, namespace: workload.namespace, labels, annotations };
    this.deployment = manifestObject(this, 'Deployment', {
      ...k8s.KubeDeployment.GVK,
      metadata: deploymentMetadata,
      spec: specJson,
    }, { metadata: deploymentMetadata, spec: deploymentSpec });
    if (stop.sleepSeconds !== undefined) {
      explainObjectField(this.deployment, ['spec', 'template', 'spec', 'containers', 0, 'lifecycle'],
        specJson.template.spec.containers[0].lifecycle, STOP_REASON);
    }

    const stabilization = wholeSeconds(this, 'scaleDownStabilization', props.scaleDownStabilization ?? Duration.minutes(5), 0, 3600,
      'the HPA accepts 0 to 3600 seconds');
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: workload.name };
    const scalingReasons = {
      minReplicaCount: unlessSet(props.minReplicas, 'one worker always runs, so the first message is not delayed by a cold start'),
      maxReplicaCount: props.maxReplicas !== undefined ? SET_BY_APP : `${replicas.reason} (rule queue-worker-scaling)`,
      stabilization: props.scaleDownStabilization !== undefined ? `scale-down window ${SET_BY_APP}`
        : 'scale down only after 5m of lower backlog: no flapping',
    };
    if (scaler === ScalerKind.KEDA) {
      const refs = secretTargetRefs(trigger);
      if (refs.length > 0) {
        this.triggerAuthentication = manifestObject(this, 'TriggerAuthentication', {
          apiVersion: KEDA_API_VERSION,
          kind: 'TriggerAuthentication',
          metadata: companion,
          spec: { secretTargetRef: refs },
        });
      }
      const spec: ScaledObjectSpec = explainFields({
        scaleTargetRef: target,
        pollingInterval: wholeSeconds(this, 'pollingInterval', props.pollingInterval ?? Duration.seconds(30), 1, 3600, 'from 1 second to an hour'),
        cooldownPeriod: wholeSeconds(this, 'cooldownPeriod', props.cooldownPeriod ?? Duration.minutes(5), 0, 86400, 'up to a day'),
        minReplicaCount: replicas.min,
        maxReplicaCount: replicas.max,
        fallback: { failureThreshold: replicas.fallbackFailureThreshold, replicas: replicas.fallback },
        advanced: {
          horizontalPodAutoscalerConfig: {
            // Named like the worker, so alerts can select the HPA by a known name.
            name: workload.name,
            behavior: { scaleDown: { stabilizationWindowSeconds: stabilization } },
          },
        },
        triggers: [explain({
          type: trigger.kind,
          // AverageValue: replicas = ceil(backlog / target per replica); also what fallback requires.
          metricType: 'AverageValue',
          metadata: { ...trigger.metadata },
          authenticationRef: this.triggerAuthentication ? { name: workload.name } : undefined,
        }, 'metricType', 'AverageValue: replicas = ceil(backlog / target per replica); KEDA\'s fallback requires it')],
      }, {
        scaleTargetRef: 'the worker Deployment',
        pollingInterval: unlessSet(props.pollingInterval, 'KEDA reads the backlog every 30s'),
        cooldownPeriod: unlessSet(props.cooldownPeriod, 'an empty queue keeps the last replica 5m before scaling to zero'),
        minReplicaCount: scalingReasons.minReplicaCount,
        maxReplicaCount: scalingReasons.maxReplicaCount,
        fallback: `when the backlog cannot be read ${replicas.fallbackFailureThreshold} times in a row, run ${replicas.fallback} ` +
          'replica(s), at most maxReplicas: a blind fallback never exceeds downstream capacity',
        advanced: `the HPA KEDA creates is named like the worker (alerts select it); ${scalingReasons.stabilization}`,
      });
      this.scaledObject = manifestObject(this, 'ScaledObject', {
        apiVersion: KEDA_API_VERSION,
        kind: 'ScaledObject',
        metadata: companion,
        spec,
      });
    } else {
      const metric = props.externalMetric!;
      this.horizontalPodAutoscaler = kubeObject(this, 'HorizontalPodAutoscaler', k8s.KubeHorizontalPodAutoscalerV2, {
        metadata: companion,
        spec: explainFields({
          scaleTargetRef: target,
          minReplicas: replicas.min,
          maxReplicas: replicas.max,
          metrics: [{
            type: 'External',
            external: {
              metric: { name: metric.metricName, selector: metric.matchLabels ? { matchLabels: metric.matchLabels } : undefined },
              target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString(String(trigger.targetPerReplica)) },
            },
          }],
          behavior: { scaleDown: { stabilizationWindowSeconds: stabilization } },
        }, {
          scaleTargetRef: 'the worker Deployment',
          minReplicas: scalingReasons.minReplicaCount,
          maxReplicas: scalingReasons.maxReplicaCount,
          metrics: `the external backlog metric, AverageValue ${trigger.targetPerReplica} per replica: replicas = ceil(backlog / target)`,
          behavior: scalingReasons.stabilization,
        }),
      });
    }

    this.podDisruptionBudget = kubeObject(this, 'PodDisruptionBudget', k8s.KubePodDisruptionBudget, {
      metadata: companion,
      spec: explainFields({
        selector: { matchLabels: selectorLabels },
        maxUnavailable: k8s.IntOrString.fromNumber(wholeNumber(this, 'maxUnavailable', props.maxUnavailable ?? 1, 1, INT32_MAX,
          'at least 1, or a node drain can never evict a worker')),
        // A crash-looping worker must not block node drains.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      }, {
        selector: 'the worker\'s pods',
        maxUnavailable: unlessSet(props.maxUnavailable, 'a node drain evicts one worker at a time: consuming continues'),
        unhealthyPodEvictionPolicy: 'a crash-looping worker never blocks a node drain',
      }),
    });

    if (alertSetup.enabled) {
      const alertTarget = { name: workload.name, namespace: alertNamespace(this, workload.namespace), metadata: workload.metadata };
      this.alerts = buildPrometheusRule(this, alertTarget, props.alerts, queueWorkerAlertRules(this, alertTarget, props.alerts, {
        hpaName: workload.name,
        maxReplicas: replicas.max,
        targetPerReplica: trigger.targetPerReplica,
        signal: trigger.signal,
        unit: trigger.unit,
        maxReplicasReason: replicas.reason,
      }));
    }
  }
}

interface Semantics {
  readonly maxProcessingSeconds: number;
  readonly env: k8s.EnvVar[];
  readonly annotations: Record<string, string | undefined>;
  /** Why each annotation the semantics decide holds its value. */
  readonly annotationReasons: Record<string, string>;
}

function resolveSemantics(scope: Construct, props: QueueWorkerProps): Semantics {
  if (!props.maxProcessingTime) {
    throw invalid(scope, 'maxProcessingTime', undefined, 'required: the longest one message may take');
  }
  const maxProcessingSeconds = wholeSeconds(scope, 'maxProcessingTime', props.maxProcessingTime, 1, 86400, 'from 1 second to a day');
  const deadLetterQueue = requireText(scope, 'deadLetterQueue', props.deadLetterQueue);
  const maxDeliveries = wholeNumber(scope, 'maxDeliveries', props.maxDeliveries ?? 5, 1, 1000,
    'at least one delivery; poison messages must reach the dead-letter queue');
  const ackMode = props.ackMode ?? AckMode.AFTER_COMMIT;
  let lossReason: string | undefined;
  if (ackMode === AckMode.BEFORE_PROCESSING) {
    if (props.messageLossAcceptableReason === undefined) {
      throw invalid(scope, 'ackMode', ackMode,
        'acking before the durable side effect loses the message on a crash: use AFTER_COMMIT, or state why loss is acceptable in messageLossAcceptableReason');
    }
    lossReason = checkReason(scope, 'messageLossAcceptableReason', props.messageLossAcceptableReason);
  } else if (props.messageLossAcceptableReason !== undefined) {
    throw invalid(scope, 'messageLossAcceptableReason', props.messageLossAcceptableReason, 'only meaningful with AckMode.BEFORE_PROCESSING; remove it');
  }
  let visibility: number | undefined;
  if (props.visibilityTimeout !== undefined) {
    visibility = wholeSeconds(scope, 'visibilityTimeout', props.visibilityTimeout, 1, 12 * 3600 * 10, 'a positive number of seconds');
    if (visibility <= maxProcessingSeconds) {
      throw invalid(scope, 'visibilityTimeout', props.visibilityTimeout.toHumanString(),
        `must exceed maxProcessingTime (${visibility} s <= ${maxProcessingSeconds} s): a message still being processed would reappear and run twice`);
    }
  } else if (props.trigger.kind === TriggerKind.AWS_SQS) {
    throw invalid(scope, 'visibilityTimeout', undefined,
      `required for SQS: state the queue's visibility timeout so it can be checked against maxProcessingTime (${maxProcessingSeconds} s)`);
  }
  const ackReason = unlessSet(props.ackMode, 'a message is acknowledged only after its durable side effect is committed: a crash ' +
    'redelivers it instead of losing it');
  const deliveriesReason = unlessSet(props.maxDeliveries, 'after 5 deliveries a poison message goes to the dead-letter queue');
  const env: k8s.EnvVar[] = [
    explainItem({ name: 'ACK_MODE', value: ackMode }, ackReason),
    explainItem({ name: 'DEAD_LETTER_QUEUE', value: deadLetterQueue }, 'where poison messages go'),
    explainItem({ name: 'MAX_DELIVERIES', value: String(maxDeliveries) }, deliveriesReason),
    explainItem({ name: 'MAX_PROCESSING_SECONDS', value: String(maxProcessingSeconds) }, 'the longest one message may take; the grace period covers it'),
  ];
  if (visibility !== undefined) {
    env.push(explainItem({ name: 'VISIBILITY_TIMEOUT_SECONDS', value: String(visibility) }, 'the queue\'s visibility timeout, above maxProcessingTime'));
  }
  return {
    maxProcessingSeconds,
    env,
    annotations: {
      'ack-mode': ackMode,
      'dead-letter-queue': deadLetterQueue,
      'max-deliveries': String(maxDeliveries),
      'max-processing-seconds': String(maxProcessingSeconds),
      'message-loss-acceptable': lossReason,
      'visibility-timeout-seconds': visibility === undefined ? undefined : String(visibility),
    },
    annotationReasons: { 'ack-mode': ackReason, 'max-deliveries': deliveriesReason },
  };
}

interface Replicas {
  readonly min: number;
  readonly max: number;
  readonly reason: string;
  readonly fallback: number;
  readonly fallbackFailureThreshold: number;
}

function resolveReplicas(scope: Construct, props: QueueWorkerProps, scaler: ScalerKind): Replicas {
  const keda = scaler === ScalerKind.KEDA;
  if (!keda) {
    if (!props.externalMetric || typeof props.externalMetric.metricName !== 'string' || props.externalMetric.metricName.trim() === '') {
      throw invalid(scope, 'externalMetric', props.externalMetric, 'required with ScalerKind.HPA_EXTERNAL_METRIC: the metric name the external metrics API serves');
    }
    for (const [prop, value] of [['pollingInterval', props.pollingInterval], ['cooldownPeriod', props.cooldownPeriod],
      ['fallbackReplicas', props.fallbackReplicas], ['fallbackFailureThreshold', props.fallbackFailureThreshold]] as const) {
      if (value !== undefined) {
        throw invalid(scope, prop, value instanceof Duration ? value.toHumanString() : value, 'a KEDA setting; an HPA has no such field (use ScalerKind.KEDA or remove it)');
      }
    }
  } else if (props.externalMetric !== undefined) {
    throw invalid(scope, 'externalMetric', props.externalMetric, 'only used with ScalerKind.HPA_EXTERNAL_METRIC; KEDA reads the trigger');
  }
  const min = wholeNumber(scope, 'minReplicas', props.minReplicas ?? 1, keda ? 0 : 1, INT32_MAX,
    keda ? 'KEDA scales to zero with 0' : 'an HPA cannot scale to zero; use ScalerKind.KEDA for minReplicas 0');

  const bounds: Array<{ value: number; text: string }> = [];
  const qps = props.maxDownstreamQps;
  if (props.qpsPerReplica !== undefined) {
    positive(scope, 'qpsPerReplica', props.qpsPerReplica);
    const value = Math.floor(qps / props.qpsPerReplica);
    bounds.push({ value, text: `floor(maxDownstreamQps ${qps} / qpsPerReplica ${props.qpsPerReplica}) = ${value}` });
  }
  if ((props.databaseConnections === undefined) !== (props.connectionsPerReplica === undefined)) {
    throw invalid(scope, props.databaseConnections === undefined ? 'databaseConnections' : 'connectionsPerReplica',
      undefined, 'databaseConnections and connectionsPerReplica go together: the bound is their quotient');
  }
  if (props.databaseConnections !== undefined && props.connectionsPerReplica !== undefined) {
    wholeNumber(scope, 'databaseConnections', props.databaseConnections, 1, INT32_MAX, 'a positive number of connections');
    wholeNumber(scope, 'connectionsPerReplica', props.connectionsPerReplica, 1, INT32_MAX, 'a positive number of connections');
    const value = Math.floor(props.databaseConnections / props.connectionsPerReplica);
    bounds.push({ value, text: `floor(databaseConnections ${props.databaseConnections} / connectionsPerReplica ${props.connectionsPerReplica}) = ${value}` });
  }
  const partitions = props.trigger.maxUsefulReplicas;
  if (partitions !== undefined) {
    bounds.push({ value: partitions, text: `Kafka partitions ${partitions} (extra consumers in a group sit idle)` });
  }
  for (const bound of bounds) {
    if (bound.value < 1) {
      throw invalid(scope, 'maxReplicas', bound.value, `one replica already exceeds downstream capacity: ${bound.text}; raise the capacity or lower the per-replica load`);
    }
  }
  const ceiling = bounds.length === 0 ? undefined : Math.min(...bounds.map((b) => b.value));
  let max: number;
  let reason: string;
  if (props.maxReplicas !== undefined) {
    max = wholeNumber(scope, 'maxReplicas', props.maxReplicas, 1, INT32_MAX, 'at least 1');
    if (ceiling !== undefined && max > ceiling) {
      throw invalid(scope, 'maxReplicas', max, `at most ${ceiling}: ${bounds.map((b) => b.text).join('; ')} (downstream capacity bounds consumers)`);
    }
    reason = ceiling === undefined ? `maxReplicas ${max} as given (no downstream bound stated)` : `maxReplicas ${max} within ${bounds.map((b) => b.text).join('; ')}`;
  } else if (ceiling !== undefined) {
    if (ceiling > INT32_MAX) {
      // Kubernetes (HPA spec.maxReplicas) and KEDA (maxReplicaCount) store the count as int32.
      throw invalid(scope, 'maxReplicas', ceiling,
        `derived as ${bounds.map((b) => b.text).join('; ')}, which is above ${INT32_MAX}, the largest replica count Kubernetes stores (int32): ` +
        'check maxDownstreamQps and the per-replica load, or set maxReplicas');
    }
    max = ceiling;
    reason = `maxReplicas ${max} = min(${bounds.map((b) => b.text).join('; ')})`;
  } else {
    max = DEFAULT_MAX_REPLICAS_WITHOUT_BOUND;
    reason = `maxReplicas ${max} by default (state qpsPerReplica or databaseConnections to derive it from downstream capacity)`;
  }
  if (max < min) {
    throw invalid(scope, 'minReplicas', min, `must not exceed maxReplicas (${max}): ${reason}`);
  }
  const fallback = wholeNumber(scope, 'fallbackReplicas', props.fallbackReplicas ?? Math.max(1, min), 0, max,
    `at most maxReplicas (${max}), so a blind fallback never exceeds downstream capacity`);
  const fallbackFailureThreshold = wholeNumber(scope, 'fallbackFailureThreshold', props.fallbackFailureThreshold ?? 3, 1, 1000, 'at least 1');
  return { min, max, reason, fallback, fallbackFailureThreshold };
}

interface Stop {
  readonly drainSeconds: number;
  readonly graceSeconds: number;
  readonly lifecycle?: k8s.Lifecycle;
  readonly sleepSeconds?: number;
}

function resolveStop(scope: Construct, props: QueueWorkerProps, maxProcessingSeconds: number): Stop {
  const drain = wholeSeconds(scope, 'preStopDrain', props.preStopDrain ?? Duration.seconds(5), 0, 3600, 'up to an hour');
  const command = props.preStopCommand;
  if (command !== undefined && (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== 'string' || c === ''))) {
    throw invalid(scope, 'preStopCommand', command, 'a non-empty list of non-empty arguments');
  }
  if (command !== undefined && drain === 0) {
    throw invalid(scope, 'preStopDrain', '0s', 'preStopCommand needs a time budget: set preStopDrain to how long the command may take');
  }
  const needed = drain + maxProcessingSeconds;
  const grace = props.terminationGracePeriod === undefined ? needed + GRACE_MARGIN_SECONDS
    : wholeSeconds(scope, 'terminationGracePeriod', props.terminationGracePeriod, 0, INT32_MAX, 'a number of seconds');
  if (grace < needed) {
    throw invalid(scope, 'terminationGracePeriod', props.terminationGracePeriod?.toHumanString(),
      `must cover preStopDrain ${drain} s + maxProcessingTime ${maxProcessingSeconds} s = ${needed} s, or scale-down kills in-flight messages`);
  }
  let lifecycle: k8s.Lifecycle | undefined;
  if (command !== undefined) {
    lifecycle = { preStop: { exec: { command: [...command] } } };
  }
  // Without a command: the native sleep action (Kubernetes 1.30+), which works in images without a
  // shell or `sleep` binary. The bundled 1.28 types lack it, so it is added as a JSON patch.
  return { drainSeconds: drain, graceSeconds: grace, lifecycle, sleepSeconds: command === undefined && drain > 0 ? drain : undefined };
}

function positive(scope: Construct, prop: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(scope, prop, value, 'a positive number');
  }
  return value;
}

/** The trigger's Secret-backed parameters as TriggerAuthentication entries, sorted by parameter. */
function secretTargetRefs(trigger: QueueTrigger): KedaSecretTargetRef[] {
  return trigger.authentication
    .map((a) => ({ parameter: a.parameter, name: a.secretName, key: a.key }))
    .sort((a, b) => compareCodePoints(a.parameter, b.parameter));
}
