import { Duration } from 'cdk8s';
import {
  CleanupJob, GitOpsHook, IndexedBackfill, MigrationJob, QueueWorker, ReconciliationCronJob, ScalerKind,
} from '../../src';
import { backfillProps, cleanupProps } from '../support/backfill-cleanup-fixtures';
import { appValues, commentsByPath, explainedChart, key, leaves, parseYaml11, show } from '../support/explained';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { queueWorkerProps } from '../support/queue-worker-fixtures';

/**
 * Every field a construct decided carries a comment. The fields are derived, not listed: each
 * leaf of the synthesized output whose value the app did not write in its props (compared as
 * text, so `512Mi` from `Size.mebibytes(512)` counts as the app's) must have a `# why:` comment
 * on its own line or on an enclosing field's line. A field added later without a reason fails
 * here without anyone updating a list.
 */
interface Case {
  readonly name: string;
  readonly id: string;
  readonly props: object;
  readonly build: (scope: any, id: string, props: any) => unknown;
}

const cases: Case[] = [
  { name: 'ReconciliationCronJob, minimal props', id: 'ledger', props: reconciliationProps(), build: (s, i, p) => new ReconciliationCronJob(s, i, p) },
  { name: 'MigrationJob, minimal props', id: 'orders-schema', props: migrationProps(), build: (s, i, p) => new MigrationJob(s, i, p) },
  {
    name: 'MigrationJob as an Argo CD pre-sync hook',
    id: 'orders-schema',
    props: migrationProps({ gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC }),
    build: (s, i, p) => new MigrationJob(s, i, p),
  },
  { name: 'IndexedBackfill, given parallelism', id: 'ledger-check', props: backfillProps(), build: (s, i, p) => new IndexedBackfill(s, i, p) },
  {
    name: 'IndexedBackfill, parallelism derived from qpsPerPod',
    id: 'ledger-check',
    props: backfillProps({ parallelism: undefined, qpsPerPod: 7 }),
    build: (s, i, p) => new IndexedBackfill(s, i, p),
  },
  { name: 'CleanupJob, dry run outside Kubernetes', id: 'sessions', props: cleanupProps(), build: (s, i, p) => new CleanupJob(s, i, p) },
  {
    name: 'CleanupJob, deleting Kubernetes objects on a schedule',
    id: 'sessions',
    props: cleanupProps({
      dryRun: false, maxDeletions: 5000, targets: [{ apiGroup: '', resource: 'configmaps' }], cron: { schedule: '0 3 * * *' },
    }),
    build: (s, i, p) => new CleanupJob(s, i, p),
  },
  { name: 'QueueWorker on KEDA', id: 'payment-events', props: queueWorkerProps(), build: (s, i, p) => new QueueWorker(s, i, p) },
  {
    name: 'QueueWorker on an HPA external metric',
    id: 'payment-events',
    props: queueWorkerProps({ scaler: ScalerKind.HPA_EXTERNAL_METRIC, externalMetric: { metricName: 'rabbitmq_queue_messages_ready' } }),
    build: (s, i, p) => new QueueWorker(s, i, p),
  },
];

describe('every decided field is explained', () => {
  test.each(cases)('$name', ({ id, props, build }) => {
    const { text, notes } = explainedChart((chart) => build(chart, id, props));
    expect(notes).toEqual([]);
    const documents = parseYaml11(text) as Array<{ kind: string }>;
    const comments = commentsByPath(text);
    expect(comments).toHaveLength(documents.length);
    // The chart's namespace is the app's too.
    const given = new Set([...appValues(props, id), 'finance']);
    const unexplained: string[] = [];
    documents.forEach((doc, i) => {
      for (const leaf of leaves(doc)) {
        if (leaf.path[0] === 'apiVersion' || leaf.path[0] === 'kind') continue;
        if (typeof leaf.value !== 'object' && given.has(String(leaf.value))) continue;
        const covered = leaf.path.some((_, n) => comments[i].has(key(leaf.path.slice(0, n + 1))));
        if (!covered) unexplained.push(`${doc.kind} ${show(leaf.path)}: ${JSON.stringify(leaf.value)}`);
      }
    });
    expect(unexplained).toEqual([]);
  });

  test('the check fails for a decided field without a reason', () => {
    // The same derivation over a text with one comment removed must find that field.
    const { text } = explainedChart((chart) => new ReconciliationCronJob(chart, 'ledger', reconciliationProps()));
    const withoutOne = text.replace(/  # why: [^\n]*\n(\s*suspend: false)/, '\n$1').replace(/^\s*# why: [^\n]*\n(\s*suspend: false)/m, '$1');
    expect(withoutOne).not.toEqual(text);
    const comments = commentsByPath(withoutOne);
    const cronJobIndex = (parseYaml11(withoutOne) as Array<{ kind: string }>).findIndex((d) => d.kind === 'CronJob');
    expect(comments[cronJobIndex].has(key(['spec', 'suspend']))).toBe(false);
    expect(comments[cronJobIndex].has(key(['spec', 'startingDeadlineSeconds']))).toBe(true);
  });

  test('a value the app gave where the construct has a default says so', () => {
    const { text } = explainedChart((chart) => new ReconciliationCronJob(chart, 'ledger', reconciliationProps({
      backoffLimit: 4, startingDeadline: Duration.minutes(5),
    })));
    expect(text).toContain('backoffLimit: 4  # why: set by the app');
    expect(text).toContain('startingDeadlineSeconds: 300  # why: set by the app');
  });
});
