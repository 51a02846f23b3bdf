import { agreementLine, runDifferential } from './admission-differential';
import {
  AdmitRequest, AdmitResponse, PoliciesResponse, policyProblems, runAdmissionHarness,
} from './admission-harness';

/**
 * The admission harness on small policies written for this test: it must accept and decide what
 * the API server accepts and decides, and it must be able to fail (a syntax error, a field the
 * matched kind does not have, an expression over the cost limit, a validation that passes where
 * the rule fails). The expected messages are those of k8s.io/apiserver's code.
 */

const JOBS = { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['jobs'] };

function policy(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: [JOBS] }, ...spec },
  };
}

function binding(name: string, validationActions: string[] = ['Deny'], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName: name, validationActions, ...extra },
  };
}

interface JobOptions {
  readonly annotations?: Record<string, string>;
  readonly limits?: Record<string, string>;
  readonly spec?: Record<string, unknown>;
  readonly namespace?: string;
}

function job(name: string, options: JobOptions = {}) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: options.namespace ?? 'finance', ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      ...options.spec,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{
            name: 'main',
            image: 'registry.example.com/batch/ledger:1.4.2',
            ...(options.limits ? { resources: { limits: options.limits } } : {}),
          }],
        },
      },
    },
  };
}

/** A policy requiring a memory limit on every container, spelled so that it type-checks. */
const memoryLimit = policy('memory-limit', {
  validations: [{
    // resources.limits is a map of Quantity, a type the schema-to-CEL conversion drops: through
    // dyn() the type checker accepts it.
    expression: 'object.spec.template.spec.containers.all(c, has(c.resources) && has(dyn(c.resources).limits) && "memory" in dyn(c.resources).limits)',
    messageExpression: '"containers without a memory limit: " + object.spec.template.spec.containers.filter(c, !(has(c.resources) && has(dyn(c.resources).limits) && "memory" in dyn(c.resources).limits)).map(c, c.name).join(", ")',
    reason: 'Invalid',
  }],
});

function policiesOf(responses: unknown[]): PoliciesResponse {
  return responses[0] as PoliciesResponse;
}

function admits(responses: unknown[]): AdmitResponse[] {
  return responses.slice(1) as AdmitResponse[];
}

