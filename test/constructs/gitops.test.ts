/**
 * The gitOps setting: under Argo CD or Flux a one-off Job has no TTL (the tool would create it
 * again after the TTL controller deleted it, running the work twice) and declares that the tool
 * ends it; a hook and a CronJob keep their TTL.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { CleanupJob, GITOPS_CONTEXT, GitOpsHook, GitOpsTool, IndexedBackfill, MigrationJob } from '../../src';
import { BatchValidationError } from '../../src/errors';
import { backfillProps, cleanupProps } from '../support/backfill-cleanup-fixtures';
import { expectCompliant } from '../support/compliance';
import { migrationProps } from '../support/fixtures';
import { expectValidManifests } from '../support/k8s-schema';
import { only } from '../support/synth';

const P = 'platform.example.com';
const LIFETIME = `${P}/lifetime`;

/** A chart whose context names a tool (or none), with `build` adding constructs to it. */
function synth(build: (chart: Chart) => void, context?: unknown): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'orders' });
  if (context !== undefined) chart.node.setContext(GITOPS_CONTEXT, context);
  build(chart);
  return Testing.synth(chart);
}

const RERUN = (tool: string, value: string) =>
  `invalid ttlAfterFinished "${value}": no TTL on a one-off Job applied by ${tool === 'argocd' ? 'Argo CD' : 'Flux'} (gitOps ${tool}): ` +
  `the TTL controller deletes the finished Job, ${tool === 'argocd' ? 'Argo CD' : 'Flux'} sees it missing from the cluster and creates it again, ` +
  'so the work runs a second time; leave ttlAfterFinished unset, and remove the Job from Git when it is done (the tool prunes it)';

const ONE_OFF: Record<string, (chart: Chart, gitOps?: GitOpsTool, ttl?: Duration) => void> = {
  MigrationJob: (chart, gitOps, ttl) => new MigrationJob(chart, 'orders-schema-migration', migrationProps({ gitOps, ttlAfterFinished: ttl })),
  IndexedBackfill: (chart, gitOps, ttl) => new IndexedBackfill(chart, 'ledger-backfill', backfillProps({ gitOps, ttlAfterFinished: ttl })),
  CleanupJob: (chart, gitOps, ttl) => new CleanupJob(chart, 'expired-session-cleanup', cleanupProps({ gitOps, ttlAfterFinished: ttl })),
};
const PATHS: Record<string, string> = {
  MigrationJob: 'test/orders-schema-migration',
  IndexedBackfill: 'test/ledger-backfill',
  CleanupJob: 'test/expired-session-cleanup',
};

