import { removedApi } from './api-versions';
import {
  Obj, apiGroup, namespaceOf, obj, objs, path, podKind, podSpec, str, stringMap, strs,
} from './manifest';

/** A role an account is bound to. */
export interface RoleGrant {
  /** `Role` or `ClusterRole` (from the binding's roleRef). */
  readonly roleKind: string;
  readonly roleName: string;
  /** Namespace of the RoleBinding ('' for a ClusterRoleBinding or when unset). */
  readonly bindingNamespace: string;
  /** `RoleBinding` (grants in one namespace) or `ClusterRoleBinding` (grants in every namespace). */
  readonly bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  /** The role object when it is in the set. */
  readonly role?: Obj;
}

/** A workload that runs under a service account. */
export interface AccountUser {
  readonly doc: Obj;
  readonly namespace: string;
  readonly workloadClass?: string;
}

/** One alerting rule of a PrometheusRule. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** The expression speaks of the last successful run (a CronJob's business freshness). */
  readonly lastSuccess: boolean;
  /** The expression speaks of queue age, lag or backlog (a queue worker's freshness). */
  readonly backlog: boolean;
}

/** Signals match as whole words between non-letters, so `usage_seconds` never reads as `age_seconds`. */
const LAST_SUCCESS = /(?<![a-z])last_?success(ful)?(?![a-z])/i;
// The HPA's view of its own scaling metric (kube-state-metrics): for a queue worker, whose scaler the
// queue-worker-scaling rule requires to be a backlog/lag/age signal, that metric is the backlog.
const BACKLOG = new RegExp('(?<![a-z])(' + [
  'oldest', 'lag', 'backlog', 'messages?_age', 'queue_(depth|length|size)', 'messages_(ready|visible|waiting|available|pending)',
  'pending_messages', 'horizontalpodautoscaler_status_target_metric',
].join('|') + ')(?![a-z])', 'i');
/**
 * Whether a PromQL expression speaks of queue age, lag or backlog, as rule freshness-alert reads
 * it; constructs check a user's backlog query with it so the alert they build passes that rule.
 * @internal
 */
export function speaksOfBacklog(expr: string): boolean {
  return BACKLOG.test(expr);
}

/** Word-like tokens in PromQL: metric names, label values, regex alternatives. */
const TOKEN = /[A-Za-z0-9][A-Za-z0-9._-]*/g;
/** A token's trailing `-`, `.`, `_` (and a test for one, so most tokens are not copied). */
const TRAILING_SEPARATORS = /[-._]+$/;
const TRAILING_SEPARATOR = /[-._]$/;

/** KEDA triggers that become Resource metrics on the HPA KEDA creates; every other trigger is an External metric. */
const RESOURCE_TRIGGERS = ['cpu', 'memory'];

/**
 * Whether a scaler scales its target on a signal from outside the cluster (a queue, a stream,
 * a topic): an `autoscaling/v2` HPA with an `External` metric, or a KEDA ScaledObject with a
 * trigger other than cpu/memory (KEDA serves every such trigger to its HPA as an External
 * metric, so the two tests are the same test).
 */
function scalesOnExternalSignal(scaler: Obj): boolean {
  if (scaler.kind === 'ScaledObject') return objs(path(scaler, 'spec', 'triggers')).some((t) => !RESOURCE_TRIGGERS.includes(str(t.type) ?? ''));
  return scaler.apiVersion === 'autoscaling/v2' && objs(path(scaler, 'spec', 'metrics')).some((m) => m.type === 'External');
}

/**
 * Values by name, looked up by namespace the way {@link sameNamespace} matches (an unset
 * namespace on either side matches any). A lookup costs the size of its answer, never the size
 * of the set: 15,000 Jobs that share one account or one name must not make every rule that asks
 * about one of them walk all the others.
 */
class ByNamespace<T> {
  /**
   * name → the bucket of the first namespace it was added in. Most names live in one namespace,
   * so a name costs one bucket; `byNamespace` is only built for a name met in a second one.
   */
  private readonly byName = new Map<string, FirstBucket<T>>();
  /** Answers that merge two namespaces' lists, computed once per name and namespace. */
  private readonly merged = new Map<string, readonly T[]>();
  private added = 0;