describe('policies the API server accepts are evaluated as the API server evaluates them', () => {
  test('a Deny binding: the object that fails is refused with the messageExpression, the one that passes is admitted', () => {
    const responses = runAdmissionHarness([
      { type: 'policies', objects: [memoryLimit, binding('memory-limit')] },
      { type: 'admit', object: job('ledger-export', { limits: { memory: '512Mi' } }) },
      { type: 'admit', object: job('ledger-import') },
    ]);
    expect(policyProblems(policiesOf(responses))).toEqual([]);
    const [passes, fails] = admits(responses);
    expect(passes.allowed).toBe(true);
    expect(passes.policies).toEqual([expect.objectContaining({ policy: 'memory-limit', binding: 'memory-limit', matched: true })]);
    expect(passes.policies[0].validations).toEqual([expect.objectContaining({ evaluation: 'admit', passed: true, messageExpression: 'containers without a memory limit: ' })]);

    expect(fails.allowed).toBe(false);
    expect(fails.denied).toBe(
      'jobs.batch "ledger-import" is forbidden: ValidatingAdmissionPolicy \'memory-limit\' with binding \'memory-limit\' denied request: containers without a memory limit: main',
    );
    expect(fails.policies[0].validations).toEqual([{
      index: 0, evaluation: 'deny', passed: false, message: 'containers without a memory limit: main', messageExpression: 'containers without a memory limit: main',
    }]);
  });

  test('a Warn binding admits the object and returns the API server\'s warning', () => {
    const [, response] = runAdmissionHarness([
      { type: 'policies', objects: [memoryLimit, binding('memory-limit', ['Warn', 'Audit'])] },
      { type: 'admit', object: job('ledger-import') },
    ]);
    expect(response.allowed).toBe(true);
    expect(response.warnings).toEqual([
      "Validation failed for ValidatingAdmissionPolicy 'memory-limit' with binding 'memory-limit': containers without a memory limit: main",
    ]);
  });

  test('match constraints: a namespace the binding excludes, an operation the rules leave out, an excluded resource', () => {
    const excluding = binding('memory-limit', ['Deny'], {
      matchResources: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] } },
    });
    const excludingJobs = policy('excluded', {
      matchConstraints: { resourceRules: [JOBS], excludeResourceRules: [{ ...JOBS, resourceNames: ['ledger-import'] }] },
      validations: [{ expression: 'false' }],
    });
    const [, inSystem, inTeam, update, excluded] = runAdmissionHarness([
      { type: 'policies', objects: [memoryLimit, excluding, excludingJobs, binding('excluded')] },
      { type: 'admit', object: job('ledger-import', { namespace: 'kube-system' }), policies: ['memory-limit'] },
      { type: 'admit', object: job('ledger-import', { namespace: 'team-a' }), namespace: { name: 'team-a', labels: { team: 'a' } }, policies: ['memory-limit'] },
      { type: 'admit', operation: 'UPDATE', object: job('ledger-import'), oldObject: job('ledger-import'), policies: ['memory-limit'] },
      { type: 'admit', object: job('ledger-import'), policies: ['excluded'] },
    ]);
    expect(inSystem.allowed).toBe(true);
    expect(inSystem.policies[0]).toMatchObject({ matchConstraints: true, bindingMatches: false, matched: false, validations: [] });
    expect(inTeam.allowed).toBe(false);
    expect(inTeam.policies[0]).toMatchObject({ matchConstraints: true, bindingMatches: true, matched: true });
    expect(update.object.status).toBe('ok');
    expect(update.allowed).toBe(true);
    expect(update.policies[0]).toMatchObject({ matchConstraints: false, matched: false });
    expect(excluded.allowed).toBe(true);
    expect(excluded.policies[0]).toMatchObject({ matchConstraints: false });
  });

  test('match conditions see the request\'s user: a Job the CronJob controller creates is skipped, the same Job from a person is not', () => {
    const skipping = policy('skip-cronjob-children', {
      matchConditions: [{
        name: 'not-created-by-cronjob-controller',
        expression: '!(request.userInfo.username == "system:serviceaccount:kube-system:cronjob-controller" && has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, r.kind == "CronJob"))',
      }],
      validations: [{ expression: 'false', message: 'checked' }],
    });
    const child = job('nightly-29000000');
    (child.metadata as Record<string, unknown>).ownerReferences = [
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: '11111111-1111-4111-8111-111111111111', controller: true },
    ];
    const [, fromController, fromPerson] = runAdmissionHarness([
      { type: 'policies', objects: [skipping, binding('skip-cronjob-children')] },
      { type: 'admit', object: child, userInfo: { username: 'system:serviceaccount:kube-system:cronjob-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] } },
      { type: 'admit', object: child, userInfo: { username: 'alice@example.com', groups: ['system:authenticated'] } },
    ]);
    expect(fromController.policies[0]).toMatchObject({ matchConstraints: true, matchConditions: false, matched: false });
    expect(fromController.allowed).toBe(true);
    expect(fromPerson.policies[0]).toMatchObject({ matchConditions: true, matched: true });
    expect(fromPerson.allowed).toBe(false);
  });

  test('validations see the object after defaulting and PrepareForCreate, as validating admission does', () => {
    const defaulted = policy('defaulted', {
      validations: [
        { expression: 'object.spec.backoffLimit == 6' },
        { expression: 'object.spec.template.metadata.labels["batch.kubernetes.io/job-name"] == object.metadata.name' },
      ],
    });
    const [, response] = runAdmissionHarness([
      { type: 'policies', objects: [defaulted, binding('defaulted')] },
      { type: 'admit', object: job('ledger-import') },
    ]);
    expect(response.policies[0].validations.map((v) => v.evaluation)).toEqual(['admit', 'admit']);
  });

  test('an object the API server rejects never reaches the policies', () => {
    const [, response] = runAdmissionHarness([
      { type: 'policies', objects: [memoryLimit, binding('memory-limit')] },
      { type: 'admit', object: job('ledger-import', { spec: { completionMode: 'Indexed', parallelism: 4 } }) },
    ]);
    expect(response.object.status).toBe('invalid');
    expect(response.object.errors).toEqual([{ field: 'spec.completions', message: 'Required value: when completion mode is Indexed' }]);
    expect(response.policies).toEqual([]);
  });

  test('CEL size() counts code points, not UTF-16 units', () => {
    const reason = policy('reason-length', { validations: [{ expression: 'object.metadata.annotations["reason"].size() == 5' }] });
    const text = '\u{1F600}'.repeat(5);
    expect(text.length).toBe(10); // JavaScript counts UTF-16 units
    const [, response] = runAdmissionHarness([
      { type: 'policies', objects: [reason, binding('reason-length')] },
      { type: 'admit', object: job('ledger-import', { annotations: { reason: text } }) },
    ]);
    expect(response.policies[0].validations[0].evaluation).toBe('admit');
  });

  test('an UPDATE sees oldObject', () => {
    const growOnly = policy('grow-only', {
      matchConstraints: { resourceRules: [{ ...JOBS, operations: ['UPDATE'] }] },
      validations: [{ expression: 'object.spec.parallelism >= oldObject.spec.parallelism', messageExpression: '"parallelism went from " + string(oldObject.spec.parallelism) + " to " + string(object.spec.parallelism)' }],
    });
    const before = job('ledger-import', { spec: { parallelism: 4, completions: 8 } });
    const after = job('ledger-import', { spec: { parallelism: 2, completions: 8 } });
    const [, response] = runAdmissionHarness([
      { type: 'policies', objects: [growOnly, binding('grow-only')] },
      { type: 'admit', operation: 'UPDATE', object: after, oldObject: before } as AdmitRequest,
    ]);
    expect(response.object.status).toBe('ok');
    expect(response.policies[0].validations[0]).toMatchObject({ evaluation: 'deny', message: 'parallelism went from 4 to 2' });
  });

  test('the CEL environment is the target version\'s: ip() is refused for 1.30 (its minimum compatibility version 1.29 predates it) and accepted for 1.31', () => {
    const usesIp = policy('uses-ip', { validations: [{ expression: 'ip("10.0.0.1").family() == 4' }] });
    const [at130] = runAdmissionHarness([{ type: 'policies', objects: [usesIp] }], '1.30');
    const [at131] = runAdmissionHarness([{ type: 'policies', objects: [usesIp] }], '1.31');
    expect(at130.objects[0].status).toBe('invalid');
    expect(at130.objects[0].errors[0].field).toBe('spec.validations[0].expression');
    expect(at130.objects[0].errors[0].message).toContain("undeclared reference to 'ip'");
    expect(policyProblems(at131)).toEqual([]);
  });
});

