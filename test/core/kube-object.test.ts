import * as os from 'os';
import { ApiObject, App, Chart, Duration, JsonPatch, Lazy, ResolutionContext, Size, Testing } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { buildExampleApp } from '../../examples/app';
import { IndexedBackfill, KUBERNETES_VERSION_CONTEXT, MigrationJob, QueueWorker, QueueTrigger, ReconciliationCronJob, ScalerKind } from '../../src';
import { KUBE_CRON_JOB, KUBE_JOB } from '../../src/core/job-objects';
import { plainManifest } from '../../src/core/kube-object';
import { backfillProps, monthlyPartitions } from '../support/backfill-cleanup-fixtures';
import { migrationProps, reconciliationProps } from '../support/fixtures';
import { queueWorkerProps } from '../support/queue-worker-fixtures';
import { renderingDifferences, typedManifestDifferences } from '../support/typed-manifests';

/**
 * kubeObject builds manifests without the typed cdk8s-plus classes (their conversion rebuilds
 * each object once per field it keeps, a third of a construct's cost). The plain manifest must be
 * the one the typed conversion makes of the same props, for every object the constructs create.
 */
describe('plain manifests equal the typed conversion', () => {
  test('every object of the example app', () => {
    const { differences, objects, plain } = typedManifestDifferences(() => buildExampleApp(os.tmpdir()));
    expect(differences).toEqual([]);
    // CronJobs, Jobs, ServiceAccounts, RBAC, the worker's PodDisruptionBudget, the partition ConfigMap.
    expect(objects).toBeGreaterThanOrEqual(15);
    expect(plain).toBe(objects);
  });

  test('the props that reach objects the example app does not build', () => {
    const { differences, objects, plain } = typedManifestDifferences(() => {
      const app = Testing.app();
      app.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.33');
      const chart = new Chart(app, 'test', { namespace: 'finance' });
      new ReconciliationCronJob(chart, 'rich', {
        ...reconciliationProps(),
        timeZone: 'Europe/Berlin',
        nodePool: { labelKey: 'example.com/pool', labelValue: 'batch-large' },
        failurePolicy: { permanentExitCodes: [64, 65], ignoreDisruptions: true },
        container: {
          image: 'registry.example.com/finance/reconciler:2026.07.01',
          command: ['/app/run'],
          env: { REGION: 'eu-west-1' },
          resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512), cpuLimit: Cpu.units(1) },
        },
      });
      new MigrationJob(chart, 'with-sidecar', {
        ...migrationProps(),
        queueName: 'orders-batch',
        sidecars: [{
          name: 'proxy',
          image: 'registry.example.com/proxy:2.14.1',
          resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64) },
          startupProbe: { port: 9090, httpPath: '/startup', timeout: Duration.seconds(30) },
        }, {
          name: 'tcp-proxy',
          image: 'registry.example.com/proxy:2.14.1',
          resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(64) },
          startupProbe: { port: 5432 },
        }],
      });
      new IndexedBackfill(chart, 'managed', {
        ...backfillProps(),
        partitions: monthlyPartitions(8),
        parallelism: 4,
        successPolicy: { rules: [{ succeededIndexes: '0-3,7', succeededCount: 4 }] },
        queueName: 'finance-batch',
        jobManagedBy: 'kueue.x-k8s.io/multikueue',
      });
      new QueueWorker(chart, 'hpa-worker', {
        ...queueWorkerProps(),
        trigger: QueueTrigger.awsSqs({ queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/payments', awsRegion: 'eu-west-1', messagesPerReplica: 20 }),
        visibilityTimeout: Duration.minutes(5),
        scaler: ScalerKind.HPA_EXTERNAL_METRIC,
        externalMetric: { metricName: 'sqs_messages_visible', matchLabels: { queue: 'payments' } },
      });
      app.synthYaml();
    });
    expect(differences).toEqual([]);
    expect(objects).toBeGreaterThanOrEqual(10);
    expect(plain).toBe(objects);
  });
});

