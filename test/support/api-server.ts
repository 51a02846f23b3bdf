/**
 * Test harness: manifests checked by the Kubernetes API server's own code (test/k8s-validate, a Go
 * program built from k8s.io/kubernetes). For each document it does what kube-apiserver does on a
 * create with strict field validation: strict decoding, defaulting, the registry strategy's
 * PrepareForCreate with the feature gates of the target Kubernetes version, and the kind's
 * validation; KEDA and prometheus-operator kinds go through the CRDs' structural schemas.
 *
 *   const verdicts = checkManifests(Testing.synth(chart));
 *   expect(apiServerRejections(verdicts)).toEqual([]);
 *
 * Tests that synthesize charts reach it through expectValidManifests (k8s-schema.ts), which queues
 * the manifests; api-server-setup.ts checks each test file's queue in one run of the binary.
 */
import { execFileSync, spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Yaml } from 'cdk8s';

/**
 * The Kubernetes minor version whose feature-gate defaults the harness applies: the oldest this
 * build of the harness can emulate (Kubernetes 1.37 emulates back to 1.34), so that a field a newer
 * release enables by default but 1.34 drops shows up as removed. K8S_VALIDATE_KUBERNETES_VERSION
 * overrides it.
 */
export const HARNESS_KUBERNETES_VERSION = process.env.K8S_VALIDATE_KUBERNETES_VERSION ?? '1.34';

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

/** Runs the harness once on a YAML stream (one or more documents); one verdict per document. */
export function checkYaml(yaml: string, kubernetesVersion: string = HARNESS_KUBERNETES_VERSION): ApiServerVerdict[] {
  const { binary, crds } = buildApiServerHarness();
  const args = ['--kubernetes-version', kubernetesVersion, ...crds.flatMap((crd) => ['--crd', crd])];
  const result = spawnSync(binary, args, { input: yaml, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`k8s-validate exited with ${result.status}: ${result.stderr}`);
  }
  return result.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ApiServerVerdict);
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

interface QueuedManifests {
  readonly testName: string;
  readonly manifests: readonly unknown[];
}

const queue: QueuedManifests[] = [];

/**
 * Queues manifests for the API-server check that runs after the test file (api-server-setup.ts),
 * so that one run of the binary checks every manifest the file synthesized.
 */
export function queueForApiServer(manifests: readonly unknown[]): void {
  const testName = expect.getState().currentTestName ?? '<outside a test>';
  queue.push({ testName, manifests: [...manifests] });
}

/**
 * Checks every queued manifest in one run of the harness and throws one error naming, for each
 * test, every document the API server would reject (or that no validation covered), with the API
 * server's field path and message.
 */
export function checkQueuedManifests(): void {
  const batch = queue.splice(0, queue.length);
  const manifests = batch.flatMap((entry) => entry.manifests);
  const verdicts = checkManifests(manifests);
  const lines: string[] = [];
  let offset = 0;
  for (const entry of batch) {
    const own = verdicts.slice(offset, offset + entry.manifests.length);
    offset += entry.manifests.length;
    for (const line of [...apiServerRejections(own), ...apiServerSkipped(own)]) {
      lines.push(`  ${entry.testName}: ${line}`);
    }
  }
  if (lines.length > 0) {
    throw new Error(`the Kubernetes API server would not accept ${lines.length} manifest problem(s):\n${lines.join('\n')}`);
  }
}
