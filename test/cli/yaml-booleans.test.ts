import * as yaml from 'js-yaml';
import { LoadedInput, parseText, schemaFor } from '../../src/cli/load';

/**
 * Kubernetes reads manifests as YAML 1.1 (sigs.k8s.io/yaml, go-yaml v2): `no`, `off`, `n` are
 * false and `yes`, `on`, `y` are true. The audit must read them the same way, or a rule would
 * see the string "no" where the API server sees false.
 */
describe('YAML 1.1 booleans, as Kubernetes reads them', () => {
  function load(text: string): any[] {
    const out: LoadedInput = { inputs: [], skipped: [], errors: [], files: [] };
    parseText(text, 'test.yaml', out);
    expect(out.errors).toEqual([]);
    return out.inputs.map((input) => input.object);
  }

  test.each([
    ['no', false], ['No', false], ['NO', false], ['off', false], ['Off', false], ['n', false], ['N', false],
    ['yes', true], ['Yes', true], ['on', true], ['ON', true], ['y', true], ['Y', true], ['true', true], ['false', false],
  ])('%s reads as %s', (word, expected) => {
    const [doc] = load(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\nautomountServiceAccountToken: ${word}\n`);
    expect(doc.automountServiceAccountToken).toBe(expected);
  });

  test('quoted words stay strings, and other words are untouched', () => {
    const [doc] = load('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: "no"\n  b: nope\n  c: yesterday\n  d: off\n');
    expect(doc.data).toEqual({ a: 'no', b: 'nope', c: 'yesterday', d: false });
  });

  test('texts without such words keep the fast core schema; texts with them get the Kubernetes schema', () => {
    expect(schemaFor('a: true\nb: nope\n')).toBe(yaml.CORE_SCHEMA);
    expect(schemaFor('a: no\n')).not.toBe(yaml.CORE_SCHEMA);
    expect(schemaFor('items:\n  - off\n')).not.toBe(yaml.CORE_SCHEMA);
  });
});
