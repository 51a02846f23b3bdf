import {
  ApiObject, ApiObjectProps, App, GroupVersionKind, ImplicitTokenResolver, IResolver, JsonPatch, LazyResolver, NumberStringUnionResolver,
} from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recordObjectDecisions } from './decisions';
import { requireHonouredFields } from './kubernetes-version';

/** A typed Kubernetes object class bundled with cdk8s-plus (e.g. `k8s.KubeCronJob`). @internal */
export interface KubeType<P> {
  /** The object's apiVersion and kind. */
  readonly GVK: GroupVersionKind;
  /** The typed rendering: props converted to JSON through the bundled 1.28 schema. */
  manifest(props: P): any;
}

/**
 * Creates a Kubernetes object from typed props, rendered to manifest JSON once. Every object a
 * construct creates passes here or through `manifestObject`, which fail synth when the object
 * relies on a field the target Kubernetes version does not honour.
 *
 * The props are typed for the compiler's sake; at run time a plain copy is all cdk8s needs (see
 * `plainManifest`), and the typed conversion (`type.manifest`) is only the fallback.
 * @internal
 */
export function kubeObject<P>(scope: Construct, id: string, type: KubeType<P>, props: P): ApiObject {
  const manifest = plainManifest(type, props) ?? type.manifest(props);
  requireHonouredFields(scope, manifest);
  const object = new RenderedObject(scope, id, manifest);
  recordObjectDecisions(object, manifest, props);
  return object;
}

/**
 * The manifest of typed props without the typed classes: `{ ...GVK, ...props }` copied with the
 * quantities and int-or-strings unwrapped to their values and undefined fields left out, which
 * is what the typed conversion (`k8s.KubeCronJob.manifest`, `toJson_*`) returns for the props
 * the constructs build, minus its cost: it rebuilds every object once per field it keeps.
 *
 * Where the two could differ, this returns undefined and the typed conversion runs:
 * - a value that is neither JSON data nor a quantity (a class instance, `null`: the typed
 *   conversion reads struct fields of it, or throws on it);
 * - `CDK8S_DISABLE_SORT` set: cdk8s then keeps the key order, and the typed conversion orders
 *   keys by the schema while this keeps the order the construct wrote them in.
 * The typed conversion also drops fields its 1.28 schema does not know; the constructs' props
 * are typed by that schema (newer fields are put back, see `KUBE_JOB`), and
 * test/core/kube-object.test.ts asserts both give the same manifest for every object the
 * constructs create.
 * @internal
 */
export function plainManifest<P>(type: KubeType<P>, props: P): any {
  if (process.env.CDK8S_DISABLE_SORT) {
    return undefined;
  }
  const copy = plainCopy(props, 0);
  if (copy === NOT_PLAIN || copy === undefined) {
    return undefined;
  }
  return { ...type.GVK, ...(copy as object) };
}

/** The result of `plainCopy` for a value the typed conversion could render differently. */
const NOT_PLAIN = Symbol('not plain');

/** Deeper than this, `plainCopy` and `sanitizedCopy` give up and leave the value to cdk8s (a guard against cycles). */
const MAX_PLAIN_DEPTH = 64;

function plainCopy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object') {
    return value;
  }
  if (value === null || depth > MAX_PLAIN_DEPTH) {
    return NOT_PLAIN;
  }
  if (value instanceof k8s.Quantity || value instanceof k8s.IntOrString) {
    return value.value;
  }
  if (Array.isArray(value)) {
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = plainCopy(value[i], depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      items[i] = item;
    }
    return items;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    return NOT_PLAIN;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    const item = plainCopy(field, depth + 1);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (key === '__proto__') {
      // An own field of that name, as the typed conversion's spread makes it (assigning it would set the prototype).
      Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    } else {
      copy[key] = item;
    }
  }
  return copy;
}

/**
 * Creates an object from a manifest the construct built itself (CRDs such as KEDA's
 * ScaledObject or prometheus-operator's PrometheusRule). `decidedIn` is where the reasons were
 * recorded when the manifest is a JSON rendering of typed props (same field paths).
 * @internal
 */
