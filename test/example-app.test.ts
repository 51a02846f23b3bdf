import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { buildExampleApp, EXAMPLE_KUBERNETES_VERSION } from '../examples/app';
import { ExplainedSynth } from '../src';
import { apiServerRejections, apiServerSkipped, checkYaml, harnessVersionFor } from './support/api-server';
import { runCompiledCli } from './support/compiled-cli';
import { expectValidManifests } from './support/k8s-schema';
import { auditDocuments } from '../src/rules/engine';

const committedDist = path.join(__dirname, '..', 'examples', 'dist');

/** As examples/main.ts synthesizes: with the reasons as comments, so every check below reads the explained files. */
function synthTo(dir: string): Record<string, string> {
  expect(ExplainedSynth.synth(buildExampleApp(dir))).toEqual([]);
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
  const policyDocs = yaml.parseAllDocuments(first['admission-policy.yaml']).map((d) => d.toJSON());
  const workloadDocs = docs.filter((d) => !policyDocs.some((p) => p.kind === d.kind && p.metadata.name === d.metadata.name));

  test('two synths give byte-identical YAML', () => {
    expect(Object.keys(first)).toEqual(['admission-policy.yaml', 'finance-backfill.yaml', 'finance.yaml', 'identity-cleanup.yaml', 'orders.yaml', 'payments.yaml']);
    expect(second).toEqual(first);
  });

  test('the committed examples/dist is what the app synthesizes (run `npx projen synth:example`)', () => {
    expect(fs.readdirSync(committedDist).sort()).toEqual(Object.keys(first));
    for (const [file, text] of Object.entries(first)) {
      expect(fs.readFileSync(path.join(committedDist, file), 'utf8')).toBe(text);
    }
  });

  test('builds the lesson examples under their lesson names and namespaces', () => {
    const names = workloadDocs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort();
    expect(names).toEqual([
      'ConfigMap/finance/partitioned-ledger-check-e721d82c1e',
      'CronJob/finance/daily-ledger-reconciliation',
      'CronJob/identity/expired-session-cleanup',
      'Deployment/payments/payment-event-worker',
      'Job/finance/partitioned-ledger-check-e721d82c1e',
      'Job/identity/stale-login-challenge-cleanup-d9774c8ed4',
      'Job/orders/orders-schema-migration-20260701',
      'PodDisruptionBudget/payments/payment-event-worker',
      'PrometheusRule/finance/daily-ledger-reconciliation-alerts',
      'PrometheusRule/finance/partitioned-ledger-check-e721d82c1e-alerts',
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

  test('the admission-policy chart holds one warning policy and binding per covered rule and kind, cluster-scoped', () => {
    const policies = policyDocs.filter((d) => d.kind === 'ValidatingAdmissionPolicy');
    const bindings = policyDocs.filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding');
    expect(policies.length).toBeGreaterThan(20);
    expect(bindings.map((b) => b.spec.policyName)).toEqual(policies.map((p) => p.metadata.name));
    expect(policyDocs.every((d) => d.metadata.namespace === undefined)).toBe(true);
    expect(bindings.every((b) => b.spec.validationActions.join() === 'Warn,Audit')).toBe(true);
  });

  test('under Argo CD (the app context) one-off Jobs have no TTL and declare lifetime gitops; the PreSync hook and the CronJobs keep theirs', () => {
    const lifetimes = docs.filter((d) => d.kind === 'Job' || d.kind === 'CronJob').map((d) => [
      d.metadata.name,
      (d.kind === 'CronJob' ? d.spec.jobTemplate.spec : d.spec).ttlSecondsAfterFinished ?? d.metadata.annotations['platform.example.com/lifetime'],
    ]).sort();
    expect(lifetimes).toEqual([
      ['daily-ledger-reconciliation', 604800],
      ['expired-session-cleanup', 604800],
      ['orders-schema-migration-20260701', 604800],
      ['partitioned-ledger-check-e721d82c1e', 'gitops'],
      ['stale-login-challenge-cleanup-d9774c8ed4', 'gitops'],
    ]);
  });

  test('the app states its target version, and its output relies on no field that version does not honour', () => {
    const app = buildExampleApp(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-c-')));
    expect(app.node.tryGetContext('cdk8s-batch:kubernetesVersion')).toBe('1.34');
    const findings = auditDocuments(docs.map((object) => ({ object })),
      { kubernetesVersion: EXAMPLE_KUBERNETES_VERSION, rules: ['field-needs-newer-kubernetes'] });
    expect(findings).toEqual([]);
    // The same output for a 1.29 cluster: the queue worker's native preStop sleep is not honoured there.
    const older = auditDocuments(docs.map((object) => ({ object })), { kubernetesVersion: '1.29', rules: ['field-needs-newer-kubernetes'] });
    expect(older.map((f) => `${f.kind}/${f.name}`)).toEqual(['Deployment/payment-event-worker']);
  });

  test('every document is valid against the Kubernetes schema with no unknown fields', () => {
    expectValidManifests(docs);
  });

  test('the Kubernetes API server accepts every committed document as written (test/k8s-validate)', () => {
    const files = fs.readdirSync(committedDist).sort().map((file) => fs.readFileSync(path.join(committedDist, file), 'utf8'));
    const verdicts = checkYaml(files.join('---\n'), harnessVersionFor(EXAMPLE_KUBERNETES_VERSION).emulated);
    expect(verdicts).toHaveLength(docs.length);
    expect(apiServerRejections(verdicts)).toEqual([]);
    expect(apiServerSkipped(verdicts)).toEqual([]);
  });
});

describe('npx projen audit:example (the README\'s newcomer command)', () => {
  const ROOT = path.join(__dirname, '..');
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
  // The task's command line, split at blanks (it quotes nothing), and the CLI arguments after the entry point.
  const exec: string = tasks['audit:example'].steps[0].exec;
  const args = exec.split(' ').slice(exec.split(' ').indexOf('src/cli/main.ts') + 1);

  test('audits examples/dist for the release the app targets, so field-needs-newer-kubernetes runs', () => {
    expect(args).toEqual(['audit', '--kubernetes-version', EXAMPLE_KUBERNETES_VERSION, 'examples/dist']);
    const r = runCompiledCli(args, { cwd: ROOT, timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 errors, 0 warnings, 1 suppressed in 126 objects from 6 files');
    expect(r.status).toBe(0);
  });

  test('the version reaches the rule: the same command for 1.29 fails on the queue worker\'s preStop sleep', () => {
    const older = args.map((a) => (a === EXAMPLE_KUBERNETES_VERSION ? '1.29' : a));
    const r = runCompiledCli(older, { cwd: ROOT, timeout: 60_000 });
    expect(r.stdout).toMatch(/^error +field-needs-newer-kubernetes +Deployment payments\/payment-event-worker /m);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 error, 0 warnings, 1 suppressed in 126 objects from 6 files');
    expect(r.status).toBe(1);
  });
});