  add(name: string, namespace: string, value: T): void {
    const first = this.byName.get(name);
    let bucket: Bucket<T> | undefined;
    if (!first) {
      bucket = { namespace, values: [], order: [] };
      this.byName.set(name, bucket);
    } else if (first.namespace === namespace) {
      bucket = first;
    } else {
      const byNs = first.byNamespace ??= new Map([[first.namespace, first]]);
      bucket = byNs.get(namespace);
      if (!bucket) {
        bucket = { namespace, values: [], order: [] };
        byNs.set(namespace, bucket);
      }
    }
    bucket.values.push(value);
    bucket.order.push(this.added++);
  }

  /** Every value under `name` whose namespace matches `namespace`, in the order they were added. */
  matching(name: string, namespace: string): readonly T[] {
    const first = this.byName.get(name);
    if (!first) return NONE;
    // A single namespace (the usual case) answers with its own list, without a copy.
    const byNs = first.byNamespace;
    if (!byNs) return sameNamespace(first.namespace, namespace) ? first.values : NONE;
    const key = `${name}\u0000${namespace}`;
    let answer = this.merged.get(key);
    if (!answer) {
      const buckets = namespace === '' ? [...byNs.values()] : [byNs.get(namespace), byNs.get('')].filter((b) => b !== undefined);
      answer = mergeInOrder(buckets);
      this.merged.set(key, answer);
    }
    return answer;
  }

  /** The first value added under `name` whose namespace matches. */
  first(name: string, namespace: string): T | undefined {
    return this.matching(name, namespace)[0];
  }
}

/** The values added under one name in one namespace, and the insertion number of each (to merge in set order). */
interface Bucket<T> {
  readonly namespace: string;
  readonly values: T[];
  readonly order: number[];
}

/** The first namespace's bucket of a name, with every namespace's bucket once the name is met in a second one. */
interface FirstBucket<T> extends Bucket<T> {
  byNamespace?: Map<string, Bucket<T>>;
}

const NONE: readonly never[] = Object.freeze([]);

/** The values of several lists in their insertion order. */
function mergeInOrder<T>(buckets: readonly Bucket<T>[]): readonly T[] {
  if (buckets.length === 1) return buckets[0].values;
  const tagged: { order: number; value: T }[] = [];
  for (const b of buckets) b.values.forEach((value, i) => tagged.push({ order: b.order[i], value }));
  return tagged.sort((a, b) => a.order - b.order).map((t) => t.value);
}

/** A user of an account once per object identity (kind, name, class): copies of one Deployment count once. */
function userIdentity(u: AccountUser): string {
  return `${String(u.doc.kind)}\u0000${str(path(u.doc, 'metadata', 'name')) ?? ''}\u0000${u.workloadClass ?? ''}`;
}

/**
 * Indexes over the whole manifest set: service accounts → bindings → roles, objects that run
 * pods by account, scalers by target, alerts by the names they mention. Built once per audit;
 * every lookup costs the size of its answer (answers that combine entries are computed once per
 * key), so an audit stays linear in the size of the set however the objects share accounts,
 * names and namespaces. Objects in an apiVersion Kubernetes no longer serves are left out: the
 * API server rejects them, so a binding or scaler written that way grants or scales nothing.
 */
export class ManifestIndex {
  private readonly roles = new ByNamespace<Obj>();
  private readonly bindings = new ByNamespace<Omit<RoleGrant, 'role'>>();
  /** Grants by the bindings list they come from, then namespace (no key string per question). */
  private readonly grants = new Map<readonly Omit<RoleGrant, 'role'>[], Map<string, readonly RoleGrant[]>>();
  private readonly serviceAccounts = new ByNamespace<Obj>();
  private readonly users = new ByNamespace<AccountUser>();
  private readonly usersOutside = new Map<string, readonly AccountUser[]>();
  private readonly scalers = new ByNamespace<Obj>();
  private readonly queueScaled = new Map<string, boolean>();
  private readonly alertsByToken = new Map<string, AlertRule[]>();
  /** The last question grantsFor answered, and its answer. */
  private lastAccount: string | undefined;
  private lastNamespace: string | undefined;
  private lastGrants: readonly RoleGrant[] = NO_GRANTS;