export function manifestObject(scope: Construct, id: string, manifest: ApiObjectProps, decidedIn: unknown = manifest): ApiObject {
  requireHonouredFields(scope, manifest as unknown as Record<string, unknown>);
  const object = new RenderedObject(scope, id, manifest);
  recordObjectDecisions(object, manifest, decidedIn);
  return object;
}

/**
 * An ApiObject whose JSON is remembered until it changes, and rendered without cdk8s' resolve
 * pass when that pass cannot change anything.
 *
 * cdk8s validates the whole app before it writes any chart, and again for every chart it
 * writes (`Chart.toJson` re-validates the app). Our synth-time audit needs each object's JSON in
 * every one of those rounds, so without this a chart's objects would be rendered (charts + 2)
 * times per synth. The remembered JSON is reused only while nothing that feeds `toJson` has
 * changed: the escape-hatch patches and the metadata (labels, annotations, owners). The props
 * of these objects are built by the constructs and never exposed.
 */
class RenderedObject extends ApiObject {
  private remembered?: { readonly inputs: RenderInputs; readonly json: any };

  public toJson(): any {
    const remembered = this.remembered;
    if (remembered !== undefined && remembered.inputs.unchanged(this)) {
      return remembered.json;
    }
    const inputs = RenderInputs.of(this);
    const json = renderPlain(this) ?? super.toJson();
    this.remembered = inputs === undefined ? undefined : { inputs, json };
    return json;
  }
}

/**
 * What cdk8s' `ApiObject.toJson()` returns, computed without its resolve pass, or undefined
 * when that pass could change something: an app with resolvers of its own, or props or
 * metadata holding anything but plain data (a token, a class instance). With cdk8s' built-in
 * resolvers only, resolving plain data is a copy (they replace `Lazy` values, objects with a
 * `resolve()` method and number-or-string union classes, none of which plain data holds), and
 * the copy `toJson()` then sanitizes (keys sorted, null and undefined fields left out) is what
 * `sanitizedCopy` makes in one pass: a quarter of the synth time of a large app went to that
 * resolve pass, which allocates per value. The rest is `ApiObject.toJson()`'s own: the
 * escape-hatch patches applied, apiVersion, kind and metadata first, and the same error.
 * test/core/kube-object.test.ts compares both for every object the constructs create.
 */
function renderPlain(object: ApiObject): any {
  if (!onlyBuiltInResolvers(App.of(object).resolvers)) {
    return undefined;
  }
  const internals = object as unknown as { props?: unknown; patches?: unknown };
  const patches = internals.patches;
  // Both fields are private to cdk8s: when a release keeps them elsewhere, its own toJson renders.
  if (!Array.isArray(patches) || !isPropsOf(internals.props, object)) {
    return undefined;
  }
  try {
    const metadata = plainMetadataJson(object.metadata as unknown as MetadataFields) ?? object.metadata.toJson();
    const json = sanitizedCopy({ ...(internals.props as object), metadata }, !process.env.CDK8S_DISABLE_SORT, false, 0);
    if (json === NOT_PLAIN) {
      return undefined;
    }
    const patched = JsonPatch.apply(json, ...(patches as JsonPatch[]));
    const result: any = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (key in patched) {
        result[key] = patched[key];
      }
    }
    return result;
  } catch (e) {
    throw new Error(`Failed serializing construct at path '${object.node.path}' with name '${object.name}': ${e}`);
  }
}

/** Whether `props` is what cdk8s renders for the object: a plain object naming its kind and version. */
function isPropsOf(props: unknown, object: ApiObject): boolean {
  if (props === null || typeof props !== 'object' || Object.getPrototypeOf(props) !== Object.prototype) {
    return false;
  }
  const fields = props as { apiVersion?: unknown; kind?: unknown };
  return fields.apiVersion === object.apiVersion && fields.kind === object.kind;
}

