import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  BatchConstants, BatchErrors, CronSchedule, DEFAULT_PERMANENT_EXIT_CODES, GITOPS_CONTEXT, MigrationJob, ValidationErrorDetails,
} from '../../src';
import { BatchValidationError, renderValue } from '../../src/errors';
import { batchErrorOf } from '../support/bad-input';
import { migrationProps } from '../support/fixtures';

// From Python, Java and Go a cdk8s-batch error arrives as the host's plain runtime exception with
// only the message (jsii cannot carry an Error subclass): the prefix and BatchErrors.parse are the
// contract callers there rely on (test/languages runs the same check from Python and Java).

describe('BatchErrors.parse', () => {
  test('reads the four parts back from a real construct error', () => {
    let message = '';
    try {
      CronSchedule.parse('61 * * * *', 'Etc/UTC');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith(BatchErrors.MESSAGE_PREFIX)).toBe(true);
    const details = BatchErrors.parse(message);
    expect(details).toBeDefined();
    expect(details!.constructPath).toBe('CronSchedule');
    expect(details!.value).toBe('"61 * * * *"');
    expect(message).toBe(`[cdk8s-batch] CronSchedule: invalid ${details!.prop} "61 * * * *": ${details!.allowed}`);
  });

  test('a prop with a space and a value with ": " in it still split where they were joined', () => {
    const details = {
      constructPath: 'test/orders-schema',
      prop: 'context cdk8s-batch:kubernetesVersion',
      value: renderValue({ 'a: b': 'x: invalid y', 'n': [NaN, 1e21] }),
      allowed: 'a Kubernetes version "1.N": e.g. "1.30"',
    };
    expect(BatchErrors.parse(new BatchValidationError(details).message)).toEqual(details);
  });

  test("Java's message, which jsii follows with the JavaScript stack, parses the same", () => {
    const error = new BatchValidationError({ constructPath: 'errors/bad', prop: 'schedule', value: '"61 * * * *"', allowed: 'minute 0-59' });
    expect(error.stack!.startsWith(`BatchValidationError: ${error.message}`)).toBe(true);
    expect(BatchErrors.parse(`${error.message}\n${error.stack}`)).toEqual(BatchErrors.parse(error.message));
    expect(BatchErrors.parse(error.message)!.allowed).toBe('minute 0-59');
  });

  test('any other message is not ours', () => {
    for (const message of [
      '',
      'test/x: invalid schedule "x": five fields', // no prefix: an error from somewhere else
      'TypeError: cannot read properties of undefined',
      '[cdk8s-batch] no marker here',
      '[cdk8s-batch] test/x: invalid schedule', // no value
      '[cdk8s-batch] test/x: invalid schedule "unterminated: five fields',
    ]) {
      expect(BatchErrors.parse(message)).toBeUndefined();
    }
  });

  test('round-trips every rendered value, path and prop', () => {
    const noMarker = (s: string) => !s.includes(': invalid ');
    const prop = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9.[\]]{0,20}( [a-z-]+:[a-zA-Z]+)?$/);
    fc.assert(fc.property(fc.string().filter(noMarker), prop, fc.anything(), fc.string(), (constructPath, p, value, allowed) => {
      const details: ValidationErrorDetails = { constructPath, prop: p, value: renderValue(value), allowed };
      expect(BatchErrors.parse(new BatchValidationError(details).message)).toEqual(details);
    }), { numRuns: 500 });
  });
});

describe('BatchConstants', () => {
  test('carries the context keys the constructs read, for languages without module constants', () => {
    // A target version under BatchConstants' key is read by the constructs: 1.24 lacks fields the
    // MigrationJob needs, so synth fails naming that version.
    const app = Testing.app();
    app.node.setContext(BatchConstants.KUBERNETES_VERSION_CONTEXT, '1.24');
    const error = batchErrorOf(() => new MigrationJob(new Chart(app, 'test'), 'orders-schema', migrationProps()));
    expect(BatchErrors.parse(error.message)).toMatchObject({ constructPath: 'test/orders-schema', prop: 'kubernetesVersion', value: '"1.24"' });
    expect(BatchConstants.GITOPS_CONTEXT).toBe(GITOPS_CONTEXT);
    expect(BatchConstants.DEFAULT_PERMANENT_EXIT_CODES).toEqual([...DEFAULT_PERMANENT_EXIT_CODES]);
  });
});