  constructor(docs: readonly Obj[], classLabel: string) {
    for (const doc of docs) this.add(doc, classLabel);
  }

  /** The role a binding refers to, when the set holds it (a ClusterRole has no namespace). */
  role(kind: string, name: string, namespace: string): Obj | undefined {
    return this.roles.first(`${kind}/${name}`, kind === 'ClusterRole' ? '' : namespace);
  }

  /**
   * Roles and ClusterRoles bound to a service account by the set's (Cluster)RoleBindings, each
   * role once (two copies of one binding, as in two variants of an app, grant nothing twice).
   */
  grantsFor(account: string, namespace: string): readonly RoleGrant[] {
    // Several rules ask about the same object's account in a row: answer a repeat without a key.
    if (account !== this.lastAccount || namespace !== this.lastNamespace) {
      this.lastGrants = this.grantsOf(account, namespace);
      this.lastAccount = account;
      this.lastNamespace = namespace;
    }
    return this.lastGrants;
  }

  private grantsOf(account: string, namespace: string): readonly RoleGrant[] {
    const entries = this.bindings.matching(account, namespace);
    // Most accounts in a set are bound by nothing: answer without building a list.
    if (entries.length === 0) return NO_GRANTS;
    // The answer depends on the bindings and the namespace only (the role is looked up there).
    let byNamespace = this.grants.get(entries);
    if (!byNamespace) {
      byNamespace = new Map();
      this.grants.set(entries, byNamespace);
    }
    let grants = byNamespace.get(namespace);
    if (!grants) {
      const list: RoleGrant[] = [];
      const seen = new Set<string>();
      for (const grant of entries) {
        const roleKey = `${grant.roleKind}/${grant.bindingNamespace}/${grant.roleName}`;
        if (seen.has(roleKey)) continue;
        seen.add(roleKey);
        list.push({ ...grant, role: this.role(grant.roleKind, grant.roleName, grant.bindingNamespace || namespace) });
      }
      grants = list;
      byNamespace.set(namespace, grants);
    }
    return grants;
  }

  /** The ServiceAccount object, when the set holds it. */
  serviceAccount(name: string, namespace: string): Obj | undefined {
    return this.serviceAccounts.first(name, namespace);
  }

  /** Objects that run pods under a service account (batch workloads or not). */
  usersOf(account: string, namespace: string): readonly AccountUser[] {
    return this.users.matching(account, namespace);
  }

  /**
   * Objects that run pods under a service account with a workload class other than `cls`
   * (unlabelled ones included), each object once, in set order. Computed once per account,
   * namespace and class: every migration Job of a set that shares one account asks the same.
   */
  usersOutsideClass(account: string, namespace: string, cls: string): readonly AccountUser[] {
    const key = `${account}\u0000${namespace}\u0000${cls}`;
    let answer = this.usersOutside.get(key);
    if (!answer) {
      const seen = new Set<string>();
      answer = this.usersOf(account, namespace).filter((u) => {
        if (u.workloadClass === cls) return false;
        const id = userIdentity(u);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      this.usersOutside.set(key, answer);
    }
    return answer;
  }

  /** KEDA ScaledObjects and HorizontalPodAutoscalers whose scaleTargetRef names this Deployment. */
  scalersFor(name: string, namespace: string): readonly Obj[] {
    return this.scalers.matching(name, namespace);
  }

  /** Whether a scaler in the set scales this Deployment on a signal from outside the cluster (a queue). */
  isQueueScaled(name: string, namespace: string): boolean {
    const key = `${name}\u0000${namespace}`;
    let answer = this.queueScaled.get(key);
    if (answer === undefined) {
      answer = this.scalersFor(name, namespace).some(scalesOnExternalSignal);
      this.queueScaled.set(key, answer);
    }
    return answer;
  }

  /** Alerting rules whose expression or labels mention this name. */
  alertsMentioning(name: string): readonly AlertRule[] {
    return this.alertsByToken.get(name) ?? NONE;
  }

  private add(doc: Obj, classLabel: string): void {
    if (removedApi(doc)) return;
    const kind = doc.kind;
    const group = apiGroup(doc);
    const ns = namespaceOf(doc) ?? '';
    const name = str(path(doc, 'metadata', 'name'));
    if (group === 'rbac.authorization.k8s.io') {
      if ((kind === 'Role' || kind === 'ClusterRole') && name) {
        this.roles.add(`${kind}/${name}`, kind === 'ClusterRole' ? '' : ns, doc);
      } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
        this.addBinding(doc, kind, ns);
      }
      return;
    }
    if (kind === 'ServiceAccount' && group === '' && name) {
      this.serviceAccounts.add(name, ns, doc);
      return;
    }
    if (podKind(doc)) {
      const pod = podSpec(doc);
      const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount) ?? 'default';
      this.users.add(account, ns, { doc, namespace: ns, workloadClass: str(path(doc, 'metadata', 'labels', classLabel)) });
      return;
    }
    if ((kind === 'ScaledObject' && group === 'keda.sh') || (kind === 'HorizontalPodAutoscaler' && group === 'autoscaling')) {
      const target = obj(path(doc, 'spec', 'scaleTargetRef'));
      const targetKind = str(target?.kind) ?? 'Deployment';
      const targetName = str(target?.name);
      if (targetName && targetKind === 'Deployment') this.scalers.add(targetName, ns, doc);
      return;
    }
    if (kind === 'PrometheusRule' && group === 'monitoring.coreos.com') this.addAlerts(doc);
  }

