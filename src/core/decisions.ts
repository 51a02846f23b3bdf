import { ApiObject } from 'cdk8s';

/**
 * The decision record: why each value a construct decided is what it is, kept beside the
 * objects and written as YAML comments after synth (src/explain). Reasons never become
 * Kubernetes annotations; annotations stay for what tools and people query at run time.
 *
 * How a reason is recorded: where a construct (or a core helper) places a value it decided into
 * a spec fragment, it states the reason on that fragment, keyed by the field name:
 *
 *     const spec = { backoffLimit: limits.backoffLimit, ... };
 *     explain(spec, 'backoffLimit', unlessSet(props.backoffLimit, 'two retries absorb a transient blip (rule backoff-limit-explicit)'));
 *
 * That one call is all a new field needs (`explainItem(envVar, '...')` for a list item such as
 * an env var or a sidecar container; `explainObjectField` for a field set after the object was
 * created). Test test/explain/completeness.test.ts fails for a decided field without one. The
 * fragment may be nested anywhere in the object's props: the object (`kubeObject`/
 * `manifestObject`) keeps its props tree, and when the reasons are asked for (ExplainedSynth,
 * review) the tree is walked and every reason gets its full field path
 * (`spec.jobTemplate.spec.backoffLimit`). So a fragment is not changed after the object is
 * created from it. A reason on a mapping or list field covers everything below it unless a
 * child field has its own.
 * Spreading a fragment (`{ ...shape }`) copies its fields but not its reasons: pass them on with
 * `carryReasons(shape, copy)`.
 *
 * What a reason says: what the value does, the arithmetic when it is derived, and the rule id it
 * satisfies. A value the app gave for a field the construct would otherwise decide is recorded
 * as `SET_BY_APP` (see `unlessSet`); values that only the app can give (image, names, env) carry
 * no comment at all.
 */

/** The comment of a value the app gave where the construct has a default. */
export const SET_BY_APP = 'set by the app';

/** A field path inside a manifest: keys and list indexes from the root. @internal */
export type FieldPath = readonly (string | number)[];

/** One recorded reason, at its full path in the object. @internal */
export interface Decision {
  readonly path: FieldPath;
  readonly reason: string;
  /** For a field set after the object was created: the value it was given (else the manifest's). */
  readonly value?: unknown;
}

/** What an object was created with: its manifest before escape hatches, and the reasons. @internal */
export interface ObjectDecisions {
  /** The manifest as the construct built it; a field changed later (escape hatch) loses its reason. */
  readonly manifest: unknown;
  readonly decisions: readonly Decision[];
}

/** Reasons stated on spec fragments, by fragment, then field name. */
const fragmentReasons = new WeakMap<object, Map<string, string>>();
/** What each created object was made from, and the reasons once collected. */
interface ObjectRecord {
  readonly manifest: unknown;
  /** The props tree the reasons were stated in, until they are collected. */
  props?: unknown;
  /** The reasons found in `props`, once asked for. */
  collected?: readonly Decision[];
  /** Reasons for fields set after creation, in the order they were set. */
  readonly later: Decision[];
}

/** The record of every created object. */
const objectRecords = new WeakMap<ApiObject, ObjectRecord>();

/**
 * Records why `fragment[field]` holds its value. Returns the fragment, so a literal can be
 * explained where it is written. A later call for the same field replaces the reason.
 * @internal
 */
export function explain<T extends object>(fragment: T, field: string, reason: string): T {
  let reasons = fragmentReasons.get(fragment);
  if (reasons === undefined) {
    reasons = new Map();
    fragmentReasons.set(fragment, reasons);
  }
  reasons.set(field, reason);
  return fragment;
}

/**
 * Records why a whole fragment is there (a list item such as an env var, or a mapping): the
 * reason goes on the line where the fragment starts.
 * @internal
 */
export function explainItem<T extends object>(fragment: T, reason: string): T {
  return explain(fragment, SELF, reason);
}

/** The key under which a fragment's reason for itself is kept. */
const SELF = '';

/** Records several reasons on one fragment (field name -> reason; undefined skips). @internal */
export function explainFields<T extends object>(fragment: T, reasons: Record<string, string | undefined>): T {
  for (const field of Object.keys(reasons)) {
    const reason = reasons[field];
    if (reason !== undefined) {
      explain(fragment, field, reason);
    }
  }
  return fragment;
}

