/**
 * Test harness: manifests checked by the Kubernetes API server's own code (test/k8s-validate, a Go
 * program built from k8s.io/kubernetes). For each document it does what kube-apiserver does on a
 * create with strict field validation: strict decoding, defaulting, the registry strategy's
 * PrepareForCreate with the feature gates of the target Kubernetes version, and the kind's
 * validation; KEDA and prometheus-operator kinds go through the CRDs' structural schemas.
 *
 *   const verdicts = checkManifests(Testing.synth(chart), harnessVersionFor('1.34').emulated);
 *   expect(apiServerRejections(verdicts)).toEqual([]);
 *
 * Every chart a test synthesizes reaches it without a call in the test: api-server-queue.ts
 * captures each synthesis with the chart's target version, and api-server-setup.ts checks the
 * captures after each test, so a rejection fails that test.
 */
import { execFileSync, spawnSync } from 'child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { Yaml } from 'cdk8s';
import { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion } from '../../src/core/kubernetes-version';

/** The Kubernetes release the harness is built from (test/k8s-validate/go.mod). */
export const HARNESS_RELEASE_MINOR = 37;
/**
 * The oldest minor version the harness can emulate: Kubernetes emulates back to n-3 only
 * (kube-apiserver --emulated-version), and a gate that went GA with its default locked cannot be
 * turned off at any emulated version.
 */
export const HARNESS_OLDEST_MINOR = HARNESS_RELEASE_MINOR - 3;

/** The version the harness checks a target at, and why when it is not the target itself. */
export interface HarnessVersion {
  /** The target from the kubernetesVersion setting, "1.N". */
  readonly target: string;
  /** The version whose feature-gate defaults the harness applies, "1.N". */
  readonly emulated: string;
  /** Set when `emulated` is not `target`: what covers the difference. */
  readonly note?: string;
}

/**
 * Maps a target of the kubernetesVersion setting to the version the harness emulates. A target
 * from 1.34 to 1.37 is emulated exactly. An older target is checked at 1.34, the nearest the
 * harness can emulate: what 1.34 accepts but the target would drop or refuse is a field newer
 * than the target, and the constructs refuse those at synth (requireHonouredFields, the
 * feature table the audit rule field-needs-newer-kubernetes shares), so that difference is
 * covered by our own gating, not by Kubernetes' code. A target newer than the harness is an
 * error: it would need a newer build of the harness.
 */
export function harnessVersionFor(target: string): HarnessVersion {
  const parsed = parseKubernetesVersion(target);
  if (parsed === undefined) {
    throw new Error(`the API-server harness needs a target version "1.N", got ${JSON.stringify(target)}`);
  }
  if (parsed.minor > HARNESS_RELEASE_MINOR) {
    throw new Error(`the API-server harness is Kubernetes 1.${HARNESS_RELEASE_MINOR} and cannot check target ${target}; ` +
      'move test/k8s-validate to a newer release (see its README)');
  }
  if (parsed.minor >= HARNESS_OLDEST_MINOR) {
    return { target, emulated: target };
  }
  const emulated = `1.${HARNESS_OLDEST_MINOR}`;
  return {
    target,
    emulated,
    note: `target ${target} is older than the harness can emulate, so it checks at ${emulated}; fields newer than ` +
      `${target} are refused at synth by the kubernetesVersion gating (field-needs-newer-kubernetes)`,
  };
}

/** The version the harness checks at when a caller names none: the default target's. */
export const DEFAULT_HARNESS_VERSION = harnessVersionFor(DEFAULT_KUBERNETES_VERSION).emulated;

/** One cause of a rejection: the field path and the message, as the API server words them. */
export interface ApiServerFieldError {
  readonly field: string;
  readonly message: string;
}

/** A field the API server added, rewrote or dropped on create. */
export interface ApiServerFieldChange {
  readonly path: string;
  readonly value?: unknown;
  readonly before?: unknown;
}

export interface ApiServerDefaults {
  readonly added: ApiServerFieldChange[];
  readonly changed: ApiServerFieldChange[];
  readonly removed: ApiServerFieldChange[];
}

/** The harness's verdict on one document (see test/k8s-validate/main.go). */
export interface ApiServerVerdict {
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly status: 'ok' | 'invalid' | 'skipped';
  readonly ok: boolean;
  readonly reason?: string;
  readonly message?: string;
  readonly errors: ApiServerFieldError[];
  readonly warnings: string[];
  readonly defaults?: ApiServerDefaults;
}

interface Harness {
  readonly binary: string;
  readonly crds: string[];
}

let harness: Harness | undefined;

/**
 * Builds the harness (or finds it built: build.sh keeps it under node_modules/.cache with a stamp
 * of its sources) and returns the binary and the CRD files it validates custom resources against.
 */
