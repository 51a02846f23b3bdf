/**
 * The GitOps tool that applies a set of manifests from Git to the cluster, if any. It decides who
 * ends a finished one-off Job: under a tool that keeps the cluster equal to Git, a Job the TTL
 * controller deletes is missing from the cluster, so the tool creates it again and the work runs
 * a second time.
 */
export enum GitOpsTool {
  /** No GitOps tool: the manifests are applied once (kubectl, a pipeline); a TTL ends the Job. */
  NONE = 'none',
  /**
   * Argo CD: with automated sync and self-heal it creates a missing object again; Git (prune)
   * ends the Job.
   */
  ARGO_CD = 'argocd',
  /** Flux: every Kustomization reconcile applies what is missing again; Git (prune) ends the Job. */
  FLUX = 'flux',
}

/** The tool's name in messages. @internal */
export function gitOpsToolName(tool: GitOpsTool): string {
  return tool === GitOpsTool.ARGO_CD ? 'Argo CD' : tool === GitOpsTool.FLUX ? 'Flux' : 'no GitOps tool';
}

/**
 * The GitOps tool an audit judges a set under, and how the audit knows. @internal
 */
export interface AppliedBy {
  /** The tool's name for messages: `Argo CD` or `Flux`. */
  readonly tool: string;
  /** How the audit knows, e.g. `--gitops argocd` or `Application shop/storefront in the set`. */
  readonly because: string;
}

/**
 * The tool that applies a manifest set: the one named in the options, else the one whose
 * own object is in the set (an Argo CD `Application` or a Flux `Kustomization`). Committed
 * manifests carry no tracking markers (Argo CD and Flux add theirs at apply time), so these are
 * the only signs the audit can read.
 * @internal
 */
export function appliedBy(
  named: GitOpsTool | undefined,
  objects: readonly { apiVersion?: unknown; kind?: unknown; metadata?: unknown }[],
): AppliedBy | undefined {
  if (named !== undefined) {
    return named === GitOpsTool.NONE ? undefined : { tool: gitOpsToolName(named), because: `--gitops ${named}` };
  }
  for (const o of objects) {
    // The kind first: nearly no object is either, and the group is only cut out for those that are.
    if (o.kind !== 'Application' && o.kind !== 'Kustomization') continue;
    const group = typeof o.apiVersion === 'string' ? o.apiVersion.split('/')[0] : '';
    const tool = o.kind === 'Application' && group === 'argoproj.io' ? 'Argo CD'
      : o.kind === 'Kustomization' && group === 'kustomize.toolkit.fluxcd.io' ? 'Flux' : undefined;
    if (tool !== undefined) {
      const metadata = (typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {}) as Record<string, unknown>;
      const name = [metadata.namespace, metadata.name].filter((p) => typeof p === 'string' && p !== '').join('/');
      return { tool, because: `${o.kind} ${name || '(unnamed)'} in the set` };
    }
  }
  return undefined;
}

/** The value of the `<prefix>/lifetime` annotation that says the GitOps tool ends a Job (prune). */
export const GITOPS_LIFETIME = 'gitops';

/** Why a TTL on a one-off Job re-runs it under a GitOps tool (shared by synth errors and the audit rule). @internal */
export function rerunExplanation(tool: string): string {
  return `the TTL controller deletes the finished Job, ${tool} sees it missing from the cluster and creates it again, ` +
    'so the work runs a second time';
}
