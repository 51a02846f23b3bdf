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
export function annotationsOf(doc: Obj): Obj {
  const own = obj(path(doc, 'metadata', 'annotations'));
  if (workloadKind(doc) !== 'CronJob') return own ?? {};
  const template = obj(path(doc, 'spec', 'jobTemplate', 'metadata', 'annotations'));
  return template ? { ...template, ...own } : own ?? {};
}

/** All suppression annotations in an object's annotations, valid or not. */
export function suppressionAnnotations(annotations: Obj, prefix: string): AnnotationSuppression[] {
  const marker = `${prefix}/suppress.`;
  const out: AnnotationSuppression[] = [];
  for (const key in annotations) {
    if (!key.startsWith(marker)) continue;
    const value = annotations[key];
    out.push({ ruleId: key.slice(marker.length), reason: typeof value === 'string' ? value.trim() : '', annotation: key });
  }
  return out;
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
