import { JOB_NAME_LABEL, UNIT_OF_WORK_ENV, WorkloadClass } from '../src';
import { UNIT_OF_WORK_FIELDS, UNIT_OF_WORK_NAMES } from '../src/rules/checks/unit-of-work-env';
import { WORKLOAD_CLASSES } from '../src/rules/scope';

/**
 * The constructs (src/core) and the rules (src/rules) must agree on the conventions the
 * constructs write and the rules read. The rules cannot import the core (the audit CLI must not
 * load cdk8s), so these tests keep the two in step.
 */
describe('conventions shared by the constructs and the rules', () => {
  test('the workload classes the constructs write are exactly the classes the rules know', () => {
    expect(Object.values(WorkloadClass).sort()).toEqual([...WORKLOAD_CLASSES].sort());
  });

  test('the unit-of-work variable and its downward-API source are accepted by unit-of-work-env', () => {
    expect(UNIT_OF_WORK_NAMES).toContain(UNIT_OF_WORK_ENV);
    expect(UNIT_OF_WORK_FIELDS.some((field) => field.includes(JOB_NAME_LABEL))).toBe(true);
  });
});
