import { lastAppliedBytesBound } from '../../src/rules/annotation-size';
import { fieldProblems } from '../../src/rules/field-shape';

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
