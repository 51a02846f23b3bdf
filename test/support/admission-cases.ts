/**
 * The manifests the admission differential runs on, per rule the policies cover, and the
 * audit's verdict on each. Shared by the fast in-process test (test/admission/) and the Go
 * harness, which evaluates the same generated policies with Kubernetes' own CEL libraries.
 *
 * Per rule: every Job, CronJob and Deployment of the test fixtures and of examples/dist that
 * passes the strict schema validation (the API server would not admit the others), then
 * property-generated manifests from a seeded generator: at least {@link GENERATED_PER_RULE},
 * of which at least a third fail the rule. Nothing random across runs: the seed is the rule id.
 *
 * Every generated manifest is one the API server accepts: a case its own validation rejects
 * never reaches admission, so it would prove nothing about the policies (the Go differential
 * asserts that none is rejected). Edges the API server already rejects therefore stay out of
 * the generated set (test/rules keeps the audit's own cases for the rule edges among them, such
 * as TZ= prefixes): schedules with a TZ=/CRON_TZ= prefix ("cannot use TZ or CRON_TZ in
 * schedule"), time zones Go cannot load or `Local`, `<prefix>/suppress.` without a rule name,
 * field paths with double quotes, Job templates without restartPolicy, FailIndex without
 * backoffLimitPerIndex, empty nodeSelectorTerms, an Exists toleration with a value, node
 * selector requirements whose values do not fit the operator, duplicate container names.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { validateManifest } from './k8s-schema';
import { admissionChecks } from '../../src/admission/coverage';
import { AdmissionKind } from '../../src/admission/workload-view';
import { DEFAULT_PREFIX, RULE_IDS, runAudit } from '../../src/rules/engine';
// The schedule tests' mulberry32: one seeded generator for every property test.
import { seededRandom } from '../schedule/cases';

/** Generated manifests per rule (at least). */
export const GENERATED_PER_RULE = 1200;

/** The annotation prefix of every case (the audit's default). */
export const CASE_PREFIX = DEFAULT_PREFIX;

/** A manifest to admit, with a name that says where it came from. */
export interface AdmissionCase {
  readonly name: string;
  readonly manifest: Record<string, any>;
}

/** The batch pool the cases and the policies under test use (the audit's default). */
export const CASE_BATCH_POOL = { key: 'workload-tier', value: 'batch' };

const CHECKS = admissionChecks(CASE_BATCH_POOL);

/** The rule ids the admission policies cover, in catalogue order. */
export function coveredRuleIds(): string[] {
  return CHECKS.map((c) => c.ruleId);
}

/** The kinds a rule's policies match. */
export function coveredKinds(ruleId: string): readonly AdmissionKind[] {
  const check = CHECKS.find((c) => c.ruleId === ruleId);
  if (!check) throw new Error(`rule ${ruleId} is not covered at admission`);
  return check.kinds;
}

/**
 * The audit's verdict: true when auditing the manifest alone reports `ruleId` unsuppressed
 * (the object would fail the rule), honouring suppression annotations as the audit does.
 */
export function auditFails(manifest: Record<string, any>, ruleId: string): boolean {
  if (!RULE_IDS.includes(ruleId)) throw new Error(`unknown rule ${ruleId}`);
  const run = runAudit([{ object: manifest }], { annotationPrefix: CASE_PREFIX, rules: [ruleId], now: new Date('2027-01-01T00:00:00Z') });
  return run.findings.some((f) => f.ruleId === ruleId && !f.suppressed);
}

/** The cases of one covered rule: fixtures, example output, then generated manifests. */
export function admissionCases(ruleId: string): AdmissionCase[] {
  const kinds = coveredKinds(ruleId);
  const ofKind = (c: AdmissionCase) => kinds.includes(admissionKind(c.manifest)!);
  return [...fileCases().filter(ofKind), ...generatedCases(ruleId, kinds)];
}

