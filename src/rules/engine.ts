import { KubernetesVersion, parseKubernetesVersion, VERSION_ALLOWED } from '../core/kubernetes-version';
import { invalid } from '../errors';
import { ruleDocsLink } from '../package-info';
import { jsonBytesBound } from './annotation-size';
import { notUnderstood } from './api-versions';
import { ManifestIndex } from './context';
import { walkObject } from './field-shape';
import { AuditOptions, AuditScope, Finding, RuleInfo, RuleSeverity, Suppression } from './finding';
import { appliedBy, GitOpsTool } from './gitops';
import { Obj, jobSpec, namespaceOf, nameOf, obj, path, podKind, podSpec, str } from './manifest';
import { ObjectSet } from './object-set';
import { RULES } from './pack';
import { ANY_KIND, Rule, RuleContext } from './rule';
import { inBatchScope } from './scope';
import { AnnotationReader, AnnotationSuppression, MIN_REASON_LENGTH, reasonIsValid } from './suppressions';

/** The prefix the audit uses when none is configured. */
export const DEFAULT_PREFIX = 'platform.example.com';

/** One document to audit, with where it came from (the CLI fills the location). */
export interface AuditInput {
  readonly object: unknown;
  readonly file?: string;
  readonly document?: number;
  readonly line?: number;
}

/** Ids of every rule, in pack order. */
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);
const KNOWN_IDS = new Set(RULE_IDS);

/** A Kubernetes object: a mapping with string `apiVersion` and `kind`. */
export function isKubernetesObject(value: unknown): value is Obj {
  const o = obj(value);
  return !!o && typeof o.apiVersion === 'string' && o.apiVersion !== '' && typeof o.kind === 'string' && o.kind !== '';
}

/**
 * The rules an audit runs, after `rules` / `skipRules`; checks every option first, so callers
 * (the CLI) can reject bad options before reading any input.
 */
export function selectRules(options: AuditOptions): Rule[] {
  normalizePrefix(options.annotationPrefix);
  targetVersion(options.kubernetesVersion);
  checkScope(options.scope);
  checkGitOps(options.gitOps);
  checkSuppressions(options.suppressions ?? []);
  checkIds('rules', options.rules);
  checkIds('skipRules', options.skipRules);
  const only = options.rules && options.rules.length > 0 ? new Set(options.rules) : undefined;
  const skip = new Set(options.skipRules ?? []);
  return RULES.filter((r) => (!only || only.has(r.id)) && !skip.has(r.id));
}

/** A rule's public description. */
export function ruleInfo(rule: Rule): RuleInfo {
  return {
    id: rule.id,
    severity: rule.severity,
    docs: ruleDocsLink(rule.id),
    appliesTo: rule.appliesToText,
    passesWhen: rule.passesWhen,
    ...(rule.doc.references ? { references: [...rule.doc.references] } : {}),
  };
}

/** A Kubernetes object of the set with where it came from. */
export type AuditEntry = AuditInput & { readonly object: Obj };

/** Builds the context rules read: conventions from the options and indexes over the set. */
export function buildContext(entries: readonly AuditEntry[], options: AuditOptions): RuleContext {
  const prefix = normalizePrefix(options.annotationPrefix);
  const classLabel = `${prefix}/workload-class`;
  const annotations = new AnnotationReader(prefix);
  const keys = new Map<string, string>();
  const annotationKey = (suffix: string) => {
    let key = keys.get(suffix);
    if (key === undefined) {
      key = `${prefix}/${suffix}`;
      keys.set(suffix, key);
    }
    return key;
  };
  const index = new ManifestIndex(entries.map((e) => e.object), classLabel);
  const workloadClass = (doc: Obj) => str(path(doc, 'metadata', 'labels', classLabel));
  const objectSet = new ObjectSet(entries);
  let walked: Obj | undefined;
  const objectWalk = memo((doc: Obj) => {
    walked = doc;
    return walkObject(doc);
  });
  return {
    prefix,
    now: options.now ?? new Date(),
    batchPool: { key: options.batchPoolKey ?? 'workload-tier', value: options.batchPoolValue ?? 'batch' },
    ruleIds: KNOWN_IDS,
    index,
    annotation: (doc, suffix) => str(annotations.value(doc, annotationKey(suffix))),
    suppressions: (doc) => annotations.suppressions(doc),
    workloadClass,
    scope: options.scope ?? AuditScope.BATCH,
    appliedBy: appliedBy(options.gitOps, entries.map((e) => e.object)),
    kubernetesVersion: targetVersion(options.kubernetesVersion),
    inBatchScope: memo((doc: Obj) => inBatchScope(doc, index, workloadClass)),
    definitionsOf: (doc) => objectSet.definitionsOf(doc),
    podSpec: memo(podSpec),
    jobSpec: memo(jobSpec),
    objectWalk,
    jsonBytesBound: (doc) => (doc === walked ? objectWalk(doc).jsonBytesBound : jsonBytesBound(doc)),
  };
}

