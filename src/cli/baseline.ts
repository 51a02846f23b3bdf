import { createHash } from 'crypto';
import { STDIN_NAME } from './load';
import { relativeToRoot } from './repo-path';
import { compareCodePoints } from '../core/code-point-order';
import { AuditedObject } from '../rules/engine';
import { Finding } from '../rules/finding';
import { apiGroup, nameOf, namespaceOf, path, str } from '../rules/manifest';

/**
 * Adopting the audit in a repository that already has findings: `--write-baseline FILE` records
 * today's findings, `--baseline FILE` fails only on findings not recorded there.
 *
 * A finding is keyed by what it is about, never by where its text sits: rule, API group, kind,
 * namespace and name of the object, plus the file path when that identity alone is ambiguous
 * (the object is defined more than once in the set, or is named by `generateName`, so every
 * copy is a new object), plus its ordinal in that file when even the file holds several. The
 * fingerprint is a digest of that key. Every rule reports an object at most once, so the object
 * is the finding's subject; the message is not part of the key, because it carries dates (the
 * next daylight-saving change), counts and wording that change without the debt changing.
 * Moving a document, editing unrelated lines or reordering files keeps every key.
 */

/** The key of one finding (also its SARIF `partialFingerprints` value). */
export interface FindingKey {
  /** Digest of the other fields: what baselines and SARIF match on. */
  readonly fingerprint: string;
  readonly rule: string;
  readonly apiGroup: string;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
  /** Path relative to the repository root, only for objects whose identity is ambiguous. */
  readonly file: string | null;
  /** 1-based ordinal among same-identity objects in that file, only when there are several. */
  readonly occurrence: number | null;
}

/** A recorded finding: its key and, for people reading the file, its severity and message. */
export interface BaselineEntry extends FindingKey {
  readonly severity: string;
  readonly message: string;
}

/** Format version of the baseline file. */
export const BASELINE_VERSION = 1;

/** A baseline that cannot be used (the run exits 2). */
export class BaselineError extends Error {}

/** Where a path lies, relative to the repository root when it is inside it. */
export interface PathContext {
  readonly cwd: string;
  readonly root: string;
}

