/**
 * Test harness: every synthesized manifest is checked the way a Kubernetes API server with strict
 * field validation would check it, by the TypeScript checks below (fast, synchronous, and naming
 * the rule they re-implement). The authority is the API server's own code: every chart a test
 * synthesizes goes through the Go harness after the test at the chart's target version
 * (api-server-queue.ts), whether or not the test calls this.
 *
 *   import { expectValidManifests, validateManifest } from './support/k8s-schema';
 *   expectValidManifests(Testing.synth(chart));
 *
 * For each object:
 *  1. its kind's official OpenAPI schema (kubernetes-models, Kubernetes 1.33; KEDA and
 *     prometheus-operator CRD models for their kinds), with every field the schema does not
 *     declare reported as unknown (see schema/strict-validate.ts for how);
 *  2. the API server rules the schema cannot express: object names, labels and annotations
 *     (schema/metadata-rules.ts); container images and names, volumes, requests within limits
 *     (schema/pod-rules.ts); per-kind cross-field rules such as a Job's restartPolicy or a
 *     Deployment's selector matching its template (schema/workload-rules.ts).
 * An apiVersion/kind with no installed schema is a problem, never a silent pass.
 */
import { labelAndAnnotationProblems, objectNameProblems } from './schema/metadata-rules';
import { findModel } from './schema/models';
import { podSpecProblems } from './schema/pod-rules';
import { formatProblem, Problem } from './schema/problem';
import { strictSchemaProblems } from './schema/strict-validate';
import { workloadProblems } from './schema/workload-rules';

export { BUILTIN_SCHEMA_SOURCE } from './schema/models';
export {
  annotationMapProblems,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelMapProblems,
  labelValueErrors,
  objectNameProblems,
  pathSegmentNameErrors,
  qualifiedNameErrors,
} from './schema/metadata-rules';

/** Human-readable problems of one manifest object (`path: message` lines); empty when valid. */
export function validateManifest(obj: any): string[] {
  return manifestProblems(obj).map(formatProblem);
}

/** Fails the current test listing every problem of every object as `Kind/name: path: message`. */
export function expectValidManifests(objs: any[]): void {
  if (!Array.isArray(objs)) {
    throw new Error(`expectValidManifests expects an array of manifest objects, got ${typeof objs}`);
  }
  const lines: string[] = [];
  objs.forEach((obj, index) => {
    for (const problem of validateManifest(obj)) {
      lines.push(`  ${describeObject(obj, index)}: ${problem}`);
    }
  });
  if (lines.length > 0) {
    throw new Error(`${lines.length} Kubernetes manifest problem(s) in ${objs.length} object(s):\n${lines.join('\n')}`);
  }
}

function manifestProblems(obj: unknown): Problem[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return [{ path: [], message: `a manifest must be an object, got ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj)}` }];
  }
  const manifest = obj as Record<string, unknown>;
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [{ path: [], message: 'apiVersion and kind must be strings; without them no schema can be chosen' }];
  }
  const found = findModel(apiVersion, kind);
  if ('missing' in found) {
    return [{ path: [], message: found.missing }];
  }
  return [
    ...strictSchemaProblems(found.model, manifest),
    ...objectNameProblems(manifest),
    ...labelAndAnnotationProblems(manifest),
    ...podSpecProblems(manifest),
    ...workloadProblems(manifest),
  ];
}

function describeObject(obj: unknown, index: number): string {
  const record = (obj ?? {}) as { kind?: unknown; metadata?: { name?: unknown } };
  const kind = typeof record.kind === 'string' ? record.kind : '<no kind>';
  const name = typeof record.metadata?.name === 'string' ? record.metadata.name : '<no name>';
  return `[${index}] ${kind}/${name}`;
}
