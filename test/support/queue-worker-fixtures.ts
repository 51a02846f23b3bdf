import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { QueueTrigger, QueueWorkerProps } from '../../src';

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
