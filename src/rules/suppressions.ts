import { Obj, obj, path, workloadKind } from './manifest';

/** Shortest reason a suppression may give: long enough to say why, not just "n/a". */
export const MIN_REASON_LENGTH = 10;

/** A `<prefix>/suppress.<rule-id>` annotation as read from an object. */
export interface AnnotationSuppression {
  readonly ruleId: string;
  readonly reason: string;
  readonly annotation: string;
}

/**
 * The annotations of an object: metadata.annotations, plus (for a CronJob) the job template's,
 * where constructs copy them; the object's own value wins.
 */
export function annotationsOf(doc: Obj): Readonly<Obj> {
  const own = obj(path(doc, 'metadata', 'annotations'));
  if (workloadKind(doc) !== 'CronJob') return own ?? NO_ANNOTATIONS;
  const template = obj(path(doc, 'spec', 'jobTemplate', 'metadata', 'annotations'));
  return template ? { ...template, ...own } : own ?? NO_ANNOTATIONS;
}

/**
 * Reads an object's annotations as {@link annotationsOf} merges them, without building the merged
 * map: the audit asks a handful of keys of every object, and finds a suppression on almost none.
 * Holds the last object asked about only (the engine runs every rule on one object before the
 * next).
 */
export class AnnotationReader {
  private doc: Obj | undefined;
  private own: Obj | undefined;
  /** A CronJob's job template annotations, when it has any. */
  private template: Obj | undefined;
  private found: readonly AnnotationSuppression[] | undefined;

  constructor(private readonly prefix: string) {}

  /** The value annotationsOf(doc)[key] would have. */
  value(doc: Obj, key: string): unknown {
    this.read(doc);
    const own = this.own;
    if (this.template === undefined) return own === undefined ? NO_ANNOTATIONS[key] : own[key];
    // The spread in annotationsOf copies own enumerable keys over the template's.
    return own !== undefined && Object.prototype.propertyIsEnumerable.call(own, key) ? own[key] : this.template[key];
  }

  /** suppressionAnnotations(annotationsOf(doc), prefix), merging only for an object that has one. */
  suppressions(doc: Obj): readonly AnnotationSuppression[] {
    this.read(doc);
    if (this.found === undefined) {
      const marker = suppressMarker(this.prefix);
      // The merged map's keys are the two maps' own keys and what both inherit.
      this.found = hasKeyStartingWith(this.own ?? NO_ANNOTATIONS, marker) || hasKeyStartingWith(this.template, marker)
        ? suppressionAnnotations(annotationsOf(doc), this.prefix)
        : NO_SUPPRESSIONS;
    }
    return this.found;
  }

  private read(doc: Obj): void {
    if (doc === this.doc) return;
    this.doc = doc;
    this.own = obj(path(doc, 'metadata', 'annotations'));
    this.template = workloadKind(doc) === 'CronJob' ? obj(path(doc, 'spec', 'jobTemplate', 'metadata', 'annotations')) : undefined;
    this.found = undefined;
  }
}

function hasKeyStartingWith(annotations: Readonly<Obj> | undefined, marker: string): boolean {
  if (annotations === undefined) return false;
  for (const key in annotations) if (key.startsWith(marker)) return true;
  return false;
}

/** What an object without annotations has (one shared, frozen object: the audit asks for every object). */
const NO_ANNOTATIONS: Readonly<Obj> = Object.freeze({});
const NO_SUPPRESSIONS: readonly AnnotationSuppression[] = Object.freeze([]);

/** All suppression annotations in an object's annotations, valid or not. */
export function suppressionAnnotations(annotations: Readonly<Obj>, prefix: string): readonly AnnotationSuppression[] {
  const marker = suppressMarker(prefix);
  // Built only when there is one: nearly every object has none.
  let out: AnnotationSuppression[] | undefined;
  for (const key in annotations) {
    if (!key.startsWith(marker)) continue;
    const value = annotations[key];
    (out ??= []).push({ ruleId: key.slice(marker.length), reason: typeof value === 'string' ? value.trim() : '', annotation: key });
  }
  return out ?? NO_SUPPRESSIONS;
}

/** `<prefix>/suppress.`, built once per prefix: the audit asks for every object with the same prefix. */
let markerPrefix: string | undefined;
let marker = '';
function suppressMarker(prefix: string): string {
  if (prefix !== markerPrefix) {
    markerPrefix = prefix;
    marker = `${prefix}/suppress.`;
  }
  return marker;
}

/**
 * How many characters a reason has once trimmed, counted in Unicode code points: what a person
 * calls a character, and what CEL's `size()` and RE2 count, so the admission policies (which
 * check the same reason in the API server) agree with the audit. JavaScript's `.length` counts
 * UTF-16 units, which would count an emoji twice.
 */
export function reasonLength(reason: string): number {
  return Array.from(reason.trim()).length;
}

/** Whether a suppression reason is long enough to count. */
export function reasonIsValid(reason: string): boolean {
  return reasonLength(reason) >= MIN_REASON_LENGTH;
}
