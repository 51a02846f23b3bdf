import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { INT32_MAX } from './durations';

/*
 * Run-time checks of the JavaScript shape of construct props.
 *
 * TypeScript checks props at compile time only. Callers from other jsii languages and plain
 * JavaScript pass whatever they have: a number where a name belongs, `"false"` for `false`, a
 * function, a class instance where a plain struct is expected, `NaN`. Each construct describes
 * its props once, as a shape built from the checkers below, and checks them first thing, before
 * it creates any object:
 *
 *   checkProps(this, props, struct({ owner: required(text()), backoffLimit: optional(int32({ min: 0 })) }));
 *
 * A shape checks JavaScript types, that numbers are finite, that integers fit int32 (Kubernetes
 * stores its integer fields as int32) and enum membership, plus the Kubernetes rules that need
 * nothing but the value (names, label keys and values, images, exit codes: `textWhere`, see
 * prop-shapes.ts). Ranges with a domain reason (a positive rate) and rules that combine props (at
 * most the number of partitions, a deadline below the schedule's gap) stay with the code that
 * combines them, which runs after this check: by then every value has the type it expects.
 */

/** Checks one value; `at` names where it is, for the error. @internal */
export type Check = (value: unknown, at: PropPath) => void;

/** A field of a struct: its check and whether the prop may be left out. @internal */
export interface Field {
  readonly check: Check;
  readonly required: boolean;
  readonly whenMissing?: string;
}

/** Where a value sits: the construct (or factory) and the dotted prop path. @internal */
export class PropPath {
  constructor(readonly where: IConstruct | string, readonly path: string) {}

  /** The path of a struct field or map entry (`alerts.routingLabels.team`). */
  public field(name: string): PropPath {
    return new PropPath(this.where, this.path === '' ? name : `${this.path}.${name}`);
  }

  /** The path of a list item (`partitions[3]`). */
  public item(index: number): PropPath {
    return new PropPath(this.where, `${this.path}[${index}]`);
  }

  /** Throws the BatchValidationError for a value that breaks the check. */
  public fail(value: unknown, allowed: string): never {
    throw invalid(this.where, this.path === '' ? '(props)' : this.path, value, allowed);
  }
}

/** int32 bounds: Kubernetes stores its integer fields (counts, seconds, limits) as int32. */
const INT32_MIN = -2147483648;

/**
 * Checks a construct's (or a factory's) props against their shape, before anything is built.
 * @internal
 */
export function checkProps(where: IConstruct | string, props: unknown, shape: Check): void {
  shape(props, new PropPath(where, ''));
}

/**
 * A prop the caller must give; `whenMissing` says what to give when the generic "required" is not
 * enough.
 * @internal
 */
export function required(check: Check, whenMissing?: string): Field {
  return { check, required: true, whenMissing };
}

/** A prop the caller may leave out (`undefined`); `null` is refused, as jsii never sends it. @internal */
export function optional(check: Check): Field {
  return { check, required: false };
}

/**
 * A plain object (a jsii struct, an object literal) with these fields. Class instances,
 * functions and arrays are refused: a struct's fields are read by name, and an instance's
 * methods or getters are not props. Own keys named like built-in object properties
 * (`__proto__`, `constructor`, ...) are refused too.
 * @internal
 */
export function struct(fields: Record<string, Field>): Check {
  // Props structs have dozens of optional fields and most are left out: the field list is read
  // once, and a field's path is only built for a value that is there (or missing and required).
  const entries = Object.entries(fields);
  return (value, at) => {
    requirePlainObject(value, at, 'an object with the documented fields (a struct)');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      refuseBuiltInKey(key, record[key], at);
    }
    for (const [name, field] of entries) {
      const fieldValue = record[name];
      if (fieldValue === undefined) {
        if (field.required) at.field(name).fail(fieldValue, field.whenMissing ?? 'required');
        continue;
      }
      const fieldAt = at.field(name);
      if (fieldValue === null) {
        fieldAt.fail(fieldValue, 'leave the prop out instead of null');
      }
      field.check(fieldValue, fieldAt);
    }
  };
}

/** The fields of several structs as one (an interface that extends others). @internal */
export function fieldsOf(...parts: Record<string, Field>[]): Record<string, Field> {
  return Object.assign({}, ...parts);
}