/** One audited object and the rules that applied to it (passed or not). */
export interface AuditedObject {
  readonly input: AuditInput & { readonly object: Obj };
  readonly appliedRules: readonly string[];
  /** This object's findings (also in the run's list). */
  readonly findings: readonly Finding[];
}

/** Where an object of the set is, for lists beside the findings. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
}

/** An object the rules could not read, and why (a mis-cased kind, a version that never served the kind). */
export interface AuditNote extends ObjectRef {
  readonly apiVersion: string;
  readonly note: string;
}

/** Everything one audit run saw: findings, which rules applied to which object, and what the rules left alone. */
export interface AuditRun {
  readonly findings: Finding[];
  readonly objects: AuditedObject[];
  /** Objects that run pods but are not batch workloads, in input order (the batch rules skip them). */
  readonly outsideScope: ObjectRef[];
  /** Objects the rules could not read, in input order. */
  readonly notes: AuditNote[];
  /** Which objects the rules judged. */
  readonly scope: AuditScope;
  /** The context the rules read (conventions and indexes over the set), for reports built on the run. */
  readonly context: RuleContext;
}

/** What a run records beyond findings. */
export interface RunRecording {
  /** Record which rules applied to each object (JUnit lists passing cases); off, each list is empty. */
  readonly appliedRules?: boolean;
}

const NO_RULES: readonly string[] = Object.freeze([]);
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/**
 * Runs the selected rules over every Kubernetes object of a manifest set and returns the
 * findings, suppressed ones included, in input order then rule order, per object too, and on
 * request the rules that applied to each object; beside them, the objects that run pods
 * outside batch scope and notes on objects no rule could read. Inputs that are not Kubernetes
 * objects are ignored (the CLI reports them separately). Nothing is allocated per object that a
 * large, mostly clean set does not need.
 */
export function runAudit(inputs: readonly AuditInput[], options: AuditOptions = {}, recording: RunRecording = {}): AuditRun {
  const rules = selectRules(options);
  const codeSuppressions = options.suppressions ?? [];
  const entries = inputs.filter((i) => isKubernetesObject(i.object)) as AuditEntry[];
  const ctx = buildContext(entries, options);
  const { rulesByKind, anyKindRules } = groupByKind(rules);
  const findings: Finding[] = [];
  const objects: AuditedObject[] = [];
  const outsideScope: ObjectRef[] = [];
  const notes: AuditNote[] = [];
  for (const entry of entries) {
    const doc = entry.object;
    if (podKind(doc) !== undefined) {
      if (!ctx.inBatchScope(doc)) outsideScope.push(objectRef(entry));
    } else {
      const note = notUnderstood(doc);
      if (note !== undefined) notes.push({ ...objectRef(entry), apiVersion: String(doc.apiVersion), note });
    }
    const onObject = validAnnotationSuppressions(ctx.suppressions(doc));
    const appliedRules: string[] | undefined = recording.appliedRules ? [] : undefined;
    let objectFindings: Finding[] | undefined;
    for (const rule of rulesByKind.get(doc.kind as string) ?? anyKindRules) {
      if (!rule.appliesTo(doc, ctx)) continue;
      appliedRules?.push(rule.id);
      const result = rule.check(doc, ctx);
      if (result === undefined) continue;
      const reason = onObject.get(rule.id) ?? codeSuppressionReason(codeSuppressions, rule.id, doc);
      (objectFindings ??= []).push({
        ruleId: rule.id,
        severity: rule.severity,
        kind: str(doc.kind) ?? '',
        namespace: namespaceOf(doc),
        name: nameOf(doc),
        message: typeof result === 'string' ? result : result.message,
        details: typeof result === 'string' ? undefined : [...result.details],
        docs: ruleDocsLink(rule.id),
        suppressed: reason !== undefined,
        suppressionReason: reason,
        file: entry.file,
        document: entry.document,
        line: entry.line,
      });
    }
    if (objectFindings) findings.push(...objectFindings);
    objects.push({ input: entry, appliedRules: appliedRules ?? NO_RULES, findings: objectFindings ?? NO_FINDINGS });
  }
  return { findings, objects, outsideScope, notes, scope: ctx.scope, context: ctx };
}

/**
 * The rules an object of each kind meets, in pack order: the rules that list the kind and the
 * rules of any kind. Built once per run, so an object is offered only to the rules of its kind
 * (a ServiceAccount meets five rules, not all of them); a kind no rule lists meets the rules of
 * any kind.
 */
function groupByKind(rules: readonly Rule[]): { rulesByKind: ReadonlyMap<string, readonly Rule[]>; anyKindRules: readonly Rule[] } {
  const anyKindRules = rules.filter((r) => r.kinds === ANY_KIND);
  const rulesByKind = new Map<string, readonly Rule[]>();
  for (const rule of rules) {
    if (rule.kinds === ANY_KIND) continue;
    for (const kind of rule.kinds) {
      if (!rulesByKind.has(kind)) rulesByKind.set(kind, rules.filter((r) => r.kinds === ANY_KIND || r.kinds.includes(kind)));
    }
  }
  return { rulesByKind, anyKindRules };
}

