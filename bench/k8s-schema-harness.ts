/**
 * Benchmark: the test harness's strict manifest validation (test/support/k8s-schema.ts) against a
 * baseline in the same run, plain kubernetes-models `validate()` (schema only, no unknown-field
 * detection, no name/label rules), over the same set of ~50 manifests.
 *
 * Run: npx ts-node --project tsconfig.dev.json bench/k8s-schema-harness.ts
 * Target: a warm pass over 50 manifests well under 1 s (tests call it once per synthesized chart).
 */
import { performance } from 'perf_hooks';
import { validateManifest } from '../test/support/k8s-schema';
import { findModel } from '../test/support/schema/models';
import { sampleManifests } from '../test/support/schema/sample-manifests';

const ROUNDS = 20;

const manifests = [1, 2, 3].flatMap(() => Object.values(sampleManifests).map((make) => make()));

function strictPass(): number {
  return manifests.reduce((count, m) => count + validateManifest(m).length, 0);
}

function baselinePass(): number {
  let failures = 0;
  for (const m of manifests) {
    const found = findModel(m.apiVersion, m.kind);
    if (!('model' in found)) {
      throw new Error(found.missing);
    }
    try {
      found.model.prototype.validate.call(m);
    } catch {
      failures++;
    }
  }
  return failures;
}

function timeIt(pass: () => number): { cold: number; warmMedian: number } {
  let start = performance.now();
  if (pass() !== 0) {
    throw new Error('sample manifests must be valid');
  }
  const cold = performance.now() - start;
  const warm: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    start = performance.now();
    pass();
    warm.push(performance.now() - start);
  }
  warm.sort((a, b) => a - b);
  return { cold, warmMedian: warm[Math.floor(warm.length / 2)] };
}

// The strict pass runs first, so its first pass also pays for loading the schema modules.
const strict = timeIt(strictPass);
const baseline = timeIt(baselinePass);
console.log(`manifests per pass: ${manifests.length} (first pass of the strict harness includes loading the schema modules)`);
console.log(`strict harness  : first pass ${strict.cold.toFixed(1)} ms, warm median ${strict.warmMedian.toFixed(2)} ms`);
console.log(`schema baseline : first pass ${baseline.cold.toFixed(1)} ms, warm median ${baseline.warmMedian.toFixed(2)} ms`);
console.log(`ratio strict/baseline (warm): ${(strict.warmMedian / baseline.warmMedian).toFixed(2)}`);