describe('plainManifest', () => {
  const cronJobProps = (): k8s.KubeCronJobProps => ({
    metadata: { name: 'nightly', labels: { team: 'finance', dropped: undefined as unknown as string } },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              containers: [{
                name: 'main',
                image: 'registry.example.com/app:1.0',
                resources: { requests: { memory: k8s.Quantity.fromString('512Mi') } },
                ports: [{ containerPort: 8080 }],
                livenessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(8080) } },
              }],
            },
          },
        },
      },
    },
  });

  test('unwraps quantities and int-or-strings and leaves undefined fields out, as the typed conversion does', () => {
    const manifest = plainManifest(KUBE_CRON_JOB, cronJobProps());
    expect(manifest).toEqual(k8s.KubeCronJob.manifest(cronJobProps()));
    const container = manifest.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.resources.requests.memory).toBe('512Mi');
    expect(container.livenessProbe.httpGet.port).toBe(8080);
    expect(Object.keys(manifest.metadata.labels)).toEqual(['team']);
    expect(Object.keys(manifest).slice(0, 2)).toEqual(['apiVersion', 'kind']);
  });

  test('keeps the Job fields newer than the bundled schema, as KUBE_JOB puts them back', () => {
    const props = { metadata: { name: 'j' }, spec: { managedBy: 'kueue.x-k8s.io/multikueue', template: { spec: { containers: [] } } } };
    expect(plainManifest(KUBE_JOB, props)).toEqual(KUBE_JOB.manifest(props));
    expect(plainManifest(KUBE_JOB, props).spec.managedBy).toBe('kueue.x-k8s.io/multikueue');
  });

  test('a key named __proto__ stays an own field, as the typed conversion\'s spread keeps it', () => {
    const labels = JSON.parse('{"__proto__": "x", "team": "finance"}');
    const props = { metadata: { name: 'nightly', labels }, spec: { schedule: '0 3 * * *', jobTemplate: {} } };
    const manifest = plainManifest(KUBE_CRON_JOB, props);
    expect(Object.keys(manifest.metadata.labels)).toEqual(['__proto__', 'team']);
    expect(Object.getPrototypeOf(manifest.metadata.labels)).toBe(Object.prototype);
    expect(manifest).toEqual(k8s.KubeCronJob.manifest(props));
  });

  test('leaves values the typed conversion renders its own way to it (undefined: kubeObject falls back)', () => {
    const withNull = { metadata: { name: 'n' }, spec: { schedule: '0 3 * * *', jobTemplate: null as any } };
    expect(plainManifest(KUBE_CRON_JOB, withNull)).toBeUndefined();
    const withInstance = { metadata: { name: 'n', labels: new Map() as any }, spec: { schedule: '0 3 * * *', jobTemplate: {} } };
    expect(plainManifest(KUBE_CRON_JOB, withInstance)).toBeUndefined();
    const nullPrototype = Object.assign(Object.create(null), { team: 'finance' });
    expect(plainManifest(KUBE_CRON_JOB, { metadata: { name: 'n', labels: nullPrototype }, spec: { schedule: '0 3 * * *', jobTemplate: {} } }))
      .toBeUndefined();
  });

  test('with CDK8S_DISABLE_SORT cdk8s keeps key order, so the typed conversion (schema order) runs', () => {
    const before = process.env.CDK8S_DISABLE_SORT;
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(plainManifest(KUBE_CRON_JOB, cronJobProps())).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before;
    }
    expect(plainManifest(KUBE_CRON_JOB, cronJobProps())).toBeDefined();
  });
});