/** The admission kind of a manifest, when the policies match it at all. */
export function admissionKind(manifest: Record<string, any>): AdmissionKind | undefined {
  if (manifest.apiVersion === 'batch/v1' && (manifest.kind === 'Job' || manifest.kind === 'CronJob')) return manifest.kind;
  if (manifest.apiVersion === 'apps/v1' && manifest.kind === 'Deployment') return 'Deployment';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Fixtures and example output

const ROOT = path.join(__dirname, '..', '..');
let fileCaseCache: AdmissionCase[] | undefined;

/** Workload documents of test/fixtures and examples/dist that the API server would accept. */
export function fileCases(): AdmissionCase[] {
  if (fileCaseCache) return fileCaseCache;
  const out: AdmissionCase[] = [];
  for (const dir of ['test/fixtures', 'examples/dist']) {
    for (const file of yamlFiles(path.join(ROOT, dir))) {
      let docs: unknown[];
      try {
        docs = yaml.loadAll(fs.readFileSync(file, 'utf8'));
      } catch {
        continue; // fixtures of malformed YAML
      }
      docs.forEach((doc, i) => {
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
        const manifest = withoutNulls(doc) as Record<string, any>;
        if (admissionKind(manifest) === undefined || validateManifest(manifest).length > 0) return;
        out.push({ name: `${path.relative(ROOT, file)}#${i + 1}`, manifest });
      });
    }
  }
  fileCaseCache = out;
  return out;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** The object as the API server holds it: a null field is an absent one. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Generated manifests

/* eslint-disable no-bitwise -- a string hash is bit arithmetic by nature */

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
/* eslint-enable no-bitwise */

class Dice {
  /** @param focus the rule the manifests are for: some choices lean towards its edges. */
  constructor(private readonly next: () => number, public readonly focus: string) {}
  public chance(p: number): boolean {
    return this.next() < p;
  }
  public pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

const P = CASE_PREFIX;

/** Annotation and label values chosen to sit on the rules' edges: white space, code points, casing. */
const TEXTS = [
  '', ' ', '   ', '\t\n', '\u00a0', '\ufeff', '\u0085', '\u2003x\u2003', 'x', 'finance-platform', ' billing:{invoiceId} ',
  'https://runbooks.example.com/jobs/x', ' https://runbooks.example.com/a?b=c#d ', 'https://ops.example.com:8443/r', 'http://runbooks.example.com/x',
  'https://-bad.example.com/', 'https://a..b/', 'https://ok.example.com/has space', 'https://ok.example.com/\u00e9t\u00e9', 'https://x', 'HTTPS://x.example.com',
  'gitops', 'GitOps', ' gitops', 'postgres://finance/ledger_runs',
];
const REASONS = [
  '0123456789', '012345678', ' 012345678 ', '\u{1F600}'.repeat(5), '\u{1F600}'.repeat(9), '\u{1F600}'.repeat(10), 'a\u{1F600}'.repeat(5),
  `a${'\u00a0'.repeat(8)}b`, '\ufeffabcdefghi\ufeff', '\u0085abcdefghi\u0085', '\u0085abcdefghij', 'ab\ncdefghij', 'ab\ncdefgh', '          ',
  'handled by the platform team', 'n/a', '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9', 'x'.repeat(9), ` ${'x'.repeat(10)}\t`,
];
const SUFFIXES = ['idempotency-key', 'owner', 'runbook', 'completion-ledger', 'overlap-safe', 'lifetime'];
const IMAGES = [
  'registry.example.com/billing/reconcile:1.4.2', 'registry.example.com/billing/reconcile', 'reconcile:latest', 'reconcile:', 'reconcile',
  'registry.example.com:5000/team/app', 'registry.example.com:5000/team/app:2.0', 'registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'app:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'host:80/app:latest', 'a/b:c:d', 'app:Latest', 'ghcr.io/team/app:v1',
];
/** Proxy images on the edges of job-sidecar-never-exits: mirrors, ports, digests, casing, the Kelvin sign. */
const PROXY_IMAGES = [
  'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0', 'registry.example.com/mirror/cloud-sql-connectors/cloud-sql-proxy:2.11.0',
  'cloud-sql-proxy', 'GCR.IO/CloudSQL-Docker/GCE-Proxy:1.33', 'docker.io/istio/proxyv2:1.22.0', 'istio/proxyv2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'proxyv2:1.0', 'my-proxyv2:1.0', 'cr.l5d.io/lin\u212Aerd/proxy:stable-2.14', 'cr.l5d.io/linkerd/proxy:stable-2.14', 'linkerd2-proxy:1.0',
  'registry.example.com:5000/linkerd2-proxy', 'linkerd/proxy-init:v2', 'alloydb-auth-proxy:1.10', 'x/alloydb-connectors/alloydb-auth-proxy@sha256:00',
  'proxyv2/app:1.0', 'host:5000/proxyv2', 'cloud-sql-proxy:latest:x', 'not-cloud-sql-proxy:1.0',
];
/** Zones on the edges of cronjob-timezone: links, case, parts too long, Local. */
/** Only zones the API server accepts (it rejects '', Local and names Go cannot load). */
const ZONES = ['Etc/UTC', 'Etc/UTC', 'Asia/Jakarta', 'US/Pacific', 'America/Argentina/ComodRivadavia', 'UTC', 'Europe/Kyiv', 'Etc/GMT+10', 'GMT0'];
/** No TZ=/CRON_TZ= prefixes: the API server rejects them before admission. */
const SCHEDULES = ['*/15 * * * *', '15 1 * * *', '@hourly', '0 0 * * 1-5'];
/** Only paths the API server accepts in an env fieldRef (subscripts in single quotes). */
const FIELD_PATHS = [
  "metadata.labels['batch.kubernetes.io/job-name']",
  "metadata.annotations['batch.kubernetes.io/job-completion-index']", 'metadata.name', 'metadata.namespace', "metadata.labels['team']",
];
const ENV_VALUES = ['true', ' TRUE ', 'True', 'yes', 'on', 'ON', '1', 'false', '0', 'no', '', 'tru', '\u00a0true', '5', ' 10 ', '0', '-3', '07', '1.5', 'ten'];

function generateAnnotations(d: Dice, ruleId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const suffix of SUFFIXES) if (d.chance(0.6)) out[`${P}/${suffix}`] = d.pick(TEXTS);
  if (d.chance(0.15)) out['helm.sh/hook'] = d.pick(['pre-install', ' ', '', 'post-upgrade,pre-install']);
  if (d.chance(0.15)) out['argocd.argoproj.io/hook'] = d.pick(['Skip', 'PreSync', 'Skip,Skip', ' Skip , ', ',', 'Sync, Skip', 'skip', '']);
  if (d.chance(0.35)) out[`${P}/suppress.${ruleId}`] = d.pick(REASONS);
  if (d.chance(0.15)) out[`${P}/suppress.${d.pick([...RULE_IDS, 'no-such-rule', 'suppression-reason'])}`] = d.pick(REASONS);
  return out;
}

function generateEnv(d: Dice): Record<string, any>[] {
  const env: Record<string, any>[] = [];
  const count = d.int(0, 4);
  for (let i = 0; i < count; i++) {
    const kind = d.int(0, 5);
    if (kind === 0) env.push({ name: d.pick(['UNIT_OF_WORK_ID', 'JOB_NAME', 'WORK_ITEM_ID', 'PARTITION_INDEX', 'LOG_LEVEL', 'unit_of_work_id']), value: 'x' });
    else if (kind === 1) env.push({ name: 'POD_REF', valueFrom: { fieldRef: { fieldPath: d.pick(FIELD_PATHS) } } });
    else if (kind === 2) env.push(d.chance(0.8) ? { name: 'DRY_RUN', value: d.pick(ENV_VALUES) } : { name: 'DRY_RUN', valueFrom: { configMapKeyRef: { name: 'cleanup', key: 'dry-run' } } });
    else if (kind === 3) env.push(d.chance(0.7) ? { name: 'MAX_DELETIONS', value: d.pick(ENV_VALUES) } : { name: 'MAX_DELETIONS', ...(d.chance(0.3) ? { value: '' } : {}), valueFrom: { secretKeyRef: { name: 'cleanup', key: 'max' } } });
    else env.push({ name: d.pick(['LOG_LEVEL', 'REGION']), value: 'eu' });
  }
  return env;
}

function generateContainer(d: Dice, name: string): Record<string, any> {
  const c: Record<string, any> = { name: d.chance(0.05) ? d.pick(['istio-proxy', 'cloud-sql-proxy', 'linkerd-proxy', 'alloydb-proxy']) : name, image: d.pick(IMAGES) };
  if (d.chance(d.focus === 'job-sidecar-never-exits' ? 0.3 : 0.05)) c.image = d.pick(PROXY_IMAGES);
  const env = generateEnv(d);
  if (env.length) c.env = env;
  const resources: Record<string, any> = {};
  if (d.chance(0.7)) {
    const requests: Record<string, string> = {};
    if (d.chance(0.8)) requests.cpu = '250m';
    if (d.chance(0.8)) requests.memory = '256Mi';
    resources.requests = requests;
  }
  if (d.chance(0.6)) {
    const limits: Record<string, string> = {};
    if (d.chance(0.8)) limits.memory = '512Mi';
    if (d.chance(0.3)) limits.cpu = '1';
    resources.limits = limits;
  }
  if (Object.keys(resources).length) c.resources = resources;
  return c;
}

function generatePodSpec(d: Dice, kind: AdmissionKind): Record<string, any> {
  const spec: Record<string, any> = {};
  // A Job's pod template must say Never or OnFailure (the API server rejects anything else).
  if (kind !== 'Deployment') spec.restartPolicy = d.pick(['Never', 'Never', 'OnFailure']);
  const containerCount = d.int(1, 3);
  spec.containers = Array.from({ length: containerCount }, (_, i) => generateContainer(d, `c${i}`));
  if (d.chance(0.3)) spec.initContainers = Array.from({ length: d.int(1, 2) }, (_, i) => generateContainer(d, `init${i}`));
  // Container names are unique across containers and init containers: a proxy name drawn twice
  // falls back to the container's own name.
  const names = new Set<string>();
  [...(spec.initContainers ?? []), ...spec.containers].forEach((c: Record<string, any>, i: number) => {
    if (names.has(c.name)) c.name = `dup${i}`;
    names.add(c.name);
  });
  const pool = CASE_BATCH_POOL;
  if (d.chance(0.4)) spec.nodeSelector = { [d.pick([pool.key, 'zone'])]: d.pick([pool.value, 'web', '']) };
  if (d.chance(0.25)) {
    // At least one term; values exactly when the operator takes them (In/NotIn).
    const terms = Array.from({ length: d.int(1, 2) }, () => {
      const operator = d.pick(['In', 'In', 'Exists', 'NotIn']);
      const values = operator === 'Exists' ? {} : { values: d.chance(0.7) ? [pool.value] : [pool.value, 'web'] };
      return { matchExpressions: [{ key: d.pick([pool.key, 'zone']), operator, ...values }] };
    });
    spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } };
  }
  if (d.chance(0.35)) {
    // An Exists toleration carries no value.
    const operator = d.chance(0.6) ? d.pick(['Exists', 'Equal', '']) : undefined;
    spec.tolerations = [{
      key: d.pick([pool.key, 'gpu']),
      ...(operator !== undefined ? { operator } : {}),
      ...(operator !== 'Exists' && d.chance(0.7) ? { value: d.pick([pool.value, 'web']) } : {}),
      effect: 'NoSchedule',
    }];
  }
  return spec;
}

