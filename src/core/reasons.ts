import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { reasonLength } from '../rules/suppressions';

/**
 * A stated reason must say something: the rule catalogue asks for at least 10 characters, the
 * same bar as a suppression annotation.
 */
export const MIN_REASON_LENGTH = 10;

/** @internal */
export function checkReason(scope: IConstruct, prop: string, reason: string): string {
  if (typeof reason !== 'string' || reasonLength(reason) < MIN_REASON_LENGTH) {
    throw invalid(scope, prop, reason, `a reason of at least ${MIN_REASON_LENGTH} characters that a reviewer can judge`);
  }
  return reason.trim();
}

/**
 * Renders rule suppressions as `<prefix>/suppress.<rule-id>: <reason>` annotations, the form
 * the rules and the audit CLI read, so a decision made in code stays visible in the YAML.
 * @internal
 */
export function suppressionAnnotations(prefix: string, reasons: Record<string, string>): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const ruleId of Object.keys(reasons).sort()) {
    annotations[`${prefix}/suppress.${ruleId}`] = reasons[ruleId];
  }
  return annotations;
}
