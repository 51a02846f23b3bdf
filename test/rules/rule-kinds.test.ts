import { fixtureSets, NOW } from './helpers';
import { ruleExamples } from '../../projenrc/rule-docs';
import { AuditEntry, buildContext, isKubernetesObject, runAudit } from '../../src/rules/engine';
import { AuditOptions, AuditScope } from '../../src/rules/finding';
import { GitOpsTool } from '../../src/rules/gitops';
import { RULES } from '../../src/rules/pack';
import { ANY_KIND, Rule } from '../../src/rules/rule';

/**
 * The engine offers an object only to the rules whose `kinds` list its kind (rule.ts). A list
 * that is too narrow would silently drop findings, so these tests take every object of the
 * fixtures and of the rule pages' examples, write it as every kind (in every apiVersion that
 * kind has or had, and in its own), and check that no rule's appliesTo accepts an object of a
 * kind the rule does not list, with the options that widen appliesTo the most and with none.
 */

/** apiVersions each kind is or was served in (Kubernetes, KEDA, the Prometheus operator, GitOps tools). */
const VERSIONS: Record<string, readonly string[]> = {
  Job: ['batch/v1', 'batch.volcano.sh/v1alpha1'],
  CronJob: ['batch/v1', 'batch/v1beta1', 'batch/v2alpha1'],
  Deployment: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1', 'v1'],
  StatefulSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicaSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicationController: ['v1'],
  Pod: ['v1'],
  ServiceAccount: ['v1'],
  ConfigMap: ['v1'],
  ScaledJob: ['keda.sh/v1alpha1'],
  ScaledObject: ['keda.sh/v1alpha1'],
  Role: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1'],
  ClusterRole: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1'],
  RoleBinding: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1'],
  HorizontalPodAutoscaler: ['autoscaling/v2', 'autoscaling/v1', 'autoscaling/v2beta1', 'autoscaling/v2beta2'],
  PodDisruptionBudget: ['policy/v1', 'policy/v1beta1'],
  PodSecurityPolicy: ['policy/v1beta1', 'extensions/v1beta1'],
  NetworkPolicy: ['networking.k8s.io/v1', 'extensions/v1beta1'],
  Ingress: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'],
  IngressClass: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  PriorityClass: ['scheduling.k8s.io/v1', 'scheduling.k8s.io/v1beta1'],
  PrometheusRule: ['monitoring.coreos.com/v1'],
  Application: ['argoproj.io/v1alpha1'],
  Kustomization: ['kustomize.toolkit.fluxcd.io/v1', 'kustomize.config.k8s.io/v1beta1'],
};

/** Every kind a rule lists, every kind above, and each spelt in lower case (a kind the API server does not know). */
const KINDS = [...new Set([...RULES.flatMap((r) => (r.kinds === ANY_KIND ? [] : r.kinds)), ...Object.keys(VERSIONS)])];
const ALL_KINDS = [...KINDS, ...KINDS.map((k) => k.toLowerCase())];

/** The options that make appliesTo accept the most (every pod kind, GitOps, a target version), and none. */
const OPTIONS: readonly AuditOptions[] = [
  { now: NOW },
  { now: NOW, scope: AuditScope.ALL, gitOps: GitOpsTool.ARGO_CD, kubernetesVersion: '1.27' },
];

/** The manifest sets: each fixture file, and each rule page's failing and fixed examples. */
function manifestSets(): unknown[][] {
  const sets = fixtureSets();
  for (const rule of RULES) {
    const { failing, fixed } = ruleExamples(rule);
    sets.push(failing, fixed);
  }
  return sets;
}

/** A copy of an object written as `kind` in `apiVersion`. */
function asKind(doc: Record<string, unknown>, kind: string, apiVersion: string): Record<string, unknown> {
  return { ...doc, kind, apiVersion };
}

/** Each object of a set, then its copies as every other kind, in each of that kind's apiVersions and its own. */
function withEveryKind(set: unknown[]): AuditEntry[] {
  const objects = set.filter(isKubernetesObject);
  const out: AuditEntry[] = objects.map((object) => ({ object }));
  for (const doc of objects) {
    for (const kind of ALL_KINDS) {
      const versions = new Set([...(VERSIONS[kind] ?? VERSIONS[KINDS.find((k) => k.toLowerCase() === kind) ?? ''] ?? []), String(doc.apiVersion)]);
      for (const apiVersion of versions) {
        if (kind !== doc.kind || apiVersion !== doc.apiVersion) out.push({ object: asKind(doc, kind, apiVersion) });
      }
    }
  }
  return out;
}

function listsKind(rule: Rule, kind: unknown): boolean {
  return rule.kinds === ANY_KIND || rule.kinds.includes(kind as string);
}

describe('Rule.kinds', () => {
  const sets = manifestSets().map(withEveryKind);

  test('no rule applies to an object of a kind it does not list', () => {
    const tooNarrow = new Set<string>();
    let checked = 0;
    for (const options of OPTIONS) {
      for (const entries of sets) {
        const ctx = buildContext(entries, options);
        for (const { object } of entries) {
          for (const rule of RULES) {
            if (listsKind(rule, object.kind)) continue;
            checked++;
            if (rule.appliesTo(object, ctx)) tooNarrow.add(`${rule.id} applies to ${String(object.kind)} (${String(object.apiVersion)}) but does not list it`);
          }
        }
      }
    }
    expect([...tooNarrow]).toEqual([]);
    // The check ran over a real population, not an empty one.
    expect(checked).toBeGreaterThan(100_000);
  });

  test('every rule applies to some object of the population, so the check above tests each one', () => {
    const applied = new Set<string>();
    for (const options of OPTIONS) {
      for (const entries of sets) {
        const ctx = buildContext(entries, options);
        for (const { object } of entries) {
          for (const rule of RULES) if (!applied.has(rule.id) && rule.appliesTo(object, ctx)) applied.add(rule.id);
        }
      }
    }
    expect(RULES.map((r) => r.id).filter((id) => !applied.has(id))).toEqual([]);
  });

  test('every listed kind is a kind, and no rule lists one twice', () => {
    for (const rule of RULES) {
      if (rule.kinds === ANY_KIND) continue;
      expect(rule.kinds.length).toBeGreaterThan(0);
      expect(new Set(rule.kinds).size).toBe(rule.kinds.length);
      for (const kind of rule.kinds) expect(kind).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });

  test('the engine runs the rules of an object\'s kind in pack order, exactly those whose appliesTo accepts it', () => {
    for (const options of OPTIONS) {
      for (const entries of sets.slice(0, 40)) {
        const run = runAudit(entries, options, { appliedRules: true });
        const ctx = buildContext(entries, options);
        const expected = entries.map(({ object }) => RULES.filter((r) => r.appliesTo(object, ctx)).map((r) => r.id));
        expect(run.objects.map((o) => o.appliedRules)).toEqual(expected);
      }
    }
  });
});
