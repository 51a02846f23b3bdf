import { parseGoDuration } from './go-duration';
import { goAtoi, goFields, goLowerForAsciiCompare } from './go-strings';

/**
 * The robfig/cron v3 `ParseStandard` grammar, the parser the Kubernetes API server runs on
 * `spec.schedule`: five fields (minute hour day-of-month month day-of-week) or a descriptor.
 * Accept/reject decisions and error texts follow robfig exactly; anything robfig accepts (even
 * oddities such as an empty list `,` or `*-5`, which it reads as `*`) is accepted here too.
 */

/** The set of values one field allows, plus robfig's "star bit" (the field was `*` or `?`). */
export interface FieldSet {
  /** `allowed[v]` is 1 when value v is in the set. Indexes outside the field's range stay 0. */
  readonly allowed: Uint8Array;
  /** True when any list item started with `*` or `?` and had no step above 1. */
  readonly star: boolean;
  /**
   * For each value v, how many unit steps lead to the next allowed value above v, or past the
   * field's maximum (where robfig rolls over), whichever comes first. Lets the next-run search
   * skip runs of disallowed values.
   */
  readonly stepsToNext: Uint8Array;
}

/** A field-based schedule (five fields or a descriptor such as `@daily`). */
export interface SpecSchedule {
  readonly kind: 'spec';
  readonly minute: FieldSet;
  readonly hour: FieldSet;
  readonly dayOfMonth: FieldSet;
  readonly month: FieldSet;
  readonly dayOfWeek: FieldSet;
  /** The descriptor used, when the schedule was one (`@daily`...). */
  readonly descriptor?: string;
}

/** `@every <duration>`: a fixed delay after the previous run, whole seconds. */
export interface DelaySchedule {
  readonly kind: 'every';
  readonly delaySeconds: number;
}

export type ParsedSchedule = SpecSchedule | DelaySchedule;

/** A parsed schedule, or robfig's error text. */
export type ParseResult = { schedule: ParsedSchedule; error?: undefined } | { schedule?: undefined; error: string };

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyMap<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: new Map(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((n, i) => [n, i + 1])),
};
const DAYS_OF_WEEK: Bounds = {
  min: 0,
  max: 6,
  names: new Map(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((n, i) => [n, i])),
};

class FieldError extends Error {}

/** Go's `strings.Split`: keeps empty pieces. */
function split(text: string, sep: string): string[] {
  return text.split(sep);
}

function parseNumber(text: string): bigint {
  const parsed = goAtoi(text);
  if (parsed.error !== undefined) {
    throw new FieldError(`failed to parse int from ${text}: ${parsed.error}`);
  }
  if (parsed.value < 0n) {
    throw new FieldError(`negative number (${parsed.value}) not allowed: ${text}`);
  }
  return parsed.value;
}

function parseNumberOrName(text: string, names: ReadonlyMap<string, number> | undefined): bigint {
  const named = names?.get(goLowerForAsciiCompare(text));
  if (named !== undefined) {
    return BigInt(named);
  }
  return parseNumber(text);
}

/** One list item: `*`, `?`, `n`, `a-b`, each optionally `/step`. Sets bits in `into`, returns whether it carries the star bit. */
function addRange(expr: string, bounds: Bounds, into: Uint8Array): boolean {
  const rangeAndStep = split(expr, '/');
  const lowAndHigh = split(rangeAndStep[0], '-');
  const single = lowAndHigh.length === 1;
  let start: bigint;
  let end: bigint;
  let step: bigint;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // robfig ignores anything after a hyphen here, so `*-5` means `*`.
    start = BigInt(bounds.min);
    end = BigInt(bounds.max);
    star = true;
  } else {
    start = parseNumberOrName(lowAndHigh[0], bounds.names);
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      end = parseNumberOrName(lowAndHigh[1], bounds.names);
    } else {
      throw new FieldError(`too many hyphens: ${expr}`);
    }
  }
  if (rangeAndStep.length === 1) {
    step = 1n;
  } else if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1]);
    // `n/step` means `n-max/step`.
    if (single) {
      end = BigInt(bounds.max);
    }
    // Only a real step clears the star bit: `*/1` still counts as unrestricted.
    if (step > 1n) {
      star = false;
    }
  } else {
    throw new FieldError(`too many slashes: ${expr}`);
  }
  if (start < BigInt(bounds.min)) {
    throw new FieldError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  }
  if (end > BigInt(bounds.max)) {
    throw new FieldError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  }
  if (start > end) {
    throw new FieldError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  }
  if (step === 0n) {
    throw new FieldError(`step of range should be a positive number: ${expr}`);
  }
  for (let v = Number(start); v <= Number(end); v += Number(step)) {
    into[v] = 1;
  }
  return star;
}

