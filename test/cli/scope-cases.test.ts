import * as path from 'path';
import { cli, FIXTURES, NOW, tempTree } from './helpers';

/**
 * One hand-written situation per fixture (test/fixtures/scope-cases, see its README), audited
 * through the CLI: the exact findings, the summary and the exit code of each.
 */

const CASES = path.join(FIXTURES, 'scope-cases');
const at = (relative: string) => path.join(CASES, relative);

/** `severity rule Kind namespace/name` for each finding of a JSON report, in report order. */
function findings(json: any): string[] {
  return json.findings.map((f: any) => `${f.severity} ${f.rule} ${f.kind} ${f.namespace ?? ''}/${f.name}`);
}

async function auditJson(args: string[]) {
  const r = await cli(['audit', ...args, '-f', 'json', '--now', NOW]);
  return { code: r.code, stderr: r.stderr, json: JSON.parse(r.stdout) };
}

describe('outside batch scope', () => {
  test('a web Deployment, a privileged DaemonSet, a StatefulSet and a bare Pod get no batch findings, and are listed', async () => {
    const { code, json } = await auditJson([at('outside-scope')]);
    expect(code).toBe(0);
    expect(json.findings).toEqual([]);
    expect(json.summary).toEqual(expect.objectContaining({
      errors: 0,
      warnings: 0,
      objects: 10,
      files: 4,
      notes: 0,
      scope: 'batch',
      outsideScope: { total: 4, byKind: { DaemonSet: 1, Deployment: 1, Pod: 1, StatefulSet: 1 } },
    }));
    expect(json.outsideScope).toEqual([
      { kind: 'Pod', namespace: 'shop', name: 'debug-shell', file: at('outside-scope/debug-pod.yaml'), line: 2 },
      { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-agent', file: at('outside-scope/node-agent.yaml'), line: 30 },
      { kind: 'StatefulSet', namespace: 'orders', name: 'orders-db', file: at('outside-scope/postgres.yaml'), line: 14 },
      { kind: 'Deployment', namespace: 'shop', name: 'storefront', file: at('outside-scope/storefront.yaml'), line: 2 },
    ]);
  });

  test('the text summary says how many of which kinds', async () => {
    const r = await cli(['audit', at('outside-scope')]);
    expect(r.stdout).toBe([
      '0 errors, 0 warnings, 0 suppressed in 10 objects from 4 files',
      '4 objects outside batch scope (1 DaemonSet, 1 Deployment, 1 Pod, 1 StatefulSet): not checked against the batch rules; --scope all applies the pod-level rules to them',
      '',
    ].join('\n'));
  });

  test('--scope all applies the five pod-level rules to every object that runs pods, and nothing else', async () => {
    const { code, json } = await auditJson([at('outside-scope'), '--scope', 'all']);
    expect(code).toBe(1);
    expect(findings(json)).toEqual([
      // The debug Pod sets nothing at all.
      'error resource-requests Pod shop/debug-shell',
      'warning memory-limit Pod shop/debug-shell',
      'error dedicated-service-account Pod shop/debug-shell',
      'error pod-security-restricted Pod shop/debug-shell',
      // The node agent's account is bound by a ClusterRoleBinding; its pod is privileged, its image is latest.
      'error pod-security-restricted DaemonSet monitoring/node-agent',
      'error image-pinned DaemonSet monitoring/node-agent',
      // The database requests resources but sets no memory limit.
      'warning memory-limit StatefulSet orders/orders-db',
      'error dedicated-service-account StatefulSet orders/orders-db',
      'error pod-security-restricted StatefulSet orders/orders-db',
      // The storefront is pinned, requested and limited; no account, no hardening.
      'error dedicated-service-account Deployment shop/storefront',
      'error pod-security-restricted Deployment shop/storefront',
    ]);
    const podLevel = ['pod-security-restricted', 'image-pinned', 'resource-requests', 'memory-limit', 'dedicated-service-account'];
    expect(json.findings.every((f: any) => podLevel.includes(f.rule))).toBe(true);
    expect(json.summary.scope).toBe('all');
    expect(json.summary.outsideScope.total).toBe(4);
    const text = await cli(['audit', at('outside-scope'), '--scope', 'all']);
    expect(text.stdout.trimEnd().split('\n').slice(-1)[0])
      .toBe('4 objects outside batch scope (1 DaemonSet, 1 Deployment, 1 Pod, 1 StatefulSet): the batch rules skip them; the pod-level rules checked them (--scope all)');
  });

  test('--scope takes batch or all only', async () => {
    const r = await cli(['audit', at('outside-scope'), '--scope', 'everything']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scope "everything" is not one of batch, all');
  });

  test('every format carries the outside-scope count by kind', async () => {
    const dir = at('outside-scope');
    const markdown = (await cli(['audit', dir, '-f', 'markdown'])).stdout;
    expect(markdown).toContain('_4 objects outside batch scope (1 DaemonSet, 1 Deployment, 1 Pod, 1 StatefulSet): not checked against the batch rules; --scope all applies the pod-level rules to them._');
    const sarif = JSON.parse((await cli(['audit', dir, '-f', 'sarif'])).stdout);
    expect(sarif.runs[0].properties.outsideScopeByKind).toEqual({ DaemonSet: 1, Deployment: 1, Pod: 1, StatefulSet: 1 });
    expect(sarif.runs[0].properties.outsideScope.map((o: any) => o.name)).toEqual(['debug-shell', 'node-agent', 'orders-db', 'storefront']);
    const junit = (await cli(['audit', dir, '-f', 'junit'])).stdout;
    expect(junit).toContain('<testsuite name="outside batch scope" tests="4" failures="0" errors="0" skipped="4">');
    expect(junit).toContain('<testcase classname="StatefulSet orders/orders-db" name="batch rules">');
    const review = (await cli(['review', dir])).stdout;
    expect(review).toContain('0 workloads in 4 files');
    expect(review).toContain('_4 objects outside batch scope (1 DaemonSet, 1 Deployment, 1 Pod, 1 StatefulSet)');
  });
});

describe('batch workloads beyond Job and CronJob', () => {
  test('a KEDA ScaledJob is Job-like: its jobTargetRef is judged, and the one gap is found', async () => {
    const { code, json } = await auditJson([at('scaledjob.yaml')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual(['error active-deadline ScaledJob billing/invoice-render']);
    expect(json.summary.outsideScope.total).toBe(0);
  });

  test('an unlabelled Deployment scaled by a KEDA ScaledObject on a queue is a queue worker', async () => {
    const { code, json } = await auditJson([at('worker-scaledobject.yaml')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual([
      'error workload-class Deployment notifications/email-sender',
      'warning freshness-alert Deployment notifications/email-sender',
    ]);
    expect(json.findings[0].message).toContain('a scaler in the set scales it on a queue, so it is a queue worker: use queue-worker');
  });

  test('an unlabelled Deployment scaled by an autoscaling/v2 HPA on an External metric is a queue worker', async () => {
    const { code, json } = await auditJson([at('worker-hpa-external.yaml')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual(['error workload-class Deployment search/order-indexer']);
  });

  test('the storefront HPA scales on CPU, which does not make a queue worker', async () => {
    const { json } = await auditJson([at('outside-scope/storefront.yaml')]);
    expect(json.outsideScope.map((o: any) => `${o.kind} ${o.name}`)).toEqual(['Deployment storefront']);
  });
});

describe('objects the rules cannot read', () => {
  test('a batch/v1beta1 CronJob is api-version-removed and nothing else (no timeZone finding)', async () => {
    const { code, json } = await auditJson([at('cronjob-v1beta1.yaml')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual(['error api-version-removed CronJob orders/nightly-backup']);
    expect(json.findings[0].message).toBe('CronJob in apiVersion batch/v1beta1 is no longer served since Kubernetes 1.25, so the API server rejects it and no other rule checked it; change apiVersion to batch/v1 (then check the fields that version changed).');
  });

  test('an extensions/v1beta1 Deployment is api-version-removed (1.16, apps/v1), and not listed as outside scope', async () => {
    const { code, json } = await auditJson([at('deployment-extensions-v1beta1.yaml')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual(['error api-version-removed Deployment orders/legacy-importer']);
    expect(json.findings[0].message).toContain('no longer served since Kubernetes 1.16');
    expect(json.findings[0].message).toContain('change apiVersion to apps/v1');
    expect(json.outsideScope).toEqual([]);
  });

  test('kind: cronjob is a note in every format, never a silent pass', async () => {
    const { code, json } = await auditJson([at('cronjob-lowercase-kind.yaml')]);
    expect(code).toBe(0);
    expect(json.findings).toEqual([]);
    const note = 'kind "cronjob" is not a Kubernetes kind (kinds are case-sensitive; did you mean "CronJob"?), so the API server rejects it and no rule checked it';
    expect(json.notes).toEqual([{
      kind: 'cronjob', apiVersion: 'batch/v1', namespace: 'shop', name: 'cache-warmup', file: at('cronjob-lowercase-kind.yaml'), line: 2, note,
    }]);
    expect(json.summary.notes).toBe(1);
    const text = await cli(['audit', at('cronjob-lowercase-kind.yaml')]);
    expect(text.stdout).toBe(`0 errors, 0 warnings, 0 suppressed in 1 object from 1 file\nnote: cronjob shop/cache-warmup (${at('cronjob-lowercase-kind.yaml')}:2): ${note}\n`);
    expect((await cli(['audit', at('cronjob-lowercase-kind.yaml'), '-f', 'markdown'])).stdout).toContain('**Objects no rule could read:**');
    expect(JSON.parse((await cli(['audit', at('cronjob-lowercase-kind.yaml'), '-f', 'sarif'])).stdout).runs[0].properties.notes[0].note).toBe(note);
    expect((await cli(['audit', at('cronjob-lowercase-kind.yaml'), '-f', 'junit'])).stdout).toContain('<testsuite name="not audited" tests="1" failures="0" errors="0" skipped="1">');
  });

  test('a Helm template is "render it first", exit 2, not a YAML syntax error; nothing in it is audited', async () => {
    const r = await cli(['audit', at('helm-chart')]);
    expect(r.code).toBe(2);
    const template = at('helm-chart/templates/cronjob.yaml');
    expect(r.stderr.split('\n')[0]).toBe(`cdk8s-batch: ${template}:1:1: a Helm/Go template, not a manifest (\`{{- if .Values.report.enabled }}\`): render it first, e.g. helm template RELEASE CHART | cdk8s-batch audit -; nothing in this file was audited`);
    expect(r.stderr).not.toContain('malformed YAML');
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 suppressed in 0 objects from 3 files\n');
    const { json } = await auditJson([template]);
    expect(json.errors).toEqual([expect.objectContaining({ file: template, line: 1, column: 1 })]);
  });

  test('a {{ }} inside a string value is text, as YAML reads it (Prometheus and Argo templates)', async () => {
    const rule = [
      'apiVersion: monitoring.coreos.com/v1', 'kind: PrometheusRule', 'metadata:', '  name: jobs', 'spec:', '  groups:', '    - name: jobs', '      rules:',
      '        - alert: JobFailed', '          expr: kube_job_failed > 0', '          annotations:',
      '            summary: "{{ $labels.job_name }} failed"', '            description: Job {{ $labels.job_name }} failed twice',
      '            details: |', '              {{ range $i := .Values }}', '              {{ end }}',
    ].join('\n');
    const r = await cli(['audit', '-'], { stdin: rule });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('one object set', () => {
  test('the same Deployment in a base and an overlay file: duplicate-object on each copy, listed once in other messages', async () => {
    const { code, json } = await auditJson([at('variants')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual([
      'warning duplicate-object Deployment orders/orders-api',
      'error migration-dedicated-service-account Job orders/orders-migrate-7-2-0',
      'warning duplicate-object Deployment orders/orders-api',
    ]);
    expect(json.findings[0].message).toContain(`is also defined at ${at('variants/production.yaml')}:2;`);
    expect(json.findings[2].message).toContain(`is also defined at ${at('variants/base.yaml')}:9;`);
    // Two copies of the web Deployment share the migration's account: named once.
    expect(json.findings[1].message).toBe('service account orders is shared with Deployment orders-api (no class), so schema-changing rights leak to them; give the migration its own ServiceAccount.');
    expect(json.summary).toEqual(expect.objectContaining({ errors: 1, warnings: 2, objects: 4, files: 2 }));
    expect(json.summary.outsideScope.byKind).toEqual({ Deployment: 2 });
  });

  test('a Job whose binding is in a sibling file passes when both are audited together', async () => {
    const together = await auditJson([at('sibling-binding')]);
    expect(together.code).toBe(0);
    expect(together.json.findings).toEqual([]);
    // The same two files given one by one on the command line are still one set.
    const listed = await auditJson([at('sibling-binding/job.yaml'), at('sibling-binding/rbac.yaml')]);
    expect(listed.json.findings).toEqual([]);
    // Alone, the Job's mounted token has nothing bound to it.
    const alone = await auditJson([at('sibling-binding/job.yaml')]);
    expect(alone.code).toBe(1);
    expect(findings(alone.json)).toEqual(['error dedicated-service-account Job platform/quota-sync']);
  });

  test('a kustomization file is a note that says to audit the build output', async () => {
    const dir = tempTree({ 'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - job.yaml\n' });
    const { code, json } = await auditJson([dir]);
    expect(code).toBe(0);
    expect(json.notes.map((n: any) => n.note)).toEqual([
      'a kustomize Kustomization: the files beside it are patches and bases, not what is applied; audit the build output instead (kustomize build DIR | cdk8s-batch audit -)',
    ]);
  });
});

describe('where and what', () => {
  test('a Job named by generateName is reported as prefix-*', async () => {
    const { code, json } = await auditJson([at('generatename-job.yaml')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual(['error owner-annotation Job catalog/migrate-*']);
  });

  test('pod-security-restricted lists the worst first and carries every violation as details in JSON, SARIF and text', async () => {
    const { code, json } = await auditJson([at('privileged-job.yaml')]);
    expect(code).toBe(1);
    expect(findings(json)).toEqual(['error pod-security-restricted Job infra/disk-janitor']);
    const details = [
      'container sweep is privileged',
      'hostNetwork: true',
      'hostPID: true',
      'volume host-var uses hostPath',
      'container sweep adds capabilities SYS_ADMIN',
      'pod sets runAsUser 0',
      'container mount-check does not set allowPrivilegeEscalation: false',
      'container mount-check does not drop ALL capabilities',
      'container mount-check does not run with runAsNonRoot: true',
      'container mount-check has seccompProfile (none)',
      'container sweep does not set allowPrivilegeEscalation: false',
      'container sweep does not drop ALL capabilities',
      'container sweep does not run with runAsNonRoot: true',
      'container sweep has seccompProfile (none)',
    ];
    expect(json.findings[0].details).toEqual(details);
    expect(json.findings[0].message).toContain(`Standard: ${details.slice(0, 6).join('; ')} (and 8 more, listed in the finding's details);`);
    const sarif = JSON.parse((await cli(['audit', at('privileged-job.yaml'), '-f', 'sarif'])).stdout);
    expect(sarif.runs[0].results[0].properties.details).toEqual(details);
    const text = (await cli(['audit', at('privileged-job.yaml')])).stdout;
    for (const d of details) expect(text).toContain(`\n             - ${d}\n`);
  });

  test('findings without a list carry an empty details array in JSON', async () => {
    const { json } = await auditJson([at('generatename-job.yaml')]);
    expect(json.findings[0].details).toEqual([]);
  });
});
