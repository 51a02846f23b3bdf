import * as fs from 'fs';
import * as path from 'path';
import { ApiServerVerdict, checkYaml, DEFAULT_HARNESS_VERSION, HARNESS_RELEASE_MINOR } from './api-server';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/core/kubernetes-version';

/**
 * The audit's fixtures are manifests shaped like what teams keep in Git; every document the audit
 * treats as a valid Kubernetes object must be one the API server accepts, or a rule tested on it
 * tests something no cluster holds. Each fixture folder goes through the harness at the version it
 * checks the default target at (the audit's fixtures name no target), the folder of newer fields
 * also at the newest version the harness knows, and every document it does not accept is listed
 * below with the reason it is meant to be that way, so a new rejection fails and so does an
 * exclusion that no longer applies.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** `file: Kind/name` of a document the harness does not accept, and why that is intended. */
const NOT_ACCEPTED: Record<string, string> = {
  // repository/: EXPECTED.md's field-invalid and api-version-removed rows; every other object,
  // the ones with other findings included, is valid Kubernetes.
  'repository/identity/rendered/identity-service.yaml: Job/identity-service-seed-clients':
    'EXPECTED.md field-invalid: backoffLimit is the string "3"',
  'repository/legacy/billing-portal.yaml: Ingress/billing-portal': 'EXPECTED.md api-version-removed: extensions/v1beta1',
  'repository/legacy/billing-portal.yaml: PodDisruptionBudget/billing-portal': 'EXPECTED.md api-version-removed: policy/v1beta1',
  'repository/legacy/billing-portal.yaml: HorizontalPodAutoscaler/billing-portal': 'EXPECTED.md api-version-removed: autoscaling/v2beta2',
  'repository/legacy/invoice-reminder.yaml: CronJob/invoice-reminder-mailer': 'EXPECTED.md api-version-removed: batch/v1beta1',
  // lesson/: the lesson's examples, except a fragment.
  'lesson/24-governance-metadata.yaml: <no kind>/<no name>': 'a metadata fragment of the lesson, not an object',
  // precision/: the fixtures of field-invalid, documents the API server refuses on purpose.
  'precision/backoff-limit-overflow.yaml: Job/feed-poller': 'backoffLimit 99999999999 does not fit in an int32',
  'precision/backoff-limit-string.yaml: Job/search-reindex': 'backoffLimit is a string',
  'precision/mis-cased-field.yaml: Job/audit-export': 'RestartPolicy and an unknown container field',
  'precision/negative-counts.yaml: CronJob/report-digest': 'negative counts',
  // gitops/: the GitOps tools' own kinds, which a cluster serves only with those tools' CRDs;
  // the Jobs beside them are checked.
  'gitops/argocd-application.yaml: Application/search': 'Argo CD CRD, not in the harness',
  'gitops/flux-kustomization.yaml: Kustomization/billing-pre-deploy': 'Flux CRD, not in the harness',
  'gitops/plain-jobs.yaml: Kustomization/<no name>': 'a kustomization.yaml, read by kustomize, never applied',
  // scope-cases/: what the audit must recognise although no API server takes it.
  'scope-cases/cronjob-lowercase-kind.yaml: cronjob/cache-warmup': 'kind "cronjob": kinds are case-sensitive',
  'scope-cases/cronjob-v1beta1.yaml: CronJob/nightly-backup': 'batch/v1beta1, removed in 1.25',
  'scope-cases/deployment-extensions-v1beta1.yaml: Deployment/legacy-importer': 'extensions/v1beta1, removed in 1.16',
  'scope-cases/helm-chart/Chart.yaml: <no kind>/<no name>': 'Helm chart metadata, not an object',
  'scope-cases/helm-chart/values.yaml: <no kind>/<no name>': 'Helm values, not an object',
  'scope-cases/helm-chart/templates/cronjob.yaml: <no kind>/<no name>': 'an unrendered Helm template, not YAML yet',
};

const FOLDERS = ['compliant', 'repository', 'lesson', 'precision', 'gitops', 'kubernetes-version', 'scope-cases'];

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return entry.name.endsWith('.yaml') ? [full] : [];
  }).sort();
}

function label(file: string, verdict: ApiServerVerdict): string {
  return `${path.relative(FIXTURES, file)}: ${verdict.kind || '<no kind>'}/${verdict.name || '<no name>'}`;
}

/** One run of the harness per file; `file: Kind/name` of every document it does not accept. */
function notAcceptedIn(folder: string, version: string): { accepted: number; notAccepted: string[] } {
  const notAccepted: string[] = [];
  let accepted = 0;
  for (const file of yamlFiles(path.join(FIXTURES, folder))) {
    for (const verdict of checkYaml(fs.readFileSync(file, 'utf8'), version)) {
      if (verdict.status === 'ok') accepted++;
      else notAccepted.push(label(file, verdict));
    }
  }
  return { accepted, notAccepted: notAccepted.sort() };
}

function expectedFor(folder: string): string[] {
  return Object.keys(NOT_ACCEPTED).filter((key) => key.startsWith(`${folder}/`)).sort();
}

describe(`the audit fixtures at Kubernetes ${DEFAULT_HARNESS_VERSION} (default target ${DEFAULT_KUBERNETES_VERSION})`, () => {
  test.each(FOLDERS)('%s/: the API server accepts every object except the listed ones', (folder) => {
    const { accepted, notAccepted } = notAcceptedIn(folder, DEFAULT_HARNESS_VERSION);
    expect(accepted).toBeGreaterThan(0);
    expect(notAccepted).toEqual(expectedFor(folder));
  });
});

test(`kubernetes-version/: the newer fields are accepted at Kubernetes 1.${HARNESS_RELEASE_MINOR} too`, () => {
  const { accepted, notAccepted } = notAcceptedIn('kubernetes-version', `1.${HARNESS_RELEASE_MINOR}`);
  expect(accepted).toBeGreaterThan(0);
  expect(notAccepted).toEqual(expectedFor('kubernetes-version'));
});