/** FailIndex only where the Job has backoffLimitPerIndex (the API server requires it). */
function generatePodFailurePolicy(d: Dice, perIndex: boolean): Record<string, any> {
  const rules: Record<string, any>[] = [];
  for (let i = d.int(0, 3); i > 0; i--) {
    const action = d.pick(perIndex ? ['FailJob', 'FailIndex', 'Ignore', 'Count'] : ['FailJob', 'Ignore', 'Count']);
    if (d.chance(0.5)) {
      rules.push({ action, onExitCodes: { operator: 'In', values: [d.int(1, 200)] } });
    } else {
      rules.push({ action, onPodConditions: [{ type: d.pick(['DisruptionTarget', 'DisruptionTarget', 'ConfigIssue']), ...(d.chance(0.3) ? { status: d.pick(['True', 'False', 'Unknown', '']) } : {}) }] });
    }
  }
  return { rules };
}

function generateJobSpec(d: Dice, ruleId: string): Record<string, any> {
  const spec: Record<string, any> = {};
  if (d.chance(0.6)) spec.ttlSecondsAfterFinished = d.pick([0, 3600, 86399, 86400, 604800]);
  if (d.chance(0.7)) spec.activeDeadlineSeconds = d.pick([1, 60, 3600, 86400]);
  if (d.chance(0.6)) spec.backoffLimit = d.pick([0, 0, 1, 3, 6]);
  if (d.chance(0.2)) spec.completionMode = d.pick(['Indexed', 'NonIndexed']);
  if (spec.completionMode === 'Indexed') spec.completions = 3;
  // backoffLimitPerIndex needs an Indexed Job.
  if (spec.completionMode === 'Indexed' && d.chance(0.5)) spec.backoffLimitPerIndex = d.pick([0, 1, 2]);
  if (d.chance(ruleId === 'pod-failure-policy' || ruleId === 'disruption-not-counted' ? 0.85 : 0.5)) spec.podFailurePolicy = generatePodFailurePolicy(d, spec.backoffLimitPerIndex !== undefined);
  spec.template = { spec: generatePodSpec(d, 'Job') };
  // Kubernetes accepts a podFailurePolicy only with restartPolicy Never.
  if (spec.podFailurePolicy) spec.template.spec.restartPolicy = 'Never';
  return spec;
}

