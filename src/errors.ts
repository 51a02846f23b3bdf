import { IConstruct } from 'constructs';

/**
 * Where a bad value was found and what would have been accepted.
 */
export interface ValidationErrorDetails {
  /**
   * Path of the construct that received the value (e.g. `finance/daily-ledger-reconciliation`),
   * or a short label such as `CronSchedule` when no construct is involved.
   */
  readonly constructPath: string;
  /**
   * The prop (or nested prop, e.g. `failurePolicy.permanentExitCodes`) that holds the value.
   */
  readonly prop: string;
  /**
   * The value as given, already rendered for humans.
   */
  readonly value: string;
  /**
   * What is allowed, in words, naming the Kubernetes rule when one applies.
   */
  readonly allowed: string;
}

/**
 * Recognises cdk8s-batch's errors from any jsii language (jsii cannot export a subclass of
 * `Error`; TypeScript users may also `import { BatchValidationError } from 'cdk8s-batch/lib/errors'`).
 */
export class BatchErrors {
  /**
   * True when `x` is the error cdk8s-batch throws for invalid input.
   */
  public static isBatchValidationError(x: any): boolean {
    return x instanceof BatchValidationError;
  }

  /**
   * The details of a cdk8s-batch validation error (construct path, prop, value, what is
   * allowed), or undefined for any other value.
   */
  public static detailsOf(x: any): ValidationErrorDetails | undefined {
    if (!(x instanceof BatchValidationError)) {
      return undefined;
    }
    return { constructPath: x.constructPath, prop: x.prop, value: x.value, allowed: x.allowed };
  }

  private constructor() {}
}

/**
 * The one error type cdk8s-batch throws for input it cannot turn into a valid, safe manifest.
 *
 * Every message names the construct path, the prop, the value given, and what is allowed, so a
 * failed synth points straight at the line to change.
 */
export class BatchValidationError extends Error {
  /** Path of the construct that received the value. */
  public readonly constructPath: string;
  /** The prop that holds the value. */
  public readonly prop: string;
  /** The value as given, rendered for humans. */
  public readonly value: string;
  /** What is allowed. */
  public readonly allowed: string;

  constructor(details: ValidationErrorDetails) {
    super(`${details.constructPath}: invalid ${details.prop} ${details.value}: ${details.allowed}`);
    this.name = 'BatchValidationError';
    this.constructPath = details.constructPath;
    this.prop = details.prop;
    this.value = details.value;
    this.allowed = details.allowed;
    // Keep `instanceof` working when compiled to ES5-style classes by downstream toolchains.
    Object.setPrototypeOf(this, BatchValidationError.prototype);
  }
}

/**
 * Renders a value for an error message: strings quoted, numbers as written (`NaN`, `Infinity`,
 * `-Infinity` too, which JSON would print as `null`), functions as `(a function)`, everything
 * else as JSON.
 * @internal
 */
export function renderValue(value: unknown): string {
  if (value === undefined) {
    return '(not set)';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value === 'function') {
    return '(a function)';
  }
  try {
    return restoreNonFinite(JSON.stringify(value, keepNonFinite)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** JSON has no NaN or Infinity: inside objects they travel as marked strings and are put back. */
const NON_FINITE_MARK = '\u0000non-finite\u0000';

function keepNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return `${NON_FINITE_MARK}${value}`;
  if (typeof value === 'function') return '(a function)';
  return value;
}

function restoreNonFinite(json: string | undefined): string | undefined {
  // JSON.stringify writes the mark's control characters as the six characters \u0000.
  const marked = JSON.stringify(NON_FINITE_MARK).slice(1, -1);
  return json?.split(`"${marked}`).map((part, i) => (i === 0 ? part : part.replace(/^(NaN|-?Infinity)"/, '$1'))).join('');
}

/**
 * Builds a BatchValidationError for a prop of a construct (or of a named non-construct context).
 * @internal
 */
export function invalid(
  where: IConstruct | string,
  prop: string,
  value: unknown,
  allowed: string,
): BatchValidationError {
  const constructPath = typeof where === 'string' ? where : where.node.path || '(root)';
  return new BatchValidationError({ constructPath, prop, value: renderValue(value), allowed });
}
