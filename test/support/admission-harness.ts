/**
 * Test harness: ValidatingAdmissionPolicy checked and run by Kubernetes' own code. The Go harness
 * of api-server.ts, started with `--admission` (test/k8s-validate/admission.go), takes JSON
 * requests instead of YAML documents:
 *
 * - `policies`: each ValidatingAdmissionPolicy and binding goes through the API server's create
 *   path (the admissionregistration strategy: its validation compiles every CEL expression in the
 *   CEL environment of the target version), and each accepted policy through the type checker the
 *   policy-status controller runs (validating.TypeChecker: expressions against the schemas of the
 *   matched kinds). The accepted ones are loaded for the `admit` requests that follow.
 * - `admit`: one API request (CREATE or UPDATE, the object, the namespace's labels, the user)
 *   through the object's own validation, then through the loaded policies with the validating
 *   admission policy plugin's matcher, compiled validator and dispatcher.
 * - `podSecurity`: Pod Security Admission's policy (k8s.io/pod-security-admission/policy) on the
 *   object's pod template, at the target version.
 *
 *   const session = runAdmissionHarness([{ type: 'policies', objects }, { type: 'admit', object: job }], '1.30');
 */
import { spawnSync } from 'child_process';
import { ApiServerVerdict, buildApiServerHarness, harnessVersionFor } from './api-server';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/core/kubernetes-version';

export interface AdmissionNamespace {
  readonly name: string;
  readonly labels?: Record<string, string>;
}

export interface AdmissionUserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups?: string[];
  readonly extra?: Record<string, string[]>;
}

export interface PoliciesRequest {
  readonly type: 'policies';
  readonly id?: string;
  /** ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding objects (v1). */
  readonly objects: readonly unknown[];
}

export interface AdmitRequest {
  readonly type: 'admit';
  readonly id?: string;
  /** Default CREATE. */
  readonly operation?: 'CREATE' | 'UPDATE';
  readonly object: unknown;
  readonly oldObject?: unknown;
  /** The namespace of a namespaced object, with its labels (default: the object's, no labels). */
  readonly namespace?: AdmissionNamespace;
  /** Default: kubernetes-admin in kubeadm:cluster-admins. */
  readonly userInfo?: AdmissionUserInfo;
  /** Only these loaded policies (by name) take part; default all. */
  readonly policies?: readonly string[];
}

export interface PodSecurityRequest {
  readonly type: 'podSecurity';
  readonly id?: string;
  readonly object: unknown;
  /** Default restricted. */
  readonly level?: 'restricted' | 'baseline';
}

export type AdmissionRequest = PoliciesRequest | AdmitRequest | PodSecurityRequest;

/** One type-checking warning: the status controller would put it on the policy's status. */
export interface ExpressionWarning {
  readonly fieldRef: string;
  readonly warning: string;
}

export interface PolicyObjectVerdict extends ApiServerVerdict {
  readonly typeCheck: ExpressionWarning[];
}

export interface PoliciesResponse {
  readonly type: 'policies';
  readonly id?: string;
  readonly objects: PolicyObjectVerdict[];
}

export interface ValidationOutcome {
  readonly index: number;
  readonly evaluation: 'admit' | 'deny' | 'error';
  readonly passed: boolean;
  /** For a failed validation: what the API server reports (messageExpression, else message). */
  readonly message?: string;
  /** The messageExpression's own value, for every validation that has one. */
  readonly messageExpression?: string;
  readonly messageExpressionError?: string;
  readonly error?: string;
}

export interface PolicyOutcome {
  readonly policy: string;
  readonly binding: string;
  readonly matchConstraints: boolean;
  readonly bindingMatches: boolean;
  readonly matchConditions: boolean;
  readonly matched: boolean;
  readonly error?: string;
  readonly validations: ValidationOutcome[];
}