describe('the harness can fail', () => {
  test('a syntax error: the API server refuses the policy', () => {
    const [response] = runAdmissionHarness([{ type: 'policies', objects: [policy('broken', { validations: [{ expression: 'object.spec.(' }] })] }]);
    expect(response.objects[0].status).toBe('invalid');
    expect(response.objects[0].errors).toEqual([expect.objectContaining({ field: 'spec.validations[0].expression' })]);
    expect(response.objects[0].errors[0].message).toContain('Syntax error');
    expect(policyProblems(response)).toHaveLength(1);
  });

  test('a field Jobs do not have: the API server accepts the policy, the type checker warns, and the harness counts it', () => {
    const [response] = runAdmissionHarness([{ type: 'policies', objects: [policy('typo', { validations: [{ expression: 'object.spec.backofLimit <= 3' }] })] }]);
    expect(response.objects[0].status).toBe('ok');
    expect(response.objects[0].typeCheck).toEqual([{
      fieldRef: 'spec.validations[0].expression',
      warning: expect.stringContaining("batch/v1, Kind=Job: ERROR: <input>:1:12: undefined field 'backofLimit'"),
    }]);
    expect(policyProblems(response)).toEqual([
      "ValidatingAdmissionPolicy/typo: type check: spec.validations[0].expression: batch/v1, Kind=Job: ERROR: <input>:1:12: undefined field 'backofLimit'",
    ]);
  });

  test('an expression over the per-expression cost limit: an evaluation error, and failurePolicy Fail refuses the request', () => {
    const ten = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';
    const costly = policy('costly', {
      validations: [{ expression: `${ten}.all(a, ${ten}.all(b, ${ten}.all(c, ${ten}.all(d, ${ten}.all(e, ${ten}.all(f, a + b + c + d + e + f >= 0))))))` }],
    });
    const [loaded, response] = runAdmissionHarness([
      { type: 'policies', objects: [costly, binding('costly')] },
      { type: 'admit', object: job('ledger-import') },
    ]);
    // No cost estimate refuses a ValidatingAdmissionPolicy at creation: the limit is enforced
    // when it runs (k8s.io/apiserver's CEL program cost limit and per-binding budget).
    expect(policyProblems(loaded)).toEqual([]);
    expect(response.allowed).toBe(false);
    expect(response.policies[0].validations[0]).toMatchObject({ evaluation: 'error', passed: false });
    expect(response.policies[0].validations[0].error).toMatch(/cost limit exceeded/);
  });

  test('a validation that wrongly passes: the differential reports the disagreement', () => {
    // Meant as "backoffLimit must be set explicitly", but the API server has defaulted it to 6
    // before admission, so has() is always true: the policy passes what the rule fails.
    const explicitBackoff = policy('backoff-explicit', { validations: [{ expression: 'has(object.spec.backoffLimit)' }] });
    const cases = [
      { name: 'explicit', manifest: job('ledger-export', { spec: { backoffLimit: 2 } }) },
      { name: 'unset', manifest: job('ledger-import') },
    ];
    const [agreement] = runDifferential([explicitBackoff, binding('backoff-explicit')], [{
      ruleId: 'backoff-explicit',
      policyNames: ['backoff-explicit'],
      cases,
      tsFails: (manifest) => manifest.spec.backoffLimit === undefined,
    }]);
    expect(agreementLine(agreement)).toBe('backoff-explicit: 1/2 agree (1 fail)');
    expect(agreement.disagreements).toEqual([expect.objectContaining({ name: 'unset', tsFails: true, celFails: false, detail: 'all validations passed' })]);
  });
});

