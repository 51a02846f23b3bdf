import { Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectValidManifests, validateManifest } from './k8s-schema';
import { formatPath, PathSegment } from './schema/problem';
import { sampleManifests } from './schema/sample-manifests';

const valid = sampleManifests;

/** The one problem line for `path`, failing with every problem when there is none. */
function problemAt(problems: string[], path: string): string {
  const hits = problems.filter((p) => p.startsWith(`${path}: `));
  if (hits.length === 0) {
    throw new Error(`expected a problem at ${path}, got:\n${problems.join('\n') || '(none)'}`);
  }
  return hits[0];
}

describe('validateManifest accepts valid manifests', () => {
  test.each(Object.keys(valid))('%s', (kind) => {
    expect(validateManifest(valid[kind]())).toEqual([]);
  });

  test('cdk8s-plus-28 output (Job, CronJob, Deployment)', () => {
    const chart = new Chart(Testing.app(), 'test');
    const container = { image: 'registry.example.com/report:1.4.2', portNumber: 8080 };
    new kplus.Job(chart, 'job', { containers: [container] });
    new kplus.CronJob(chart, 'cron', { schedule: Cron.schedule({ minute: '0', hour: '2' }), containers: [container] });
    new kplus.Deployment(chart, 'deploy', { containers: [container] });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind).sort()).toEqual(['CronJob', 'Deployment', 'Job']);
    expectValidManifests(manifests);
  });

  test('map fields accept any keys (labels, annotations, ConfigMap data, quantities)', () => {
    const job = valid.Job();
    job.metadata.labels['example.com/anything-goes'] = 'yes';
    job.spec.template.spec.containers[0].resources.limits['example.com/gpu'] = '1';
    expect(validateManifest(job)).toEqual([]);
  });

  test('free-form objects (RawExtension) are not walked for unknown fields', () => {
    const revision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'queue-worker-1' },
      revision: 1,
      data: { spec: { anything: { nested: true } } },
    };
    expect(validateManifest(revision)).toEqual([]);
  });
});

