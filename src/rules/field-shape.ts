/**
 * Checks a manifest object against the Kubernetes types it claims to be, field by field, the way
 * the API server decodes it: every key must be a field of its type (exact case, as the server's
 * JSON decoder matches names), and every value must have the JSON type of its field, an integer
 * within its int32/int64 range where an integer is required. Field lists and types come from
 * k8s-fields.generated.ts.
 *
 * Every workload of an audit passes through here, so the walk allocates nothing for a valid
 * object: type codes are parsed once into descriptors, and a field's path is only spelled out
 * when it has a problem.
 */
import { KEY_BYTES_PER_UNIT, KEY_OVERHEAD, SCALAR_BYTES, STRING_BYTES_PER_UNIT, jsonBytesBound, plainObjectsReadByKeys, selfSerializedBytesBound, selfSerializing } from './annotation-size';
import { FIELD_TABLE, ROOT_TYPES } from './k8s-fields.generated';
import { Obj, isPlainObject, str } from './manifest';

/** What is wrong with one field, and where. */
export interface FieldProblem {
  /** `spec.template.spec.containers[0].env[1].value` */
  readonly path: string;
  readonly kind: 'unknown-field' | 'wrong-type' | 'out-of-range';
  /** What is wrong, without the path, e.g. `is a string ("2") where Kubernetes requires an integer`. */
  readonly detail: string;
  /** For an unknown field: the known field whose name differs only in case. */
  readonly suggestion?: string;
}

const INT32_MAX = 2147483647;
const INT64_MAX = 9223372036854775807;

/** A parsed type code (see k8s-fields.generated.ts). */
type Shape =
  | { readonly is: 'scalar'; readonly code: string }
  | { readonly is: 'list' | 'map'; readonly item: Shape }
  | { readonly is: 'struct'; readonly name: string; readonly fields: ReadonlyMap<string, Shape>; readonly lowerCase: ReadonlyMap<string, string> };

const shapes = new Map<string, Shape>();

function shapeOf(code: string): Shape {
  let shape = shapes.get(code);
  if (shape) return shape;
  if (code.startsWith('[')) shape = { is: 'list', item: shapeOf(code.slice(1, -1)) };
  else if (code.startsWith('{')) shape = { is: 'map', item: shapeOf(code.slice(1, -1)) };
  else if (FIELD_TABLE[code] !== undefined) shape = structShape(code);
  else shape = { is: 'scalar', code };
  shapes.set(code, shape);
  return shape;
}

function structShape(name: string): Shape {
  const fields = new Map<string, Shape>();
  const lowerCase = new Map<string, string>();
  const shape: Shape = { is: 'struct', name, fields, lowerCase };
  // Registered before its fields are parsed: types refer to themselves (JSONSchemaProps-like cycles).
  shapes.set(name, shape);
  for (const pair of FIELD_TABLE[name].split(' ')) {
    const colon = pair.indexOf(':');
    const field = pair.slice(0, colon);
    fields.set(field, shapeOf(pair.slice(colon + 1)));
    lowerCase.set(field.toLowerCase(), field);
  }
  return shape;
}

/**
 * ROOT_TYPES as apiVersion → kind → root type, so a lookup (two per workload of an audit)
 * builds no key string. Neither part of a key holds a space, so splitting at it is exact.
 */
const ROOT_TYPE_BY_VERSION = new Map<string, Map<string, string>>();
for (const [key, type] of Object.entries(ROOT_TYPES)) {
  const [apiVersion, kind] = key.split(' ');
  let byKind = ROOT_TYPE_BY_VERSION.get(apiVersion);
  if (!byKind) {
    byKind = new Map();
    ROOT_TYPE_BY_VERSION.set(apiVersion, byKind);
  }
  byKind.set(kind, type);
}

/** The root type of an object checked field by field (batch/v1 Job, CronJob; apps/v1 Deployment). */
export function rootType(doc: Obj): string | undefined {
  const apiVersion = str(doc.apiVersion);
  const kind = str(doc.kind);
  return apiVersion === undefined || kind === undefined ? undefined : ROOT_TYPE_BY_VERSION.get(apiVersion)?.get(kind);
}

/** Every field problem of an object whose kind has a root type, in document order. */
export function fieldProblems(doc: Obj): readonly FieldProblem[] {
  return walkObject(doc).problems;
}

/** What one walk over an object finds. */
export interface ObjectWalk {
  /** Every field problem, in document order (none for a kind without a root type). */
  readonly problems: readonly FieldProblem[];
  /** {@link jsonBytesBound} of the object, summed on the way. */
  readonly jsonBytesBound: number;
}

const NO_PROBLEMS: readonly FieldProblem[] = Object.freeze([]);

/**
 * The field problems of an object and the upper bound of its JSON size, in one pass: rules
 * `field-invalid` and `too-large-for-client-side-apply` both read the whole of every workload,
 * and a second walk over the same tree was the largest single cost of the audit.
 */
export function walkObject(doc: Obj): ObjectWalk {
  const root = rootType(doc);
  if (root === undefined) return { problems: NO_PROBLEMS, jsonBytesBound: jsonBytesBound(doc) };
  const walk = new Walk();
  const bound = walk.value(doc, shapeOf(root));
  return { problems: walk.out ?? NO_PROBLEMS, jsonBytesBound: bound };
}

/**
 * One pass over an object; `segments` is the path to the value being checked. Each step returns
 * {@link jsonBytesBound} of the value it checked (a value the walk does not descend into, such
 * as an unknown field, is measured by jsonBytesBound itself), so the sum is the same number.
 */