/** The reason recorded for `fragment[field]`, if any. @internal */
export function reasonOf(fragment: object, field: string): string | undefined {
  return fragmentReasons.get(fragment)?.get(field);
}

/** The reason for a defaulted field: `SET_BY_APP` when the app gave the value. @internal */
export function unlessSet(appValue: unknown, reason: string): string {
  return appValue === undefined ? reason : SET_BY_APP;
}

/** Copies the reasons of `from` onto `to` (after a spread), keeping reasons `to` already has. @internal */
export function carryReasons<T extends object>(from: object, to: T): T {
  const reasons = fragmentReasons.get(from);
  if (reasons === undefined) {
    return to;
  }
  const existing = fragmentReasons.get(to);
  if (existing === undefined) {
    fragmentReasons.set(to, new Map(reasons));
    return to;
  }
  for (const [field, reason] of reasons) {
    if (!existing.has(field)) {
      existing.set(field, reason);
    }
  }
  return to;
}

/**
 * Collects the reasons stated anywhere in a props tree, with their full paths, in tree order.
 * Only plain objects and arrays are walked (typed values such as quantities are leaves).
 *
 * This runs for every object a construct creates, ExplainedSynth or not, so it allocates only
 * for what it finds: one path stack is shared by the whole walk and copied when a reason is
 * recorded, and scalar leaves are not visited at all.
 * @internal
 */
export function collectDecisions(root: unknown): Decision[] {
  const found: Decision[] = [];
  const path: (string | number)[] = [];
  const walk = (node: object): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item: unknown = node[index];
        if (item !== null && typeof item === 'object' && path.length < MAX_DEPTH) {
          path.push(index);
          walk(item);
          path.pop();
        }
      }
      return;
    }
    const proto = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) {
      return;
    }
    const reasons = fragmentReasons.get(node);
    if (reasons !== undefined) {
      const own = reasons.get(SELF);
      if (own !== undefined && path.length > 0) {
        found.push({ path: [...path], reason: own });
      }
    }
    for (const key of Object.keys(node)) {
      const value: unknown = (node as Record<string, unknown>)[key];
      const reason = reasons?.get(key);
      if (reason !== undefined && value !== undefined) {
        found.push({ path: [...path, key], reason });
      }
      if (value !== null && typeof value === 'object' && path.length < MAX_DEPTH) {
        path.push(key);
        walk(value);
        path.pop();
      }
    }
  };
  if (root !== null && typeof root === 'object') {
    walk(root);
  }
  return found;
}

/** Fragments nested deeper than this are not walked (a guard against cycles; no manifest is that deep). */
const MAX_DEPTH = 64;

/**
 * Remembers where the reasons of a created object are (called by kubeObject and manifestObject).
 * Nothing is collected here: most synths never ask (only ExplainedSynth and review do), so the
 * props tree is walked on the first `decisionsOf`. The constructs do not change a fragment after
 * the object is created from it, so the walk then finds what it would have found now.
 * @internal
 */
export function recordObjectDecisions(object: ApiObject, manifest: unknown, props: unknown): void {
  objectRecords.set(object, { manifest, props, later: [] });
}

/**
 * Records the reason for a field a construct set on an object after creating it (for example
 * `metadata.addAnnotation`), with the value it set.
 * @internal
 */
export function explainObjectField(object: ApiObject, path: FieldPath, value: unknown, reason: string): void {
  let record = objectRecords.get(object);
  if (record === undefined) {
    record = { manifest: {}, later: [] };
    objectRecords.set(object, record);
  }
  record.later.push({ path, reason, value });
}

/** The reasons recorded for an object, if any. @internal */
export function decisionsOf(object: ApiObject): ObjectDecisions | undefined {
  const record = objectRecords.get(object);
  if (record === undefined) {
    return undefined;
  }
  if (record.collected === undefined) {
    record.collected = collectDecisions(record.props);
    record.props = undefined;
  }
  const decisions = record.later.length === 0 ? record.collected : [...record.collected, ...record.later];
  return decisions.length > 0 ? { manifest: record.manifest, decisions } : undefined;
}

/** The value at a path, or undefined. @internal */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let node: unknown = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') {
      return undefined;
    }
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}
