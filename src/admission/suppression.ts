import { atLeastCodePointsTrimmed, celString } from './cel';
import { WorkloadView } from './workload-view';
import { RULE_IDS } from '../rules/engine';
import { MIN_REASON_LENGTH } from '../rules/suppressions';

/**
 * Suppression annotations at admission, read exactly as the audit reads them
 * (rules/suppressions.ts, engine.ts): `<prefix>/suppress.<rule-id>` on the object (a CronJob's
 * job template too, the object's own value winning), with a reason of at least
 * {@link MIN_REASON_LENGTH} code points once trimmed. `suppression-reason` itself cannot be
 * suppressed.
 */

/** RE2 pattern of a reason long enough to count. */
export const VALID_REASON = atLeastCodePointsTrimmed(MIN_REASON_LENGTH);

/** The annotation keys that suppress a rule: one per rule id except suppression-reason. */
export function suppressionKeys(prefix: string): string[] {
  return RULE_IDS.filter((id) => id !== 'suppression-reason').map((id) => `${prefix}/suppress.${id}`);
}

/** CEL: the object carries a valid suppression of `ruleId`. */
export function suppressed(view: WorkloadView, ruleId: string): string {
  return view.annotation(`suppress.${ruleId}`, (value) => `${value}.matches(${celString(VALID_REASON)})`, false);
}