describe('the constructs\' objects render as cdk8s renders them', () => {
  const lazyCost = { value: 'a' };
  function chartWithEveryKind(app = Testing.app()): Chart {
    const chart = new Chart(app, 'test', { namespace: 'finance', labels: { tier: 'batch' } });
    new ReconciliationCronJob(chart, 'nightly', reconciliationProps());
    new MigrationJob(chart, 'migrate', migrationProps());
    new IndexedBackfill(chart, 'backfill', backfillProps());
    new QueueWorker(chart, 'worker', queueWorkerProps());
    return chart;
  }

  test('every object of the example app, without cdk8s\' resolve pass', () => {
    const app = buildExampleApp(os.tmpdir());
    const cdk8sRender = jest.spyOn(ApiObject.prototype, 'toJson');
    app.synthYaml();
    // Every object is a construct's: none needed cdk8s' own rendering.
    expect(cdk8sRender).not.toHaveBeenCalled();
    cdk8sRender.mockRestore();
    expect(renderingDifferences(app)).toEqual([]);
  });

  test('after escape-hatch patches, metadata changes and a token in the metadata', () => {
    const chart = chartWithEveryKind();
    const job = chart.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Job')!;
    job.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'batch-low'), JsonPatch.remove('/spec/completionMode'));
    job.metadata.addLabel('team', 'orders');
    job.metadata.addAnnotation('example.com/empty', '');
    job.metadata.addFinalizers('example.com/keep');
    job.metadata.add('generateName', 'orders-');
    const cronJob = chart.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'CronJob')!;
    cronJob.metadata.addLabel('cost-center', Lazy.any({ produce: () => lazyCost.value }) as unknown as string);
    expect(renderingDifferences(chart)).toEqual([]);
    expect(job.toJson().spec.template.spec.priorityClassName).toBe('batch-low');
    expect(job.toJson().spec.completionMode).toBeUndefined();
    lazyCost.value = 'b';
    expect(cronJob.toJson().metadata.labels['cost-center']).toBe('b');
    expect(renderingDifferences(chart)).toEqual([]);
  });

  test('a patch that cannot apply fails with cdk8s\' error', () => {
    const chart = chartWithEveryKind();
    const job = chart.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Job')!;
    job.addJsonPatch(JsonPatch.add('/spec/no-such-field/child', 1));
    expect(() => job.toJson()).toThrow(/^Failed serializing construct at path 'test\/migrate\/Job' with name 'migrate-2026-07-01-001': TypeError/);
    expect(renderingDifferences(chart)).toEqual([]);
  });

  test('a key cdk8s cannot render (`constructor`) fails as in cdk8s', () => {
    const chart = chartWithEveryKind();
    const job = chart.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Job')!;
    job.metadata.addLabel('constructor', 'x');
    expect(() => job.toJson()).toThrow(/can't render non-simple object/);
    expect(renderingDifferences(chart)).toEqual([]);
  });

  test('an app with resolvers of its own gets cdk8s\' resolve pass', () => {
    const upper = {
      resolve: (context: ResolutionContext) => {
        if (context.value === 'finance-platform') context.replaceValue('FINANCE-PLATFORM');
      },
    };
    const app = new App({ resolvers: [upper] });
    const chart = chartWithEveryKind(app);
    expect(renderingDifferences(chart)).toEqual([]);
    const cronJob = chart.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'CronJob')!;
    expect(JSON.stringify(cronJob.toJson())).toContain('FINANCE-PLATFORM');
  });

  test('with CDK8S_DISABLE_SORT the keys keep cdk8s\' order', () => {
    const before = process.env.CDK8S_DISABLE_SORT;
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const chart = chartWithEveryKind();
      expect(renderingDifferences(chart)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before;
    }
  });

  test('a cdk8s release that keeps the props elsewhere gets its own rendering, not an object without spec', () => {
    const chart = chartWithEveryKind();
    const job = chart.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Job')!;
    const expected = job.toJson();
    // What a cdk8s release renaming its private `props` field would look like to renderPlain.
    const internals = job as unknown as { props?: unknown };
    const props = internals.props;
    Object.defineProperty(job, 'props', { value: undefined, writable: true, configurable: true });
    const cdk8sRender = jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(() => ({ ...expected, renderedBy: 'cdk8s' }));
    try {
      job.metadata.addLabel('force-a-new-render', 'yes');
      expect(job.toJson()).toMatchObject({ renderedBy: 'cdk8s' });
    } finally {
      cdk8sRender.mockRestore();
      Object.defineProperty(job, 'props', { value: props, writable: true, configurable: true });
    }
  });
});

describe('an object is made of the props as they were at construction', () => {
  test('a later change to an array or object the app passed in does not reach the output', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'orders' });
    const command = ['/app/migrate', 'up'];
    const env: Record<string, string> = { PHASE: 'expand' };
    const props = migrationProps();
    new MigrationJob(chart, 'migrate', { ...props, container: { ...props.container, command, env } });
    const before = app.synthYaml();
    command.push('--force');
    env.PHASE = 'contract';
    const after = app.synthYaml();
    expect(before).toContain('/app/migrate');
    expect(after).toBe(before);
    expect(after).not.toContain('--force');
  });
});
