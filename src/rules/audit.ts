import { auditDocuments, RULE_IDS, ruleInfo } from './engine';
import { AuditOptions, Finding, RuleInfo } from './finding';
import { RULES } from './pack';

/**
 * The batch rules (docs/rules/) as code: audits plain manifest objects, such as a chart's
 * synthesized output or YAML parsed from a GitOps repository.
 */
export class BatchAudit {
  /**
   * Audits a manifest set and returns every finding, suppressed ones included.
   *
   * Rules that look across objects (bindings of a service account, alerts on a CronJob,
   * scalers of a queue worker) look within this set only.
   *
   * @param manifests plain Kubernetes objects (anything else is ignored)
   * @param options prefix, suppressions, reference time and rule selection
   */
  public static auditManifests(manifests: any[], options?: AuditOptions): Finding[] {
    return auditDocuments(manifests.map((object) => ({ object })), options ?? {});
  }

  /** Ids of every rule, in the order of docs/rules/README.md. */
  public static ruleIds(): string[] {
    return [...RULE_IDS];
  }

  /** What every rule checks. */
  public static rules(): RuleInfo[] {
    return RULES.map(ruleInfo);
  }

  private constructor() {}
}
