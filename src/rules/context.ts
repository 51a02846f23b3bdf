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
 * Indexes over the whole manifest set: service accounts → bindings → roles, objects that run
 * pods by account, scalers by target, alerts by the names they mention. Built once per audit.
 * Objects in an apiVersion Kubernetes no longer serves are left out: the API server rejects
 * them, so a binding or scaler written that way grants or scales nothing.
 */
export class ManifestIndex {
  private readonly roles = new Map<string, Obj[]>();
  private readonly grantsByAccount = new Map<string, { ns: string; grant: Omit<RoleGrant, 'role'> }[]>();
  private readonly serviceAccounts = new Map<string, Obj[]>();
  private readonly usersByAccount = new Map<string, AccountUser[]>();
  private readonly scalersByTarget = new Map<string, Obj[]>();
  private readonly alertsByToken = new Map<string, AlertRule[]>();

  constructor(docs: readonly Obj[], classLabel: string) {
    for (const doc of docs) this.add(doc, classLabel);
  }

  /** The role a binding refers to, when the set holds it. */
  role(kind: string, name: string, namespace: string): Obj | undefined {
    const candidates = this.roles.get(`${kind}/${name}`) ?? [];
    return kind === 'ClusterRole' ? candidates[0] : candidates.find((r) => sameNamespace(namespaceOf(r) ?? '', namespace));
  }

  /**
   * Roles and ClusterRoles bound to a service account by the set's (Cluster)RoleBindings, each
   * role once (two copies of one binding, as in two variants of an app, grant nothing twice).
   */
  grantsFor(account: string, namespace: string): readonly RoleGrant[] {
    const entries = this.grantsByAccount.get(account);
    // Most accounts in a set are bound by nothing: answer without building a list.
    if (!entries) return NO_GRANTS;
    const grants: RoleGrant[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      if (!sameNamespace(e.ns, namespace)) continue;
      const key = `${e.grant.roleKind}/${e.grant.bindingNamespace}/${e.grant.roleName}`;
      if (seen.has(key)) continue;
      seen.add(key);
      grants.push({ ...e.grant, role: this.role(e.grant.roleKind, e.grant.roleName, e.grant.bindingNamespace || namespace) });
    }
    return grants;
  }

  /** The ServiceAccount object, when the set holds it. */
  serviceAccount(name: string, namespace: string): Obj | undefined {
    return (this.serviceAccounts.get(name) ?? []).find((sa) => sameNamespace(namespaceOf(sa) ?? '', namespace));
  }

  /** Objects that run pods under a service account (batch workloads or not). */
  usersOf(account: string, namespace: string): AccountUser[] {
    return (this.usersByAccount.get(account) ?? []).filter((u) => sameNamespace(u.namespace, namespace));
  }

  /** KEDA ScaledObjects and HorizontalPodAutoscalers whose scaleTargetRef names this Deployment. */
  scalersFor(name: string, namespace: string): Obj[] {
    return (this.scalersByTarget.get(name) ?? []).filter((s) => sameNamespace(namespaceOf(s) ?? '', namespace));
  }

  /** Whether a scaler in the set scales this Deployment on a signal from outside the cluster (a queue). */
  isQueueScaled(name: string, namespace: string): boolean {
    const scalers = this.scalersByTarget.get(name);
    return scalers !== undefined && scalers.some((s) => sameNamespace(namespaceOf(s) ?? '', namespace) && scalesOnExternalSignal(s));
  }

  /** Alerting rules whose expression or labels mention this name. */
  alertsMentioning(name: string): AlertRule[] {
    return this.alertsByToken.get(name) ?? [];
  }

  private add(doc: Obj, classLabel: string): void {
    if (removedApi(doc)) return;
    const kind = doc.kind;
    const group = apiGroup(doc);
    const ns = namespaceOf(doc) ?? '';
    const name = str(path(doc, 'metadata', 'name'));
    if (group === 'rbac.authorization.k8s.io') {
      if ((kind === 'Role' || kind === 'ClusterRole') && name) {
        push(this.roles, `${kind}/${name}`, doc);
      } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
        this.addBinding(doc, kind, ns);
      }
      return;
    }
    if (kind === 'ServiceAccount' && group === '' && name) {
      push(this.serviceAccounts, name, doc);
      return;
    }
    if (podKind(doc)) {
      const pod = podSpec(doc);
      const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount) ?? 'default';
      push(this.usersByAccount, account, { doc, namespace: ns, workloadClass: str(path(doc, 'metadata', 'labels', classLabel)) });
      return;
    }
    if ((kind === 'ScaledObject' && group === 'keda.sh') || (kind === 'HorizontalPodAutoscaler' && group === 'autoscaling')) {
      const target = obj(path(doc, 'spec', 'scaleTargetRef'));
      const targetKind = str(target?.kind) ?? 'Deployment';
      const targetName = str(target?.name);
      if (targetName && targetKind === 'Deployment') push(this.scalersByTarget, targetName, doc);
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
      push(this.grantsByAccount, account, {
        ns: subjectNs,
        grant: { roleKind, roleName, bindingNamespace: kind === 'RoleBinding' ? ns : '', bindingKind: kind },
      });
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
            tokens.add(match.replace(/[-._]+$/, ''));
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
