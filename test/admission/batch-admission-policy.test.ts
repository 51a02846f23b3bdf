import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { AdmissionEnforcement, BatchAdmissionPolicy, BatchAudit, KUBERNETES_VERSION_CONTEXT } from '../../src';
import { NOT_AT_ADMISSION } from '../../src/admission/coverage';
import { buildAdmissionPolicyObjects, buildAdmissionPolicyPairs, CRONJOB_CONTROLLER_USER } from '../../src/admission/policy-objects';
import { RULE_IDS } from '../../src/rules/engine';
import { RuleSeverity } from '../../src/rules/finding';
import { RULES } from '../../src/rules/pack';
import { coveredRuleIds } from '../support/admission-cases';
import { policyVerdict } from '../support/admission-eval';
import { expectValidManifests } from '../support/k8s-schema';
import { synthChart } from '../support/synth';

const SEVERITY = new Map(RULES.map((r) => [r.id, r.severity]));

function synthPolicies(props: ConstructorParameters<typeof BatchAdmissionPolicy>[2] = {}): any[] {
  return synthChart((chart) => new BatchAdmissionPolicy(chart, 'admission', props));
}

describe('BatchAdmissionPolicy', () => {
  const manifests = synthPolicies();
  const policies = manifests.filter((m) => m.kind === 'ValidatingAdmissionPolicy');
  const bindings = manifests.filter((m) => m.kind === 'ValidatingAdmissionPolicyBinding');

  test('one policy and one binding per covered rule and kind, cluster-scoped, passing the strict schema validation', () => {
    expect(policies.length).toBeGreaterThan(20);
    expect(bindings.map((b) => b.spec.policyName)).toEqual(policies.map((p) => p.metadata.name));
    for (const m of manifests) expect(m.metadata.namespace).toBeUndefined();
    expectValidManifests(manifests);
  });

  test('each policy names its rule: name cdk8s-batch-<rule>-<kind>, label <prefix>/rule-id, message starting with the rule id', () => {
    for (const p of policies) {
      const ruleId = p.metadata.labels['platform.example.com/rule-id'];
      expect(RULE_IDS).toContain(ruleId);
      expect(p.metadata.name).toMatch(new RegExp(`^cdk8s-batch-${ruleId}-(job|cronjob|deployment)$`));
      expect(p.spec.validations).toHaveLength(1);
      expect(p.spec.validations[0].message.startsWith(`${ruleId}: `)).toBe(true);
      expect(p.spec.matchConstraints.resourceRules[0].operations).toEqual(['CREATE']);
    }
  });

  test('the output passes our own audit with zero findings', () => {
    expect(BatchAudit.auditManifests(manifests)).toEqual([]);
  });

  test('errors deny, warnings warn and audit; WARN enforcement warns for errors too', () => {
    const warned = synthPolicies({ enforcement: AdmissionEnforcement.WARN }).filter((m) => m.kind === 'ValidatingAdmissionPolicyBinding');
    for (const b of bindings) {
      const ruleId = b.metadata.labels['platform.example.com/rule-id'];
      expect(b.spec.validationActions).toEqual(SEVERITY.get(ruleId) === RuleSeverity.ERROR ? ['Deny'] : ['Warn', 'Audit']);
    }
    for (const b of warned) expect(b.spec.validationActions).toEqual(['Warn', 'Audit']);
    expect(bindings.some((b) => b.spec.validationActions[0] === 'Deny')).toBe(true);
  });

  test('system namespaces are excluded by default; the exclusion list and a label selector can be set', () => {
    expect(bindings[0].spec.matchResources.namespaceSelector).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-public', 'kube-node-lease'] }],
    });
    const custom = synthPolicies({ excludedNamespaces: ['ops'], namespaceSelector: { matchLabels: { 'platform.example.com/batch-rules': 'enforced' } } })
      .find((m) => m.kind === 'ValidatingAdmissionPolicyBinding');
    expect(custom.spec.matchResources.namespaceSelector).toEqual({
      matchLabels: { 'platform.example.com/batch-rules': 'enforced' },
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['ops'] }],
    });
    const none = synthPolicies({ excludedNamespaces: [] }).find((m) => m.kind === 'ValidatingAdmissionPolicyBinding');
    expect(none.spec.matchResources.namespaceSelector).toEqual({});
  });

  test('the annotation prefix reaches the CEL and the labels', () => {
    const manifestsAcme = synthPolicies({ annotationPrefix: 'platform.acme.io' });
    const text = JSON.stringify(manifestsAcme);
    expect(text).toContain('platform.acme.io/suppress.');
    expect(text).not.toContain('platform.example.com');
  });

  test('refuses a Kubernetes version before 1.30 with the library error naming the context', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'old');
    chart.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.29');
    expect(() => new BatchAdmissionPolicy(chart, 'admission')).toThrow(/context cdk8s-batch:kubernetesVersion.*1\.29[\s\S]*1\.30 or later: ValidatingAdmissionPolicy/);
    const ok = new Chart(Testing.app(), 'new');
    ok.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.33');
    expect(() => new BatchAdmissionPolicy(ok, 'admission')).not.toThrow();
  });

  test('bad props get the library error naming the prop', () => {
    expect(() => synthPolicies({ enforcement: 'block' as AdmissionEnforcement })).toThrow(/enforcement[\s\S]*deny, warn/);
    expect(() => synthPolicies({ excludedNamespaces: ['Kube_System'] })).toThrow(/excludedNamespaces\[0\]/);
    expect(() => synthPolicies({ namespaceSelector: { matchLabels: { team: 'a b' } } })).toThrow(/namespaceLabels\["team"\]/);
    expect(() => synthPolicies({ batchPoolKey: 'bad key' })).toThrow(/batchPoolKey/);
  });
});