export function buildApiServerHarness(): Harness {
  if (harness === undefined) {
    const dir = join(__dirname, '..', 'k8s-validate');
    const out = execFileSync('bash', [join(dir, 'build.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const binary = out.trim().split('\n').pop()!;
    const crds = readFileSync(join(binary, '..', 'crds.txt'), 'utf8').split('\n').filter((line) => line !== '');
    harness = { binary, crds };
  }
  return harness;
}

/**
 * Runs the harness once on a YAML stream (one or more documents) with the feature gates of
 * `kubernetesVersion` (a version the harness emulates, see harnessVersionFor); one verdict per
 * document.
 */
export function checkYaml(yaml: string, kubernetesVersion: string = DEFAULT_HARNESS_VERSION): ApiServerVerdict[] {
  const { binary, crds } = buildApiServerHarness();
  const args = ['--kubernetes-version', kubernetesVersion, ...crds.flatMap((crd) => ['--crd', crd])];
  const started = Date.now();
  const result = spawnSync(binary, args, { input: yaml, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`k8s-validate exited with ${result.status}: ${result.stderr}`);
  }
  const verdicts = result.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ApiServerVerdict);
  recordHarnessRun(kubernetesVersion, verdicts, Date.now() - started);
  return verdicts;
}

/**
 * Where the harness's work is logged, one JSON line per event, so that a jest run can say how
 * many documents the API server's code checked: `run` for each run of the binary (its verdict
 * counts and wall time), `synthesized` for each batch of documents the tests synthesized (the same document
 * synthesized by several tests of a file is sent once). The global setup empties the log and the
 * global teardown sums it into api-server-summary.json beside it (api-server-global-teardown.ts).
 * K8S_VALIDATE_LOG moves it, for a jest run inside a test (api-server-junit.test.ts).
 */
export const HARNESS_LOG = process.env.K8S_VALIDATE_LOG ?? join(__dirname, '..', '..', 'test-reports', 'api-server-log.jsonl');

function recordHarnessRun(kubernetesVersion: string, verdicts: readonly ApiServerVerdict[], milliseconds: number): void {
  const count = (status: ApiServerVerdict['status']) => verdicts.filter((v) => v.status === status).length;
  logHarnessEvent({
    event: 'run', kubernetesVersion, documents: verdicts.length, ok: count('ok'), invalid: count('invalid'), skipped: count('skipped'), milliseconds,
  });
}

/** Logs a batch of synthesized documents: how many, at which target and emulated version. */
export function recordSynthesizedDocuments(target: string, emulated: string, documents: number): void {
  logHarnessEvent({ event: 'synthesized', target, kubernetesVersion: emulated, documents });
}

function logHarnessEvent(record: Record<string, unknown>): void {
  const testPath = typeof expect === 'undefined' ? undefined : expect.getState().testPath;
  const file = testPath === undefined ? '<outside jest>' : relative(join(__dirname, '..', '..'), testPath);
  mkdirSync(dirname(HARNESS_LOG), { recursive: true });
  appendFileSync(HARNESS_LOG, `${JSON.stringify({ file, ...record })}\n`);
}

/**
 * Checks manifest objects, serialized exactly as `cdk8s synth` writes them (cdk8s Yaml.stringify,
 * YAML 1.1); the verdicts are in the order of the manifests.
 */
export function checkManifests(manifests: readonly unknown[], kubernetesVersion?: string): ApiServerVerdict[] {
  if (manifests.length === 0) {
    return [];
  }
  const verdicts = checkYaml(Yaml.stringify(...manifests), kubernetesVersion);
  if (verdicts.length !== manifests.length) {
    throw new Error(`k8s-validate returned ${verdicts.length} verdicts for ${manifests.length} manifests`);
  }
  return verdicts;
}

/** `Kind/name: field: message` for every cause of every rejected document; empty when all pass. */
export function apiServerRejections(verdicts: readonly ApiServerVerdict[]): string[] {
  const lines: string[] = [];
  for (const verdict of verdicts.filter((v) => v.status === 'invalid')) {
    const subject = `${verdict.kind || '<no kind>'}/${verdict.name || '<no name>'}`;
    if (verdict.errors.length === 0) {
      lines.push(`${subject}: ${verdict.message}`);
    }
    for (const error of verdict.errors) {
      lines.push(error.field ? `${subject}: ${error.field}: ${error.message}` : `${subject}: ${error.message}`);
    }
  }
  return lines;
}

/** Documents the harness has no validation for (a kind it does not know). */
export function apiServerSkipped(verdicts: readonly ApiServerVerdict[]): string[] {
  return verdicts.filter((v) => v.status === 'skipped').map((v) => `${v.kind}/${v.name}: ${v.reason}`);
}
