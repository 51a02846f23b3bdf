/**
 * Every chart a test synthesizes goes through the API-server harness (api-server.ts) at the
 * chart's own target version, without a call in the test: captureChartSyntheses() wraps cdk8s'
 * Chart.toJson (what Testing.synth, App.synth and App.synthYaml all call), queues each chart's
 * output serialized at that moment, and checkQueuedSyntheses() checks the queue, one run of the
 * harness per emulated version. api-server-setup.ts calls it after each test, so a document the
 * API server would reject fails the test that synthesized it, in JUnit and in the run's count.
 */
import { Chart, Yaml } from 'cdk8s';
import {
  apiServerRejections, apiServerSkipped, checkYaml, harnessVersionFor, HarnessVersion, recordSynthesizedDocuments,
} from './api-server';
import { KUBERNETES_VERSION_CONTEXT, resolveKubernetesVersion } from '../../src/core/kubernetes-version';

/** One synthesized document waiting for the harness. */
interface QueuedDocument {
  /** The test that synthesized it (or where, when outside a test). */
  readonly origin: string;
  /** The chart's construct path, for messages. */
  readonly chart: string;
  readonly version: HarnessVersion;
  /** The document as `cdk8s synth` writes it (YAML 1.1), frozen at synthesis. */
  readonly yaml: string;
}

const queue: QueuedDocument[] = [];
/** Problems found while capturing (a chart whose target the harness cannot check). */
const captureProblems: string[] = [];
/**
 * Documents already checked in this test file, by emulated version and text, with the problem
 * lines found (empty when accepted): the same chart synthesized by many tests is sent once.
 */
const checked = new Map<string, string[]>();

let captured = false;

/** Wraps Chart.prototype.toJson once per test file (jest gives each file its own cdk8s module). */
export function captureChartSyntheses(): void {
  if (captured) return;
  captured = true;
  const toJson = Chart.prototype.toJson;
  Chart.prototype.toJson = function toJsonChecked(this: Chart): any[] {
    const manifests = toJson.call(this);
    queueChart(this, manifests);
    return manifests;
  };
}

function queueChart(chart: Chart, manifests: readonly unknown[]): void {
  const origin = currentOrigin();
  const chartPath = chart.node.path || '<root>';
  let version: HarnessVersion;
  try {
    version = harnessVersionFor(resolveKubernetesVersion(chart).text);
  } catch (error) {
    // The constructs refuse a malformed target themselves; a chart without them still must not
    // pass unchecked.
    captureProblems.push(`  ${origin}: chart ${chartPath}: no version to check at (${KUBERNETES_VERSION_CONTEXT}): ${(error as Error).message}`);
    return;
  }
  for (const manifest of manifests) {
    queue.push({ origin, chart: chartPath, version, yaml: Yaml.stringify(manifest) });
  }
}

function currentOrigin(): string {
  const name = expect.getState().currentTestName;
  return name === undefined ? '<synthesized outside a test (describe body or hook)>' : name;
}

/**
 * Checks every queued document and throws one error naming each one the API server would reject
 * (or that no validation covered), with the test, the chart, the versions and the API server's
 * field path and message. A target older than the harness can emulate is said so in the error.
 */
export function checkQueuedSyntheses(): void {
  const batch = queue.splice(0, queue.length);
  const lines = captureProblems.splice(0, captureProblems.length);
  recordBatch(batch);
  const versions = [...new Set(batch.map((doc) => doc.version.emulated))].sort();
  for (const emulated of versions) {
    const pending = batch.filter((doc) => doc.version.emulated === emulated && !checked.has(key(doc)));
    const unique = [...new Map(pending.map((doc) => [doc.yaml, doc])).values()];
    if (unique.length > 0) {
      const verdicts = checkYaml(unique.map((doc) => doc.yaml).join('---\n'), emulated);
      if (verdicts.length !== unique.length) {
        throw new Error(`k8s-validate returned ${verdicts.length} verdicts for ${unique.length} documents`);
      }
      unique.forEach((doc, i) => checked.set(key(doc), [...apiServerRejections([verdicts[i]]), ...apiServerSkipped([verdicts[i]])]));
    }
  }
  for (const doc of batch) {
    for (const problem of checked.get(key(doc)) ?? []) {
      const at = doc.version.note ? `Kubernetes ${doc.version.emulated} (${doc.version.note})` : `Kubernetes ${doc.version.emulated}`;
      lines.push(`  ${doc.origin}: chart ${doc.chart}, checked at ${at}: ${problem}`);
    }
  }
  if (lines.length > 0) {
    throw new Error(`the Kubernetes API server would not accept ${lines.length} synthesized manifest problem(s):\n${lines.join('\n')}`);
  }
}

function recordBatch(batch: readonly QueuedDocument[]): void {
  const counts = new Map<string, { version: HarnessVersion; documents: number }>();
  for (const doc of batch) {
    const entry = counts.get(doc.version.target) ?? { version: doc.version, documents: 0 };
    counts.set(doc.version.target, { ...entry, documents: entry.documents + 1 });
  }
  for (const { version, documents } of counts.values()) {
    recordSynthesizedDocuments(version.target, version.emulated, documents);
  }
}

function key(doc: QueuedDocument): string {
  return `${doc.version.emulated}\n${doc.yaml}`;
}
