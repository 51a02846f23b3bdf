import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { explain } from './decisions';
import { kubeObject } from './kube-object';
import { checkObjectName, DNS1123_SUBDOMAIN_MAX } from './names';

/**
 * A dedicated ServiceAccount per workload (least-privilege ServiceAccount), with
 * its token not mounted: a pod only gets API credentials when a Role is bound to its account.
 * @internal
 */
export function dedicatedServiceAccount(
  scope: Construct,
  name: string,
  namespace: string | undefined,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  mountToken: boolean,
): ApiObject {
  checkObjectName(scope, 'serviceAccountName', name, DNS1123_SUBDOMAIN_MAX, 'ServiceAccount names are DNS-1123 subdomains');
  return kubeObject(scope, 'ServiceAccount', k8s.KubeServiceAccount, explain({
    metadata: { name, namespace, labels, annotations },
    automountServiceAccountToken: mountToken,
  }, 'automountServiceAccountToken', mountToken
    ? 'pods get a token only because a Role is bound to this account'
    : 'no API token by default: no Role is bound to this account (rule dedicated-service-account)'));
}
