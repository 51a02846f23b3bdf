import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { addJobAlerts, JobAlertProps } from './core/alerts';
import { carryReasons, explain, explainFields, explainObjectField, unlessSet } from './core/decisions';
import { buildPodFailurePolicy, PermanentFailureAction } from './core/failure-policy';
import { GitOpsProps, lifetimeAnnotations, resolveGitOpsTool } from './core/gitops';
import { resolveJobLimits } from './core/job-limits';
import { finiteJobSpec, KUBE_JOB, managedByField } from './core/job-objects';
import { kubeObject } from './core/kube-object';
import { jobControls } from './core/kueue';
import { checkObjectName, JOB_NAME_MAX, toDnsLabelFragment } from './core/names';
import { requireText, WorkloadClass } from './core/ownership';
import { buildPodTemplate } from './core/pod-template';
import { checkProps, fieldsOf, int32, nonBlankText, oneOf, optional, required, struct, text } from './core/prop-checks';
import { FINITE_WORKLOAD_FIELDS, GITOPS_FIELDS, JOB_ALERTS } from './core/prop-shapes';
import { FiniteWorkloadProps, prepareWorkload } from './core/workload';
import { invalid } from './errors';
import { GitOpsTool } from './rules/gitops';

/**
 * How a GitOps tool runs the migration before the application rolls out.
 */
export enum GitOpsHook {
  /**
   * A plain Job. With Flux, put the migration in its own Kustomization and make the application's
   * Kustomization `dependsOn` it with `wait: true`: the versioned Job name means a new version is
   * a new Job. Under a GitOps tool (`gitOps`) the finished Job has no TTL and stays until it is
   * removed from Git, so re-applying the same version finds it there and runs nothing.
   */
  NONE = 'none',
  /**
   * Argo CD PreSync hook: `argocd.argoproj.io/hook: PreSync` with
   * `hook-delete-policy: BeforeHookCreation` and a sync wave. The ServiceAccount becomes a PreSync
   * hook one wave earlier, so it exists before the Job on the first sync. Argo CD runs the hook
   * again on every sync (deleting the previous one first), so the migration runs again each
   * time; its schema ledger makes a re-run of an applied version a no-op. The hook keeps its TTL:
   * Argo CD does not create a deleted hook again until the next sync, which re-runs it anyway.
   */
  ARGO_CD_PRE_SYNC = 'argo-cd-pre-sync',
}

/**
 * Who approved the migration: the approval trail a schema change needs.
 */
export interface MigrationApproval {
  /** Change record, ticket or pull request URL, e.g. `CHG-2026-0701` (annotation `<prefix>/change-ref`). */
  readonly changeRef: string;
  /** Who approved it (annotation `<prefix>/approved-by`). */
  readonly approvedBy: string;
}

/**
 * Props of a MigrationJob.
 */
export interface MigrationJobProps extends FiniteWorkloadProps, GitOpsProps {
  /**
   * The schema version to migrate to, passed as `--target-version=<value>`.
   */
  readonly targetVersion: string;

  /**
   * The version as it appears in the Job name `<name>-<versionLabel>`. Job templates are
   * immutable, so each version gets its own Job: a new version is a new Job. Re-syncing the same
   * version re-runs an Argo CD hook (the schema ledger makes that run a no-op) and leaves a plain
   * Job alone while it exists (see `gitOps`).
   * @default - targetVersion made DNS-safe (lower case, other characters become '-')
   */
  readonly versionLabel?: string;

  /** Who approved this migration and under which change record. */
  readonly approval: MigrationApproval;

  /**
   * Idempotency key scheme (annotation `<prefix>/idempotency-key`).
   * @default "<name>:<targetVersion>" - one successful run per target version, recorded in the schema ledger
   */
  readonly idempotencyKey?: string;

  /**
   * GitOps integration.
   * @default GitOpsHook.NONE
   */
  readonly gitOpsHook?: GitOpsHook;

  /**
   * Argo CD sync wave of the Job (its ServiceAccount gets the wave before).
   * @default -1
   */
  readonly syncWave?: number;

  /**
   * Alerts (PrometheusRule): the migration failed, or has not completed by its deadline.
   * @default - on
   */
  readonly alerts?: JobAlertProps;
}

/** The run-time shape of MigrationJobProps (see core/prop-checks.ts). */
const PROPS_SHAPE = struct(fieldsOf(FINITE_WORKLOAD_FIELDS, GITOPS_FIELDS, {
  targetVersion: required(text()),
  versionLabel: optional(text()),
  approval: required(struct({ changeRef: required(text()), approvedBy: required(text()) }),
    'required: who approved this migration and under which change record: { changeRef, approvedBy }'),
  idempotencyKey: optional(nonBlankText()),
  gitOpsHook: optional(oneOf('GitOpsHook', GitOpsHook)),
  syncWave: optional(int32()),
  alerts: optional(JOB_ALERTS),
}));