describe('validateManifest rejects', () => {
  test('an unknown top-level field', () => {
    const job = valid.Job();
    job.specification = {};
    expect(problemAt(validateManifest(job), 'specification')).toMatch(/unknown field/);
  });

  test('an unknown field deep in a CronJob pod template', () => {
    const cron = valid.CronJob();
    cron.spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonroot = true;
    const problems = validateManifest(cron);
    expect(problemAt(problems, 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonroot')).toMatch(/unknown field/);
    expect(problems).toHaveLength(1);
  });

  test('an unknown field inside an unknown field is reported once, at the outer field', () => {
    const job = valid.Job();
    job.spec.template.spec.sidecar = { image: 'x', extra: { deeper: 1 } };
    expect(validateManifest(job)).toEqual(['spec.template.spec.sidecar: unknown field (not in the schema)']);
  });

  test('an unknown field in ObjectMeta and in a list item', () => {
    const role = valid.Role();
    role.metadata.label = { a: 'b' };
    role.rules[0].verb = ['get'];
    const problems = validateManifest(role);
    expect(problemAt(problems, 'metadata.label')).toMatch(/unknown field/);
    expect(problemAt(problems, 'rules[0].verb')).toMatch(/unknown field/);
  });

  test('a string where the schema wants an integer', () => {
    const job = valid.Job();
    job.spec.backoffLimit = '3';
    expect(problemAt(validateManifest(job), 'spec.backoffLimit')).toMatch(/must be of type integer/);
  });

  test('a missing container name (schema) and a missing container image (API server rule)', () => {
    const deployment = valid.Deployment();
    delete deployment.spec.template.spec.containers[0].name;
    delete deployment.spec.template.spec.containers[0].image;
    const problems = validateManifest(deployment);
    expect(problemAt(problems, 'spec.template.spec.containers[0].name')).toMatch(/required/);
    expect(problemAt(problems, 'spec.template.spec.containers[0].image')).toMatch(/required/);
  });

  test('a Job without a pod template', () => {
    const job = valid.Job();
    delete job.spec.template;
    expect(problemAt(validateManifest(job), 'spec.template')).toMatch(/required field is missing/);
  });

  test('an invalid enum value', () => {
    const cron = valid.CronJob();
    cron.spec.concurrencyPolicy = 'Sometimes';
    expect(problemAt(validateManifest(cron), 'spec.concurrencyPolicy')).toBe(
      'spec.concurrencyPolicy: must be one of "Allow", "Forbid", "Replace"',
    );
  });

  test('a CronJob name longer than 52 characters', () => {
    const cron = valid.CronJob();
    cron.metadata.name = 'a'.repeat(53);
    expect(problemAt(validateManifest(cron), 'metadata.name')).toMatch(/no more than 52 characters/);
    cron.metadata.name = 'a'.repeat(52);
    expect(validateManifest(cron)).toEqual([]);
  });

  test('a Job name longer than 63 characters', () => {
    const job = valid.Job();
    job.metadata.name = 'j'.repeat(64);
    expect(problemAt(validateManifest(job), 'metadata.name')).toMatch(/no more than 63 characters/);
  });

  test('names that are not DNS names', () => {
    const configMap = valid.ConfigMap();
    configMap.metadata.name = 'Report_Config';
    expect(problemAt(validateManifest(configMap), 'metadata.name')).toMatch(/DNS-1123 subdomain/);

    const service = valid.Service();
    service.metadata.name = '1st-worker'; // a subdomain, but Service names are DNS-1035 labels
    expect(problemAt(validateManifest(service), 'metadata.name')).toMatch(/DNS-1035 label/);

    const role = valid.Role();
    role.metadata.name = 'reports/reader';
    expect(problemAt(validateManifest(role), 'metadata.name')).toMatch(/path segment/);

    const sa = valid.ServiceAccount();
    delete sa.metadata.name;
    expect(problemAt(validateManifest(sa), 'metadata.name')).toMatch(/required/);
  });

  test('bad label values and keys, wherever labels are validated', () => {
    const cron = valid.CronJob();
    cron.metadata.labels['app.kubernetes.io/version'] = '1.0 beta';
    cron.spec.jobTemplate.spec.template.metadata.labels['-bad'] = 'x';
    cron.spec.jobTemplate.spec.template.spec.nodeSelector['example.com/zone'] = 'z'.repeat(64);
    const problems = validateManifest(cron);
    expect(problemAt(problems, 'metadata.labels["app.kubernetes.io/version"]')).toMatch(/label value "1.0 beta"/);
    expect(problemAt(problems, 'spec.jobTemplate.spec.template.metadata.labels["-bad"]')).toMatch(/label key name part/);
    expect(problemAt(problems, 'spec.jobTemplate.spec.template.spec.nodeSelector["example.com/zone"]')).toMatch(/no more than 63/);

    const deployment = valid.Deployment();
    deployment.spec.selector.matchLabels['Example.com/x'] = 'y';
    expect(problemAt(validateManifest(deployment), 'spec.selector.matchLabels["Example.com/x"]')).toMatch(/prefix part/);
  });

  test('bad annotation keys', () => {
    const job = valid.Job();
    job.metadata.annotations['example.com/a/b'] = 'x';
    expect(problemAt(validateManifest(job), 'metadata.annotations["example.com/a/b"]')).toMatch(/annotation key must be a qualified name/);
  });

  test('an unknown apiVersion/kind, never passing silently', () => {
    expect(validateManifest({ apiVersion: 'batch/v1', kind: 'Jobb', metadata: { name: 'x' } })).toEqual([
      expect.stringMatching(/^\(root\): no schema for apiVersion "batch\/v1" kind "Jobb"/),
    ]);
    expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })[0]).toMatch(/no schema/);
    expect(validateManifest({ apiVersion: '../../etc/v1', kind: 'Job' })[0]).toMatch(/no schema/);
    expect(validateManifest({ kind: 'Job' })[0]).toMatch(/apiVersion and kind must be strings/);
    expect(validateManifest('kind: Job')[0]).toMatch(/must be an object/);
  });

  test('an apiVersion that does not serve the kind', () => {
    const cron = valid.CronJob();
    cron.apiVersion = 'batch/v1beta1'; // removed in Kubernetes 1.25
    expect(validateManifest(cron)).toEqual([
      '(root): CronJob batch/v1beta1 is not a GA built-in API version; a default Kubernetes 1.33 API server does not serve it (removed, or a beta disabled by default)',
    ]);
  });

  test('unknown and invalid fields in CRDs', () => {
    const scaled = valid.ScaledObject();
    scaled.spec.maxReplicas = 10;
    scaled.spec.triggers[0].authenticationRef.namespace = 'other';
    const scaledProblems = validateManifest(scaled);
    expect(problemAt(scaledProblems, 'spec.maxReplicas')).toMatch(/unknown field/);
    expect(problemAt(scaledProblems, 'spec.triggers[0].authenticationRef.namespace')).toMatch(/unknown field/);

    const auth = valid.TriggerAuthentication();
    delete auth.spec.secretTargetRef[0].key;
    expect(problemAt(validateManifest(auth), 'spec.secretTargetRef[0].key')).toMatch(/required/);

    const rule = valid.PrometheusRule();
    rule.spec.groups[0].rules[0].severity = 'warning';
    rule.spec.groups[0].rules[0].for = 15;
    const ruleProblems = validateManifest(rule);
    expect(problemAt(ruleProblems, 'spec.groups[0].rules[0].severity')).toMatch(/unknown field/);
    expect(problemAt(ruleProblems, 'spec.groups[0].rules[0].for')).toMatch(/must be of type string/);
  });
});