describe('Pod Security Admission on the same objects', () => {
  const hardened = {
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  };

  test('restricted at the target version: a hardened template is allowed, a plain one is not, with PSA\'s reasons', () => {
    const plain = job('ledger-import');
    const strict = job('ledger-export');
    Object.assign((strict.spec.template.spec.containers as Record<string, unknown>[])[0], hardened);
    const [plainResult, strictResult] = runAdmissionHarness([
      { type: 'podSecurity', object: plain },
      { type: 'podSecurity', object: strict },
    ], '1.30');
    expect(plainResult).toMatchObject({ level: 'restricted', version: 'v1.30', allowed: false });
    expect(plainResult.checks.map((c) => c.reason)).toEqual(['allowPrivilegeEscalation != false', 'unrestricted capabilities', 'runAsNonRoot != true', 'seccompProfile']);
    expect(strictResult).toMatchObject({ allowed: true, checks: [] });
  });

  test('baseline: a privileged container is refused', () => {
    const privileged = job('ledger-import');
    Object.assign((privileged.spec.template.spec.containers as Record<string, unknown>[])[0], { securityContext: { privileged: true } });
    const [result] = runAdmissionHarness([{ type: 'podSecurity', object: privileged, level: 'baseline' }]);
    expect(result).toMatchObject({ level: 'baseline', allowed: false, forbiddenReason: 'privileged' });
  });
});
