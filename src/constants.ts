import { STRICT_COMPLIANCE_CONTEXT } from './core/compliance';
import { DEFAULT_PERMANENT_EXIT_CODES } from './core/failure-policy';
import { GITOPS_CONTEXT } from './core/gitops';
import { KUBERNETES_VERSION_CONTEXT, DEFAULT_KUBERNETES_VERSION } from './core/kubernetes-version';
import { KUEUE_QUEUE_NAME_LABEL } from './core/kueue';
import { ANNOTATION_PREFIX_CONTEXT, DEFAULT_ANNOTATION_PREFIX } from './core/ownership';
import { SCHEDULE_ANALYSIS_START } from './core/schedule-analysis';
import { UNIT_OF_WORK_ENV, JOB_NAME_LABEL } from './core/unit-of-work';
import { PARTITION_TABLE_DIR } from './indexed-backfill';

/**
 * The package's constants for every jsii language: jsii carries classes, not exported `const`s,
 * so Python, Java and Go read them here (`BatchConstants.GITOPS_CONTEXT`). TypeScript users may
 * import the same values by name from 'cdk8s-batch'.
 */
export class BatchConstants {
  /**
   * Context key naming the GitOps tool that applies the app's output (a `GitOpsTool` value);
   * a construct's `gitOps` prop wins.
   */
  public static readonly GITOPS_CONTEXT: string = GITOPS_CONTEXT;
  /**
   * Context key for the oldest Kubernetes release the manifests are applied to (`"1.N"`).
   */
  public static readonly KUBERNETES_VERSION_CONTEXT: string = KUBERNETES_VERSION_CONTEXT;
  /** The Kubernetes release assumed when the context does not name one. */
  public static readonly DEFAULT_KUBERNETES_VERSION: string = DEFAULT_KUBERNETES_VERSION;
  /**
   * Context key for the strictness of the synth-time audit (`false`: fail on errors only).
   */
  public static readonly STRICT_COMPLIANCE_CONTEXT: string = STRICT_COMPLIANCE_CONTEXT;
  /** Context key for the prefix of the labels and annotations the constructs write. */
  public static readonly ANNOTATION_PREFIX_CONTEXT: string = ANNOTATION_PREFIX_CONTEXT;
  /** The label and annotation prefix when neither a construct nor the tree sets one. */
  public static readonly DEFAULT_ANNOTATION_PREFIX: string = DEFAULT_ANNOTATION_PREFIX;
  /** The label that hands a Job to a Kueue LocalQueue. */
  public static readonly KUEUE_QUEUE_NAME_LABEL: string = KUEUE_QUEUE_NAME_LABEL;
  /** The label the Job controller puts on each pod it creates. */
  public static readonly JOB_NAME_LABEL: string = JOB_NAME_LABEL;
  /** The environment variable that carries the unit of work's id (the Job's name) into the pod. */
  public static readonly UNIT_OF_WORK_ENV: string = UNIT_OF_WORK_ENV;
  /** Where IndexedBackfill mounts the partition table in the pod. */
  public static readonly PARTITION_TABLE_DIR: string = PARTITION_TABLE_DIR;
  /** The sysexits(3) codes that describe errors a retry cannot fix (the default permanent exit codes). */
  public static readonly DEFAULT_PERMANENT_EXIT_CODES: number[] = [...DEFAULT_PERMANENT_EXIT_CODES];
  /** The fixed instant schedule analysis starts from, so output never depends on the clock. */
  public static readonly SCHEDULE_ANALYSIS_START: Date = new Date(SCHEDULE_ANALYSIS_START.getTime());

  private constructor() {}
}
