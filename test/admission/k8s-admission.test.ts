/**
 * The authority for the admission policies: Kubernetes' own code, through the Go harness
 * (test/support/admission-harness.ts, test/k8s-validate/admission.go).
 *
 * 1. Every policy object buildAdmissionPolicyObjects emits (both enforcement modes, the default
 *    and a custom annotation prefix, the oldest and newest target versions) passes the API
 *    server's create validation (its CEL compilation for the target version) with no type-check
 *    warning (the status controller's check against the schemas of the matched kinds).
 * 2. The differential: for every covered rule and every case of admissionCases(ruleId), the
 *    generated policies evaluated by k8s.io/apiserver's validating admission policy code (on the
 *    object as admission sees it: defaulted, after PrepareForCreate) give the audit's verdict.
 *    100 % agreement, at least 1,000 cases per rule, at least a third failing; agreement per rule
 *    is printed.
 * 3. Pod Security Admission parity: the pod-security-restricted rule, which the policies leave to
 *    PSA, gives PSA's "restricted" verdict (k8s.io/pod-security-admission/policy, at the target
 *    version) on the same objects, and on hardened variants of them that pass or break one check
 *    each.
 */
import { AdmissionEnforcement, buildAdmissionPolicyObjects, buildAdmissionPolicyPairs } from '../../src/admission/policy-objects';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/core/kubernetes-version';
import { runAudit } from '../../src/rules/engine';
import { AuditScope } from '../../src/rules/finding';
import { admissionCases, auditFails, CASE_BATCH_POOL, CASE_PREFIX, coveredRuleIds, fileCases } from '../support/admission-cases';
import { agreementLine, describeDisagreements, RuleAgreement, runDifferential } from '../support/admission-differential';
import { CASE_USER } from '../support/admission-eval';
import { policyProblems, runAdmissionHarness } from '../support/admission-harness';
import { HARNESS_RELEASE_MINOR } from '../support/api-server';