/** Classes a rule's appliesTo cares about come up more often, so both verdicts are common. */
function pickClass(d: Dice, ruleId: string, kind: AdmissionKind): string | undefined {
  const focus: Record<string, string> = { 'migration-no-blind-retry': 'migration', 'cleanup-guard': 'cleanup' };
  if (focus[ruleId] && d.chance(0.75)) return focus[ruleId];
  if (kind === 'Deployment' && d.chance(0.6)) return 'queue-worker';
  if (d.chance(0.15)) return undefined;
  return d.pick(['batch', 'scheduled', 'indexed-batch', 'migration', 'cleanup', 'queue-worker', 'Batch', 'bogus']);
}

function generateManifest(d: Dice, ruleId: string, kind: AdmissionKind, n: number): Record<string, any> {
  const metadata: Record<string, any> = { name: `gen-${n}`, namespace: 'team-a' };
  const cls = pickClass(d, ruleId, kind);
  if (cls !== undefined) metadata.labels = { [`${P}/workload-class`]: cls };
  // Deployments without the label are outside batch scope; keep most of them in.
  if (kind === 'Deployment' && cls === undefined && d.chance(0.7)) metadata.labels = { [`${P}/workload-class`]: 'queue-worker' };
  const annotations = generateAnnotations(d, ruleId);
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  if (kind === 'Job' && d.chance(0.1)) metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: '00000000-0000-4000-8000-000000000001', controller: true }];
  if (kind === 'Job') return { apiVersion: 'batch/v1', kind, metadata, spec: generateJobSpec(d, ruleId) };
  if (kind === 'CronJob') {
    const spec: Record<string, any> = { schedule: d.pick(SCHEDULES) };
    if (d.chance(0.8)) spec.timeZone = d.pick(ZONES);
    if (d.chance(0.7)) spec.concurrencyPolicy = d.pick(['Allow', 'Forbid', 'Replace']);
    if (d.chance(0.5)) spec.failedJobsHistoryLimit = d.pick([0, 1, 3]);
    if (d.chance(0.5)) spec.successfulJobsHistoryLimit = d.pick([0, 3]);
    const template: Record<string, any> = { spec: generateJobSpec(d, ruleId) };
    if (d.chance(0.5)) {
      const templateAnnotations = generateAnnotations(d, ruleId);
      if (Object.keys(templateAnnotations).length) template.metadata = { annotations: templateAnnotations };
    }
    spec.jobTemplate = template;
    return { apiVersion: 'batch/v1', kind, metadata, spec };
  }
  const podSpec = generatePodSpec(d, 'Deployment');
  if (d.chance(0.5)) podSpec.terminationGracePeriodSeconds = d.pick([0, 30, 120]);
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata,
    spec: { replicas: 2, selector: { matchLabels: { app: `gen-${n}` } }, template: { metadata: { labels: { app: `gen-${n}` } }, spec: podSpec } },
  };
}

const generatedCache = new Map<string, AdmissionCase[]>();

/**
 * {@link GENERATED_PER_RULE} manifests of the rule's kinds, half failing the rule and half
 * passing (the test checks the counts: at least 1,000, at least a third failing).
 */
export function generatedCases(ruleId: string, kinds: readonly AdmissionKind[] = coveredKinds(ruleId)): AdmissionCase[] {
  const cached = generatedCache.get(ruleId);
  if (cached) return cached;
  const d = new Dice(seededRandom(seedOf(ruleId)), ruleId);
  const half = GENERATED_PER_RULE / 2;
  const failing: AdmissionCase[] = [];
  const passing: AdmissionCase[] = [];
  for (let n = 0; n < GENERATED_PER_RULE * 40 && (failing.length < half || passing.length < half); n++) {
    const manifest = generateManifest(d, ruleId, kinds[n % kinds.length], n);
    const bucket = auditFails(manifest, ruleId) ? failing : passing;
    if (bucket.length < half) bucket.push({ name: `generated/${ruleId}/${n}`, manifest });
  }
  const out = [...failing, ...passing];
  generatedCache.set(ruleId, out);
  return out;
}