/** The key of every finding of the run. */
export function findingKeys(objects: readonly AuditedObject[], where: PathContext): ReadonlyMap<Finding, FindingKey> {
  const identity = (o: AuditedObject) => {
    const doc = o.input.object;
    return [apiGroup(doc), String(doc.kind), namespaceOf(doc) ?? '', nameOf(doc)].join('\u0000');
  };
  const named = (o: AuditedObject) => (str(path(o.input.object, 'metadata', 'name')) ?? '') !== '';
  const perIdentity = countBy(objects, identity);
  // Objects whose identity alone is ambiguous are keyed with their file; count them per file too.
  const ambiguous = (o: AuditedObject) => !named(o) || perIdentity.get(identity(o))! > 1;
  const inFile = (o: AuditedObject) => `${identity(o)}\u0000${keyPath(o.input.file, where) ?? ''}`;
  const perFile = countBy(objects.filter(ambiguous), inFile);
  const seenInFile = new Map<string, number>();
  const keys = new Map<Finding, FindingKey>();
  for (const o of objects) {
    let file: string | null = null;
    let occurrence: number | null = null;
    if (ambiguous(o)) {
      file = keyPath(o.input.file, where);
      const fileKey = inFile(o);
      const nth = (seenInFile.get(fileKey) ?? 0) + 1;
      seenInFile.set(fileKey, nth);
      // An ordinal only where the file really holds several objects of this identity.
      if (perFile.get(fileKey)! > 1) occurrence = nth;
    }
    const doc = o.input.object;
    for (const f of o.findings) {
      const fields = {
        rule: f.ruleId, apiGroup: apiGroup(doc), kind: String(doc.kind), namespace: namespaceOf(doc) ?? null, name: nameOf(doc), file, occurrence,
      };
      keys.set(f, { fingerprint: digest(fields), ...fields });
    }
  }
  return keys;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function keyPath(file: string | undefined, where: PathContext): string | null {
  if (file === undefined) return null;
  if (file === STDIN_NAME) return file;
  return relativeToRoot(file, where.cwd, where.root) ?? file.split('\\').join('/');
}

function digest(key: Omit<FindingKey, 'fingerprint'>): string {
  const text = JSON.stringify([key.rule, key.apiGroup, key.kind, key.namespace, key.name, key.file, key.occurrence]);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The baseline file for these findings (suppressed ones are decided already and left out). */
export function renderBaseline(findings: readonly Finding[], keys: ReadonlyMap<Finding, FindingKey>, tool: string): string {
  const entries: BaselineEntry[] = findings.filter((f) => !f.suppressed).map((f) => ({ ...keys.get(f)!, severity: f.severity, message: f.message }));
  entries.sort((a, b) => compareEntries(a, b));
  return `${JSON.stringify({ schemaVersion: BASELINE_VERSION, tool, findings: entries }, null, 2)}\n`;
}

function compareEntries(a: FindingKey, b: FindingKey): number {
  const fields = (k: FindingKey) => [k.rule, k.apiGroup, k.kind, k.namespace ?? '', k.name, k.file ?? '', String(k.occurrence ?? 0).padStart(8, '0')];
  const x = fields(a);
  const y = fields(b);
  for (let i = 0; i < x.length; i++) {
    const c = compareCodePoints(x[i], y[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Reads a baseline file's text; throws BaselineError naming what is wrong. */
export function parseBaseline(text: string, file: string): BaselineEntry[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`baseline ${file} is not JSON (${(e as Error).message}); write one with --write-baseline ${file}`);
  }
  const b = body as { schemaVersion?: unknown; findings?: unknown };
  if (typeof body !== 'object' || body === null || b.schemaVersion !== BASELINE_VERSION || !Array.isArray(b.findings)) {
    throw new BaselineError(`baseline ${file} is not a cdk8s-batch baseline (schemaVersion ${BASELINE_VERSION} with a findings list); write one with --write-baseline ${file}`);
  }
  return b.findings.map((entry, i) => {
    const e = entry as Partial<BaselineEntry>;
    if (typeof e !== 'object' || e === null || typeof e.fingerprint !== 'string' || typeof e.rule !== 'string' || typeof e.kind !== 'string' || typeof e.name !== 'string') {
      throw new BaselineError(`baseline ${file}: findings[${i}] needs fingerprint, rule, kind and name`);
    }
    return e as BaselineEntry;
  });
}

/** How the run's findings stand against a baseline. */
export interface BaselineComparison {
  readonly file: string;
  /** Findings the baseline records: they are shown but do not fail the run. */
  readonly known: ReadonlySet<Finding>;
  /** Unsuppressed findings the baseline does not record. */
  readonly newCount: number;
  /** Baseline entries no finding of this run matches (the debt was paid: drop them). */
  readonly absent: readonly BaselineEntry[];
}

/** Matches findings to entries by fingerprint, each entry at most once. */
export function compareWithBaseline(
  findings: readonly Finding[], keys: ReadonlyMap<Finding, FindingKey>, entries: readonly BaselineEntry[], file: string,
): BaselineComparison {
  const unmatched = new Map<string, BaselineEntry[]>();
  for (const e of entries) {
    const list = unmatched.get(e.fingerprint);
    if (list) list.push(e);
    else unmatched.set(e.fingerprint, [e]);
  }
  const known = new Set<Finding>();
  let newCount = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    const list = unmatched.get(keys.get(f)!.fingerprint);
    if (list && list.length) {
      list.shift();
      known.add(f);
    } else {
      newCount++;
    }
  }
  const absent = [...unmatched.values()].flat().sort(compareEntries);
  return { file, known, newCount, absent };
}

/** `rule Kind ns/name (file)` for a baseline entry, in messages. */
export function entryLabel(e: FindingKey): string {
  return `${e.rule}  ${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}${e.file ? `  (${e.file}${e.occurrence ? ` #${e.occurrence}` : ''})` : ''}`;
}