describe('CRDs are checked as strictly as built-in kinds', () => {
  // The string maps of these samples, from the CRD documentation (KEDA trigger metadata,
  // Prometheus rule labels/annotations, ObjectMeta labels); every other object is a struct.
  const maps: Record<string, string[]> = {
    ScaledObject: ['spec.triggers[0].metadata'],
    TriggerAuthentication: [],
    PrometheusRule: ['spec.groups[0].rules[0].labels', 'spec.groups[0].rules[0].annotations'],
  };

  test.each(Object.keys(maps))('%s: an extra key is reported in every struct and accepted in every map', (kind) => {
    const sample = valid[kind]();
    const objectPaths: PathSegment[][] = [];
    const collect = (node: unknown, path: PathSegment[]): void => {
      if (Array.isArray(node)) {
        node.forEach((item, index) => collect(item, [...path, index]));
      } else if (node !== null && typeof node === 'object') {
        objectPaths.push(path);
        Object.entries(node).forEach(([key, value]) => collect(value, [...path, key]));
      }
    };
    collect(sample, []);
    expect(objectPaths.length).toBeGreaterThan(3);

    const outcomes = objectPaths.map((path) => {
      const copy = structuredClone(sample);
      const target = path.reduce((node: any, segment) => node[segment], copy);
      target['extra.key'] = 'x';
      return { path: formatPath(path), inserted: formatPath([...path, 'extra.key']), problems: validateManifest(copy) };
    });
    const accepted = outcomes.filter((o) => o.problems.length === 0).map((o) => o.path);
    expect(accepted.sort()).toEqual([...maps[kind]].sort());
    for (const outcome of outcomes.filter((o) => o.problems.length > 0)) {
      expect(outcome.problems).toEqual([`${outcome.inserted}: unknown field (not in the schema)`]);
    }
  });
});

describe('expectValidManifests', () => {
  test('passes a valid set', () => {
    expect(() => expectValidManifests(Object.values(valid).map((make) => make()))).not.toThrow();
  });

  test('fails listing every problem with the object, path and message', () => {
    const cron = valid.CronJob();
    cron.spec.concurrencyPolicy = 'Sometimes';
    const sa = valid.ServiceAccount();
    sa.secretz = [];
    let message = '';
    try {
      expectValidManifests([valid.Job(), cron, sa]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('2 Kubernetes manifest problem(s) in 3 object(s)');
    expect(message).toContain('[1] CronJob/nightly-report: spec.concurrencyPolicy: must be one of "Allow", "Forbid", "Replace"');
    expect(message).toContain('[2] ServiceAccount/report-runner: secretz: unknown field (not in the schema)');
  });
});
