/**
 * PromQL the user gives (QueueWorker alerts.backlogQuery, QueueTrigger.prometheus query) is
 * checked at synth time: exact error texts with the position, and valid queries pass through.
 */
import { QueueTrigger, QueueWorker } from '../../src';
import { BatchValidationError } from '../../src/errors';
import { queueWorkerProps } from '../support/queue-worker-fixtures';
import { only, synthChart, testChart } from '../support/synth';

function errorOf(build: () => void): string {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(BatchValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a BatchValidationError');
}

const worker = (backlogQuery: string) => () => new QueueWorker(testChart(), 'payment-event-worker',
  queueWorkerProps({ alerts: { backlogQuery, backlogThreshold: 1000 } }));
const trigger = (query: string) => () => QueueTrigger.prometheus({ serverAddress: 'http://prometheus.monitoring:9090', query, threshold: 100 });

describe('alerts.backlogQuery', () => {
  test.each([
    ['rate(x[5m]', 'not valid PromQL: unclosed left parenthesis at line 1, column 11'],
    ['rate(x)', 'not valid PromQL: expected type range vector in call to function "rate", got instant vector at line 1, column 6'],
    ['max(rabbitmq_queue_messages_ready{queue="payment-events"}', 'not valid PromQL: unclosed left parenthesis at line 1, column 58'],
    ['sum by (queue) rabbitmq_queue_messages_ready', 'not valid PromQL: unexpected "rabbitmq_queue_messages_ready", expected "(" at line 1, column 16'],
    ['max(\n  queue_depth{queue="a"} >\n)', 'not valid PromQL: unexpected ")", expected an expression at line 3, column 1'],
    ['rabbitmq_queue_messages_ready[5m]', 'must return an instant vector (series with one value each, compared with the threshold), not a range vector; ' +
      'wrap a range in a function such as rate(...) or max_over_time(...)'],
    ['"payment-events"', 'must return an instant vector (series with one value each, compared with the threshold), not a string'],
  ])('%j is refused', (query, allowed) => {
    expect(errorOf(worker(query))).toBe(`[cdk8s-batch] test/payment-event-worker: invalid alerts.backlogQuery ${JSON.stringify(query)}: ${allowed}`);
  });

  test('a valid query goes into the alert as written', () => {
    const query = 'max by (queue) (rabbitmq_queue_messages_ready{queue="payment-events"}) offset 1m';
    expect(errorOf(worker(query))).toMatch(/offset modifier must be preceded by an instant vector selector/);
    const good = 'max by (queue) (rabbitmq_queue_messages_ready{queue="payment-events"} offset 1m)';
    const manifests = synthChart((chart) => new QueueWorker(chart, 'payment-event-worker', queueWorkerProps({ alerts: { backlogQuery: good, backlogThreshold: 1000 } })), 'payments');
    const rules = only(manifests, 'PrometheusRule').spec.groups[0].rules;
    expect(rules.find((r: any) => r.alert === 'QueueWorkerBacklogHigh').expr).toBe(`(${good}) > 1000`);
  });
});

describe('QueueTrigger.prometheus query', () => {
  test.each([
    ['sum(rate(http_requests_total[5m])', 'not valid PromQL: unclosed left parenthesis at line 1, column 34'],
    ['histogram_quantile(rate(x_bucket[5m]), 0.9)', 'not valid PromQL: expected type scalar in call to function "histogram_quantile", got instant vector at line 1, column 20'],
    ['queue_lag{topic="orders"}[5m]', 'must return an instant vector (series with one value each, compared with the threshold), not a range vector; ' +
      'wrap a range in a function such as rate(...) or max_over_time(...)'],
    ['scalar(queue_lag)', 'must return an instant vector (series with one value each, compared with the threshold), not a scalar; wrap it in vector(...)'],
    ['unknown_fn(queue_lag)', 'not valid PromQL: unknown function with name "unknown_fn" at line 1, column 1'],
  ])('%j is refused', (query, allowed) => {
    expect(errorOf(trigger(query))).toBe(`[cdk8s-batch] QueueTrigger.prometheus: invalid query ${JSON.stringify(query)}: ${allowed}`);
  });

  test('a valid query is the trigger metadata as written', () => {
    const query = 'sum(kafka_consumergroup_lag{consumergroup="orders"})';
    expect(trigger(query)().metadata.query).toBe(query);
    expect(trigger('time() - max(queue_oldest_message_timestamp_seconds)')().metadata.query).toBe('time() - max(queue_oldest_message_timestamp_seconds)');
  });
});
