import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FieldType, resolveType, rootTypeName } from './client-node-types';
import { findModel, ModelClass } from './models';
import { formatPath, PathSegment } from './problem';
import { sampleManifests } from './sample-manifests';
import { declaredFields } from './strict-validate';
import { compareCodePoints } from '../../../src/core/code-point-order';
import { validateManifest } from '../k8s-schema';

/** Where the oracle (client-node's field lists) says each object of a manifest is a struct or a map. */
interface OracleWalk {
  readonly structs: Array<{ path: PathSegment[]; type: string; fields: ReadonlyMap<string, string> }>;
  readonly maps: Array<{ path: PathSegment[] }>;
  readonly unknownToOracle: string[];
}

function oracleWalk(manifest: any): OracleWalk {
  const walk: OracleWalk = { structs: [], maps: [], unknownToOracle: [] };
  const visit = (value: unknown, type: FieldType, path: PathSegment[]): void => {
    if (value === null || typeof value !== 'object') {
      return;
    }
    if (type.shape === 'array' && Array.isArray(value)) {
      value.forEach((item, index) => visit(item, resolveType(type.items), [...path, index]));
    } else if (type.shape === 'map') {
      walk.maps.push({ path });
      for (const [key, item] of Object.entries(value)) {
        visit(item, resolveType(type.values), [...path, key]);
      }
    } else if (type.shape === 'struct') {
      walk.structs.push({ path, type: type.name, fields: type.fields });
      for (const [key, item] of Object.entries(value)) {
        const fieldType = type.fields.get(key);
        if (fieldType === undefined) {
          walk.unknownToOracle.push(formatPath([...path, key]));
        } else {
          visit(item, resolveType(fieldType), [...path, key]);
        }
      }
    }
  };
  visit(manifest, resolveType(rootTypeName(manifest.apiVersion, manifest.kind)), []);
  return walk;
}

function builtInSamples(): any[] {
  const chart = new Chart(Testing.app(), 'oracle');
  const container = { image: 'registry.example.com/report:1.4.2', portNumber: 8080 };
  new kplus.Job(chart, 'job', { containers: [container] });
  new kplus.Deployment(chart, 'deploy', { containers: [container] }).exposeViaService();
  const crdGroups = ['keda.sh/v1alpha1', 'monitoring.coreos.com/v1'];
  return [
    ...Object.values(sampleManifests).map((make) => make()).filter((m) => !crdGroups.includes(m.apiVersion)),
    ...Testing.synth(chart),
  ];
}

function modelOf(manifest: any): ModelClass {
  const found = findModel(manifest.apiVersion, manifest.kind);
  if (!('model' in found)) {
    throw new Error(found.missing);
  }
  return found.model;
}

// Fields @kubernetes/client-node 2.0.1 (Kubernetes 1.36) knows that the 1.33 schema validating our
// manifests does not: all were added as alpha fields in 1.34-1.36. Anything else differing between
// the two field lists would mean the harness reads the schema wrongly.
const ADDED_AFTER_1_33: Record<string, readonly string[]> = {
  V1PodSpec: ['hostnameOverride', 'schedulingGroup'],
  V1Container: ['restartPolicyRules'],
  V1EnvVarSource: ['fileKeyRef'],
};

const UNKNOWN = 'zzNotAField';

describe.each(builtInSamples().map((m): [string, any] => [`${m.kind}/${m.metadata.name}`, m]))('%s', (_name, sample) => {
  const oracle = oracleWalk(sample);

  test('is valid, and client-node knows every field it uses', () => {
    expect(validateManifest(sample)).toEqual([]);
    expect(oracle.unknownToOracle).toEqual([]);
    expect(oracle.structs.length).toBeGreaterThan(1);
  });

  test('the schema declares the same fields as client-node at every struct, except fields added after 1.33', () => {
    const expected = oracle.structs.map((s) => ({
      path: formatPath(s.path),
      fields: [...s.fields.keys()].filter((f) => !(ADDED_AFTER_1_33[s.type] ?? []).includes(f)).sort(),
    }));
    const actual = declaredFields(modelOf(sample), sample).map((s) => ({ path: formatPath(s.path), fields: [...s.fields].sort() }));
    const byPath = (a: { path: string }, b: { path: string }) => compareCodePoints(a.path, b.path);
    expect(actual.sort(byPath)).toEqual(expected.sort(byPath));
  });

  test('an extra key in any struct is reported, at that path and nowhere else', () => {
    const mismatches: string[] = [];
    for (const { path } of oracle.structs) {
      const copy = structuredClone(sample);
      objectAt(copy, path)[UNKNOWN] = 'x';
      const expected = [`${formatPath([...path, UNKNOWN])}: unknown field (not in the schema)`];
      const actual = validateManifest(copy);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${formatPath(path)} -> ${JSON.stringify(actual)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('an extra key in any map is not an unknown field', () => {
    const mismatches: string[] = [];
    for (const { path } of oracle.maps) {
      const copy = structuredClone(sample);
      const map = objectAt(copy, path);
      const values = Object.values(map);
      if (values.length === 0) {
        continue;
      }
      map['extra.key'] = values[0];
      // Other rules may object to the new entry (a selector key the template lacks); the point
      // here is only that a map key is never an unknown field.
      const actual = validateManifest(copy).filter((p) => p.includes('unknown field'));
      if (actual.length > 0) {
        mismatches.push(`${formatPath(path)} -> ${JSON.stringify(actual)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

function objectAt(root: any, path: readonly PathSegment[]): Record<string, unknown> {
  return path.reduce((node, segment) => node[segment], root);
}