describe.each(Object.keys(ONE_OFF))('%s, a one-off Job in Git', (construct) => {
  const build = ONE_OFF[construct];

  test.each([GitOpsTool.ARGO_CD, GitOpsTool.FLUX])('under %s: no TTL, lifetime gitops, valid and compliant', (tool) => {
    const manifests = synth((chart) => build(chart, tool));
    const job = only(manifests, 'Job');
    expect(job.spec).not.toHaveProperty('ttlSecondsAfterFinished');
    expect(job.metadata.annotations[LIFETIME]).toBe('gitops');
    expectValidManifests(manifests);
    expectCompliant(manifests, construct === 'MigrationJob' ? ['disruption-not-counted'] : []);
  });

  test('only the Job declares its lifetime: the ServiceAccount and other companions stay in Git with it', () => {
    const manifests = synth((chart) => build(chart, GitOpsTool.FLUX));
    expect(manifests.filter((m) => m.metadata.annotations?.[LIFETIME] !== undefined).map((m) => m.kind)).toEqual(['Job']);
  });

  test('without a tool (prop NONE, or neither prop nor context) the TTL stays 7 days and no lifetime is declared', () => {
    for (const manifests of [synth((chart) => build(chart, GitOpsTool.NONE)), synth((chart) => build(chart))]) {
      const job = only(manifests, 'Job');
      expect(job.spec.ttlSecondsAfterFinished).toBe(604800);
      expect(job.metadata.annotations).not.toHaveProperty(LIFETIME);
    }
  });

  test('the context value applies app-wide; the prop wins over it', () => {
    const fromContext = only(synth((chart) => build(chart), 'argocd'), 'Job');
    expect(fromContext.spec).not.toHaveProperty('ttlSecondsAfterFinished');
    expect(fromContext.metadata.annotations[LIFETIME]).toBe('gitops');
    const propWins = only(synth((chart) => build(chart, GitOpsTool.NONE), 'flux'), 'Job');
    expect(propWins.spec.ttlSecondsAfterFinished).toBe(604800);
  });

  test.each([GitOpsTool.ARGO_CD, GitOpsTool.FLUX])('a TTL given under %s is a synth error that explains the re-run', (tool) => {
    const run = () => synth((chart) => build(chart, tool, Duration.days(2)));
    expect(run).toThrow(BatchValidationError);
    expect(run).toThrow(`${PATHS[construct]}: ${RERUN(tool, '2 days')}`);
  });

  test('a TTL from a context tool is refused the same way', () => {
    expect(() => synth((chart) => build(chart, undefined, Duration.days(2)), 'flux')).toThrow(`${PATHS[construct]}: ${RERUN('flux', '2 days')}`);
  });

  test('an unknown prop value and an unknown context value are refused, naming what is allowed', () => {
    expect(() => synth((chart) => build(chart, 'argo' as GitOpsTool))).toThrow(
      `${PATHS[construct]}: invalid gitOps "argo": one of GitOpsTool.NONE ("none"), GitOpsTool.ARGO_CD ("argocd"), GitOpsTool.FLUX ("flux")`);
    expect(() => synth((chart) => build(chart), 'ArgoCD')).toThrow(
      `${PATHS[construct]}: invalid context cdk8s-batch:gitOps "ArgoCD": one of "none", "argocd", "flux" (the GitOpsTool values)`);
  });
});

describe('hooks and CronJobs keep their TTL', () => {
  test('an Argo CD PreSync MigrationJob under Argo CD keeps its TTL (Argo CD deletes and re-runs it on each sync) and declares no lifetime', () => {
    const job = only(synth((chart) => new MigrationJob(chart, 'm', migrationProps({ gitOps: GitOpsTool.ARGO_CD, gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC }))), 'Job');
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    expect(job.spec.ttlSecondsAfterFinished).toBe(604800);
    expect(job.metadata.annotations).not.toHaveProperty(LIFETIME);
    const explicit = only(synth((chart) => new MigrationJob(chart, 'm', migrationProps({
      gitOps: GitOpsTool.ARGO_CD, gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC, ttlAfterFinished: Duration.days(2),
    }))), 'Job');
    expect(explicit.spec.ttlSecondsAfterFinished).toBe(172800);
  });

  test('an Argo CD hook under Flux is refused: Flux applies it as a plain Job', () => {
    expect(() => synth((chart) => new MigrationJob(chart, 'm', migrationProps({ gitOps: GitOpsTool.FLUX, gitOpsHook: GitOpsHook.ARGO_CD_PRE_SYNC })))).toThrow(
      'test/m: invalid gitOpsHook "argo-cd-pre-sync": GitOpsHook.NONE under Flux (gitOps flux): Flux ignores Argo CD hook annotations ' +
      'and applies the Job as a plain one; order it with a Kustomization dependsOn instead');
  });

  test('a scheduled CleanupJob under Flux keeps the TTL of the Jobs its CronJob creates: they are not in Git', () => {
    const manifests = synth((chart) => new CleanupJob(chart, 'c', cleanupProps({ gitOps: GitOpsTool.FLUX, cron: { schedule: '0 3 * * *' } })));
    const cronJob = only(manifests, 'CronJob');
    expect(cronJob.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(604800);
    expect(cronJob.metadata.annotations).not.toHaveProperty(LIFETIME);
    expect(manifests.some((m) => m.kind === 'Job')).toBe(false);
  });
});