/** A comma-separated list of ranges; empty items are dropped (Go's `strings.FieldsFunc`). */
function parseField(text: string, bounds: Bounds): FieldSet {
  const allowed = new Uint8Array(bounds.max + 1);
  let star = false;
  for (const item of text.split(',')) {
    if (item !== '') {
      star = addRange(item, bounds, allowed) || star;
    }
  }
  return fieldSet(allowed, star);
}

function fieldSet(allowed: Uint8Array, star: boolean): FieldSet {
  const stepsToNext = new Uint8Array(allowed.length);
  for (let v = 0; v < allowed.length; v++) {
    let k = 1;
    while (v + k < allowed.length && allowed[v + k] !== 1) {
      k++;
    }
    stepsToNext[v] = k;
  }
  return { allowed, star, stepsToNext };
}

function fullField(bounds: Bounds): FieldSet {
  const allowed = new Uint8Array(bounds.max + 1);
  allowed.fill(1, bounds.min);
  return fieldSet(allowed, true);
}

function singleValue(bounds: Bounds, value: number): FieldSet {
  const allowed = new Uint8Array(bounds.max + 1);
  allowed[value] = 1;
  return fieldSet(allowed, false);
}

function descriptorSchedule(descriptor: string): ParseResult {
  const midnight = { minute: singleValue(MINUTES, 0), hour: singleValue(HOURS, 0) };
  switch (descriptor) {
    case '@yearly':
    case '@annually':
      return { schedule: { kind: 'spec', descriptor, ...midnight, dayOfMonth: singleValue(DAYS_OF_MONTH, 1), month: singleValue(MONTHS, 1), dayOfWeek: fullField(DAYS_OF_WEEK) } };
    case '@monthly':
      return { schedule: { kind: 'spec', descriptor, ...midnight, dayOfMonth: singleValue(DAYS_OF_MONTH, 1), month: fullField(MONTHS), dayOfWeek: fullField(DAYS_OF_WEEK) } };
    case '@weekly':
      return { schedule: { kind: 'spec', descriptor, ...midnight, dayOfMonth: fullField(DAYS_OF_MONTH), month: fullField(MONTHS), dayOfWeek: singleValue(DAYS_OF_WEEK, 0) } };
    case '@daily':
    case '@midnight':
      return { schedule: { kind: 'spec', descriptor, ...midnight, dayOfMonth: fullField(DAYS_OF_MONTH), month: fullField(MONTHS), dayOfWeek: fullField(DAYS_OF_WEEK) } };
    case '@hourly':
      return { schedule: { kind: 'spec', descriptor, minute: singleValue(MINUTES, 0), hour: fullField(HOURS), dayOfMonth: fullField(DAYS_OF_MONTH), month: fullField(MONTHS), dayOfWeek: fullField(DAYS_OF_WEEK) } };
    default:
      break;
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const duration = parseGoDuration(descriptor.slice(every.length));
    if (duration.error !== undefined) {
      return { error: `failed to parse duration ${descriptor}: ${duration.error}` };
    }
    // robfig: below one second becomes one second; otherwise sub-second parts are dropped.
    const second = 1_000_000_000n;
    const nanos = duration.nanos < second ? second : duration.nanos - (duration.nanos % second);
    return { schedule: { kind: 'every', delaySeconds: Number(nanos / second) } };
  }
  return { error: `unrecognized descriptor: ${descriptor}` };
}

/** Go's `%s` of a `[]string`. */
function formatList(items: string[]): string {
  return `[${items.join(' ')}]`;
}

/**
 * robfig/cron v3 `ParseStandard`, without its `TZ=`/`CRON_TZ=` prefix support (Kubernetes
 * rejects any schedule containing `TZ` once `spec.timeZone` is set, and callers check that
 * first).
 */
export function parseStandard(spec: string): ParseResult {
  if (spec.length === 0) {
    return { error: 'empty spec string' };
  }
  if (spec.startsWith('@')) {
    return descriptorSchedule(spec);
  }
  const fields = goFields(spec);
  if (fields.length !== 5) {
    return { error: `expected exactly 5 fields, found ${fields.length}: ${formatList(fields)}` };
  }
  try {
    return {
      schedule: {
        kind: 'spec',
        minute: parseField(fields[0], MINUTES),
        hour: parseField(fields[1], HOURS),
        dayOfMonth: parseField(fields[2], DAYS_OF_MONTH),
        month: parseField(fields[3], MONTHS),
        dayOfWeek: parseField(fields[4], DAYS_OF_WEEK),
      },
    };
  } catch (e) {
    if (e instanceof FieldError) {
      return { error: e.message };
    }
    throw e;
  }
}
