/**
 * The fast admission differential: every covered rule's generated policies, evaluated
 * in-process with @bufbuild/cel, give the audit's verdict on every case of
 * test/support/admission-cases.ts (fixtures, example output, >= 1,000 generated manifests per
 * rule with >= a third failing). 100 % agreement; the agreement per rule is printed.
 */
import { buildAdmissionPolicyPairs } from '../../src/admission/policy-objects';
import { admissionCases, admissionKind, auditFails, CASE_BATCH_POOL, CASE_PREFIX, coveredRuleIds, fileCases, generatedCases } from '../support/admission-cases';
import { policyVerdict } from '../support/admission-eval';

const pairs = buildAdmissionPolicyPairs({ annotationPrefix: CASE_PREFIX, batchPoolKey: CASE_BATCH_POOL.key, batchPoolValue: CASE_BATCH_POOL.value });
const summary: string[] = [];

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`admission differential (@bufbuild/cel vs audit), agreement per rule:\n${summary.join('\n')}`);
});

describe.each(coveredRuleIds())('%s', (ruleId) => {
  test('generated manifests: at least 1,000, at least a third failing the rule', () => {
    const generated = generatedCases(ruleId);
    const failing = generated.filter((c) => auditFails(c.manifest, ruleId)).length;
    expect(generated.length).toBeGreaterThanOrEqual(1000);
    expect(failing * 3).toBeGreaterThanOrEqual(generated.length);
  });

  test('the CEL policy and the audit agree on every case', () => {
    const cases = admissionCases(ruleId);
    const disagreements: string[] = [];
    let failing = 0;
    for (const c of cases) {
      const kind = admissionKind(c.manifest)!;
      const pair = pairs.find((p) => p.ruleId === ruleId && p.kind === kind);
      if (!pair) throw new Error(`no policy for ${ruleId} on ${kind}`);
      const expected = auditFails(c.manifest, ruleId);
      if (expected) failing++;
      const actual = policyVerdict(pair.policy, c.manifest) === 'fail';
      if (actual !== expected) disagreements.push(`${c.name}: audit ${expected ? 'fails' : 'passes'}, CEL ${actual ? 'fails' : 'passes'}\n${JSON.stringify(c.manifest)}`);
    }
    const files = cases.length - generatedCases(ruleId).length;
    summary.push(`  ${ruleId.padEnd(26)} ${cases.length - disagreements.length}/${cases.length} agree (${files} from fixtures and examples, ${failing} failing the rule)`);
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});

test('fixture cases are read (the differential is not running on generated manifests alone)', () => {
  expect(fileCases().length).toBeGreaterThan(20);
});