const DEFAULT_ACTIVE_DEADLINE = Duration.minutes(15);
const DEFAULT_COMPLETION_LEDGER = 'the schema migration history table of the migration tool';
const NO_DISRUPTION_RETRY_REASON =
  'a disrupted migration fails the Job for a human to inspect instead of re-running DDL (backoffLimit 0, rule migration-no-blind-retry)';

/**
 * A schema migration that runs once per version, never blindly retries, has
 * its own ServiceAccount, and works as a GitOps pre-sync step.
 *
 * Defaults: `backoffLimit` 0 (fail once, inspect, decide), `activeDeadlineSeconds` 900,
 * parallelism and completions 1, disruptions not ignored (a preempted DDL run is not retried),
 * label `<prefix>/change-type: schema-migration`.
 */
export class MigrationJob extends Construct {
  /** The Job (escape hatch: `addJsonPatch`). */
  public readonly job: ApiObject;
  /** The dedicated ServiceAccount, unless an existing one was used. */
  public readonly serviceAccount?: ApiObject;
  /** The Job's name: `<name>-<versionLabel>`. */
  public readonly jobName: string;
  /** The failure alerts, unless turned off. */
  public readonly alerts?: ApiObject;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    checkProps(this, props, PROPS_SHAPE);
    const targetVersion = requireText(this, 'targetVersion', props.targetVersion);
    const baseName = checkObjectName(this, 'name', props.name ?? id, JOB_NAME_MAX, 'Job names must fit a 63-character label');
    const versionLabel = versionFragment(this, props.versionLabel ?? targetVersion, props.versionLabel !== undefined);
    const approval = props.approval ?? {};
    const hook = props.gitOpsHook ?? GitOpsHook.NONE;
    const syncWave = props.syncWave ?? -1;
    if (!Number.isInteger(syncWave)) {
      throw invalid(this, 'syncWave', syncWave, 'an Argo CD sync wave is a whole number');
    }
    if (props.syncWave !== undefined && hook !== GitOpsHook.ARGO_CD_PRE_SYNC) {
      throw invalid(this, 'syncWave', syncWave, 'only used with gitOpsHook ARGO_CD_PRE_SYNC');
    }
    const gitOps = resolveGitOpsTool(this, props.gitOps);
    if (hook === GitOpsHook.ARGO_CD_PRE_SYNC && gitOps === GitOpsTool.FLUX) {
      throw invalid(this, 'gitOpsHook', hook,
        'GitOpsHook.NONE under Flux (gitOps flux): Flux ignores Argo CD hook annotations and applies the Job as a plain one; ' +
        'order it with a Kustomization dependsOn instead');
    }
    // A hook's lifetime is Argo CD's (it deletes the previous hook before the next sync runs it
    // again), so it keeps its TTL; a plain Job in Git is ended by the GitOps tool.
    const oneOffUnder = hook === GitOpsHook.NONE ? gitOps : GitOpsTool.NONE;

    const jobName = `${baseName}-${versionLabel}`;
    const ignoreDisruptions = props.failurePolicy?.ignoreDisruptions ?? false;
    const workload = prepareWorkload(this, { ...props, name: jobName, completionLedger: props.completionLedger ?? DEFAULT_COMPLETION_LEDGER }, {
      workloadClass: WorkloadClass.MIGRATION,
      defaultName: jobName,
      appName: baseName,
      maxNameLength: JOB_NAME_MAX,
      nameLimitReason: 'the Job name (name plus version) must fit the 63-character batch.kubernetes.io/job-name label',
      defaultServiceAccountName: baseName,
      extraAnnotations: {
        'idempotency-key': props.idempotencyKey === undefined ? `${baseName}:${targetVersion}` : requireText(this, 'idempotencyKey', props.idempotencyKey),
        'target-version': targetVersion,
        'change-ref': requireText(this, 'approval.changeRef', approval.changeRef),
        'approved-by': requireText(this, 'approval.approvedBy', approval.approvedBy),
        ...lifetimeAnnotations(oneOffUnder),
      },
      suppressions: ignoreDisruptions ? {} : { 'disruption-not-counted': NO_DISRUPTION_RETRY_REASON },
      annotationReasons: {
        'idempotency-key': unlessSet(props.idempotencyKey, 'one run per name and target version: applying the same version again is a no-op'),
        'completion-ledger': unlessSet(props.completionLedger, 'migration tools record each applied version in their own history table ' +
          '(rule completion-ledger)'),
      },
      decisions: [{
        taken: (props.backoffLimit ?? 0) !== 0,
        prop: 'backoffLimit',
        value: props.backoffLimit,
        ruleId: 'migration-no-blind-retry',
        why: 'a failed DDL step retried blindly can leave a half-applied schema; a migration fails once for a human to inspect',
      }],
    });
    this.jobName = workload.name;
    this.serviceAccount = workload.serviceAccount;
    const prefix = workload.metadata.prefix;
    const changeType = { [`${prefix}/change-type`]: 'schema-migration' };
    explain(changeType, `${prefix}/change-type`, 'marks a schema change, so reviews, policies and dashboards can find every migration');
    const labels = carryReasons(changeType, carryReasons(workload.metadata.labels, { ...workload.metadata.labels, ...changeType }));
    const annotations = carryReasons(workload.metadata.annotations, {
      ...workload.metadata.annotations,
      ...argoHookAnnotations(hook, syncWave),
    });
    explainFields(annotations, argoHookReasons(hook, syncWave));
    if (this.serviceAccount && hook === GitOpsHook.ARGO_CD_PRE_SYNC) {
      const reasons = argoHookReasons(hook, syncWave - 1);
      for (const [key, value] of Object.entries(argoHookAnnotations(hook, syncWave - 1))) {
        this.serviceAccount.metadata.addAnnotation(key, value);
        explainObjectField(this.serviceAccount, ['metadata', 'annotations', key], value, reasons[key]);
      }
    }
    const containerName = props.container.name ?? 'migrate';
    const limits = resolveJobLimits(this, props, {
      backoffLimit: 0,
      backoffLimitReason: 'a migration is never retried blindly: a failed DDL step may have half-applied the schema, so it fails ' +
        'once for a human to inspect (rule migration-no-blind-retry)',
      activeDeadline: DEFAULT_ACTIVE_DEADLINE,
      activeDeadlineReason: `a migration still running after ${DEFAULT_ACTIVE_DEADLINE.toMinutes()}m is stuck or waiting on a lock; ` +
        'Kubernetes stops it and the Job fails (rule active-deadline)',
    }, oneOffUnder);
    const controls = jobControls(this, props);

