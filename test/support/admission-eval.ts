/**
 * Evaluates a generated ValidatingAdmissionPolicy in-process with @bufbuild/cel (a conformant
 * CEL evaluator with RE2 `matches`), the way the API server does for a CREATE: the policy
 * matches the request's resource, every matchCondition is true, then each validation must be
 * true. Only the CEL standard library is registered, so an expression that needs a Kubernetes
 * extension fails here instead of passing by accident. The Go harness, with Kubernetes' own CEL
 * environment, is the authority; this is the quick check.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';

type Program = (bindings: Record<string, unknown>) => unknown;

const env = celEnv();
const programs = new Map<string, Program>();

function program(expression: string): Program {
  let p = programs.get(expression);
  if (!p) {
    const compiled = plan(env, parse(expression));
    p = (bindings) => compiled(bindings as any);
    programs.set(expression, p);
  }
  return p;
}

/** JSON as the API server's CEL sees a typed object: integers are CEL ints (int64 fields). */
export function celInput(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(celInput);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = celInput(v);
    return out;
  }
  return value;
}

/** Evaluates a boolean expression; throws on an evaluation error (a policy bug: failurePolicy Fail would reject). */
export function evalBool(expression: string, bindings: Record<string, unknown>): boolean {
  const result = program(expression)(bindings);
  if (isCelError(result)) throw new Error(`CEL error in ${expression.slice(0, 200)}...: ${String((result as Error).message)}`);
  if (typeof result !== 'boolean') throw new Error(`CEL expression is not boolean: ${expression.slice(0, 200)}`);
  return result;
}

/** Whether the request's resource is one the policy's matchConstraints name for CREATE. */
function matchesResource(policy: any, manifest: any): boolean {
  const [group, version] = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/') : ['', manifest.apiVersion];
  const resource = `${String(manifest.kind).toLowerCase()}s`;
  return (policy.spec.matchConstraints.resourceRules as any[]).some((r) => r.apiGroups.includes(group)
    && r.apiVersions.includes(version) && r.operations.includes('CREATE') && r.resources.includes(resource));
}

/** The user the cases are created by: a person or a CI deployer, never the CronJob controller. */
export const CASE_USER = 'system:serviceaccount:ci:deployer';

/**
 * The policy's verdict on creating the manifest: 'fail' when it matches and a validation is
 * false, 'pass' when it matches and every validation holds, 'not-matched' otherwise.
 */
export function policyVerdict(policy: any, manifest: any, username = CASE_USER): 'fail' | 'pass' | 'not-matched' {
  if (!matchesResource(policy, manifest)) return 'not-matched';
  const [group, version] = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/') : ['', manifest.apiVersion];
  const bindings = {
    object: celInput(manifest),
    oldObject: null,
    request: celInput({
      operation: 'CREATE',
      kind: { group, version, kind: manifest.kind },
      resource: { group, version, resource: `${String(manifest.kind).toLowerCase()}s` },
      userInfo: { username },
      namespace: manifest.metadata?.namespace ?? 'default',
    }),
  };
  for (const condition of policy.spec.matchConditions ?? []) if (!evalBool(condition.expression, bindings)) return 'not-matched';
  return (policy.spec.validations as any[]).every((v) => evalBool(v.expression, bindings)) ? 'pass' : 'fail';
}
