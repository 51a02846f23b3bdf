import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { keysInCodePointOrder } from './code-point-order';
import { carryReasons, explain, explainFields, unlessSet } from './decisions';
import { checkKeyPrefix, checkLabelValue, isLabelValue, LABEL_VALUE_RULE } from './names';
import { isHttpsUrl } from '../rules/checks/runbook-annotation';
import { DEFAULT_PREFIX } from '../rules/engine';

/**
 * The prefix of our labels and annotations when neither the construct nor the tree sets one.
 * It is the prefix the docs' examples use, and the audit's default (one definition).
 */
export const DEFAULT_ANNOTATION_PREFIX = DEFAULT_PREFIX;

/**
 * Construct-tree context key that sets the annotation prefix for every construct below it:
 * `app.node.setContext(ANNOTATION_PREFIX_CONTEXT, 'platform.acme.io')` for the whole app, or
 * `chart.node.setContext(...)` for one chart, before constructs are added. (cdk8s's `AppProps`
 * has no `context`; `setContext` is the way.)
 */
export const ANNOTATION_PREFIX_CONTEXT = 'cdk8s-batch:annotationPrefix';

/**
 * What kind of batch work a workload is. Recorded as the `<prefix>/workload-class` label, which
 * the rules use to decide which checks apply (pick the owner model on purpose).
 */
export enum WorkloadClass {
  /** A one-off finite Job. */
  BATCH = 'batch',
  /** Finite work created on a timetable by a CronJob. */
  SCHEDULED = 'scheduled',
  /** An Indexed Job over a stable partition table. */
  INDEXED_BATCH = 'indexed-batch',
  /** A schema migration Job. */
  MIGRATION = 'migration',
  /** Deletion or maintenance work. */
  CLEANUP = 'cleanup',
  /** A long-running consumer whose protocol is a queue. */
  QUEUE_WORKER = 'queue-worker',
}

/**
 * Who owns a workload and how it is run in production ("required metadata").
 * Every pattern construct takes these props.
 */
export interface OwnershipProps {
  /**
   * The team that owns failures of this workload (annotation `<prefix>/owner`).
   */
  readonly owner: string;

  /**
   * The runbook an on-call engineer opens when this workload fails; must be an `https://` URL
   * (annotation `<prefix>/runbook`): a failed run has a runbook.
   */
  readonly runbook: string;

  /**
   * The larger system this workload belongs to (label `app.kubernetes.io/part-of`).
   * @default - the owner
   */
  readonly partOf?: string;

  /**
   * The tool that manages the manifests (label `app.kubernetes.io/managed-by`), e.g. `gitops`.
   * @default "cdk8s"
   */
  readonly managedBy?: string;

  /**
   * The service level objective in business words, e.g. "complete by 03:00 UTC daily"
   * (annotation `<prefix>/slo`).
   * @default - no SLO annotation
   */
  readonly slo?: string;

  /**
   * The business window in absolute words, e.g. "Daily settlement after Jakarta close, 02:00
   * Asia/Jakarta" (annotation `<prefix>/business-window`).
   * @default - no business-window annotation
   */
  readonly businessWindow?: string;

  /**
   * Data classification of what the workload touches (label `<prefix>/data-classification`),
   * e.g. `restricted`.
   * @default - no data-classification label
   */
  readonly dataClassification?: string;

  /**
   * The most requests per second the downstream systems accept from this workload
   * (annotation `<prefix>/max-downstream-qps`, rule downstream-qps). Required: concurrency that is not
   * sized against the downstream turns backlog into outage.
   */
  readonly maxDownstreamQps: number;

  /**
   * Where domain completion is recorded outside Kubernetes, e.g. "ledger.reconciliation_runs
   * table" (annotation `<prefix>/completion-ledger`, rule completion-ledger). Kubernetes status tells
   * execution state; the ledger tells business completion.
   * @default - construct-specific; see each construct
   */
  readonly completionLedger?: string;

  /**
   * Prefix of the labels and annotations this library writes.
   * @default - the `cdk8s-batch:annotationPrefix` context value, else "platform.example.com"
   */
  readonly annotationPrefix?: string;
}

/**
 * Labels and annotations derived from ownership, ready to put on an object's metadata.
 * @internal
 */