    this.job = kubeObject(this, 'Job', KUBE_JOB, {
      metadata: explain({
        name: workload.name,
        namespace: workload.namespace,
        labels: carryReasons(labels, { ...labels, ...controls.labels }),
        annotations,
      }, 'name', '<name>-<version>: each target version is its own Job, so a finished migration is never re-run by an update'),
      // One pod at a time, one success: a migration is a single ordered change.
      spec: finiteJobSpec(this, limits,
        buildPodFailurePolicy(this, props.failurePolicy, containerName, PermanentFailureAction.FAIL_JOB, false),
        buildPodTemplate(this, {
          container: props.container,
          defaultContainerName: containerName,
          labels: carryReasons(changeType, carryReasons(workload.metadata.podLabels, { ...workload.metadata.podLabels, ...changeType })),
          serviceAccountName: workload.serviceAccountName,
          serviceAccountNameReason: workload.serviceAccountNameReason,
          mountServiceAccountToken: false,
          nodePool: props.nodePool,
          restartPolicy: 'Never',
          constructArgs: [`--target-version=${targetVersion}`],
          constructArgsReason: 'the construct appends --target-version, so the container migrates to exactly the version this Job is named for',
          sidecars: props.sidecars,
        }),
        explainFields({ parallelism: 1, completions: 1, ...managedByField(controls) }, {
          parallelism: 'one pod at a time: a migration is a single ordered change',
          completions: 'one success ends the Job',
        })),
    });
    this.alerts = addJobAlerts(this, this.job, workload, props.alerts, {
      jobName: workload.name, activeDeadlineSeconds: limits.activeDeadlineSeconds, indexed: false,
    });
  }
}

function versionFragment(scope: Construct, value: string, given: boolean): string {
  const fragment = toDnsLabelFragment(value);
  if (fragment.length === 0 || (given && fragment !== value)) {
    throw invalid(scope, given ? 'versionLabel' : 'targetVersion', value,
      'the version part of the Job name must be lower-case letters, digits and \'-\' (e.g. "20260701")');
  }
  return fragment;
}

function argoHookReasons(hook: GitOpsHook, wave: number): Record<string, string> {
  if (hook !== GitOpsHook.ARGO_CD_PRE_SYNC) {
    return {};
  }
  return {
    'argocd.argoproj.io/hook': 'Argo CD runs this before syncing the rest of the app: the schema changes before the code that needs it',
    'argocd.argoproj.io/hook-delete-policy': 'Argo CD deletes the previous hook Job before creating it again',
    'argocd.argoproj.io/sync-wave': `wave ${wave}: ${wave < -1 ? 'the ServiceAccount exists before the Job that uses it' : 'after the ServiceAccount, before the app'}`,
  };
}

function argoHookAnnotations(hook: GitOpsHook, wave: number): Record<string, string> {
  if (hook !== GitOpsHook.ARGO_CD_PRE_SYNC) {
    return {};
  }
  return {
    'argocd.argoproj.io/hook': 'PreSync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    'argocd.argoproj.io/sync-wave': String(wave),
  };
}