describe('coverage', () => {
  test('every rule is enforced at admission or listed as CI and synth only, never both', () => {
    const covered = coveredRuleIds();
    const listed = Object.keys(NOT_AT_ADMISSION);
    expect(covered.filter((id) => listed.includes(id))).toEqual([]);
    expect([...covered, ...listed].sort()).toEqual([...RULE_IDS].sort());
  });

  test('the plain function is what the construct emits', () => {
    const fromConstruct = synthChart((chart) => new BatchAdmissionPolicy(chart, 'admission'));
    expect(fromConstruct).toEqual(buildAdmissionPolicyObjects());
  });
});

describe('Jobs the CronJob controller creates', () => {
  const policy = buildAdmissionPolicyPairs().find((p) => p.ruleId === 'owner-annotation' && p.kind === 'Job')!.policy;
  const job = (ownerReferences?: object[]) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'nightly-29000000', namespace: 'team-a', ...(ownerReferences ? { ownerReferences } : {}) },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'app:1.0' }] } } },
  });
  const owner = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: '00000000-0000-4000-8000-000000000001', controller: true }];

  test('are skipped when the CronJob controller creates them (its CronJob was checked)', () => {
    expect(policyVerdict(policy, job(owner), CRONJOB_CONTROLLER_USER)).toBe('not-matched');
  });

  test('are checked when anyone else creates them, even with a forged owner reference', () => {
    expect(policyVerdict(policy, job(owner), 'alice')).toBe('fail');
    expect(policyVerdict(policy, job(), CRONJOB_CONTROLLER_USER)).toBe('fail');
  });
});

describe('suppressions at admission', () => {
  const policy = buildAdmissionPolicyPairs().find((p) => p.ruleId === 'owner-annotation' && p.kind === 'Job')!.policy;
  const job = (reason: string) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'team-a', annotations: { 'platform.example.com/suppress.owner-annotation': reason } },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'app:1.0' }] } } },
  });

  test('a reason counts code points: ten emoji (20 UTF-16 units) suppress, nine do not, in CEL and in the audit alike', () => {
    expect(policyVerdict(policy, job('\u{1F600}'.repeat(10)))).toBe('not-matched');
    expect(policyVerdict(policy, job('\u{1F600}'.repeat(9)))).toBe('fail');
    expect(BatchAudit.auditManifests([job('\u{1F600}'.repeat(9))]).some((f) => f.ruleId === 'owner-annotation' && !f.suppressed)).toBe(true);
    expect(BatchAudit.auditManifests([job('\u{1F600}'.repeat(10))]).find((f) => f.ruleId === 'owner-annotation')?.suppressed).toBe(true);
  });
});

describe('docs/admission.md', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'admission.md'), 'utf8');
  const covered = text.slice(text.indexOf('## Rules enforced at admission'), text.indexOf('## CI and synth only'));
  const left = text.slice(text.indexOf('## CI and synth only'), text.indexOf('## Roll out'));

  test('lists every covered rule under "Rules enforced at admission" and every other rule under "CI and synth only"', () => {
    for (const id of coveredRuleIds()) {
      expect(covered).toContain(`[${id}](rules/${id}.md)`);
      expect(left).not.toContain(`[${id}](rules/${id}.md)`);
    }
    for (const id of Object.keys(NOT_AT_ADMISSION)) {
      expect(left).toContain(`[${id}](rules/${id}.md)`);
      expect(covered).not.toContain(`[${id}](rules/${id}.md)`);
    }
  });
});