class Walk {
  /** The problems found, created with the first one (a valid object allocates none). */
  out: FieldProblem[] | undefined;
  private readonly segments: (string | number)[] = [];
  /** Plain objects may be iterated with `for…in` and asked for toJSON by key (see plainObjectsReadByKeys). */
  private readonly forIn = plainObjectsReadByKeys();

  /** Checks one value; null means unset and always passes. */
  value(value: unknown, shape: Shape): number {
    if (value === null || value === undefined) return SCALAR_BYTES;
    switch (shape.is) {
      case 'struct': return this.struct(value, shape);
      case 'list': return this.list(value, shape.item);
      case 'map': return this.map(value, shape.item);
      default: return this.scalar(value, shape.code);
    }
  }

  private struct(value: unknown, shape: Extract<Shape, { is: 'struct' }>): number {
    if (typeof value !== 'object' || Array.isArray(value)) return this.wrongType(value, 'an object');
    const o = value as Obj;
    let bytes = 2;
    if (this.forIn && isPlainObject(o)) {
      let toJson = false;
      for (const key in o) {
        bytes += this.field(o, key, shape);
        if (key === 'toJSON') toJson = true;
      }
      return toJson && selfSerializing(o) ? selfSerializedBytesBound(o) : bytes;
    }
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) bytes += this.field(o, keys[i], shape);
    return selfSerializing(o) ? selfSerializedBytesBound(o) : bytes;
  }

  /** One key of a struct: checked against its field, or reported as unknown. */
  private field(o: Obj, key: string, shape: Extract<Shape, { is: 'struct' }>): number {
    this.segments.push(key);
    const field = shape.fields.get(key);
    let bytes: number;
    if (field === undefined) {
      this.unknownField(key, shape);
      bytes = jsonBytesBound(o[key]);
    } else {
      bytes = this.value(o[key], field);
    }
    this.segments.pop();
    return KEY_BYTES_PER_UNIT * key.length + KEY_OVERHEAD + bytes;
  }

  /** A key that is not a field of the struct (the path already ends with it). */
  private unknownField(key: string, shape: Extract<Shape, { is: 'struct' }>): void {
    (this.out ??= []).push({
      path: this.path(),
      kind: 'unknown-field',
      detail: `not a field of ${shape.name.replace(/^V1/, '')}`,
      suggestion: shape.lowerCase.get(key.toLowerCase()),
    });
  }

  private list(value: unknown, item: Shape): number {
    if (!Array.isArray(value)) return this.wrongType(value, 'a list');
    let bytes = 2;
    for (let i = 0; i < value.length; i++) {
      this.segments.push(i);
      bytes += this.value(value[i], item) + 1;
      this.segments.pop();
    }
    return bytes;
  }

  private map(value: unknown, item: Shape): number {
    if (typeof value !== 'object' || Array.isArray(value)) return this.wrongType(value, 'a map');
    const o = value as Obj;
    let bytes = 2;
    if (this.forIn && isPlainObject(o)) {
      let toJson = false;
      for (const key in o) {
        bytes += this.entry(o, key, item);
        if (key === 'toJSON') toJson = true;
      }
      return toJson && selfSerializing(o) ? selfSerializedBytesBound(o) : bytes;
    }
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) bytes += this.entry(o, keys[i], item);
    return selfSerializing(o) ? selfSerializedBytesBound(o) : bytes;
  }

  private entry(o: Obj, key: string, item: Shape): number {
    this.segments.push(key);
    const bytes = this.value(o[key], item);
    this.segments.pop();
    return KEY_BYTES_PER_UNIT * key.length + KEY_OVERHEAD + bytes;
  }

  private scalar(value: unknown, code: string): number {
    switch (code) {
      case '*':
        break;
      case 's':
      case 't':
        if (typeof value !== 'string') this.wrongType(value, code === 't' ? 'a timestamp string' : 'a string');
        break;
      case 'b':
        if (typeof value !== 'boolean') this.wrongType(value, 'a boolean (true or false)');
        break;
      case 'n':
        if (typeof value !== 'number') this.wrongType(value, 'a number');
        break;
      case 'i32':
      case 'i64':
        if (typeof value !== 'number') this.wrongType(value, `an integer (${code === 'i32' ? 'int32' : 'int64'})`);
        else this.integer(value, code === 'i32' ? 32 : 64);
        break;
      case 'q':
        if (typeof value !== 'string' && typeof value !== 'number') this.wrongType(value, 'a quantity (a string such as "500m" or a number)');
        break;
      case 'ios':
        if (typeof value === 'number') this.integer(value, 32);
        else if (typeof value !== 'string') this.wrongType(value, 'an integer or a string');
        break;
      default:
        throw new Error(`field table: unknown type code ${code}`);
    }
    return typeof value === 'string' ? STRING_BYTES_PER_UNIT * value.length + 2 : jsonBytesBound(value);
  }

  private integer(value: number, bits: 32 | 64): void {
    if (!Number.isInteger(value)) return void this.wrongType(value, `an integer (int${bits})`);
    const max = bits === 32 ? INT32_MAX : INT64_MAX;
    if (value > max || value < -max - 1) {
      (this.out ??= []).push({ path: this.path(), kind: 'out-of-range', detail: `is ${value}, which does not fit in an int${bits} (${-max - 1} to ${max})` });
    }
  }

  /** Reports a value of the wrong type, which the walk does not descend into; returns its bound. */
  private wrongType(value: unknown, wanted: string): number {
    (this.out ??= []).push({ path: this.path(), kind: 'wrong-type', detail: `is ${describe(value)} where Kubernetes requires ${wanted}` });
    return jsonBytesBound(value);
  }

  /** `spec.template.spec.containers[0].env[1].value` */
  private path(): string {
    let out = '';
    for (const s of this.segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
    return out;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const short = shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
  return `${typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean'} (${short})`;
}
