/**
 * Field lists of built-in types from @kubernetes/client-node 2.0.1 (generated from the Kubernetes
 * 1.36 OpenAPI document), used as an independent oracle for the harness's own tests.
 *
 * The package is ESM-only, which ts-jest's CommonJS runtime cannot load, so the generated model
 * files are read as text: each ends with `<Class>.attributeTypeMap = [ ...JSON... ];`, the list of
 * `{ name, baseName, type }` entries where `baseName` is the JSON field name.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}

/** What the oracle says lives at a place in a manifest. */
export type FieldType =
  | { readonly shape: 'struct'; readonly name: string; readonly fields: ReadonlyMap<string, string> }
  | { readonly shape: 'map'; readonly values: string }
  | { readonly shape: 'array'; readonly items: string }
  | { readonly shape: 'scalar'; readonly name: string };

const MAP = /^\{ \[key: string\]: (.+); \}$/;
const ARRAY = /^Array<(.+)>$/;
// `any` is client-node's RawExtension / free-form JSON; IntOrString and Date are scalars in JSON.
const SCALARS = new Set(['string', 'number', 'boolean', 'Date', 'any', 'IntOrString', 'object']);

const modelsDir = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist', 'gen', 'models');
const structs = new Map<string, ReadonlyMap<string, string>>();

/** The client-node class of a top-level built-in object: `batch/v1` `CronJob` -> `V1CronJob`. */
export function rootTypeName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

/** Classifies a client-node type expression, reading a struct's fields on first use. */
export function resolveType(type: string): FieldType {
  const map = MAP.exec(type);
  if (map) {
    return { shape: 'map', values: map[1] };
  }
  const array = ARRAY.exec(type);
  if (array) {
    return { shape: 'array', items: array[1] };
  }
  if (SCALARS.has(type)) {
    return { shape: 'scalar', name: type };
  }
  return { shape: 'struct', name: type, fields: structFields(type) };
}

function structFields(name: string): ReadonlyMap<string, string> {
  let fields = structs.get(name);
  if (!fields) {
    const source = readFileSync(join(modelsDir, `${name}.js`), 'utf8');
    const marker = `${name}.attributeTypeMap = `;
    const start = source.indexOf(marker);
    if (start < 0) {
      throw new Error(`client-node model ${name} has no attributeTypeMap`);
    }
    const end = source.indexOf('];', start);
    const attributes = JSON.parse(source.slice(start + marker.length, end + 1)) as Attribute[];
    fields = new Map(attributes.map((a) => [a.baseName, a.type]));
    structs.set(name, fields);
  }
  return fields;
}