export interface AdmitResponse {
  readonly type: 'admit';
  readonly id?: string;
  /** The object's own validation, before admission: an invalid object never reaches the policies. */
  readonly object: ApiServerVerdict;
  readonly allowed: boolean;
  /** The API server's Forbidden message when a Deny binding failed the request. */
  readonly denied?: string;
  readonly warnings: string[];
  readonly policies: PolicyOutcome[];
}

export interface PodSecurityResponse {
  readonly type: 'podSecurity';
  readonly id?: string;
  readonly object: ApiServerVerdict;
  readonly level: string;
  readonly version: string;
  readonly allowed: boolean;
  readonly forbiddenReason?: string;
  readonly forbiddenDetail?: string;
  readonly checks: { readonly reason: string; readonly detail?: string }[];
}

export interface ErrorResponse {
  readonly type: 'error';
  readonly id?: string;
  readonly error: string;
}

export type AdmissionResponse = PoliciesResponse | AdmitResponse | PodSecurityResponse | ErrorResponse;

/** The response type of a request type (an array of requests gets the array of its responses). */
export type ResponseFor<R extends AdmissionRequest> =
  R extends PoliciesRequest ? PoliciesResponse : R extends AdmitRequest ? AdmitResponse : PodSecurityResponse;

/**
 * Runs the requests through one harness process, in order, for a cluster at `targetVersion` (the
 * project's kubernetesVersion setting, "1.N", 1.30 or newer): feature gates at the version the
 * harness emulates for it (harnessVersionFor), the CEL environment of new expressions at
 * target - 1 (an API server's minimum compatibility version), Pod Security at the target.
 * An error response (a malformed request) throws.
 */
export function runAdmissionHarness<const T extends readonly AdmissionRequest[]>(
  requests: T, targetVersion: string = DEFAULT_KUBERNETES_VERSION,
): { -readonly [K in keyof T]: ResponseFor<T[K]> } {
  const { binary } = buildApiServerHarness();
  const { emulated } = harnessVersionFor(targetVersion);
  const args = ['--admission', '--kubernetes-version', emulated, '--target-kubernetes-version', targetVersion];
  const input = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const result = spawnSync(binary, args, { input, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`k8s-validate --admission exited with ${result.status}: ${result.stderr}`);
  }
  const responses = result.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as AdmissionResponse);
  if (responses.length !== requests.length) {
    throw new Error(`k8s-validate --admission returned ${responses.length} responses for ${requests.length} requests`);
  }
  responses.forEach((response, i) => {
    if (response.type === 'error') {
      throw new Error(`k8s-validate --admission: request ${i} (${requests[i].type}): ${response.error}`);
    }
    if (response.type !== requests[i].type) {
      throw new Error(`k8s-validate --admission: request ${i} is ${requests[i].type}, response ${response.type}`);
    }
  });
  return responses as { -readonly [K in keyof T]: ResponseFor<T[K]> };
}

/**
 * Everything that keeps policy objects from being exactly what the issue asks: a rejection by the
 * API server (`Kind/name: field: message`) or a type-checking warning (`Kind/name: fieldRef:
 * warning`). Empty when every object is accepted and type-checks cleanly.
 */
export function policyProblems(response: PoliciesResponse): string[] {
  const problems: string[] = [];
  for (const object of response.objects) {
    const subject = `${object.kind || '<no kind>'}/${object.name || '<no name>'}`;
    if (object.status !== 'ok') {
      const causes = object.errors.length > 0 ? object.errors.map((e) => `${e.field}: ${e.message}`) : [object.message ?? object.reason ?? object.status];
      problems.push(...causes.map((cause) => `${subject}: ${cause}`));
    }
    problems.push(...object.typeCheck.map((w) => `${subject}: type check: ${w.fieldRef}: ${compactWarning(w.warning)}`));
  }
  return problems;
}

/**
 * A type-check warning without the expression and caret lines CEL quotes under each error (the
 * expressions are long): `batch/v1, Kind=Job: ERROR: <input>:1:588: undefined field 'requests'; ...`.
 */
function compactWarning(warning: string): string {
  return warning.split('\n').filter((line) => line.trim() !== '' && !line.startsWith(' |')).join('; ');
}