function objectRef(entry: AuditEntry): ObjectRef {
  const doc = entry.object;
  return { kind: String(doc.kind), namespace: namespaceOf(doc), name: nameOf(doc), file: entry.file, line: entry.line };
}

/** The findings of {@link runAudit}. */
export function auditDocuments(inputs: readonly AuditInput[], options: AuditOptions = {}): Finding[] {
  return runAudit(inputs, options).findings;
}

/** The target Kubernetes version of the audit, when one is given. */
function targetVersion(given: string | undefined): KubernetesVersion | undefined {
  if (given === undefined) return undefined;
  const version = parseKubernetesVersion(given);
  if (!version) throw invalid('BatchAudit', 'kubernetesVersion', given, VERSION_ALLOWED);
  return version;
}

/** Whether a finding fails the audit: an unsuppressed error, or warning when strict. */
export function isFailing(finding: Finding, strict: boolean): boolean {
  return !finding.suppressed && (finding.severity === RuleSeverity.ERROR || strict);
}

function normalizePrefix(prefix: string | undefined): string {
  const value = (prefix ?? DEFAULT_PREFIX).replace(/\/+$/, '');
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(value)) {
    throw invalid('BatchAudit', 'annotationPrefix', prefix, 'a DNS subdomain such as "platform.example.com" (the prefix part of a Kubernetes label key)');
  }
  return value;
}

function checkScope(scope: AuditScope | undefined): void {
  const scopes: readonly string[] = Object.values(AuditScope);
  if (scope !== undefined && !scopes.includes(scope)) throw invalid('BatchAudit', 'scope', scope, `one of ${scopes.join(', ')}`);
}

function checkGitOps(tool: GitOpsTool | undefined): void {
  const tools: readonly string[] = Object.values(GitOpsTool);
  if (tool !== undefined && !tools.includes(tool)) throw invalid('BatchAudit', 'gitOps', tool, `one of ${tools.join(', ')}`);
}

function checkIds(prop: string, ids: readonly string[] | undefined): void {
  for (const id of ids ?? []) {
    if (!KNOWN_IDS.has(id)) throw invalid('BatchAudit', prop, id, `a rule id, one of: ${RULE_IDS.join(', ')}`);
  }
}

function checkSuppressions(suppressions: readonly Suppression[]): void {
  suppressions.forEach((s, i) => {
    if (!KNOWN_IDS.has(s.ruleId)) {
      throw invalid('BatchAudit', `suppressions[${i}].ruleId`, s.ruleId, `a rule id, one of: ${RULE_IDS.join(', ')}`);
    }
    if (typeof s.reason !== 'string' || !reasonIsValid(s.reason)) {
      throw invalid('BatchAudit', `suppressions[${i}].reason`, s.reason, `a reason of at least ${MIN_REASON_LENGTH} characters saying why ${s.ruleId} does not apply`);
    }
  });
}

/**
 * Per-object memo holding the last object only: the engine runs every rule on one object before
 * the next, so one entry catches nearly every repeat read without a table the size of the set.
 */
function memo<T>(compute: (doc: Obj) => T): (doc: Obj) => T {
  let lastDoc: Obj | undefined;
  let lastValue: T | undefined;
  return (doc) => {
    if (doc !== lastDoc) {
      lastValue = compute(doc);
      lastDoc = doc;
    }
    return lastValue as T;
  };
}

/** Suppressions on the object whose id and reason are valid (the others are findings of `suppression-reason`). */
const NO_SUPPRESSIONS: ReadonlyMap<string, string> = new Map();

function validAnnotationSuppressions(annotations: readonly AnnotationSuppression[]): ReadonlyMap<string, string> {
  if (annotations.length === 0) return NO_SUPPRESSIONS;
  const out = new Map<string, string>();
  for (const s of annotations) {
    if (KNOWN_IDS.has(s.ruleId) && s.ruleId !== 'suppression-reason' && reasonIsValid(s.reason)) out.set(s.ruleId, s.reason);
  }
  return out;
}

function codeSuppressionReason(suppressions: readonly Suppression[], ruleId: string, doc: Obj): string | undefined {
  // A broken suppression must stay visible: `suppression-reason` itself cannot be suppressed.
  if (ruleId === 'suppression-reason') return undefined;
  for (const s of suppressions) {
    if (s.ruleId !== ruleId) continue;
    if (s.kind !== undefined && s.kind !== doc.kind) continue;
    if (s.name !== undefined && s.name !== nameOf(doc)) continue;
    if (s.namespace !== undefined && s.namespace !== namespaceOf(doc)) continue;
    return s.reason.trim();
  }
  return undefined;
}
