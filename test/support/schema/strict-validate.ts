/**
 * Validates a manifest against its OpenAPI schema AND rejects fields the schema does not declare.
 *
 * The kubernetes-models validators are ajv standalone code compiled from the OpenAPI schemas. They
 * check every declared property but, like the schemas themselves (no `additionalProperties: false`),
 * let unknown keys through. The API server instead drops or rejects unknown fields (kubectl
 * --validate=strict, server-side field validation), so a typo such as `securityContext.runAsNonroot`
 * would silently lose a safety setting. To close that gap without a second, possibly different,
 * description of the schema, we watch the validator itself: the manifest is wrapped in proxies that
 * record which keys the compiled code reads. The generated code reads every property its schema
 * declares (`void 0 === data.x || validate(data.x)`), and iterates the keys of maps
 * (`additionalProperties: {...}`, e.g. labels) with `for...in`. Hence, for each object:
 *  - keys were enumerated  -> a map: every key was checked against the value schema;
 *  - some keys were read   -> a struct: any key of the object that was never read is unknown;
 *  - nothing was read      -> a free-form object (RawExtension, x-kubernetes-preserve-unknown-fields),
 *                             where the schema names no fields to compare against.
 * The field lists are therefore exactly those of the schema version that validated the types.
 */
import { ModelClass } from './models';
import { PathSegment, Problem } from './problem';

/** How one object (at one path) was touched by the validator. */
interface AccessRecord {
  readonly target: object;
  readonly path: readonly PathSegment[];
  readonly read: Set<string>;
  enumerated: boolean;
}

/** The subset of an ajv error object that the compiled validators produce. */
interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** Schema violations and unknown fields of `manifest` according to `model`'s schema. */
export function strictSchemaProblems(model: ModelClass, manifest: object): Problem[] {
  const { errors, records } = probe(model, manifest);
  return [
    ...dedupe(errors.map((error) => describeSchemaError(error, manifest))),
    ...unknownFields(records),
  ];
}

/**
 * For each struct in `manifest` (objects whose keys the schema names), the field names the schema
 * declares there. Exposed so the harness's tests can compare it with an independent field list.
 */
export function declaredFields(model: ModelClass, manifest: object): Array<{ path: readonly PathSegment[]; fields: ReadonlySet<string> }> {
  return probe(model, manifest)
    .records.filter(isStruct)
    .map((record) => ({ path: record.path, fields: record.read }));
}

function probe(model: ModelClass, manifest: object): { errors: AjvError[]; records: AccessRecord[] } {
  const records: AccessRecord[] = [];
  const errors = runValidator(model, watch(manifest, [], records));
  return { errors, records };
}

// Arrays are checked item by item; maps were enumerated; an object nobody read is free-form.
function isStruct(record: AccessRecord): boolean {
  return !Array.isArray(record.target) && !record.enumerated && record.read.size > 0;
}

function watch<T extends object>(target: T, path: readonly PathSegment[], records: AccessRecord[]): T {
  const record: AccessRecord = { target, path, read: new Set(), enumerated: false };
  records.push(record);
  // The validator may read the same child more than once; it must see one proxy so that all
  // reads of that child land in one record.
  const children = new Map<string, object>();
  const isArray = Array.isArray(target);
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value: unknown = Reflect.get(obj, key, receiver);
      if (typeof key !== 'string') {
        return value;
      }
      record.read.add(key);
      if (value === null || typeof value !== 'object') {
        return value;
      }
      let child = children.get(key);
      if (!child) {
        const segment: PathSegment = isArray ? Number(key) : key;
        child = watch(value, [...path, segment], records);
        children.set(key, child);
      }
      return child;
    },
    has(obj, key) {
      if (typeof key === 'string') {
        record.read.add(key);
      }
      return Reflect.has(obj, key);
    },
    getOwnPropertyDescriptor(obj, key) {
      if (typeof key === 'string') {
        record.read.add(key);
      }
      return Reflect.getOwnPropertyDescriptor(obj, key);
    },
    ownKeys(obj) {
      record.enumerated = true;
      return Reflect.ownKeys(obj);
    },
  });
}

function runValidator(model: ModelClass, data: object): AjvError[] {
  try {
    model.prototype.validate.call(data);
    return [];
  } catch (error) {
    // @kubernetes-models/validate throws a ValidationError carrying ajv's error list (with
    // English messages filled in); anything else is a harness bug and must not be swallowed.
    const list = (error as { errors?: unknown }).errors;
    if (Array.isArray(list)) {
      return list as AjvError[];
    }
    throw error;
  }
}

function unknownFields(records: readonly AccessRecord[]): Problem[] {
  const problems: Problem[] = [];
  for (const record of records.filter(isStruct)) {
    for (const key of Object.keys(record.target)) {
      if (!record.read.has(key)) {
        problems.push({ path: [...record.path, key], message: 'unknown field (not in the schema)' });
      }
    }
  }
  return problems;
}

function describeSchemaError(error: AjvError, manifest: object): Problem {
  const path = pointerToPath(error.instancePath, manifest);
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return { path: [...path, String(params.missingProperty)], message: 'required field is missing' };
    case 'enum':
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'type':
      return { path, message: `must be of type ${String(params.type)}` };
    default:
      return { path, message: error.message ?? `fails schema keyword "${error.keyword}"` };
  }
}

/** JSON pointer -> segments; a segment is an index only where the manifest holds an array. */
function pointerToPath(pointer: string, manifest: object): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = manifest;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(node) ? Number(key) : key;
    path.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

// IntOrString and similar oneOf schemas can report the same location several times.
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = JSON.stringify([problem.path, problem.message]);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
