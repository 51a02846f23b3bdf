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
 * Every cdk8s-batch validation message starts with this: from Python, Java or Go the error arrives
 * as the host language's plain runtime exception carrying only the message (jsii cannot carry a
 * subclass of `Error`), and the prefix is how a caller tells ours apart.
 */
const MESSAGE_PREFIX = '[cdk8s-batch] ';

/**
 * jsii's Java runtime puts the JavaScript stack after the message (`JsiiError.getMessage()` is
 * `<message>\n<stack>`), and a stack starts with the error's name: parse reads up to it.
 */
const STACK_START = '\nBatchValidationError: ';

/** Ends the construct path in a message: `<prefix><construct path>: invalid <prop> <value>: <allowed>`. */
const PATH_END = ': invalid ';

/**
 * Recognises cdk8s-batch's errors from any jsii language (jsii cannot export a subclass of
 * `Error`; TypeScript users may also `import { BatchValidationError } from 'cdk8s-batch/lib/errors'`).
 *
 * In Python, Java and Go the error is a plain runtime exception (`RuntimeError`,
 * `RuntimeException`, a Go panic) whose message is the error's message: `BatchErrors.parse` reads
 * the construct path, prop, value and what is allowed back out of it.
 */
export class BatchErrors {
  /**
   * The text every cdk8s-batch validation error message starts with.
   */
  public static readonly MESSAGE_PREFIX: string = MESSAGE_PREFIX;

  /**
   * True when `x` is the error cdk8s-batch throws for invalid input (a JavaScript value; from
   * other languages use `parse` on the exception's message).
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

  /**
   * The details in the message of a cdk8s-batch validation error, or undefined when `message`
   * is not one (it does not start with `MESSAGE_PREFIX`, or is not shaped like ours).
   *
   * The message is `[cdk8s-batch] <construct path>: invalid <prop> <value>: <allowed>`; the
   * value is always rendered as JSON, a number, `(not set)` or `(a function)`, which is what
   * tells where the prop ends and the value begins.
   *
   * @param message the message of the exception the host language raised (Python `str(e)`,
   *   Java `e.getMessage()`, which jsii follows with the JavaScript stack, a Go panic's
   *   `error.Error()`)
   */
  public static parse(message: string): ValidationErrorDetails | undefined {
    return parseMessage(message);
  }

  private constructor() {}
}

/**
 * The one error type cdk8s-batch throws for input it cannot turn into a valid, safe manifest.
 *
 * Every message names the construct path, the prop, the value given, and what is allowed, so a
 * failed synth points straight at the line to change; it starts with `BatchErrors.MESSAGE_PREFIX`
 * and `BatchErrors.parse` reads the four back out of it.
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
    super(`${MESSAGE_PREFIX}${details.constructPath}${PATH_END}${details.prop} ${details.value}: ${details.allowed}`);
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

/**
 * Reads a message written by BatchValidationError back into its four parts. The construct path
 * ends at the first `: invalid ` (construct ids never contain it in practice); the prop ends at
 * the first space after which a rendered value (see renderValue) is followed by `: `, so a prop
 * with a space in it (`context cdk8s-batch:gitOps`) still parses.
 */
function parseMessage(message: string): ValidationErrorDetails | undefined {
  if (!message.startsWith(MESSAGE_PREFIX)) return undefined;
  const stackAt = message.indexOf(STACK_START);
  const rest = message.slice(MESSAGE_PREFIX.length, stackAt < 0 ? undefined : stackAt);
  const pathEnd = rest.indexOf(PATH_END);
  if (pathEnd < 0) return undefined;
  const constructPath = rest.slice(0, pathEnd);
  const tail = rest.slice(pathEnd + PATH_END.length);
  for (let space = tail.indexOf(' '); space > 0; space = tail.indexOf(' ', space + 1)) {
    const valueEnd = renderedValueEnd(tail, space + 1);
    if (valueEnd !== undefined && tail.startsWith(': ', valueEnd)) {
      return {
        constructPath,
        prop: tail.slice(0, space),
        value: tail.slice(space + 1, valueEnd),
        allowed: tail.slice(valueEnd + 2),
      };
    }
  }
  return undefined;
}

/** Words renderValue writes for what JSON has no text for, and JSON's own bare words. */
const RENDERED_WORDS = ['(not set)', '(a function)', 'true', 'false', 'null'];
/** A number as String(number) writes it (NaN and the infinities included), or a bigint. */
const RENDERED_NUMBER = /^-?(?:NaN|Infinity|\d+(?:\.\d+)?(?:e[+-]\d+)?)/;

/** Where the value renderValue wrote at `start` ends, or undefined when none starts there. */
function renderedValueEnd(text: string, start: number): number | undefined {
  const word = RENDERED_WORDS.find((w) => text.startsWith(w, start));
  if (word) return start + word.length;
  const first = text[start];
  if (first === '"') return jsonStringEnd(text, start);
  if (first === '{' || first === '[') return bracketedEnd(text, start);
  const number = RENDERED_NUMBER.exec(text.slice(start));
  return number ? start + number[0].length : undefined;
}

/** The end of the JSON string starting at `start` (a quote), past its closing quote. */
function jsonStringEnd(text: string, start: number): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return undefined;
}

/** The end of the JSON object or array starting at `start`, past its closing bracket. */
function bracketedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = jsonStringEnd(text, i);
      if (end === undefined) return undefined;
      i = end - 1;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}
