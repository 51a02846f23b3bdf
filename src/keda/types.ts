/**
 * Typed shapes of the KEDA objects we emit (keda.sh/v1alpha1), written from the KEDA reference
 * ("Scaling Deployments" ScaledObject spec and "Authentication" TriggerAuthentication spec) and
 * checked field by field against the KEDA CRD models (`@kubernetes-models/keda`) in the tests.
 * Only the fields this library sets are declared: a smaller surface to keep right.
 * @internal
 */

export const KEDA_API_VERSION = 'keda.sh/v1alpha1';

/** `spec.scaleTargetRef`: what KEDA scales (through the HPA it creates). @internal */
export interface KedaScaleTargetRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** One HPA scaling policy (`behavior.scaleDown.policies[]`), as in autoscaling/v2. @internal */
export interface KedaScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

/** HPA behavior for one direction. @internal */
export interface KedaScalingRules {
  readonly stabilizationWindowSeconds?: number;
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
  readonly policies?: KedaScalingPolicy[];
}

/** `spec.advanced`: the HPA KEDA creates. @internal */
export interface KedaAdvanced {
  readonly horizontalPodAutoscalerConfig: {
    /** Name of the HPA KEDA creates (default `keda-hpa-<scaledobject>`); we set it so alerts can select it. */
    readonly name?: string;
    readonly behavior?: {
      readonly scaleUp?: KedaScalingRules;
      readonly scaleDown?: KedaScalingRules;
    };
  };
  readonly restoreToOriginalReplicaCount?: boolean;
}

/** `spec.fallback`: replicas to hold when the scaler fails `failureThreshold` times in a row. @internal */
export interface KedaFallback {
  readonly failureThreshold: number;
  readonly replicas: number;
}

/** One trigger (`spec.triggers[]`). Metadata values are strings, as KEDA requires. @internal */
export interface KedaTrigger {
  readonly type: string;
  readonly name?: string;
  readonly metricType?: 'AverageValue' | 'Value' | 'Utilization';
  readonly metadata: Record<string, string>;
  readonly authenticationRef?: { readonly name: string; readonly kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication' };
}

/** ScaledObject spec. @internal */
export interface ScaledObjectSpec {
  readonly scaleTargetRef: KedaScaleTargetRef;
  readonly pollingInterval?: number;
  readonly cooldownPeriod?: number;
  readonly minReplicaCount?: number;
  readonly maxReplicaCount?: number;
  readonly fallback?: KedaFallback;
  readonly advanced?: KedaAdvanced;
  readonly triggers: KedaTrigger[];
}

/** One `secretTargetRef` entry: trigger parameter <- key of a Secret in the same namespace. @internal */
export interface KedaSecretTargetRef {
  readonly parameter: string;
  readonly name: string;
  readonly key: string;
}

/** TriggerAuthentication spec (Secret references only: values never appear in manifests). @internal */
export interface TriggerAuthenticationSpec {
  readonly secretTargetRef: KedaSecretTargetRef[];
}