/** A string. Emptiness and syntax are the business of the code that uses it. @internal */
export function text(): Check {
  return (value, at) => {
    if (typeof value !== 'string') at.fail(value, `a string, not ${describeType(value)}`);
    refuseLoneSurrogate(value as string, value, at);
  };
}

/**
 * A UTF-16 surrogate without its pair. JavaScript strings may hold one; UTF-8 cannot encode it, so
 * the YAML writer escapes it as `\uD800`, which Kubernetes' YAML reader refuses ("found invalid
 * Unicode character escape code"): the whole file would fail to apply.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuseLoneSurrogate(str: string, value: unknown, at: PropPath): void {
  const lone = LONE_SURROGATE.exec(str);
  if (lone) {
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    at.fail(value, `text that UTF-8 can encode: it holds a lone surrogate U+${code} at index ${lone.index}, which no YAML reader accepts`);
  }
}

/** A string with at least one non-blank character. @internal */
export function nonBlankText(): Check {
  return (value, at) => {
    text()(value, at);
    if ((value as string).trim().length === 0) at.fail(value, 'a non-empty text is required');
  };
}

/**
 * A string that passes one of Kubernetes' rules (core/names.ts and friends). Run in the shape
 * phase, so it fails before anything is built; the rule's own error names the prop.
 * @internal
 */
export function textWhere(rule: (where: IConstruct | string, prop: string, value: string) => unknown): Check {
  return (value, at) => {
    text()(value, at);
    rule(at.where, at.path, value as string);
  };
}

/** true or false (not the strings "true"/"false", not 0/1). @internal */
export function bool(): Check {
  return (value, at) => {
    if (typeof value !== 'boolean') at.fail(value, `true or false, not ${describeType(value)}`);
  };
}

/** Bounds and the reason for them, for number checks. @internal */
export interface NumberBounds {
  readonly min?: number;
  /** The value must be greater than this (e.g. 0 for "positive"). */
  readonly above?: number;
  readonly max?: number;
  /** Why the bounds are what they are, for the error. */
  readonly why?: string;
}

/**
 * A finite number (not NaN, not ±Infinity) within the bounds.
 * @internal
 */
export function finite(bounds: NumberBounds = {}): Check {
  return (value, at) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      at.fail(value, `a finite number${rangeText(bounds)}, not ${describeType(value)}`);
    }
    checkBounds(value as number, bounds, at);
  };
}

/**
 * A whole number within int32 (Kubernetes stores its integer fields as int32) and the bounds.
 * @internal
 */
export function int32(bounds: NumberBounds = {}): Check {
  const within: NumberBounds = {
    ...bounds,
    min: Math.max(bounds.min ?? INT32_MIN, INT32_MIN),
    max: Math.min(bounds.max ?? INT32_MAX, INT32_MAX),
  };
  return (value, at) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      at.fail(value, `a whole number${rangeText(within)}, not ${describeType(value)}`);
    }
    checkBounds(value as number, within, at);
  };
}

/**
 * One of an enum's values. Other jsii languages pass the enum's value; a plain JavaScript caller
 * can pass anything, and an unknown value must not reach the manifest.
 * @internal
 */
export function oneOf(enumName: string, values: Record<string, string>): Check {
  const allowed = Object.entries(values);
  return (value, at) => {
    if (!allowed.some(([, v]) => v === value)) {
      at.fail(value, `one of ${allowed.map(([k, v]) => `${enumName}.${k} ("${v}")`).join(', ')}`);
    }
  };
}

/** A list (a real Array) whose every item passes `item`. @internal */
export function list(item: Check, bounds: { minLength?: number; maxLength?: number } = {}): Check {
  return (value, at) => {
    if (!Array.isArray(value)) at.fail(value, `a list, not ${describeType(value)}`);
    const items = value as unknown[];
    if (bounds.minLength !== undefined && items.length < bounds.minLength) {
      at.fail(value, `a list of at least ${bounds.minLength} item${bounds.minLength === 1 ? '' : 's'}`);
    }
    if (bounds.maxLength !== undefined && items.length > bounds.maxLength) {
      at.fail(`${items.length} items`, `a list of at most ${bounds.maxLength} items`);
    }
    for (let i = 0; i < items.length; i++) {
      if (items[i] === undefined || items[i] === null) at.item(i).fail(items[i], 'a value (lists may not have holes)');
      item(items[i], at.item(i));
    }
  };
}

