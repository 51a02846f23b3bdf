import { Chart } from 'cdk8s';
import { CleanupJob, IndexedBackfill, MigrationJob, QueueWorker, ReconciliationCronJob } from '../../src';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/core/kubernetes-version';
import { ApiServerVerdict, apiServerRejections, checkManifests, harnessVersionFor } from '../support/api-server';
import { backfillProps, cleanupProps } from '../support/backfill-cleanup-fixtures';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { queueWorkerProps } from '../support/queue-worker-fixtures';
import { synthChart } from '../support/synth';

/**
 * Defaults made visible: for each construct with its minimal props, the fields the API server
 * would add on create (defaulting and PrepareForCreate, from the Go harness), so that a reviewer
 * sees what the construct leaves to the server. The snapshot is the list to review; the
 * assertions below hold whatever it says. The charts target the default version; the harness
 * checks them at the version it emulates for that target (harnessVersionFor).
 */

const { emulated: HARNESS_VERSION } = harnessVersionFor(DEFAULT_KUBERNETES_VERSION);

const constructs: Record<string, (chart: Chart) => void> = {
  ReconciliationCronJob: (chart) => new ReconciliationCronJob(chart, 'ledger', reconciliationProps()),
  MigrationJob: (chart) => new MigrationJob(chart, 'migrate', migrationProps()),
  IndexedBackfill: (chart) => new IndexedBackfill(chart, 'backfill', backfillProps()),
  CleanupJob: (chart) => new CleanupJob(chart, 'cleanup', cleanupProps()),
  QueueWorker: (chart) => new QueueWorker(chart, 'worker', queueWorkerProps()),
};

/** `Kind/name: path = value` for every field the server adds. */
function addedFields(verdicts: ApiServerVerdict[]): string[] {
  return verdicts.flatMap((v) => (v.defaults?.added ?? []).map((f) => `${v.kind}/${v.name}: ${f.path} = ${JSON.stringify(f.value)}`));
}

describe.each(Object.keys(constructs))('%s: what the API server adds on create', (name) => {
  const verdicts = checkManifests(synthChart(constructs[name]), HARNESS_VERSION);

  test('the API server accepts every manifest', () => {
    expect(apiServerRejections(verdicts)).toEqual([]);
    expect(verdicts.filter((v) => v.status !== 'ok').map((v) => `${v.kind}/${v.name}: ${v.status}`)).toEqual([]);
  });

  test(`nothing is dropped or rewritten at Kubernetes ${HARNESS_VERSION} (no field behind an off feature gate)`, () => {
    const dropped = verdicts.flatMap((v) => (v.defaults?.removed ?? []).map((f) => `${v.kind}/${v.name}: ${f.path}`));
    const rewritten = verdicts.flatMap((v) => (v.defaults?.changed ?? []).map((f) =>
      `${v.kind}/${v.name}: ${f.path}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.value)}`));
    expect(dropped).toEqual([]);
    expect(rewritten).toEqual([]);
  });

  test('the fields left to the server (printed for review)', () => {
    const added = addedFields(verdicts);
    // Printed so that the list shows in the test log, not only in the snapshot file.
    process.stdout.write(`\n${name}: fields the API server adds on create (Kubernetes ${HARNESS_VERSION})\n  ${added.join('\n  ')}\n`);
    expect(added).toMatchSnapshot();
  });
});
