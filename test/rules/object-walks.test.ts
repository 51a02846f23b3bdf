import { fixtureSets } from './helpers';
import { jsonBytesBound, lastAppliedBytesBound } from '../../src/rules/annotation-size';
import { fieldProblems, rootType, walkObject } from '../../src/rules/field-shape';

/** A Job with one misspelled field, so the field walk has something to report. */
function job(labels: object = { team: 'finance' }) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'nightly-export', labels, annotations: { owner: 'finance' } },
    spec: {
      activeDeadlineSecond: 3600,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'export', image: 'registry.example.com/export:1.4.2' }] } },
    },
  };
}

// The walks iterate plain objects with for…in for speed; these cases must read exactly what
// Object.keys lists, as before.
describe('walks over every field of an object', () => {
  test('a key added to Object.prototype is not read as a field of every object', () => {
    const clean = { problems: fieldProblems(job()), bound: lastAppliedBytesBound(job()) };
    let polluted: typeof clean;
    Object.defineProperty(Object.prototype, 'injected', { value: 'x', enumerable: true, configurable: true, writable: true });
    try {
      polluted = { problems: fieldProblems(job()), bound: lastAppliedBytesBound(job()) };
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
    expect(clean.problems.map((p) => p.path)).toEqual(['spec.activeDeadlineSecond']);
    expect(polluted.problems).toEqual(clean.problems);
    expect(polluted.bound).toBe(clean.bound);
  });

  test('an object with its own prototype (a class instance from code) is read by its own keys', () => {
    class Labels {
      constructor(readonly team: string) {}
    }
    Object.defineProperty(Labels.prototype, 'inherited', { value: 'x', enumerable: true });
    const fromClass = job(new Labels('finance'));
    expect(fieldProblems(fromClass)).toEqual(fieldProblems(job()));
    expect(lastAppliedBytesBound(fromClass)).toBe(lastAppliedBytesBound(job()));
  });
});

/** Every object of every fixture file. */
function fixtureObjects(): Record<string, unknown>[] {
  return fixtureSets().flat().filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
}

// field-invalid and too-large-for-client-side-apply share one walk: its size bound must be the
// number jsonBytesBound computes on its own, whatever the walk skips or reports.
describe('the field walk sums the JSON size bound', () => {
  const objects = fixtureObjects();

  test('the same bound as jsonBytesBound on every fixture object', () => {
    expect(objects.length).toBeGreaterThan(100);
    // Workloads (walked field by field, some with problems) and other kinds (measured alone) alike.
    expect(objects.filter((o) => rootType(o) !== undefined).length).toBeGreaterThan(50);
    expect(objects.filter((o) => walkObject(o).problems.length > 0).length).toBeGreaterThan(3);
    expect(objects.map((o) => walkObject(o).jsonBytesBound)).toEqual(objects.map((o) => jsonBytesBound(o)));
  });

  test('the same bound where the walk stops: unknown fields, wrong types, any-type fields, self-serializing values, holes', () => {
    const odd = {
      ...job(),
      status: { startTime: new Date('2026-07-01T00:00:00Z') },
      spec: {
        activeDeadlineSecond: { nested: ['a', 1, null, { deep: true }] },
        backoffLimit: '2',
        completions: 99999999999,
        parallelism: 1.5,
        suspend: 'yes',
        selector: ['not', 'an', 'object'],
        podFailurePolicy: { rules: { not: 'a list' } },
        template: {
          metadata: { labels: { team: 'finance', version: 1.0 }, annotations: null },
          spec: {
            restartPolicy: 'Never',
            RestartPolicy: 'Never',
            nodeSelector: { pool: 7 },
            containers: [
              { name: 'export', image: 'registry.example.com/export:1.4.2', env: [{ name: 'PORT', value: 8080 }], resources: { limits: { cpu: 1, memory: '1Gi' } } },
              null,
              'not a container',
            ],
            overhead: undefined,
          },
        },
      },
    };
    const { problems, jsonBytesBound: bound } = walkObject(odd);
    expect(problems.length).toBeGreaterThan(5);
    expect(bound).toBe(jsonBytesBound(odd));
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker', creationTimestamp: new Date(0) }, spec: { template: { spec: { containers: [] } }, strategy: 'Recreate' } };
    expect(walkObject(deployment).jsonBytesBound).toBe(jsonBytesBound(deployment));
    // An object from code that serializes itself, as a key of a plain object or as a class.
    const withToJson = { ...job(), metadata: { name: 'n', toJSON: () => ({ name: 'x'.repeat(500) }) } };
    for (const o of [odd, deployment, withToJson]) {
      expect(walkObject(o).jsonBytesBound).toBe(jsonBytesBound(o));
      expect(jsonBytesBound(o)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(o)));
    }
    expect(jsonBytesBound(withToJson)).toBeGreaterThan(6 * 500);
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x'.repeat(100) } };
    expect(walkObject(configMap)).toEqual({ problems: [], jsonBytesBound: jsonBytesBound(configMap) });
  });
});
