import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** A typed Kubernetes object class bundled with cdk8s-plus (e.g. `k8s.KubeCronJob`). @internal */
export interface KubeType<P> {
  manifest(props: P): any;
}

/**
 * Creates a Kubernetes object from typed props, rendered to manifest JSON once.
 *
 * The typed classes (`k8s.KubeCronJob`, ...) convert their props to JSON again on every
 * `toJson()`, and a chart with our constructs calls it twice: once for the synth-time audit, once
 * to write the YAML. A plain ApiObject over the rendered manifest keeps the typed construction,
 * every escape hatch (`addJsonPatch`, metadata), and does the conversion once.
 * @internal
 */
export function kubeObject<P>(scope: Construct, id: string, type: KubeType<P>, props: P): ApiObject {
  return new ApiObject(scope, id, type.manifest(props));
}
