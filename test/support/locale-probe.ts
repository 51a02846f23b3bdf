import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { IndexedBackfill, PrometheusAuthMode, QueueTrigger, QueueWorker } from '../../src';

/**
 * Names whose collation differs between locales, so a locale-dependent sort shows in the output:
 * Danish sorts "AA" after "Z" (it is the letter å); Turkish sorts "I" (dotless) before "i";
 * every ICU locale sorts "a" before "B", code point order the other way round. The partition
 * parameters add a character outside the Basic Multilingual Plane (a surrogate pair in UTF-16)
 * beside U+FF01, which UTF-16 code-unit order and code-point order put in opposite orders.
 */
export const LOCALE_SENSITIVE_ENV = ['AA_DB_PASSWORD', 'ZZ_DB_PASSWORD', 'IB_TOKEN', 'ia_token', 'B_TOKEN', 'a_token'];
export const LOCALE_SENSITIVE_PARAMETERS = ['\u{1F4C5}-period', '\uFF01-note', 'AA', 'Zeta', 'ia', 'IB'];

/** Adds a chart whose output (env order, Job name hash) changes under a locale-dependent sort. */
export function addLocaleProbe(app: App): Chart {
  const chart = new Chart(app, 'locale-probe', { namespace: 'probe' });
  const ownership = {
    owner: 'platform',
    runbook: 'https://runbooks.example.com/platform/probe',
    maxDownstreamQps: 10,
  };
  const secretEnv = LOCALE_SENSITIVE_ENV.map((name) => ({ name, secretName: 'probe-secrets', key: name.toLowerCase() }));
  new IndexedBackfill(chart, 'probe-backfill', {
    ...ownership,
    partitions: [0, 1].map((i) => ({
      key: `p${i}`,
      parameters: Object.fromEntries(LOCALE_SENSITIVE_PARAMETERS.map((name) => [name, `v${i}`])),
    })),
    parallelism: 1,
    backoffLimitPerIndex: 1,
    maxFailedIndexes: 1,
    idempotencyKey: 'probe:{partitionKey}',
    completionLedger: 'probe table',
    container: {
      image: 'registry.example.com/platform/probe:1.0.0',
      resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64) },
      env: { AA_MODE: 'x', ZZ_MODE: 'y', IB_MODE: 'z', ia_mode: 'w', B_MODE: 'v', a_mode: 'u' },
      secretEnv,
    },
  });
  new QueueWorker(chart, 'probe-worker', {
    ...ownership,
    idempotencyKey: 'probe:{messageId}',
    maxProcessingTime: Duration.seconds(60),
    deadLetterQueue: 'probe-dlq',
    trigger: QueueTrigger.prometheus({
      serverAddress: 'http://prometheus.monitoring:9090',
      query: 'max(probe_queue_depth)',
      threshold: 10,
      authModes: [PrometheusAuthMode.BASIC, PrometheusAuthMode.TLS],
      authentication: ['username', 'password', 'ca', 'cert', 'key', 'keyPassword'].map((parameter) => ({
        parameter, secretName: 'probe-prometheus', key: parameter,
      })),
    }),
    container: {
      image: 'registry.example.com/platform/probe-worker:1.0.0',
      resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64) },
      secretEnv,
    },
  });
  return chart;
}
