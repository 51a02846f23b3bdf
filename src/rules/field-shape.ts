/**
 * Checks a manifest object against the Kubernetes types it claims to be, field by field, the way
 * the API server decodes it: every key must be a field of its type (exact case, as the server's
 * JSON decoder matches names), and every value must have the JSON type of its field, an integer
 * within its int32/int64 range where an integer is required. Field lists and types come from
 * k8s-fields.generated.ts.
 */
import { FIELD_TABLE, ROOT_TYPES } from './k8s-fields.generated';
import { Obj, str } from './manifest';

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

/** Parsed field table: type name → field name → type code. */
const TYPES = new Map<string, ReadonlyMap<string, string>>();
/** Type name → lower-cased field name → field name, for "did you mean". */
const LOWER = new Map<string, ReadonlyMap<string, string>>();

function fieldsOf(type: string): ReadonlyMap<string, string> | undefined {
  let fields = TYPES.get(type);
  if (!fields) {
    const spec = FIELD_TABLE[type];
    if (spec === undefined) return undefined;
    const parsed = new Map<string, string>();
    for (const pair of spec.split(' ')) {
      const colon = pair.indexOf(':');
      parsed.set(pair.slice(0, colon), pair.slice(colon + 1));
    }
    fields = parsed;
    TYPES.set(type, fields);
    LOWER.set(type, new Map([...parsed.keys()].map((k) => [k.toLowerCase(), k])));
  }
  return fields;
}

/** The root type of an object checked field by field (batch/v1 Job, CronJob; apps/v1 Deployment). */
export function rootType(doc: Obj): string | undefined {
  return ROOT_TYPES[`${str(doc.apiVersion)} ${str(doc.kind)}`];
}

/** Every field problem of an object whose kind has a root type, in document order. */
export function fieldProblems(doc: Obj): FieldProblem[] {
  const root = rootType(doc);
  const problems: FieldProblem[] = [];
  if (root !== undefined) checkStruct(doc, root, '', problems);
  return problems;
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function checkStruct(value: Obj, type: string, path: string, out: FieldProblem[]): void {
  const fields = fieldsOf(type);
  if (!fields) return;
  for (const [key, child] of Object.entries(value)) {
    const code = fields.get(key);
    const childPath = join(path, key);
    if (code === undefined) {
      out.push({ path: childPath, kind: 'unknown-field', detail: `not a field of ${type.replace(/^V1/, '')}`, suggestion: LOWER.get(type)!.get(key.toLowerCase()) });
      continue;
    }
    checkValue(child, code, childPath, out);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const short = shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
  return `${typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean'} (${short})`;
}

function wrongType(value: unknown, wanted: string, path: string, out: FieldProblem[]): void {
  out.push({ path, kind: 'wrong-type', detail: `is ${describe(value)} where Kubernetes requires ${wanted}` });
}

function checkInteger(value: number, bits: 32 | 64, path: string, out: FieldProblem[]): void {
  if (!Number.isInteger(value)) {
    wrongType(value, `an integer (int${bits})`, path, out);
    return;
  }
  const max = bits === 32 ? INT32_MAX : INT64_MAX;
  if (value > max || value < -max - 1) {
    out.push({ path, kind: 'out-of-range', detail: `is ${value}, which does not fit in an int${bits} (${-max - 1} to ${max})` });
  }
}

/** Checks one value against a type code (see k8s-fields.generated.ts); null means unset and always passes. */
function checkValue(value: unknown, code: string, path: string, out: FieldProblem[]): void {
  if (value === null || value === undefined || code === '*') return;
  if (code.startsWith('[')) {
    if (!Array.isArray(value)) return wrongType(value, 'a list', path, out);
    const item = code.slice(1, -1);
    value.forEach((v, i) => checkValue(v, item, `${path}[${i}]`, out));
    return;
  }
  if (code.startsWith('{')) {
    if (typeof value !== 'object' || Array.isArray(value)) return wrongType(value, 'a map', path, out);
    const item = code.slice(1, -1);
    for (const [k, v] of Object.entries(value as Obj)) checkValue(v, item, join(path, k), out);
    return;
  }
  switch (code) {
    case 's':
    case 't':
      if (typeof value !== 'string') wrongType(value, code === 't' ? 'a timestamp string' : 'a string', path, out);
      return;
    case 'b':
      if (typeof value !== 'boolean') wrongType(value, 'a boolean (true or false)', path, out);
      return;
    case 'n':
      if (typeof value !== 'number') wrongType(value, 'a number', path, out);
      return;
    case 'i32':
    case 'i64':
      if (typeof value !== 'number') return wrongType(value, `an integer (${code === 'i32' ? 'int32' : 'int64'})`, path, out);
      return checkInteger(value, code === 'i32' ? 32 : 64, path, out);
    case 'q':
      if (typeof value !== 'string' && typeof value !== 'number') wrongType(value, 'a quantity (a string such as "500m" or a number)', path, out);
      return;
    case 'ios':
      if (typeof value === 'number') return checkInteger(value, 32, path, out);
      if (typeof value !== 'string') wrongType(value, 'an integer or a string', path, out);
      return;
    default:
      if (typeof value !== 'object' || Array.isArray(value)) return wrongType(value, 'an object', path, out);
      checkStruct(value as Obj, code, path, out);
  }
}