  private addBinding(doc: Obj, kind: 'RoleBinding' | 'ClusterRoleBinding', ns: string): void {
    const roleRef = obj(doc.roleRef);
    const roleKind = str(roleRef?.kind);
    const roleName = str(roleRef?.name);
    if (!roleKind || !roleName) return;
    for (const subject of objs(doc.subjects)) {
      const account = str(subject.name);
      if (subject.kind !== 'ServiceAccount' || !account) continue;
      const subjectNs = str(subject.namespace) ?? ns;
      this.bindings.add(account, subjectNs, { roleKind, roleName, bindingNamespace: kind === 'RoleBinding' ? ns : '', bindingKind: kind });
    }
  }

  private addAlerts(doc: Obj): void {
    for (const group of objs(path(doc, 'spec', 'groups'))) {
      for (const rule of objs(group.rules)) {
        const alert = str(rule.alert);
        const expr = typeof rule.expr === 'number' ? String(rule.expr) : str(rule.expr);
        if (!alert || expr === undefined) continue;
        const entry: AlertRule = { alert, expr, lastSuccess: LAST_SUCCESS.test(expr), backlog: BACKLOG.test(expr) };
        const tokens = new Set<string>();
        const sources = [expr, ...Object.values(stringMap(rule.labels))];
        for (const source of sources) {
          for (const match of source.match(TOKEN) ?? []) {
            tokens.add(match);
            // `job_name=~"nightly-report-.*"` names the CronJob's Jobs by prefix.
            if (TRAILING_SEPARATOR.test(match)) tokens.add(match.replace(TRAILING_SEPARATORS, ''));
          }
        }
        for (const token of tokens) push(this.alertsByToken, token, entry);
      }
    }
  }
}

const NO_GRANTS: readonly RoleGrant[] = Object.freeze([]);

/** Namespaces match when equal, or when either is unset (applied with `kubectl -n`). */
export function sameNamespace(a: string, b: string): boolean {
  return a === b || a === '' || b === '';
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One rule of a Role/ClusterRole. */
export interface RoleRule {
  readonly verbs: readonly string[];
  readonly resources: readonly string[];
  readonly apiGroups: readonly string[];
  /** Non-empty when the rule is limited to named objects. */
  readonly resourceNames: readonly string[];
}

/** The rules of a Role/ClusterRole. */
export function roleRules(role: Obj): RoleRule[] {
  return objs(role.rules).map((r) => ({
    verbs: strs(r.verbs), resources: strs(r.resources), apiGroups: strs(r.apiGroups), resourceNames: strs(r.resourceNames),
  }));
}
