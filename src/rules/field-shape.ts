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
import { FIELD_TABLE, ROOT_TYPES } from './k8s-fields.generated';
import { Obj, forInSeesOwnKeysOnly, isPlainObject, str } from './manifest';

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
export function fieldProblems(doc: Obj): FieldProblem[] {
  const root = rootType(doc);
  const problems: FieldProblem[] = [];
  if (root !== undefined) new Walk(problems).value(doc, shapeOf(root));
  return problems;
}

/** One pass over an object; `segments` is the path to the value being checked. */
class Walk {
  private readonly segments: (string | number)[] = [];
  /** Plain objects may be iterated with `for…in` (no key array per object; see forInSeesOwnKeysOnly). */
  private readonly forIn = forInSeesOwnKeysOnly();

  constructor(private readonly out: FieldProblem[]) {}

  /** Checks one value; null means unset and always passes. */
  value(value: unknown, shape: Shape): void {
    if (value === null || value === undefined) return;
    switch (shape.is) {
      case 'struct': return this.struct(value, shape);
      case 'list': return this.list(value, shape.item);
      case 'map': return this.map(value, shape.item);
      default: return this.scalar(value, shape.code);
    }
  }

  private struct(value: unknown, shape: Extract<Shape, { is: 'struct' }>): void {
    if (typeof value !== 'object' || Array.isArray(value)) return this.wrongType(value, 'an object');
    const o = value as Obj;
    if (this.forIn && isPlainObject(o)) {
      for (const key in o) {
        this.segments.push(key);
        const field = shape.fields.get(key);
        if (field === undefined) this.unknownField(key, shape);
        else this.value(o[key], field);
        this.segments.pop();
      }
      return;
    }
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      this.segments.push(key);
      const field = shape.fields.get(key);
      if (field === undefined) this.unknownField(key, shape);
      else this.value(o[key], field);
      this.segments.pop();
    }
  }

  /** A key that is not a field of the struct (the path already ends with it). */
  private unknownField(key: string, shape: Extract<Shape, { is: 'struct' }>): void {
    this.out.push({
      path: this.path(),
      kind: 'unknown-field',
      detail: `not a field of ${shape.name.replace(/^V1/, '')}`,
      suggestion: shape.lowerCase.get(key.toLowerCase()),
    });
  }

  private list(value: unknown, item: Shape): void {
    if (!Array.isArray(value)) return this.wrongType(value, 'a list');
    for (let i = 0; i < value.length; i++) {
      this.segments.push(i);
      this.value(value[i], item);
      this.segments.pop();
    }
  }

  private map(value: unknown, item: Shape): void {
    if (typeof value !== 'object' || Array.isArray(value)) return this.wrongType(value, 'a map');
    const o = value as Obj;
    if (this.forIn && isPlainObject(o)) {
      for (const key in o) {
        this.segments.push(key);
        this.value(o[key], item);
        this.segments.pop();
      }
      return;
    }
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      this.segments.push(keys[i]);
      this.value(o[keys[i]], item);
      this.segments.pop();
    }
  }

  private scalar(value: unknown, code: string): void {
    switch (code) {
      case '*':
        return;
      case 's':
      case 't':
        if (typeof value !== 'string') this.wrongType(value, code === 't' ? 'a timestamp string' : 'a string');
        return;
      case 'b':
        if (typeof value !== 'boolean') this.wrongType(value, 'a boolean (true or false)');
        return;
      case 'n':
        if (typeof value !== 'number') this.wrongType(value, 'a number');
        return;
      case 'i32':
      case 'i64':
        if (typeof value !== 'number') return this.wrongType(value, `an integer (${code === 'i32' ? 'int32' : 'int64'})`);
        return this.integer(value, code === 'i32' ? 32 : 64);
      case 'q':
        if (typeof value !== 'string' && typeof value !== 'number') this.wrongType(value, 'a quantity (a string such as "500m" or a number)');
        return;
      case 'ios':
        if (typeof value === 'number') return this.integer(value, 32);
        if (typeof value !== 'string') this.wrongType(value, 'an integer or a string');
        return;
      default:
        throw new Error(`field table: unknown type code ${code}`);
    }
  }

  private integer(value: number, bits: 32 | 64): void {
    if (!Number.isInteger(value)) return this.wrongType(value, `an integer (int${bits})`);
    const max = bits === 32 ? INT32_MAX : INT64_MAX;
    if (value > max || value < -max - 1) {
      this.out.push({ path: this.path(), kind: 'out-of-range', detail: `is ${value}, which does not fit in an int${bits} (${-max - 1} to ${max})` });
    }
  }

  private wrongType(value: unknown, wanted: string): void {
    this.out.push({ path: this.path(), kind: 'wrong-type', detail: `is ${describe(value)} where Kubernetes requires ${wanted}` });
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