export interface OwnershipMetadata {
  readonly prefix: string;
  /** Labels for the workload object and its companions. */
  readonly labels: Record<string, string>;
  /** Labels for pod templates: the identifying subset, so selectors and dashboards can find pods. */
  readonly podLabels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/**
 * Resolves the annotation prefix: the prop, then tree context, then the documented default.
 * @internal
 */
export function resolvePrefix(scope: IConstruct, given: string | undefined): string {
  const fromContext = scope.node.tryGetContext(ANNOTATION_PREFIX_CONTEXT);
  const prefix = given ?? (typeof fromContext === 'string' ? fromContext : undefined) ?? DEFAULT_ANNOTATION_PREFIX;
  return checkKeyPrefix(scope, given !== undefined ? 'annotationPrefix' : `context ${ANNOTATION_PREFIX_CONTEXT}`, prefix);
}

/**
 * Validates ownership props and renders them as labels and annotations.
 * `extraAnnotations` are construct-specific annotation names (without prefix) and values.
 * @internal
 */
export function ownershipMetadata(
  scope: IConstruct,
  props: OwnershipProps,
  workloadClass: WorkloadClass,
  name: string,
  extraAnnotations: Record<string, string | undefined> = {},
): OwnershipMetadata {
  const prefix = resolvePrefix(scope, props.annotationPrefix);
  requireText(scope, 'owner', props.owner);
  checkRunbook(scope, props.runbook);
  checkQps(scope, props.maxDownstreamQps);
  const partOf = props.partOf !== undefined ? checkLabelValue(scope, 'partOf', props.partOf) : ownerAsPartOf(scope, props.owner);
  const managedBy = checkLabelValue(scope, 'managedBy', props.managedBy ?? 'cdk8s');

  const podLabels: Record<string, string> = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': partOf,
    [`${prefix}/workload-class`]: workloadClass,
  };
  explainFields(podLabels, {
    'app.kubernetes.io/part-of': unlessSet(props.partOf, 'the owner, as a label value'),
    [`${prefix}/workload-class`]: 'the kind of batch work; the rules choose their checks by it (rule workload-class)',
  });
  const labels: Record<string, string> = carryReasons(podLabels, { ...podLabels, 'app.kubernetes.io/managed-by': managedBy });
  explain(labels, 'app.kubernetes.io/managed-by', unlessSet(props.managedBy, 'the tool that writes this object'));
  if (props.dataClassification !== undefined) {
    labels[`${prefix}/data-classification`] = checkLabelValue(scope, 'dataClassification', props.dataClassification);
  }

  const annotations: Record<string, string> = {
    [`${prefix}/owner`]: props.owner,
    [`${prefix}/runbook`]: props.runbook,
    [`${prefix}/max-downstream-qps`]: String(props.maxDownstreamQps),
  };
  addIfSet(annotations, `${prefix}/slo`, optionalText(scope, 'slo', props.slo));
  addIfSet(annotations, `${prefix}/business-window`, optionalText(scope, 'businessWindow', props.businessWindow));
  addIfSet(annotations, `${prefix}/completion-ledger`, optionalText(scope, 'completionLedger', props.completionLedger));
  for (const [key, value] of Object.entries(extraAnnotations)) {
    addIfSet(annotations, `${prefix}/${key}`, value);
  }
  return { prefix, labels, podLabels, annotations: sortKeys(annotations) };
}

/**
 * The default of partOf is the owner, and partOf is a label value: a free-text owner such as
 * "Finance Platform" is a fine annotation but no label value, so the error names the prop the
 * user wrote and the way out (set partOf).
 */
function ownerAsPartOf(scope: IConstruct, owner: string): string {
  if (!isLabelValue(owner)) {
    throw invalid(scope, 'owner', owner,
      'used as the default of partOf (label app.kubernetes.io/part-of), so it must be a Kubernetes label value: ' +
      `${LABEL_VALUE_RULE}; keep this owner and set partOf to a label value${labelValueHint(owner)}`);
  }
  return owner;
}

/** A label value close to a free text, as an example for the error: ` (e.g. "finance-platform")`. */
function labelValueHint(text: string): string {
  const hint = text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 63).replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return isLabelValue(hint) ? ` (e.g. "${hint}")` : '';
}

/** @internal */
export function requireText(scope: IConstruct, prop: string, value: string | undefined): string {
  if (value === undefined || value.trim().length === 0) {
    throw invalid(scope, prop, value, 'a non-empty text is required');
  }
  return value;
}

function optionalText(scope: IConstruct, prop: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : requireText(scope, prop, value);
}

/** The runbook as rule runbook-annotation accepts it: https://, a host name, no spaces. */
function checkRunbook(scope: IConstruct, runbook: string): void {
  if (typeof runbook !== 'string' || runbook !== runbook.trim() || !isHttpsUrl(runbook)) {
    throw invalid(scope, 'runbook', runbook,
      'must be an absolute https:// URL an on-call engineer can open');
  }
}

function checkQps(scope: IConstruct, qps: number): void {
  if (typeof qps !== 'number' || !Number.isFinite(qps) || qps <= 0) {
    throw invalid(scope, 'maxDownstreamQps', qps,
      'must be a positive number: the requests per second the downstream systems accept');
  }
}

function addIfSet(target: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined) {
    target[key] = value;
  }
}

/** Sorted keys keep annotations in a stable, reviewable order. @internal */
export function sortKeys(record: Record<string, string>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of keysInCodePointOrder(record)) {
    sorted[key] = record[key];
  }
  return sorted;
}