/** Whether an app resolves with cdk8s' built-in resolvers only (App appends them to the app's own). */
function onlyBuiltInResolvers(resolvers: readonly IResolver[]): boolean {
  return resolvers.length === 3
    && resolvers[0].constructor === LazyResolver
    && resolvers[1].constructor === ImplicitTokenResolver
    && resolvers[2].constructor === NumberStringUnionResolver;
}

/**
 * What cdk8s' `ApiObjectMetadataDefinition.toJson()` returns for metadata of plain data (its
 * additional attributes, then name, namespace, annotations, finalizers, owner references and
 * labels, sanitized with empty lists and mappings left out), or undefined for anything else.
 */
function plainMetadataJson(fields: MetadataFields): unknown {
  if (fields._additionalAttributes === undefined) {
    return undefined;
  }
  const json = sanitizedCopy({
    ...(fields._additionalAttributes as object),
    name: fields.name,
    namespace: fields.namespace,
    annotations: fields.annotations,
    finalizers: fields.finalizers,
    ownerReferences: fields.ownerReferences,
    labels: fields.labels,
  }, true, true, 0);
  return json === NOT_PLAIN ? undefined : json;
}

/**
 * cdk8s' `sanitizeValue` (keys sorted unless `sortKeys` is false, null and undefined fields left
 * out, empty lists and mappings too when `filterEmpty`) of plain data, or NOT_PLAIN when the
 * value holds anything else (then cdk8s' resolvers might change it, or sanitizeValue throws):
 * a class instance, a function, a symbol, a key named `__proto__` (which cdk8s' copy turns into
 * a prototype) or `constructor` (which cdk8s reads to tell plain objects from others).
 */
function sanitizedCopy(value: unknown, sortKeys: boolean, filterEmpty: boolean, depth: number): unknown {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? NOT_PLAIN : value;
  }
  if (depth > MAX_PLAIN_DEPTH) {
    return NOT_PLAIN;
  }
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) {
      return undefined;
    }
    let plain = true;
    const items = value.map((item) => {
      const copy = sanitizedCopy(item, sortKeys, filterEmpty, depth + 1);
      if (copy === NOT_PLAIN) plain = false;
      return copy;
    });
    return plain ? items : NOT_PLAIN;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    return NOT_PLAIN;
  }
  const keys = Object.keys(value);
  if (sortKeys) {
    keys.sort();
  }
  const copy: Record<string, unknown> = {};
  let size = 0;
  for (const key of keys) {
    if (key === '__proto__' || key === 'constructor') {
      return NOT_PLAIN;
    }
    const field = sanitizedCopy((value as Record<string, unknown>)[key], sortKeys, filterEmpty, depth + 1);
    if (field === NOT_PLAIN) {
      return NOT_PLAIN;
    }
    if (field !== null && field !== undefined) {
      copy[key] = field;
      size++;
    }
  }
  return filterEmpty && size === 0 ? undefined : copy;
}


/** The fields of cdk8s' ApiObjectMetadataDefinition that its `toJson()` renders (private in its typings). */
interface MetadataFields {
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: unknown;
}

/**
 * What can change an object's JSON after construction, as it was when the JSON was rendered: the
 * number of escape-hatch patches (cdk8s appends them to a private array, never edits them) and
 * the metadata. `unchanged` runs on every `toJson()` (several times per object and synth), so it
 * compares the metadata fields `toJson()` renders with a flat copy of them instead of rendering
 * them: while they hold only plain data (strings, numbers, plain objects and arrays, as
 * everything the constructs and `addLabel`/`addAnnotation` put there), equal fields render
 * equal JSON. A token (a `Lazy`) or any other object can resolve differently from one call to the
 * next: then the rendered metadata is compared, as it is when cdk8s' fields are not where
 * expected.
 */
class RenderInputs {
  /** The inputs of an object's next rendering, or undefined when cdk8s does not keep its patches as expected. */
  public static of(object: ApiObject): RenderInputs | undefined {
    const patches = patchesOf(object);
    if (patches === undefined) {
      return undefined;
    }
    const fields = object.metadata as unknown as MetadataFields;
    const flat: unknown[] = [];
    if (fields._additionalAttributes !== undefined && flattenMetadata(fields, flat)) {
      return new RenderInputs(patches.length, flat, undefined);
    }
    return new RenderInputs(patches.length, undefined, renderedMetadata(object));
  }

