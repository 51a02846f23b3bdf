import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { manifestObject } from '../core/kube-object';
import { KUBERNETES_VERSION_CONTEXT, resolveKubernetesVersion } from '../core/kubernetes-version';
import { resolvePrefix } from '../core/ownership';
import { invalid } from '../errors';
import { AdmissionEnforcement, AdmissionPolicyPair, buildAdmissionPolicyPairs, MIN_ADMISSION_MINOR } from './policy-objects';

/** Which namespaces the policies check, by label. */
export interface AdmissionNamespaceSelector {
  /**
   * Only namespaces carrying all these labels are checked (for example a label your platform
   * sets on team namespaces).
   * @default - every namespace that is not excluded
   */
  readonly matchLabels?: { [key: string]: string };
}

/** Props of {@link BatchAdmissionPolicy}. */
export interface BatchAdmissionPolicyProps {
  /**
   * What happens to an object that breaks an error-severity rule: `DENY` rejects it, `WARN`
   * admits it with a warning and an audit annotation (roll out with `WARN`, then switch).
   * Warning-severity rules always warn.
   * @default AdmissionEnforcement.DENY
   */
  readonly enforcement?: AdmissionEnforcement;
  /**
   * Prefix of the labels and annotations the rules read, as for every construct and the audit.
   * @default - the `cdk8s-batch:annotationPrefix` context, else "platform.example.com"
   */
  readonly annotationPrefix?: string;
  /**
   * Namespaces the policies never check.
   * @default ["kube-system", "kube-public", "kube-node-lease"]
   */
  readonly excludedNamespaces?: string[];
  /**
   * Narrows the checked namespaces further by label.
   * @default - every namespace not excluded
   */
  readonly namespaceSelector?: AdmissionNamespaceSelector;
  /**
   * Node label (and taint) key of the batch pool, as the audit's `batchPoolKey`.
   * @default "workload-tier"
   */
  readonly batchPoolKey?: string;
  /**
   * Node label (and taint) value of the batch pool.
   * @default "batch"
   */
  readonly batchPoolValue?: string;
}

/**
 * The rules that can be decided from one object, enforced by the API server: for each rule and
 * each kind it judges (batch/v1 Job and CronJob, apps/v1 Deployment carrying a workload-class
 * label) a `ValidatingAdmissionPolicy` whose CEL says what the rule's TypeScript says, and its
 * `ValidatingAdmissionPolicyBinding`. Objects are checked on CREATE; suppression annotations
 * count as in the audit. Needs Kubernetes 1.30 or later (the `cdk8s-batch:kubernetesVersion`
 * context). See docs/admission.md for the rules covered and the ones left to CI.
 */
export class BatchAdmissionPolicy extends Construct {
  /** Names of the generated policies, in output order. */
  public readonly policyNames: string[];

  constructor(scope: Construct, id: string, props: BatchAdmissionPolicyProps = {}) {
    super(scope, id);
    const version = resolveKubernetesVersion(this);
    if (version.minor < MIN_ADMISSION_MINOR) {
      throw invalid(this, `context ${KUBERNETES_VERSION_CONTEXT}`, version.text,
        `1.${MIN_ADMISSION_MINOR} or later: ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) is GA from Kubernetes 1.${MIN_ADMISSION_MINOR}`);
    }
    const pairs: AdmissionPolicyPair[] = buildAdmissionPolicyPairs({
      where: this.node.path,
      enforcement: props.enforcement,
      annotationPrefix: resolvePrefix(this, props.annotationPrefix),
      kubernetesVersion: version.text,
      excludedNamespaces: props.excludedNamespaces,
      namespaceLabels: props.namespaceSelector?.matchLabels,
      batchPoolKey: props.batchPoolKey,
      batchPoolValue: props.batchPoolValue,
    });
    this.policyNames = pairs.map((p) => p.policy.metadata.name);
    for (const pair of pairs) {
      clusterScoped(manifestObject(this, `${pair.ruleId}-${pair.kind}`, pair.policy as any));
      clusterScoped(manifestObject(this, `${pair.ruleId}-${pair.kind}-binding`, pair.binding as any));
    }
  }
}

/** cdk8s stamps the chart namespace on every object; policies and bindings are cluster-scoped. */
function clusterScoped(object: ApiObject): void {
  if (object.metadata.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}
