/**
 * The admission differential: the verdict of generated ValidatingAdmissionPolicies, evaluated by
 * Kubernetes' own CEL libraries (admission-harness.ts), against the verdict of the TypeScript
 * rule, manifest by manifest. Also used by the harness's own tests to show that a policy that
 * wrongly passes is caught.
 */
import { AdmissionUserInfo, AdmitRequest, AdmitResponse, PoliciesRequest, PolicyOutcome, runAdmissionHarness } from './admission-harness';

/** One rule's side of the differential. */
export interface DifferentialSubject {
  readonly ruleId: string;
  /** The names of the policies that enforce the rule (one per kind). */
  readonly policyNames: readonly string[];
  readonly cases: readonly { readonly name: string; readonly manifest: unknown }[];
  /** The TypeScript verdict: true when the manifest fails the rule. */
  readonly tsFails: (manifest: any) => boolean;
}

/** Where the two verdicts on one manifest differ. */
export interface Disagreement {
  readonly name: string;
  readonly tsFails: boolean;
  readonly celFails: boolean;
  /** The CEL side's messages and errors. */
  readonly detail: string;
  readonly manifest: unknown;
}

export interface RuleAgreement {
  readonly ruleId: string;
  /** Manifests both sides judged. */
  readonly compared: number;
  readonly agree: number;
  /** Of the compared manifests, how many fail the rule (TypeScript verdict). */
  readonly failing: number;
  readonly disagreements: Disagreement[];
  /** Manifests the API server rejects before admission (no CEL verdict): name and reason. */
  readonly rejected: { readonly name: string; readonly reason: string }[];
  /**
   * Messages of failed validations that do not start with `<rule-id>: ` (the API server's
   * message must name the rule, as the CLI does): `case: message`.
   */
  readonly messagesWithoutRuleId: string[];
}

/** The CEL verdict of one admit response for the given policies. */
export interface CelVerdict {
  /** Some matched validation denied the request. */
  readonly fails: boolean;
  /** Evaluation and configuration errors: never part of a correct verdict. */
  readonly errors: string[];
  /** `policy: message` of each failed validation. */
  readonly messages: string[];
  /** The bare messages of the failed validations, as the API server reports them. */
  readonly denials: string[];
}

export function celVerdict(response: AdmitResponse, policyNames: readonly string[]): CelVerdict {
  const outcomes = response.policies.filter((p) => policyNames.includes(p.policy));
  const errors: string[] = [];
  const messages: string[] = [];
  const denials: string[] = [];
  let fails = false;
  for (const outcome of outcomes) {
    if (outcome.error !== undefined) errors.push(`${outcome.policy}: ${outcome.error}`);
    for (const v of outcome.validations) {
      if (v.evaluation === 'deny') {
        fails = true;
        messages.push(`${outcome.policy}: ${v.message}`);
        denials.push(v.message ?? '');
      }
      if (v.error !== undefined) errors.push(`${outcome.policy} validation ${v.index}: ${v.error}`);
      if (v.messageExpressionError !== undefined) errors.push(`${outcome.policy} messageExpression ${v.index}: ${v.messageExpressionError}`);
    }
  }
  return { fails, errors, messages, denials };
}

export interface DifferentialOptions {
  /** The kubernetesVersion target, "1.N" (default: the project's default). */
  readonly targetVersion?: string;
  /** Who creates the objects (default: a cluster admin). */
  readonly userInfo?: AdmissionUserInfo;
}

/**
 * Loads the policy objects once, admits every case of every subject (CREATE, in the manifest's
 * namespace, by options.userInfo) with only the subject's policies taking part, and compares.
 */
export function runDifferential(
  policyObjects: readonly unknown[], subjects: readonly DifferentialSubject[], options: DifferentialOptions = {},
): RuleAgreement[] {
  const admitRequests: AdmitRequest[] = subjects.flatMap((s) => s.cases.map((c) => ({
    type: 'admit' as const, object: c.manifest, policies: s.policyNames, ...(options.userInfo ? { userInfo: options.userInfo } : {}),
  })));
  const [loaded, ...admits] = runAdmissionHarness([{ type: 'policies', objects: policyObjects } as PoliciesRequest, ...admitRequests], options.targetVersion);
  const notLoaded = subjects.flatMap((s) => s.policyNames)
    .filter((name) => !loaded.objects.some((o) => o.kind === 'ValidatingAdmissionPolicy' && o.name === name && o.ok));
  if (notLoaded.length > 0) {
    throw new Error(`the API server did not accept these policies: ${notLoaded.join(', ')}`);
  }
  let next = 0;
  return subjects.map((subject) => {
    const responses = admits.slice(next, next + subject.cases.length) as AdmitResponse[];
    next += subject.cases.length;
    return compare(subject, responses);
  });
}

function compare(subject: DifferentialSubject, responses: readonly AdmitResponse[]): RuleAgreement {
  const disagreements: Disagreement[] = [];
  const rejected: { name: string; reason: string }[] = [];
  const messagesWithoutRuleId: string[] = [];
  let compared = 0;
  let failing = 0;
  subject.cases.forEach((c, i) => {
    const response = responses[i];
    if (response.object.status !== 'ok') {
      rejected.push({ name: c.name, reason: response.object.message ?? response.object.reason ?? response.object.status });
      return;
    }
    compared++;
    const tsFails = subject.tsFails(c.manifest);
    if (tsFails) failing++;
    const cel = celVerdict(response, subject.policyNames);
    const matched = response.policies.some((p: PolicyOutcome) => p.matched);
    messagesWithoutRuleId.push(...cel.denials.filter((m) => !m.startsWith(`${subject.ruleId}: `)).map((m) => `${c.name}: ${m}`));
    if (cel.errors.length > 0 || cel.fails !== tsFails) {
      const detail = [...cel.errors, ...cel.messages].join('; ') || (matched ? 'all validations passed' : 'no policy matched');
      disagreements.push({ name: c.name, tsFails, celFails: cel.fails, detail, manifest: c.manifest });
    }
  });
  return { ruleId: subject.ruleId, compared, agree: compared - disagreements.length, failing, disagreements, rejected, messagesWithoutRuleId };
}

/** `rule-id: 1234/1234 agree (412 fail)`, plus the manifests the API server rejected, if any. */
export function agreementLine(a: RuleAgreement): string {
  const rejected = a.rejected.length > 0 ? `, ${a.rejected.length} rejected by the API server before admission` : '';
  return `${a.ruleId}: ${a.agree}/${a.compared} agree (${a.failing} fail)${rejected}`;
}

/** The first few disagreements, with their manifests, for a failure message. */
export function describeDisagreements(a: RuleAgreement, shown = 3): string {
  return a.disagreements.slice(0, shown).map((d) =>
    `${a.ruleId} on ${d.name}: TypeScript says ${d.tsFails ? 'fail' : 'pass'}, CEL says ${d.celFails ? 'fail' : 'pass'} (${d.detail})\n` +
    JSON.stringify(d.manifest),
  ).join('\n\n');
}
