import { CONFIG_MAP_KEY_RULE, isConfigMapKey, isDns1123Subdomain } from '../core/names';
import { checkUserPromQL } from '../core/promql-props';
import { checkProps, Field, fieldsOf, finite, int32, list, oneOf, optional, required, struct, text } from '../core/prop-checks';
import { invalid } from '../errors';

/**
 * A trigger parameter read from a key of a Secret in the worker's namespace (a KEDA
 * TriggerAuthentication `secretTargetRef`). Credentials never appear in the ScaledObject.
 */
export interface TriggerSecretRef {
  /** The trigger's authentication parameter, e.g. `host`, `password`, `awsSecretAccessKey`. */
  readonly parameter: string;
  /** Name of the Secret in the worker's namespace. */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** A key of a Secret in the worker's namespace. */
export interface SecretKeyRef {
  /** Name of the Secret. */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** The KEDA scaler a trigger uses (the trigger's `type`). */
export enum TriggerKind {
  /** RabbitMQ queue length. */
  RABBITMQ = 'rabbitmq',
  /** Apache Kafka consumer-group lag. */
  KAFKA = 'kafka',
  /** AWS SQS approximate number of messages (visible + in flight). */
  AWS_SQS = 'aws-sqs-queue',
  /** Any PromQL query returning one value. */
  PROMETHEUS = 'prometheus',
}

/** Authentication modes of the KEDA Prometheus scaler (`authModes`). */
export enum PrometheusAuthMode {
  /** HTTP basic auth (`username`, `password`). */
  BASIC = 'basic',
  /** Bearer token (`bearerToken`). */
  BEARER = 'bearer',
  /** Client certificate (`ca`, `cert`, `key`). */
  TLS = 'tls',
  /** A custom header (`customAuthHeader`, `customAuthValue`). */
  CUSTOM = 'custom',
}

/** Options shared by every trigger. */
export interface TriggerBaseOptions {
  /**
   * More authentication parameters read from Secrets (TLS material, SASL mode, ...). Each
   * parameter must be one the scaler documents.
   * @default - none beyond what the trigger's own options add
   */
  readonly authentication?: TriggerSecretRef[];
}

/** A RabbitMQ queue (KEDA `rabbitmq` scaler, mode QueueLength). */
export interface RabbitMqTriggerOptions extends TriggerBaseOptions {
  /** The queue the worker consumes. */
  readonly queueName: string;
  /** Ready messages one replica is expected to work through; replicas = ceil(backlog / this). */
  readonly messagesPerReplica: number;
  /**
   * The connection URL (`amqp://user:password@host:5672/vhost` or the management `http://...`
   * URL): it carries credentials, so it is read from a Secret (trigger parameter `host`).
   */
  readonly connectionSecret: SecretKeyRef;
  /**
   * Backlog at which KEDA activates the worker from zero replicas.
   * @default - KEDA's default (0)
   */
  readonly activationMessages?: number;
  /**
   * Virtual host, when it is not in the connection URL.
   * @default - the vhost of the connection URL
   */
  readonly vhostName?: string;
}

/** A Kafka consumer group on a topic (KEDA `kafka` scaler). */
export interface KafkaTriggerOptions extends TriggerBaseOptions {
  /** Bootstrap brokers, `host:port` each. */
  readonly bootstrapServers: string[];
  /** The consumer group the worker commits offsets as. */
  readonly consumerGroup: string;
  /** The topic. */
  readonly topic: string;
  /** Consumer lag (messages) one replica is expected to work through. */
  readonly lagPerReplica: number;
  /**
   * Partitions of the topic. A consumer group never has more active consumers than partitions,
   * so the worker's maximum replicas may not exceed it.
   * @default - not checked
   */
  readonly partitions?: number;
  /**
   * Lag at which KEDA activates the worker from zero replicas.
   * @default - KEDA's default (0)
   */
  readonly activationLag?: number;
}

/** An AWS SQS queue (KEDA `aws-sqs-queue` scaler). */
export interface AwsSqsTriggerOptions extends TriggerBaseOptions {
  /** Full queue URL, `https://sqs.<region>.amazonaws.com/<account>/<queue>`. */
  readonly queueUrl: string;
  /** AWS region of the queue, e.g. `eu-west-1`. */
  readonly awsRegion: string;
  /** Messages (visible + in flight) one replica is expected to work through. */
  readonly messagesPerReplica: number;
  /**
   * Backlog at which KEDA activates the worker from zero replicas.
   * @default - KEDA's default (0)
   */
  readonly activationMessages?: number;
}

/** A Prometheus query (KEDA `prometheus` scaler), e.g. on an exporter's queue metric. */
export interface PrometheusTriggerOptions extends TriggerBaseOptions {
  /** Prometheus base URL, e.g. `http://prometheus.monitoring:9090`. */
  readonly serverAddress: string;
  /**
   * PromQL returning one value: the backlog, lag or oldest-message age. Checked at synth time as
   * PromQL returning an instant vector; errors name line and column.
   */
  readonly query: string;
  /** Value of the query one replica is expected to handle. */
  readonly threshold: number;
  /**
   * Value at which KEDA activates the worker from zero replicas.
   * @default - KEDA's default (0)
   */
  readonly activationThreshold?: number;
  /**
   * Authentication modes, required when `authentication` is given.
   * @default - no authentication
   */
  readonly authModes?: PrometheusAuthMode[];
}

/**
 * Authentication parameters each scaler documents (KEDA scaler reference pages), so a typo
 * fails at synth rather than as a scaler error in the cluster.
 */
const AUTH_PARAMETERS: Record<TriggerKind, readonly string[]> = {
  [TriggerKind.RABBITMQ]: ['host', 'username', 'password', 'tls', 'ca', 'cert', 'key', 'keyPassword'],
  [TriggerKind.KAFKA]: ['sasl', 'username', 'password', 'tls', 'ca', 'cert', 'key', 'keyPassword',
    'oauthTokenEndpointUri', 'scopes', 'oauthExtensions'],
  [TriggerKind.AWS_SQS]: ['awsAccessKeyID', 'awsSecretAccessKey', 'awsSessionToken', 'awsRoleArn'],
  [TriggerKind.PROMETHEUS]: ['bearerToken', 'username', 'password', 'ca', 'cert', 'key', 'keyPassword',
    'customAuthHeader', 'customAuthValue'],
};

/*
 * The run-time shapes of the factory options (see core/prop-checks.ts): types first, then the
 * factory's own rules. Numbers are finite here; whether they must be positive is said by the
 * factory with the reason.
 */
const SECRET_KEY_REF = struct({ secretName: required(text()), key: required(text()) });
const BASE_FIELDS: Record<string, Field> = {
  authentication: optional(list(struct({ parameter: required(text()), secretName: required(text()), key: required(text()) }))),
};
const RABBITMQ_SHAPE = struct(fieldsOf(BASE_FIELDS, {
  queueName: required(text()),
  messagesPerReplica: required(finite()),
  connectionSecret: required(SECRET_KEY_REF),
  activationMessages: optional(finite()),
  vhostName: optional(text()),
}));
const KAFKA_SHAPE = struct(fieldsOf(BASE_FIELDS, {
  bootstrapServers: required(list(text())),
  consumerGroup: required(text()),
  topic: required(text()),
  lagPerReplica: required(finite()),
  partitions: optional(int32()),
  activationLag: optional(finite()),
}));
const AWS_SQS_SHAPE = struct(fieldsOf(BASE_FIELDS, {
  queueUrl: required(text()),
  awsRegion: required(text()),
  messagesPerReplica: required(finite()),
  activationMessages: optional(finite()),
}));
const PROMETHEUS_SHAPE = struct(fieldsOf(BASE_FIELDS, {
  serverAddress: required(text()),
  query: required(text()),
  threshold: required(finite()),
  activationThreshold: optional(finite()),
  authModes: optional(list(oneOf('PrometheusAuthMode', PrometheusAuthMode))),
}));

/**
 * What drives a QueueWorker's scaling: a KEDA trigger on the queue's backlog, lag or age
 * (never CPU alone). Create one with a static factory.
 *
 * ```ts
 * QueueTrigger.rabbitMq({
 *   queueName: 'payment-events',
 *   messagesPerReplica: 100,
 *   connectionSecret: { secretName: 'payments-rabbitmq', key: 'amqp-url' },
 * })
 * ```
 */
export class QueueTrigger {
  /** Scale on a RabbitMQ queue's ready messages. */
  public static rabbitMq(options: RabbitMqTriggerOptions): QueueTrigger {
    const where = 'QueueTrigger.rabbitMq';
    checkProps(where, options, RABBITMQ_SHAPE);
    const queueName = nonBlank(where, 'queueName', options.queueName);
    const target = positive(where, 'messagesPerReplica', options.messagesPerReplica);
    const metadata: Record<string, string> = { mode: 'QueueLength', queueName, value: String(target) };
    addOptional(metadata, 'activationValue', nonNegative(where, 'activationMessages', options.activationMessages));
    if (options.vhostName !== undefined) metadata.vhostName = nonBlank(where, 'vhostName', options.vhostName);
    const connection = secretKey(where, 'connectionSecret', options.connectionSecret);
    return new QueueTrigger(where, TriggerKind.RABBITMQ, metadata, target,
      [{ parameter: 'host', ...connection }, ...(options.authentication ?? [])],
      `ready messages in RabbitMQ queue ${queueName}`, 'messages', undefined);
  }

  /** Scale on a Kafka consumer group's lag. */
  public static kafka(options: KafkaTriggerOptions): QueueTrigger {
    const where = 'QueueTrigger.kafka';
    checkProps(where, options, KAFKA_SHAPE);
    const servers = options.bootstrapServers ?? [];
    if (servers.length === 0 || servers.some((s) => !/^[^\s,:]+:\d{1,5}$/.test(s))) {
      throw invalid(where, 'bootstrapServers', servers, 'one or more brokers as "host:port"');
    }
    const consumerGroup = nonBlank(where, 'consumerGroup', options.consumerGroup);
    const topic = nonBlank(where, 'topic', options.topic);
    const target = positive(where, 'lagPerReplica', options.lagPerReplica);
    const metadata: Record<string, string> = {
      bootstrapServers: servers.join(','), consumerGroup, topic, lagThreshold: String(target),
    };
    addOptional(metadata, 'activationLagThreshold', nonNegative(where, 'activationLag', options.activationLag));
    let partitions: number | undefined;
    if (options.partitions !== undefined) {
      partitions = options.partitions;
      if (!Number.isInteger(partitions) || partitions < 1) {
        throw invalid(where, 'partitions', partitions, 'a whole number of partitions, at least 1');
      }
    }
    return new QueueTrigger(where, TriggerKind.KAFKA, metadata, target, options.authentication ?? [],
      `consumer lag of group ${consumerGroup} on topic ${topic}`, 'messages of lag', partitions);
  }

  /** Scale on an SQS queue's approximate messages (visible plus in flight). */
  public static awsSqs(options: AwsSqsTriggerOptions): QueueTrigger {
    const where = 'QueueTrigger.awsSqs';
    checkProps(where, options, AWS_SQS_SHAPE);
    const queueUrl = options.queueUrl;
    if (typeof queueUrl !== 'string' || !/^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(queueUrl)) {
      throw invalid(where, 'queueUrl', queueUrl, 'the full queue URL, https://sqs.<region>.amazonaws.com/<12-digit account>/<queue name>');
    }
    const awsRegion = options.awsRegion;
    if (typeof awsRegion !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(awsRegion)) {
      throw invalid(where, 'awsRegion', awsRegion, 'an AWS region name such as "eu-west-1"');
    }
    if (!queueUrl.startsWith(`https://sqs.${awsRegion}.`)) {
      throw invalid(where, 'awsRegion', awsRegion, `must be the region in queueUrl (${queueUrl})`);
    }
    const target = positive(where, 'messagesPerReplica', options.messagesPerReplica);
    const metadata: Record<string, string> = { queueURL: queueUrl, awsRegion, queueLength: String(target) };
    addOptional(metadata, 'activationQueueLength', nonNegative(where, 'activationMessages', options.activationMessages));
    const queueName = queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
    return new QueueTrigger(where, TriggerKind.AWS_SQS, metadata, target, options.authentication ?? [],
      `messages in SQS queue ${queueName}`, 'messages', undefined);
  }

  /** Scale on any PromQL query (for example an exporter's oldest-message age). */
  public static prometheus(options: PrometheusTriggerOptions): QueueTrigger {
    const where = 'QueueTrigger.prometheus';
    checkProps(where, options, PROMETHEUS_SHAPE);
    let url: URL | undefined;
    try {
      url = new URL(options.serverAddress);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
      throw invalid(where, 'serverAddress', options.serverAddress,
        'an http(s):// URL of the Prometheus server without credentials (pass them with authentication)');
    }
    const query = checkUserPromQL(where, 'query', nonBlank(where, 'query', options.query));
    const target = positive(where, 'threshold', options.threshold);
    const metadata: Record<string, string> = { serverAddress: options.serverAddress, query, threshold: String(target) };
    addOptional(metadata, 'activationThreshold', nonNegative(where, 'activationThreshold', options.activationThreshold));
    const modes = options.authModes ?? [];
    const auth = options.authentication ?? [];
    if ((modes.length > 0) !== (auth.length > 0)) {
      throw invalid(where, 'authModes', modes,
        'authModes and authentication go together: name the modes (e.g. [PrometheusAuthMode.BEARER]) for the credentials given');
    }
    if (modes.length > 0) metadata.authModes = [...new Set(modes)].join(',');
    return new QueueTrigger(where, TriggerKind.PROMETHEUS, metadata, target, auth,
      `the value of ${query}`, 'units', undefined);
  }

  /** The KEDA scaler. */
  public readonly kind: TriggerKind;
  /** The trigger's `metadata` as KEDA reads it (all values are strings). */
  public readonly metadata: { [key: string]: string };
  /** The backlog (messages, lag or query value) one replica is expected to handle. */
  public readonly targetPerReplica: number;
  /** Secret-backed parameters, rendered as a TriggerAuthentication. */
  public readonly authentication: TriggerSecretRef[];
  /** The signal in words, for alerts and annotations (e.g. "ready messages in RabbitMQ queue payment-events"). */
  public readonly signal: string;
  /** The unit of the signal, for alert text. */
  public readonly unit: string;
  /** The most replicas that can do useful work (Kafka partitions), when known. */
  public readonly maxUsefulReplicas?: number;

  private constructor(
    where: string,
    kind: TriggerKind,
    metadata: Record<string, string>,
    targetPerReplica: number,
    authentication: TriggerSecretRef[],
    signal: string,
    unit: string,
    maxUsefulReplicas: number | undefined,
  ) {
    this.kind = kind;
    this.metadata = metadata;
    this.targetPerReplica = targetPerReplica;
    this.authentication = checkAuthentication(where, kind, authentication);
    this.signal = signal;
    this.unit = unit;
    this.maxUsefulReplicas = maxUsefulReplicas;
  }
}

function checkAuthentication(where: string, kind: TriggerKind, refs: TriggerSecretRef[]): TriggerSecretRef[] {
  const allowed = AUTH_PARAMETERS[kind];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (!ref || !allowed.includes(ref.parameter)) {
      throw invalid(where, 'authentication', ref?.parameter,
        `the ${kind} scaler's authentication parameters are ${allowed.join(', ')}`);
    }
    if (seen.has(ref.parameter)) {
      throw invalid(where, 'authentication', ref.parameter, 'each authentication parameter may be given once');
    }
    seen.add(ref.parameter);
    secretKey(where, `authentication ${ref.parameter}`, ref);
  }
  return refs;
}

function secretKey(where: string, prop: string, ref: SecretKeyRef | undefined): SecretKeyRef {
  if (!ref || !isDns1123Subdomain(ref.secretName)) {
    throw invalid(where, `${prop}.secretName`, ref?.secretName, 'a Secret name (DNS-1123 subdomain) in the worker\'s namespace');
  }
  if (!isConfigMapKey(ref.key)) {
    throw invalid(where, `${prop}.key`, ref.key, CONFIG_MAP_KEY_RULE);
  }
  return { secretName: ref.secretName, key: ref.key };
}

function nonBlank(where: string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw invalid(where, prop, value, 'a non-empty text is required');
  }
  return value;
}

function positive(where: string, prop: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(where, prop, value, 'a positive number: the backlog one replica is expected to handle');
  }
  return value;
}

function nonNegative(where: string, prop: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(where, prop, value, 'a number of 0 or more');
  }
  return value;
}

function addOptional(target: Record<string, string>, key: string, value: number | undefined): void {
  if (value !== undefined) target[key] = String(value);
}
