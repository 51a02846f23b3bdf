import * as yaml from 'js-yaml';
import { AdmissionEnforcement, buildAdmissionPolicyObjects } from '../../src/admission/policy-objects';
import { runCompiledCli } from '../support/compiled-cli';
import { expectValidManifests } from '../support/k8s-schema';

jest.setTimeout(120_000);

describe('cdk8s-batch policy (compiled CLI, as a subprocess)', () => {
  test('writes the construct\'s policies and bindings as YAML and exits 0', () => {
    const r = runCompiledCli(['policy']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const docs = yaml.loadAll(r.stdout) as any[];
    expect(docs).toEqual(buildAdmissionPolicyObjects());
    expect(new Set(docs.map((d) => d.kind))).toEqual(new Set(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']));
    expectValidManifests(docs);
  });

  test('--enforcement warn, --annotation-prefix, --exclude-namespace and --batch-pool reach the objects', () => {
    const r = runCompiledCli(['policy', '--enforcement', 'warn', '--annotation-prefix', 'platform.acme.io', '--exclude-namespace', 'ops',
      '--batch-pool', 'pool=jobs', '--kubernetes-version', '1.31']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(yaml.loadAll(r.stdout)).toEqual(buildAdmissionPolicyObjects({
      enforcement: AdmissionEnforcement.WARN, annotationPrefix: 'platform.acme.io', excludedNamespaces: ['ops'], batchPoolKey: 'pool', batchPoolValue: 'jobs',
    }));
    const bindings = (yaml.loadAll(r.stdout) as any[]).filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding');
    expect(bindings.every((b) => b.spec.validationActions.join() === 'Warn,Audit')).toBe(true);
  });

  test.each([
    [['policy', '--enforcement', 'block'], /--enforcement "block" is not one of deny, warn/],
    [['policy', '--kubernetes-version', '1.29'], /kubernetesVersion[\s\S]*1\.30 or later: ValidatingAdmissionPolicy/],
    [['policy', '--annotation-prefix', 'Not A Prefix'], /annotationPrefix/],
    [['policy', 'manifests/'], /policy takes no PATH/],
    [['policy', '--batch-pool', 'nokey'], /--batch-pool "nokey" is not KEY=VALUE/],
    [['policy', '--format', 'json'], /Unknown option '--format'/],
  ])('%j exits 2 with one clear line and no stack trace', (args, message) => {
    const r = runCompiledCli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // The line starts with the CLI's name once; the library's error prefix would repeat it.
    expect(r.stderr).toMatch(/^cdk8s-batch: /);
    expect(r.stderr).not.toContain('[cdk8s-batch]');
  });

  test('--help describes the command', () => {
    const r = runCompiledCli(['policy', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-batch policy/);
    expect(runCompiledCli(['--help']).stdout).toMatch(/\n {2}policy {11}the ValidatingAdmissionPolicies/);
  });
});
