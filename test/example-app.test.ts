import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { buildExampleApp } from '../examples/app';
import { apiServerRejections, apiServerSkipped, checkYaml } from './support/api-server';
import { expectValidManifests } from './support/k8s-schema';

const committedDist = path.join(__dirname, '..', 'examples', 'dist');

function synthTo(dir: string): Record<string, string> {
  buildExampleApp(dir).synth();
  const files: Record<string, string> = {};
  for (const file of fs.readdirSync(dir).sort()) {
    files[file] = fs.readFileSync(path.join(dir, file), 'utf8');
  }
  return files;
}

describe('example app', () => {
  const first = synthTo(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-a-')));
  const second = synthTo(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-b-')));
  const docs = Object.values(first).flatMap((text) => yaml.parseAllDocuments(text).map((d) => d.toJSON()));

  test('two synths give byte-identical YAML', () => {
    expect(Object.keys(first)).toEqual(['finance-backfill.yaml', 'finance.yaml', 'identity-cleanup.yaml', 'orders.yaml', 'payments.yaml']);
    expect(second).toEqual(first);
  });

  test('the committed examples/dist is what the app synthesizes (run `npx projen synth:example`)', () => {
    expect(fs.readdirSync(committedDist).sort()).toEqual(Object.keys(first));
    for (const [file, text] of Object.entries(first)) {
      expect(fs.readFileSync(path.join(committedDist, file), 'utf8')).toBe(text);
    }
  });

  test('builds the lesson examples under their lesson names and namespaces', () => {
    const names = docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort();
    expect(names).toEqual([
      'ConfigMap/finance/partitioned-ledger-check-a1e020981a',
      'CronJob/finance/daily-ledger-reconciliation',
      'CronJob/identity/expired-session-cleanup',
      'Deployment/payments/payment-event-worker',
      'Job/finance/partitioned-ledger-check-a1e020981a',
      'Job/identity/stale-login-challenge-cleanup-d9774c8ed4',
      'Job/orders/orders-schema-migration-20260701',
      'PodDisruptionBudget/payments/payment-event-worker',
      'PrometheusRule/finance/daily-ledger-reconciliation-alerts',
      'PrometheusRule/finance/partitioned-ledger-check-a1e020981a-alerts',
      'PrometheusRule/identity/expired-session-cleanup-alerts',
      'PrometheusRule/identity/stale-login-challenge-cleanup-d9774c8ed4-alerts',
      'PrometheusRule/orders/orders-schema-migration-20260701-alerts',
      'PrometheusRule/payments/payment-event-worker-alerts',
      'Role/identity/stale-login-challenge-cleanup',
      'RoleBinding/identity/stale-login-challenge-cleanup',
      'ScaledObject/payments/payment-event-worker',
      'ServiceAccount/finance/daily-ledger-reconciliation',
      'ServiceAccount/finance/partitioned-ledger-check',
      'ServiceAccount/identity/expired-session-cleanup',
      'ServiceAccount/identity/stale-login-challenge-cleanup',
      'ServiceAccount/orders/orders-migration',
      'ServiceAccount/payments/payment-event-worker',
      'TriggerAuthentication/payments/payment-event-worker',
    ]);
  });

  test('every document is valid against the Kubernetes schema with no unknown fields', () => {
    expectValidManifests(docs);
  });

  test('the Kubernetes API server accepts every committed document as written (test/k8s-validate)', () => {
    const files = fs.readdirSync(committedDist).sort().map((file) => fs.readFileSync(path.join(committedDist, file), 'utf8'));
    const verdicts = checkYaml(files.join('---\n'));
    expect(verdicts).toHaveLength(docs.length);
    expect(apiServerRejections(verdicts)).toEqual([]);
    expect(apiServerSkipped(verdicts)).toEqual([]);
  });
});
