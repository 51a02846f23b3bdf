import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { GITOPS_LIFETIME, GitOpsTool } from '../rules/gitops';

/**
 * Construct-tree context key naming the GitOps tool that applies the app's output, e.g.
 * `app.node.setContext('cdk8s-batch:gitOps', 'argocd')`; a construct's `gitOps` prop wins.
 */
export const GITOPS_CONTEXT = 'cdk8s-batch:gitOps';

/**
 * Props of finite constructs whose Job is itself in Git (MigrationJob, IndexedBackfill,
 * CleanupJob). Scheduled work is not affected: the Jobs a CronJob creates are not in Git, so no
 * tool creates them again, and their TTL stays.
 */
export interface GitOpsProps {
  /**
   * The GitOps tool that applies this output. Under Argo CD or Flux a one-off Job gets no
   * `ttlSecondsAfterFinished` (the TTL controller would delete it and the tool would create it
   * again, running the work twice) and carries `<prefix>/lifetime: gitops`: it stays finished in
   * the cluster until it is removed from Git and the tool prunes it.
   * @default - the `cdk8s-batch:gitOps` context value, else GitOpsTool.NONE
   */
  readonly gitOps?: GitOpsTool;
}

const TOOLS: readonly string[] = Object.values(GitOpsTool);

/**
 * The tool from the prop, else the context value (checked like the prop: a context value is as
 * much user input), else none.
 * @internal
 */
export function resolveGitOpsTool(scope: IConstruct, given: GitOpsTool | undefined): GitOpsTool {
  if (given !== undefined) return given;
  const fromContext = scope.node.tryGetContext(GITOPS_CONTEXT);
  if (fromContext === undefined) return GitOpsTool.NONE;
  if (!TOOLS.includes(fromContext)) {
    throw invalid(scope, `context ${GITOPS_CONTEXT}`, fromContext,
      `one of ${TOOLS.map((t) => `"${t}"`).join(', ')} (the GitOpsTool values)`);
  }
  return fromContext as GitOpsTool;
}

/** Whether a tool keeps the cluster equal to Git, so it creates a deleted Job again. @internal */
export function recreatesMissingObjects(tool: GitOpsTool): boolean {
  return tool !== GitOpsTool.NONE;
}

/** The annotations (names without prefix) that say who ends a one-off Job. @internal */
export function lifetimeAnnotations(tool: GitOpsTool): Record<string, string> {
  return recreatesMissingObjects(tool) ? { lifetime: GITOPS_LIFETIME } : {};
}
