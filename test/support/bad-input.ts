import { BatchValidationError } from '../../src/errors';

/** One bad input of a construct's catalogue and what its error must say. */
export interface BadInput {
  readonly what: string;
  readonly props: Record<string, unknown>;
  /** The prop the message must name. */
  readonly prop: string;
  /** The value as the message renders it, when the case pins it exactly. */
  readonly value?: string;
  /** Text that must appear in the message (value and what is allowed, the rule). */
  readonly says: RegExp;
}

/**
 * Asserts that `build` fails at synth with our error type, naming the construct path, the prop,
 * the value given and what is allowed.
 */
export function expectBatchError(build: () => void, c: BadInput, path: string): void {
  let thrown: unknown;
  try {
    build();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(BatchValidationError);
  const error = thrown as BatchValidationError;
  expect(error.constructPath).toBe(path);
  expect(error.prop).toBe(c.prop);
  if (c.value !== undefined) {
    expect(error.value).toBe(c.value);
    expect(error.message).toContain(`${path}: invalid ${c.prop} ${c.value}: `);
  } else {
    expect(error.message).toContain(`${path}: invalid ${c.prop} `);
  }
  expect(error.message).toMatch(c.says);
}

/** The BatchValidationError `build` throws; any other outcome fails the test. */
export function batchErrorOf(build: () => void): BatchValidationError {
  try {
    build();
  } catch (e) {
    if (e instanceof BatchValidationError) return e;
    throw e;
  }
  throw new Error('expected a BatchValidationError');
}
