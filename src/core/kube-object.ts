import { ApiObject, ApiObjectMetadataDefinition, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { recordObjectDecisions } from './decisions';
import { requireHonouredFields } from './kubernetes-version';

/** A typed Kubernetes object class bundled with cdk8s-plus (e.g. `k8s.KubeCronJob`). @internal */
export interface KubeType<P> {
  manifest(props: P): any;
}

/**
 * Creates a Kubernetes object from typed props, rendered to manifest JSON once. Every object a
 * construct creates passes here or through `manifestObject`, which fail synth when the object
 * relies on a field the target Kubernetes version does not honour.
 *
 * The typed classes (`k8s.KubeCronJob`, ...) convert their props to JSON again on every
 * `toJson()`; a plain object over the rendered manifest keeps the typed construction and every
 * escape hatch (`addJsonPatch`, metadata) and does that conversion once.
 * @internal
 */
export function kubeObject<P>(scope: Construct, id: string, type: KubeType<P>, props: P): ApiObject {
  const manifest = type.manifest(props);
  requireHonouredFields(scope, manifest);
  const object = new RenderedObject(scope, id, manifest);
  recordObjectDecisions(object, manifest, props);
  return object;
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
 * An ApiObject whose JSON is remembered until it changes.
 *
 * cdk8s validates the whole app before it writes any chart, and again for every chart it
 * writes (`Chart.toJson` re-validates the app). Our synth-time audit needs each object's JSON in
 * every one of those rounds, so without this a chart's objects would be rendered (charts + 2)
 * times per synth. The remembered JSON is reused only while nothing that feeds `toJson` has
 * changed: the escape-hatch patches and the metadata (labels, annotations, owners). The props
 * of these objects are built by the constructs and never exposed.
 */
class RenderedObject extends ApiObject {
  private remembered?: { readonly key: string; readonly json: any };

  public toJson(): any {
    const key = this.changeKey();
    if (key !== undefined && this.remembered?.key === key) {
      return this.remembered.json;
    }
    const json = super.toJson();
    this.remembered = key === undefined ? undefined : { key, json };
    return json;
  }

  /** What can change after construction, or undefined when cdk8s does not expose it as expected. */
  private changeKey(): string | undefined {
    // cdk8s keeps escape-hatch patches in this (private) array; patches are appended, never edited.
    const patches = (this as unknown as { patches?: unknown }).patches;
    if (!Array.isArray(patches)) {
      return undefined;
    }
    return `${patches.length}\u0000${metadataKey(this.metadata)}`;
  }
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
 * A string that changes whenever the metadata's JSON would. Called on every `toJson()` (several
 * times per object and synth), so it reads the fields `toJson()` renders instead of rendering
 * them: while they hold only plain data (strings, numbers, plain objects and arrays, as
 * everything the constructs and `addLabel`/`addAnnotation` put there), their JSON text is exact.
 * A token (a `Lazy`) or any other object can resolve differently from one call to the next:
 * then the rendered metadata is the key, as it is when cdk8s' fields are not where expected.
 */
function metadataKey(metadata: ApiObjectMetadataDefinition): string {
  const fields = metadata as unknown as MetadataFields;
  const parts = [fields.name, fields.namespace, fields.labels, fields.annotations, fields.finalizers,
    fields.ownerReferences, fields._additionalAttributes];
  if (fields._additionalAttributes !== undefined && isPlainData(parts)) {
    return JSON.stringify(parts);
  }
  return `rendered\u0000${JSON.stringify(metadata.toJson())}`;
}

/** Whether a value is JSON-like data: primitives, plain objects and arrays only (no tokens, no class instances). */
function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (depth > 32) return false;
  if (Array.isArray(value)) {
    return value.every((item) => isPlainData(item, depth + 1));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value as object)) {
    if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