  private constructor(
    private readonly patchCount: number,
    /** The metadata fields flattened (see `flatten`), when they hold only plain data. */
    private readonly flat: readonly unknown[] | undefined,
    /** Else the rendered metadata. */
    private readonly rendered: string | undefined,
  ) {}

  public unchanged(object: ApiObject): boolean {
    if (patchesOf(object)?.length !== this.patchCount) {
      return false;
    }
    if (this.flat === undefined) {
      return renderedMetadata(object) === this.rendered;
    }
    return metadataMatches(object.metadata as unknown as MetadataFields, this.flat);
  }
}

function patchesOf(object: ApiObject): unknown[] | undefined {
  const patches = (object as unknown as { patches?: unknown }).patches;
  return Array.isArray(patches) ? patches : undefined;
}

function renderedMetadata(object: ApiObject): string {
  return JSON.stringify(object.metadata.toJson());
}

/** The metadata fields `toJson()` renders, in a fixed order. */
function metadataParts(fields: MetadataFields): unknown[] {
  return [fields.name, fields.namespace, fields.labels, fields.annotations, fields.finalizers,
    fields.ownerReferences, fields._additionalAttributes];
}

function flattenMetadata(fields: MetadataFields, flat: unknown[]): boolean {
  return metadataParts(fields).every((part) => flatten(part, flat, 0));
}

function metadataMatches(fields: MetadataFields, flat: readonly unknown[]): boolean {
  let at = 0;
  for (const part of metadataParts(fields)) {
    at = matchFlat(part, flat, at, 0);
    if (at < 0) return false;
  }
  return at === flat.length;
}

/** Marks the start of an object (then its key count) or an array (then its length) in a flat copy. */
const OBJECT = Symbol('object');
const ARRAY = Symbol('array');
const MAX_FLAT_DEPTH = 32;

/**
 * Appends plain data to `flat` in document order: a primitive as itself, an array as ARRAY, its
 * length and its items, an object as OBJECT, its key count, then each key and its value. Two
 * values with the same flat copy (compared with ===) are the same JSON. False for anything else
 * (a class instance such as a token, a function, a symbol, nesting past MAX_FLAT_DEPTH).
 */
function flatten(value: unknown, flat: unknown[], depth: number): boolean {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return false;
    flat.push(value);
    return true;
  }
  if (depth > MAX_FLAT_DEPTH) return false;
  if (Array.isArray(value)) {
    flat.push(ARRAY, value.length);
    for (const item of value) {
      if (!flatten(item, flat, depth + 1)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  flat.push(OBJECT, keys.length);
  for (const key of keys) {
    flat.push(key);
    if (!flatten((value as Record<string, unknown>)[key], flat, depth + 1)) return false;
  }
  return true;
}

/** Whether `value` flattens to `flat` from index `at`: the index after it, or -1. Allocates only for object keys. */
function matchFlat(value: unknown, flat: readonly unknown[], at: number, depth: number): number {
  if (value === null || typeof value !== 'object') {
    return flat[at] === value ? at + 1 : -1;
  }
  if (depth > MAX_FLAT_DEPTH) return -1;
  if (Array.isArray(value)) {
    if (flat[at] !== ARRAY || flat[at + 1] !== value.length) return -1;
    let next = at + 2;
    for (const item of value) {
      next = matchFlat(item, flat, next, depth + 1);
      if (next < 0) return -1;
    }
    return next;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return -1;
  const keys = Object.keys(value);
  if (flat[at] !== OBJECT || flat[at + 1] !== keys.length) return -1;
  let next = at + 2;
  for (const key of keys) {
    if (flat[next] !== key) return -1;
    next = matchFlat((value as Record<string, unknown>)[key], flat, next + 1, depth + 1);
    if (next < 0) return -1;
  }
  return next;
}