/**
 * A plain-object map from names to values (labels, env, parameters). Keys named like built-in
 * object properties are refused: code reading the map by key could get the built-in instead.
 * @internal
 */
export function stringMap(value: Check = text(), key?: (name: string, at: PropPath) => void): Check {
  return (map, at) => {
    requirePlainObject(map, at, 'an object of names to strings');
    const record = map as Record<string, unknown>;
    for (const name of Object.keys(record)) {
      refuseBuiltInKey(name, record[name], at);
      refuseLoneSurrogate(name, record[name], at.field(name));
      key?.(name, at);
      value(record[name], at.field(name));
    }
  };
}

/**
 * An instance of a class the prop's type names: `Duration`, `Size`, `Cpu`, `QueueTrigger`...
 *
 * `instanceof` first. Other jsii languages hand over the same JavaScript objects, so it holds for
 * them too. The fallback compares the jsii type name (`cdk8s.Duration`) that jsii stamps on every
 * class: cdk8s and cdk8s-plus are peer dependencies, and a monorepo can still install a second
 * copy of one, whose instances are the same type to the user but fail `instanceof`.
 * @internal
 */
export function instanceOf(typeName: string, type: { readonly prototype: object }, example: string): Check {
  const fqn = jsiiName(type);
  return (value, at) => {
    if (value instanceof (type as unknown as new () => object)) return;
    if (fqn !== undefined && value !== null && typeof value === 'object' && jsiiName(value.constructor) === fqn) return;
    at.fail(value, `a ${typeName} (e.g. ${example}), not ${describeType(value)}`);
  };
}

/** A cdk8s Duration. @internal */
export function duration(): Check {
  return instanceOf('Duration', Duration, 'Duration.minutes(5)');
}

/** A cdk8s Size. @internal */
export function size(): Check {
  return instanceOf('Size', Size, 'Size.mebibytes(512)');
}

/** A cdk8s-plus Cpu. @internal */
export function cpu(): Check {
  return instanceOf('Cpu', Cpu, 'Cpu.millis(500)');
}

/** Keys that every JavaScript object already has through its prototype. */
const BUILT_IN_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function refuseBuiltInKey(key: string, value: unknown, at: PropPath): void {
  if (BUILT_IN_KEYS.has(key)) {
    at.field(key).fail(value,
      `"${key}" is a built-in property name of JavaScript objects (${['__proto__', 'constructor', 'toString', 'prototype'].join(', ')}, ...); ` +
      'code that reads the map by key could read the built-in instead, so choose another name');
  }
}

function requirePlainObject(value: unknown, at: PropPath, what: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    at.fail(value, `${what}, not ${describeType(value)}`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    at.fail(value, `${what}, not ${describeType(value)}`);
  }
}

function checkBounds(value: number, bounds: NumberBounds, at: PropPath): void {
  const tooLow = (bounds.min !== undefined && value < bounds.min) || (bounds.above !== undefined && value <= bounds.above);
  const tooHigh = bounds.max !== undefined && value > bounds.max;
  if (tooLow || tooHigh) {
    at.fail(value, `a number${rangeText(bounds)}${bounds.why ? ` (${bounds.why})` : ''}`);
  }
}

function rangeText(bounds: NumberBounds): string {
  const low = bounds.above !== undefined ? `above ${bounds.above}` : bounds.min !== undefined ? `from ${bounds.min}` : undefined;
  const high = bounds.max !== undefined ? `${low ? ' to' : ' at most'} ${bounds.max}` : '';
  const storage = bounds.max === INT32_MAX ? ' (int32, as Kubernetes stores it)' : '';
  return `${low ? ` ${low}` : ''}${high}${storage}`;
}

/** The JavaScript type of a value in words, for errors. @internal */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') {
    return Number.isNaN(value) ? 'NaN' : !Number.isFinite(value) ? String(value) : `the number ${value}`;
  }
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    const name = proto?.constructor?.name;
    return proto === Object.prototype || proto === null ? 'an object' : `an instance of ${typeof name === 'string' && name ? name : 'a class'}`;
  }
  return `a ${typeof value}`;
}

function jsiiName(type: unknown): string | undefined {
  const rtti = (type as Record<symbol, { fqn?: unknown } | undefined> | undefined)?.[Symbol.for('jsii.rtti')];
  return typeof rtti?.fqn === 'string' ? rtti.fqn : undefined;
}
