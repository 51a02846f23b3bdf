import { access, and, celString, listAt, present } from './cel';

/**
 * The kinds the admission policies match: what the audit calls a batch workload and an API
 * server serves as a built-in (a KEDA ScaledJob is a custom resource the policies leave to CI).
 */
export type AdmissionKind = 'Job' | 'CronJob' | 'Deployment';

/** Where each kind keeps its parts, as paths from the object. */
interface KindShape {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  /** The batch/v1 JobSpec (a CronJob's job template spec); none for a Deployment. */
  readonly jobSpec?: readonly string[];
  /** The pod template's spec. */
  readonly podSpec: readonly string[];
}

const SHAPES: Readonly<Record<AdmissionKind, KindShape>> = {
  Job: { group: 'batch', version: 'v1', resource: 'jobs', jobSpec: ['spec'], podSpec: ['spec', 'template', 'spec'] },
  CronJob: {
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    jobSpec: ['spec', 'jobTemplate', 'spec'],
    podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments', podSpec: ['spec', 'template', 'spec'] },
};

/** The object variable of a ValidatingAdmissionPolicy expression. */
const OBJECT = 'object';

/**
 * CEL over one kind of workload: the paths and the audit's readers (annotations with a
 * CronJob's job-template fallback, the workload-class label) as expressions that type-check
 * against that kind only. A policy matches one kind, because Kubernetes type-checks every
 * expression against every resource the policy matches, and a CronJob's `spec.jobTemplate`
 * is no field of a Job.
 */
export class WorkloadView {
  public readonly shape: KindShape;

  constructor(public readonly kind: AdmissionKind, public readonly prefix: string) {
    this.shape = SHAPES[kind];
  }

  /** `<prefix>/<suffix>`. */
  public key(suffix: string): string {
    return `${this.prefix}/${suffix}`;
  }

  /** A Job-like kind (its JobSpec path), or undefined for a Deployment. */
  public get jobSpec(): readonly string[] | undefined {
    return this.shape.jobSpec;
  }

  /** Whether a field of the JobSpec is set. */
  public jobField(name: string): { readonly present: string; readonly value: string } {
    const spec = this.shape.jobSpec;
    if (!spec) throw new Error(`${this.kind} has no JobSpec`);
    return { present: present(OBJECT, [...spec, name]), value: access(OBJECT, [...spec, name]) };
  }

  /** A field of the object at a path from it. */
  public field(path: readonly string[]): { readonly present: string; readonly value: string } {
    return { present: present(OBJECT, path), value: access(OBJECT, path) };
  }

  /** A field of the pod spec. */
  public podField(name: string): { readonly present: string; readonly value: string } {
    return this.field([...this.shape.podSpec, name]);
  }

  /** A list of the pod spec (containers, initContainers, ...), empty when absent. */
  public podList(name: string): string {
    return listAt(OBJECT, [...this.shape.podSpec, name]);
  }

  /**
   * A test on annotation `<prefix>/<suffix>` as the audit reads it: metadata.annotations, and
   * for a CronJob, when the object's own annotations lack the key, the job template's.
   * `test` gets the value's expression; `whenAbsent` is the result when neither has the key.
   */
  public annotation(suffix: string, test: (value: string) => string, whenAbsent: boolean): string {
    return this.anyAnnotation(this.key(suffix), test, whenAbsent);
  }

  /** As {@link annotation}, for a full annotation key (`helm.sh/hook`), read from metadata only. */
  public ownAnnotation(key: string, test: (value: string) => string, whenAbsent: boolean): string {
    const own = this.ownAnnotations();
    const has = and(present(OBJECT, ['metadata', 'annotations']), `${celString(key)} in ${own}`);
    return `(${has}) ? (${test(`${own}[${celString(key)}]`)}) : ${whenAbsent}`;
  }

  private anyAnnotation(key: string, test: (value: string) => string, whenAbsent: boolean): string {
    const literal = celString(key);
    const own = this.ownAnnotations();
    const ownHas = and(present(OBJECT, ['metadata', 'annotations']), `${literal} in ${own}`);
    if (this.kind !== 'CronJob') return `(${ownHas}) ? (${test(`${own}[${literal}]`)}) : ${whenAbsent}`;
    const template = this.templateAnnotations();
    const templateHas = and(present(OBJECT, ['spec', 'jobTemplate', 'metadata', 'annotations']), `${literal} in ${template}`);
    return `(${ownHas}) ? (${test(`${own}[${literal}]`)}) : ((${templateHas}) ? (${test(`${template}[${literal}]`)}) : ${whenAbsent})`;
  }

  /** `object.metadata.annotations` (guard with {@link hasOwnAnnotations}). */
  public ownAnnotations(): string {
    return access(OBJECT, ['metadata', 'annotations']);
  }

  public hasOwnAnnotations(): string {
    return present(OBJECT, ['metadata', 'annotations']);
  }

  /** A CronJob's `spec.jobTemplate.metadata.annotations` (guard with {@link hasTemplateAnnotations}). */
  public templateAnnotations(): string {
    return access(OBJECT, ['spec', 'jobTemplate', 'metadata', 'annotations']);
  }

  public hasTemplateAnnotations(): string {
    return present(OBJECT, ['spec', 'jobTemplate', 'metadata', 'annotations']);
  }

  /** The `<prefix>/workload-class` label is one of `classes`. */
  public classIn(classes: readonly string[]): string {
    const key = celString(this.key('workload-class'));
    const labels = access(OBJECT, ['metadata', 'labels']);
    return and(present(OBJECT, ['metadata', 'labels']), `${key} in ${labels}`, `${labels}[${key}] in [${classes.map(celString).join(', ')}]`);
  }

  /** The object carries the `<prefix>/workload-class` label. */
  public hasClassLabel(): string {
    const labels = access(OBJECT, ['metadata', 'labels']);
    return and(present(OBJECT, ['metadata', 'labels']), `${celString(this.key('workload-class'))} in ${labels}`);
  }

  /** Regular, init and ephemeral containers each satisfy `test` (a CEL term over `c`). */
  public everyContainer(lists: readonly ('initContainers' | 'containers' | 'ephemeralContainers')[], test: string): string {
    return and(...lists.map((list) => `${this.podList(list)}.all(c, ${test})`));
  }
}