const CASE_OPTIONS = { annotationPrefix: CASE_PREFIX, batchPoolKey: CASE_BATCH_POOL.key, batchPoolValue: CASE_BATCH_POOL.value };
/** The user the cases are created by, as the fast differential (admission-eval.ts) has it. */
const CASE_USER_INFO = { username: CASE_USER, groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'] };

describe('every generated policy object passes the API server\'s validation and type-checks cleanly', () => {
  const variants = [
    { name: 'deny, default prefix', options: { enforcement: AdmissionEnforcement.DENY } },
    { name: 'warn, default prefix', options: { enforcement: AdmissionEnforcement.WARN } },
    { name: 'deny, custom prefix', options: { enforcement: AdmissionEnforcement.DENY, annotationPrefix: 'platform.example.com' } },
    { name: 'warn, custom prefix', options: { enforcement: AdmissionEnforcement.WARN, annotationPrefix: 'platform.example.com' } },
  ];
  const targets = [DEFAULT_KUBERNETES_VERSION, `1.${HARNESS_RELEASE_MINOR}`];

  test.each(targets)('target %s', (target) => {
    const objectsOf = variants.map((v) => buildAdmissionPolicyObjects({ ...v.options, kubernetesVersion: target }));
    // The variants share most objects (enforcement changes only the bindings): each distinct
    // object is checked once, its verdict counted for every variant that emits it.
    const distinct = [...new Map(objectsOf.flat().map((o) => [JSON.stringify(o), o])).values()];
    const [response] = runAdmissionHarness([{ type: 'policies', objects: distinct }], target);
    const problemsOf = new Map(distinct.map((o, i) => [JSON.stringify(o), policyProblems({ ...response, objects: [response.objects[i]] })]));
    expect(response.objects.length).toBe(distinct.length);
    variants.forEach((variant, i) => {
      expect(objectsOf[i].length).toBeGreaterThan(0);
      const problems = objectsOf[i].flatMap((o) => problemsOf.get(JSON.stringify(o))!);
      expect({ variant: variant.name, problems }).toEqual({ variant: variant.name, problems: [] });
    });
    expect(response.objects.every((o) => o.status === 'ok')).toBe(true);
  });
});

describe('differential: Kubernetes\' CEL against the audit, every covered rule, every case', () => {
  const pairs = buildAdmissionPolicyPairs(CASE_OPTIONS);
  const ruleIds = coveredRuleIds();
  let agreements: Map<string, RuleAgreement>;

  beforeAll(() => {
    const subjects = ruleIds.map((ruleId) => ({
      ruleId,
      policyNames: pairs.filter((p) => p.ruleId === ruleId).map((p) => p.policy.metadata.name as string),
      cases: admissionCases(ruleId),
      tsFails: (manifest: any) => auditFails(manifest, ruleId),
    }));
    const objects = pairs.flatMap((p) => [p.policy, p.binding]);
    agreements = new Map(runDifferential(objects, subjects, { userInfo: CASE_USER_INFO }).map((a) => [a.ruleId, a]));
    // eslint-disable-next-line no-console
    console.log(`admission differential (Kubernetes ${DEFAULT_KUBERNETES_VERSION} CEL via k8s.io/apiserver vs audit), agreement per rule:\n` +
      ruleIds.map((id) => `  ${agreementLine(agreements.get(id)!)}`).join('\n'));
  });

  test('covers rules', () => {
    expect(ruleIds.length).toBeGreaterThan(0);
  });

  test.each(ruleIds)('%s', (ruleId) => {
    const agreement = agreements.get(ruleId)!;
    if (agreement.disagreements.length > 0) {
      throw new Error(`${agreementLine(agreement)}\n\n${describeDisagreements(agreement)}`);
    }
    expect(agreement.agree).toBe(agreement.compared);
    expect(agreement.compared).toBeGreaterThanOrEqual(1000);
    expect(agreement.failing * 3).toBeGreaterThanOrEqual(agreement.compared);
    // Every case is something the API server accepts: a case it rejects has no admission verdict.
    expect(agreement.rejected.slice(0, 5)).toEqual([]);
    // The API server's message names the rule, as the CLI's does.
    expect(agreement.messagesWithoutRuleId.slice(0, 5)).toEqual([]);
  });
});

describe('Pod Security Admission parity: pod-security-restricted gives PSA\'s "restricted" verdict', () => {
  const RULE = 'pod-security-restricted';
  /** Generated cases per covered rule taken as PSA subjects (besides every fixture and example). */
  const PER_RULE = 30;

  test('on the same objects and on hardened variants that pass or break one check each', () => {
    const subjects = psaSubjects(PER_RULE);
    const responses = runAdmissionHarness(subjects.map((c) => ({ type: 'podSecurity' as const, object: c.manifest })), DEFAULT_KUBERNETES_VERSION);
    const disagreements: string[] = [];
    let compared = 0;
    let failing = 0;
    let rejected = 0;
    subjects.forEach((c, i) => {
      const psa = responses[i];
      if (psa.object.status !== 'ok') {
        rejected++;
        return;
      }
      compared++;
      const tsFails = ruleFails(c.manifest);
      if (tsFails) failing++;
      if (tsFails === psa.allowed) {
        disagreements.push(`${c.name}: rule says ${tsFails ? 'fail' : 'pass'}, PSA restricted ${psa.version} says ` +
          `${psa.allowed ? 'allowed' : `forbidden: ${psa.forbiddenDetail}`}\n${JSON.stringify(c.manifest)}`);
      }
    });
    // eslint-disable-next-line no-console
    console.log(`Pod Security Admission parity (restricted ${DEFAULT_KUBERNETES_VERSION}): ${RULE}: ` +
      `${compared - disagreements.length}/${compared} agree (${failing} fail, ${compared - failing} pass; ${rejected} variants the API server rejects)`);
    expect(disagreements.slice(0, 3)).toEqual([]);
    // Both verdicts occur often enough for the parity to mean something.
    expect(failing).toBeGreaterThan(compared / 5);
    expect(compared - failing).toBeGreaterThan(compared / 5);
  });

  /**
   * The rule on any object with a pod template (AuditScope.ALL: PSA knows no batch scope), with
   * suppressed findings counted: PSA knows no suppression annotations (its exemptions are by
   * namespace, user and runtime class, outside the object).
   */
  function ruleFails(manifest: any): boolean {
    const run = runAudit([{ object: manifest }], { annotationPrefix: CASE_PREFIX, rules: [RULE], scope: AuditScope.ALL, now: new Date('2027-01-01T00:00:00Z') });
    return run.findings.some((f) => f.ruleId === RULE);
  }
});

interface Subject { readonly name: string; readonly manifest: any }

/** Fixtures, examples and the first generated cases of each rule, each with two variants. */
function psaSubjects(perRule: number): Subject[] {
  const seen = new Set<string>();
  const bases: Subject[] = [];
  const add = (c: Subject) => {
    const key = JSON.stringify(c.manifest);
    if (!seen.has(key)) {
      seen.add(key);
      bases.push(c);
    }
  };
  fileCases().forEach(add);
  for (const ruleId of coveredRuleIds()) admissionCases(ruleId).filter((c) => c.name.startsWith('generated/')).slice(0, perRule).forEach(add);
  const out: Subject[] = [];
  bases.forEach((base, i) => {
    out.push(base);
    const hardened = harden(base.manifest);
    out.push({ name: `${base.name} hardened`, manifest: hardened });
    const breakage = BREAKAGES[i % BREAKAGES.length];
    const broken = structuredClone(hardened);
    breakage.apply(podSpecOf(broken));
    out.push({ name: `${base.name} hardened, then ${breakage.name}`, manifest: broken });
  });
  return out;
}

function podSpecOf(manifest: any): any {
  return manifest.kind === 'CronJob' ? manifest.spec.jobTemplate.spec.template.spec : manifest.spec.template.spec;
}

function containersOf(pod: any): any[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

/** The manifest with the restricted settings PSA asks for, everything else as it was. */
function harden(manifest: any): any {
  const copy = structuredClone(manifest);
  const pod = podSpecOf(copy);
  pod.securityContext = { ...pod.securityContext, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  delete pod.securityContext.runAsUser;
  for (const c of containersOf(pod)) {
    c.securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  }
  return copy;
}

/** One way each to break (or, the last ones, to keep) the restricted standard. */
const BREAKAGES: { readonly name: string; readonly apply: (pod: any) => void }[] = [
  { name: 'a privileged container', apply: (pod) => Object.assign(pod.containers[0].securityContext, { privileged: true, allowPrivilegeEscalation: true }) },
  { name: 'privilege escalation allowed', apply: (pod) => Object.assign(pod.containers[0].securityContext, { allowPrivilegeEscalation: true }) },
  { name: 'an added capability', apply: (pod) => Object.assign(pod.containers[0].securityContext, { capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }) },
  { name: 'capabilities not dropped', apply: (pod) => Object.assign(pod.containers[0].securityContext, { capabilities: {} }) },
  { name: 'runAsNonRoot false', apply: (pod) => Object.assign(pod.securityContext, { runAsNonRoot: false }) },
  { name: 'runAsUser 0', apply: (pod) => Object.assign(pod.containers[0].securityContext, { runAsUser: 0 }) },
  { name: 'seccomp Unconfined', apply: (pod) => Object.assign(pod.securityContext, { seccompProfile: { type: 'Unconfined' } }) },
  { name: 'host network', apply: (pod) => Object.assign(pod, { hostNetwork: true }) },
  { name: 'a hostPath volume', apply: (pod) => Object.assign(pod, { volumes: [...(pod.volumes ?? []), { name: 'host-logs', hostPath: { path: '/var/log' } }] }) },
  { name: 'a host port', apply: (pod) => Object.assign(pod.containers[0], { ports: [{ containerPort: 8080, hostPort: 8080 }] }) },
  { name: 'an unsafe sysctl', apply: (pod) => Object.assign(pod.securityContext, { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] }) },
  { name: 'an SELinux type', apply: (pod) => Object.assign(pod.securityContext, { seLinuxOptions: { type: 'spc_t' } }) },
  { name: 'AppArmor Unconfined', apply: (pod) => Object.assign(pod.containers[0].securityContext, { appArmorProfile: { type: 'Unconfined' } }) },
  { name: 'an NFS volume', apply: (pod) => Object.assign(pod, { volumes: [...(pod.volumes ?? []), { name: 'shared', nfs: { server: 'nfs.example.com', path: '/exports' } }] }) },
  { name: 'NET_BIND_SERVICE added (allowed)', apply: (pod) => Object.assign(pod.containers[0].securityContext, { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }) },
  { name: 'a Localhost seccomp profile (allowed)', apply: (pod) => Object.assign(pod.securityContext, { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/batch.json' } }) },
  { name: 'a safe sysctl (allowed)', apply: (pod) => Object.assign(pod.securityContext, { sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] }) },
];
