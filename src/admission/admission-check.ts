import { AdmissionKind, WorkloadView } from './workload-view';

/**
 * A rule of the catalogue compiled to CEL: what the admission policy for one rule checks. Each
 * sits in admission/checks/ under the rule's id and reads the same constants as the rule's
 * TypeScript in rules/checks/, so the two say the same thing; the differential tests prove it.
 */
export interface AdmissionCheck {
  /** The rule id (rules/pack.ts). */
  readonly ruleId: string;
  /** The kinds the rule judges at admission (one policy each). */
  readonly kinds: readonly AdmissionKind[];
  /**
   * The rule judges every object of its kinds, batch workload or not (suppression-reason);
   * otherwise a Deployment is judged only when it carries a workload class.
   */
  readonly outsideBatchScope?: boolean;
  /**
   * When the rule applies beyond kind and batch scope (the rule's `appliesTo`), as CEL over
   * `object`; omitted when it applies to every object of its kinds.
   */
  appliesTo?(view: WorkloadView): string;
  /** CEL over `object`: true when the object passes the rule (the rule's `check` returns nothing). */
  passes(view: WorkloadView): string;
  /** What is wrong and the fix, in the words the rule's finding uses (without the object's details). */
  message(prefix: string): string;
}
