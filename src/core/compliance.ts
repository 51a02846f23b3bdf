import { ApiObject, Chart } from 'cdk8s';
import { Construct, IValidation } from 'constructs';
import { invalid } from '../errors';
import { checkReason } from './reasons';
import { SCHEDULE_ANALYSIS_START } from './schedule-analysis';
import { auditDocuments, RULE_IDS } from '../rules/engine';
import { Finding, RuleSeverity } from '../rules/finding';

/**
 * A decision, made in code, that one rule does not apply to a construct's
 * objects. It is written into the YAML as a `<prefix>/suppress.<rule-id>` annotation, so the
 * `audit` CLI and reviewers see the same decision and its reason.
 */
export interface RuleSuppression {
  /** The rule id (docs/rules/README.md lists them), e.g. `batch-node-pool`. */
  readonly ruleId: string;
  /** Why the rule does not apply here; at least 10 characters. */
  readonly reason: string;
}

/**
 * Context key for the strictness of the synth-time audit. Warnings on a construct's own objects
 * fail synth by default, as `cdk8s-batch audit --strict` would: every construct's output passes
 * the strict audit for every valid prop set, so a warning there comes from an escape-hatch patch
 * or an edit after construction. Set it to `false` to fail on errors only.
 */
export const STRICT_COMPLIANCE_CONTEXT = 'cdk8s-batch:strictCompliance';

/**
 * Validates in-code suppressions and renders them as annotations (rule id -> reason).
 * @internal
 */
export function suppressionReasons(scope: Construct, suppressions: RuleSuppression[] | undefined): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const suppression of suppressions ?? []) {
    if (!RULE_IDS.includes(suppression.ruleId)) {
      throw invalid(scope, 'suppressions', suppression.ruleId, `not a rule id; known rules: ${RULE_IDS.join(', ')}`);
    }
    reasons[suppression.ruleId] = checkReason(scope, `suppressions[${suppression.ruleId}].reason`, suppression.reason);
  }
  return reasons;
}

/** What a construct registers for the synth-time audit of its chart. @internal */
export interface ComplianceRegistration {
  readonly prefix: string;
  readonly batchPoolKey: string;
  readonly batchPoolValue: string;
  /** The target Kubernetes version, "1.N" (escape-hatch patches are checked against it too). */
  readonly kubernetesVersion: string;
}

const CHART_AUDIT = Symbol.for('cdk8s-batch.ChartAudit');

/**
 * Makes a pattern construct's chart fail synth when any object the construct created breaks an
 * rule, warnings included unless the strict context is `false`. The whole chart is the
 * manifest set, so rules that look across objects (a RoleBinding for an account, an alert for a
 * CronJob) see what the user added beside the construct; only findings on the construct's own
 * objects fail synth.
 * @internal
 */
export function enforceCompliance(construct: Construct, registration: ComplianceRegistration): void {
  const chart = Chart.of(construct);
  const holder = chart as unknown as { [CHART_AUDIT]?: ChartAudit };
  let audit = holder[CHART_AUDIT];
  if (!audit) {
    audit = new ChartAudit(chart);
    holder[CHART_AUDIT] = audit;
    chart.node.addValidation(audit);
  }
  audit.register(construct, registration);
}

/** One audit per chart, however many constructs it holds (keeps synth linear in their number). */
class ChartAudit implements IValidation {
  private readonly constructs: { construct: Construct; registration: ComplianceRegistration }[] = [];
  private last?: { manifests: any[]; strict: boolean; constructCount: number; problems: string[] };

  constructor(private readonly chart: Chart) {}

  public register(construct: Construct, registration: ComplianceRegistration): void {
    this.constructs.push({ construct, registration });
  }

  public validate(): string[] {
    const manifests = this.chart.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c))
      .map((o) => o.toJson());
    const strict = this.chart.node.tryGetContext(STRICT_COMPLIANCE_CONTEXT) !== false;
    // cdk8s validates the app again for every chart it writes. Objects hand back the same JSON
    // until they change, so an unchanged chart keeps its verdict instead of being audited again.
    const last = this.last;
    if (last && last.strict === strict && last.constructCount === this.constructs.length && sameItems(last.manifests, manifests)) {
      return last.problems;
    }
    const problems = this.audit(manifests, strict);
    this.last = { manifests, strict, constructCount: this.constructs.length, problems };
    return problems;
  }

  private audit(manifests: any[], strict: boolean): string[] {
    const problems: string[] = [];
    // Constructs with the same conventions share one audit run.
    for (const members of groupBy(this.constructs, (c) => JSON.stringify(c.registration)).values()) {
      const registration = members[0].registration;
      const ours = new Set(members.flatMap((m) => objectKeysOf(m.construct)));
      const findings = auditDocuments(manifests.map((object) => ({ object })), {
        annotationPrefix: registration.prefix,
        batchPoolKey: registration.batchPoolKey,
        batchPoolValue: registration.batchPoolValue,
        kubernetesVersion: registration.kubernetesVersion,
        // A fixed instant keeps synth deterministic; it is the instant schedule defaults use.
        now: SCHEDULE_ANALYSIS_START,
      });
      for (const finding of findings) {
        if (fails(finding, strict) && ours.has(findingKey(finding))) {
          problems.push(describe(finding, registration.prefix));
        }
      }
    }
    return problems;
  }
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function fails(finding: Finding, strict: boolean): boolean {
  return !finding.suppressed && (finding.severity === RuleSeverity.ERROR || strict);
}

function describe(finding: Finding, prefix: string): string {
  const where = `${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ''}${finding.name}`;
  return `cdk8s-batch rule ${finding.ruleId} (${finding.severity}) fails on ${where}: ` +
    `${finding.message} To accept it, add the suppression { ruleId: '${finding.ruleId}', reason: '...' } ` +
    `(or the annotation ${prefix}/suppress.${finding.ruleId}) with a reason of at least 10 characters. About the rule: ${finding.docs}`;
}

function objectKeysOf(construct: Construct): string[] {
  return construct.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .map((o) => objectKey(o.kind, o.metadata.namespace, o.name));
}

function findingKey(finding: Finding): string {
  return objectKey(finding.kind, finding.namespace, finding.name);
}

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}
