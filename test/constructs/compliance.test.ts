import { ApiObject, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import { MigrationJob } from '../../src';
import { BatchValidationError } from '../../src/errors';
import * as engine from '../../src/rules/engine';
import { expectCompliant } from '../support/compliance';
import { migrationProps } from '../support/fixtures';
import { testChart } from '../support/synth';

/**
 * Synth-time compliance: a chart holding our constructs fails synth when an object they created
 * breaks an error rule, naming the object and the rule; a suppression with a reason lets it pass
 * and stays visible.
 */
describe('synth-time compliance', () => {
  function migrationChart(props = {}, strict?: boolean) {
    const chart = testChart();
    if (strict !== undefined) chart.node.setContext('cdk8s-batch:strictCompliance', strict);
    const migration = new MigrationJob(chart, 'orders-schema-migration', migrationProps(props));
    return { chart, migration };
  }

  test('an escape-hatch patch that removes the retry budget fails synth with the rule and object', () => {
    const { chart, migration } = migrationChart();
    migration.job.addJsonPatch(JsonPatch.remove('/spec/backoffLimit'));
    expect(() => Testing.synth(chart as any)).toThrow(
      /rule backoff-limit-explicit \(error\) fails on Job finance\/orders-schema-migration-2026-07-01-001: .* About the rule: https:\/\/\S+\/blob\/v\d+\.\d+\.\d+\/docs\/rules\/backoff-limit-explicit\.md/);
  });

  test('a patch that mounts the token without a bound Role fails dedicated-service-account', () => {
    const { chart, migration } = migrationChart();
    migration.job.addJsonPatch(JsonPatch.replace('/spec/template/spec/automountServiceAccountToken', true));
    expect(() => Testing.synth(chart as any)).toThrow(/rule dedicated-service-account/);
  });

  test('an in-code suppression with a reason lets it pass and is written into the YAML', () => {
    const { chart, migration } = migrationChart({
      suppressions: [{ ruleId: 'active-deadline', reason: 'the migrator enforces its own statement timeout' }],
    });
    migration.job.addJsonPatch(JsonPatch.remove('/spec/activeDeadlineSeconds'));
    const manifests = Testing.synth(chart as any);
    const job = manifests.find((m) => m.kind === 'Job');
    expect(job.metadata.annotations['platform.example.com/suppress.active-deadline'])
      .toBe('the migrator enforces its own statement timeout');
    expectCompliant(manifests, ['active-deadline', 'disruption-not-counted']);
  });

  test('warnings fail synth by default (our output passes audit --strict); the context set to false lets them pass', () => {
    const build = (strict?: boolean) => {
      const { chart, migration } = migrationChart({}, strict);
      // Removing the completion ledger annotation is a warning (completion-ledger).
      ApiObject.of(migration.job).metadata.addAnnotation('platform.example.com/completion-ledger', '');
      return () => Testing.synth(chart as any);
    };
    expect(build(false)).not.toThrow();
    expect(build(true)).toThrow(/rule completion-ledger \(warning/);
    expect(build()).toThrow(/rule completion-ledger \(warning\) fails on Job finance\/orders-schema-migration-2026-07-01-001: no annotation platform\.example\.com\/completion-ledger/);
  });

  test('objects the user added beside the construct do not fail synth, but are context', () => {
    const { chart } = migrationChart();
    new ApiObject(chart, 'legacy', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'legacy' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }], restartPolicy: 'Never' } } } });
    expect(() => Testing.synth(chart as any)).not.toThrow();
  });

  test('an unknown rule id or a short reason is a synth error', () => {
    expect(() => migrationChart({ suppressions: [{ ruleId: 'no-such-rule', reason: 'long enough reason' }] }))
      .toThrow(BatchValidationError);
    expect(() => migrationChart({ suppressions: [{ ruleId: 'batch-node-pool', reason: 'short' }] }))
      .toThrow(/suppressions\[batch-node-pool\]\.reason "short": a reason of at least 10 characters/);
  });
});

describe('synth-time compliance runs once per chart and sees every change', () => {
  test('an app of three charts audits each chart once per synth, however often cdk8s re-validates', () => {
    const spy = jest.spyOn(engine, 'auditDocuments');
    const app = Testing.app();
    for (const name of ['a', 'b', 'c']) {
      const chart = new Chart(app, name, { namespace: name });
      new MigrationJob(chart, 'orders-schema-migration', migrationProps());
    }
    app.synthYaml();
    // cdk8s validates the whole app before writing and again for each chart it writes (4 rounds).
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
  });

  test('a patch or metadata change after one synth is in the next synth and its audit', () => {
    const { chart, migration } = (() => {
      const c = testChart();
      return { chart: c, migration: new MigrationJob(c, 'orders-schema-migration', migrationProps()) };
    })();
    expect(() => Testing.synth(chart as any)).not.toThrow();
    migration.job.metadata.addLabel('team', 'orders');
    expect(Testing.synth(chart as any).find((m) => m.kind === 'Job').metadata.labels.team).toBe('orders');
    migration.job.addJsonPatch(JsonPatch.remove('/spec/backoffLimit'));
    expect(() => Testing.synth(chart as any)).toThrow(/rule backoff-limit-explicit/);
  });

  test('a changed label value and a token in the metadata are in the next synth (the remembered JSON is not reused)', () => {
    const chart = testChart();
    const migration = new MigrationJob(chart, 'orders-schema-migration', migrationProps());
    const jobLabels = () => Testing.synth(chart as any).find((m) => m.kind === 'Job').metadata.labels;
    migration.job.metadata.addLabel('team', 'orders');
    expect(jobLabels().team).toBe('orders');
    migration.job.metadata.addLabel('team', 'payments');
    expect(jobLabels().team).toBe('payments');
    // A token can resolve to something else at every synth although the metadata holds the same object.
    let cost = 'a';
    migration.job.metadata.addLabel('cost-center', Lazy.any({ produce: () => cost }) as unknown as string);
    expect(jobLabels()['cost-center']).toBe('a');
    cost = 'b';
    expect(jobLabels()['cost-center']).toBe('b');
  });

  test('a finalizer, an owner reference changed in place and an added metadata field are in the next synth', () => {
    const chart = testChart();
    const migration = new MigrationJob(chart, 'orders-schema-migration', migrationProps());
    const jobMetadata = () => Testing.synth(chart as any).find((m) => m.kind === 'Job').metadata;
    expect(jobMetadata().finalizers).toBeUndefined();
    migration.job.metadata.addFinalizers('example.com/keep');
    expect(jobMetadata().finalizers).toEqual(['example.com/keep']);
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'uid-1' };
    migration.job.metadata.addOwnerReference(owner);
    expect(jobMetadata().ownerReferences).toEqual([owner]);
    // The same array and object, one field changed: the flat comparison reaches into it.
    owner.uid = 'uid-2';
    expect(jobMetadata().ownerReferences[0].uid).toBe('uid-2');
    migration.job.metadata.add('generateName', 'orders-');
    expect(jobMetadata().generateName).toBe('orders-');
    migration.job.metadata.add('generateName', 'payments-');
    expect(jobMetadata().generateName).toBe('payments-');
  });
});
