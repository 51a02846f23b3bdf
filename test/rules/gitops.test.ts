/**
 * Rule gitops-finished-job-rerun and the declared GitOps lifetime of rule retention, on
 * hand-written repositories as Argo CD and Flux apply them (test/fixtures/gitops).
 */
import { audit, loadFixture } from './helpers';
import { BatchValidationError } from '../../src/errors';
import { AuditOptions } from '../../src/rules/finding';
import { GitOpsTool } from '../../src/rules/gitops';

function findings(fixture: string, options: AuditOptions = {}): string[] {
  return audit(loadFixture(`gitops/${fixture}.yaml`), { rules: ['gitops-finished-job-rerun', 'retention'], ...options })
    .map((f) => `${f.kind}/${f.name} ${f.ruleId}: ${f.message}`);
}

const RERUN = (ttl: number, tool: string, because: string) =>
  `ttlSecondsAfterFinished is ${ttl} on a Job applied by ${tool} (${because}): the TTL controller deletes the finished Job, ` +
  `${tool} sees it missing from the cluster and creates it again, so the work runs a second time. ` +
  'Remove the TTL and declare `platform.example.com/lifetime: gitops`, then remove the Job from Git when it is done ' +
  '(the tool prunes it); or make it a hook only if running it again on every sync is harmless.';

describe('gitops-finished-job-rerun', () => {
  test('an Argo CD Application in the set: the plain Job with a TTL is found; the hook, the declared lifetime and the CronJob are not', () => {
    expect(findings('argocd-application')).toEqual([
      `Job/search-reindex-2026-11 gitops-finished-job-rerun: ${RERUN(604800, 'Argo CD', 'Application argocd/search in the set')}`,
    ]);
  });

  test('a Flux Kustomization in the set names Flux', () => {
    expect(findings('flux-kustomization')).toEqual([
      `Job/billing-ledger-migrate-v31 gitops-finished-job-rerun: ${RERUN(86400, 'Flux', 'Kustomization flux-system/billing-pre-deploy in the set')}`,
    ]);
  });

  test('no tool named and none in the set (a kustomize kustomization.yaml is not Flux): silent', () => {
    expect(findings('plain-jobs')).toEqual([]);
  });

  test('--gitops flux: the one-off Job is found; the Job a CronJob created is not', () => {
    expect(findings('plain-jobs', { gitOps: GitOpsTool.FLUX })).toEqual([
      `Job/payments-chargeback-export gitops-finished-job-rerun: ${RERUN(172800, 'Flux', '--gitops flux')}`,
    ]);
  });

  test('--gitops argocd names Argo CD; --gitops none silences the Application in the set', () => {
    expect(findings('plain-jobs', { gitOps: GitOpsTool.ARGO_CD })).toEqual([
      `Job/payments-chargeback-export gitops-finished-job-rerun: ${RERUN(172800, 'Argo CD', '--gitops argocd')}`,
    ]);
    expect(findings('argocd-application', { gitOps: GitOpsTool.NONE })).toEqual([]);
  });

  test('a Job that drops the TTL but does not declare its lifetime fails retention instead, naming the way out', () => {
    const docs = loadFixture('gitops/flux-kustomization.yaml');
    delete docs[1].spec.ttlSecondsAfterFinished;
    expect(audit(docs, { rules: ['gitops-finished-job-rerun', 'retention'] }).map((f) => `${f.name} ${f.ruleId}: ${f.message}`)).toEqual([
      'billing-ledger-migrate-v31 retention: ttlSecondsAfterFinished is not set, so finished Jobs and their pods pile up; ' +
      'set it (e.g. 604800 for a week) and keep the audit trail outside Kubernetes, or, for a one-off Job applied by Argo CD or Flux, ' +
      'declare `platform.example.com/lifetime: gitops` and remove it from Git when it is done.',
    ]);
  });

  test('an unknown tool is refused before any object is read', () => {
    expect(() => audit([], { gitOps: 'spinnaker' as GitOpsTool })).toThrow(BatchValidationError);
    expect(() => audit([], { gitOps: 'spinnaker' as GitOpsTool })).toThrow(
      'BatchAudit: invalid gitOps "spinnaker": one of none, argocd, flux');
  });
});
