import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { cli, FIXTURES, fixtureText, NOW, tempTree } from './helpers';
import { reportErrors, sarifErrors } from './validators';
import { ExcludeFilter } from '../../src/cli/exclude';
import { RULE_IDS } from '../../src/rules/engine';

const ROOT = path.join(__dirname, '..', '..');

/** The compliant orders set with two errors on the migration Job and a warning on the worker. */
function ordersDocs(): any[] {
  const docs = yaml.loadAll(fixtureText('compliant/orders.yaml')) as any[];
  const job = docs.find((d) => d.kind === 'Job');
  delete job.metadata.annotations['platform.example.com/owner'];
  delete job.metadata.annotations['platform.example.com/runbook'];
  const worker = docs.find((d) => d.kind === 'Deployment');
  delete worker.spec.template.spec.containers[0].resources.limits;
  return docs;
}

const dump = (docs: any[]) => docs.map((d) => yaml.dump(d)).join('---\n');

async function json(args: string[], cwd: string) {
  const r = await cli([...args, '-f', 'json', '--now', NOW], { cwd });
  const body = JSON.parse(r.stdout);
  expect(reportErrors(body)).toEqual([]);
  return { ...r, body };
}

describe('baseline', () => {
  test('--write-baseline records the findings by identity, not by line; the run that writes it passes', async () => {
    const dir = tempTree({ 'deploy/orders.yaml': dump(ordersDocs()) });
    const ok = await cli(['audit', path.join(dir, 'deploy'), '--write-baseline', path.join(dir, 'baseline.json'), '--now', NOW], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe(`cdk8s-batch: wrote 3 findings to baseline ${path.join(dir, 'baseline.json')}\n`);
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8'));
    expect(file.schemaVersion).toBe(1);
    expect(file.findings.map((e: any) => [e.rule, e.apiGroup, e.kind, e.namespace, e.name, e.file, e.occurrence])).toEqual([
      ['memory-limit', 'apps', 'Deployment', 'orders', 'payment-event-worker', null, null],
      ['owner-annotation', 'batch', 'Job', 'orders', 'orders-schema-migration-20260701', null, null],
      ['runbook-annotation', 'batch', 'Job', 'orders', 'orders-schema-migration-20260701', null, null],
    ]);
    // No line numbers anywhere in an entry.
    for (const e of file.findings) expect(Object.keys(e).sort()).toEqual(['apiGroup', 'file', 'fingerprint', 'kind', 'message', 'name', 'namespace', 'occurrence', 'rule', 'severity']);
  });

  test('--baseline: known findings pass and are counted, new ones fail, paid-off entries are listed', async () => {
    const dir = tempTree({ 'orders.yaml': dump(ordersDocs()) });
    const baseline = path.join(dir, 'baseline.json');
    expect((await cli(['audit', dir, '--write-baseline', baseline, '--now', NOW])).code).toBe(0);

    // Unrelated edits: a comment block on top and the documents in another order move every line.
    const moved = ordersDocs().reverse();
    fs.writeFileSync(path.join(dir, 'orders.yaml'), `# owned by the orders team\n# see the runbook\n\n${dump(moved)}`);
    const same = await cli(['audit', dir, '--baseline', baseline, '--now', NOW]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('known      owner-annotation  Job orders/orders-schema-migration-20260701');
    expect(same.stdout).toContain('0 errors, 0 warnings, 0 suppressed, 3 known (baseline) in ');
    expect(same.stdout).toContain(`baseline ${baseline}: 3 known findings remain, 0 new; 0 recorded findings no longer occur\n`);

    // A new error fails the run; the owner is added back, so that entry no longer occurs.
    const changed = ordersDocs();
    const job = changed.find((d) => d.kind === 'Job');
    job.metadata.annotations['platform.example.com/owner'] = 'orders-team';
    job.spec.template.spec.containers[0].image = 'registry.example.com/orders/migrate:latest';
    fs.writeFileSync(path.join(dir, 'orders.yaml'), dump(changed));
    const r = await cli(['audit', dir, '--baseline', baseline, '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error {6}image-pinned {2}Job orders\/orders-schema-migration-20260701/m);
    expect(r.stdout).toContain('1 error, 0 warnings, 0 suppressed, 2 known (baseline) in ');
    expect(r.stdout).toContain(`baseline ${baseline}: 2 known findings remain, 1 new; 1 recorded finding no longer occurs (run with --write-baseline ${baseline} to drop it)\n`);
    expect(r.stdout).toContain('  no longer occurs: owner-annotation  Job orders/orders-schema-migration-20260701\n');

    const { body } = await json(['audit', dir, '--baseline', baseline], dir);
    expect(body.summary.baseline).toEqual({ file: baseline, known: 2, new: 1, absent: 1 });
    expect(body.summary).toEqual(expect.objectContaining({ errors: 1, warnings: 0, known: 2 }));
    expect(body.findings.map((f: any) => [f.rule, f.baseline])).toEqual(expect.arrayContaining([['image-pinned', 'new'], ['runbook-annotation', 'known'], ['memory-limit', 'known']]));
    expect(body.baselineAbsent.map((e: any) => e.rule)).toEqual(['owner-annotation']);

    // Markdown folds the known findings and fails on the new one.
    const md = (await cli(['audit', dir, '--baseline', baseline, '-f', 'markdown', '--now', NOW])).stdout;
    expect(md).toMatch(/^### cdk8s-batch audit: ❌ 1 error, 0 warnings, 0 suppressed, 2 known \(baseline\)/);
    expect(md).toContain('<details><summary>2 known findings (recorded in the baseline)</summary>');
    expect(md).toContain('| 🔴 error | `image-pinned` |');
    expect(md).not.toContain('| 🔴 error | `runbook-annotation` |');

    // JUnit: the new error fails its case; a known one passes with its text in system-out.
    const xml = (await cli(['audit', dir, '--baseline', baseline, '-f', 'junit', '--now', NOW])).stdout;
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
    expect(xml).toMatch(/name="image-pinned">\n\s*<failure /);
    expect(xml).toMatch(/name="runbook-annotation">\n\s*<system-out>known \(baseline\) error: /);
  });

  test('objects defined twice, or named by generateName, are keyed with their file (and ordinal in it)', async () => {
    const job = ordersDocs().find((d) => d.kind === 'Job');
    const generated = JSON.parse(JSON.stringify(job));
    delete generated.metadata.name;
    generated.metadata.generateName = 'orders-migrate-';
    const dir = tempTree({
      'base/job.yaml': dump([job]),
      'overlays/prod/job.yaml': dump([job]),
      'once/job.yaml': dump([generated, generated]),
    });
    const { body } = await json(['audit', dir, '--rule', 'owner-annotation'], dir);
    expect(body.findings.map((f: any) => [f.name, f.key.file, f.key.occurrence])).toEqual([
      ['orders-schema-migration-20260701', 'base/job.yaml', null],
      ['orders-migrate-*', 'once/job.yaml', 1],
      ['orders-migrate-*', 'once/job.yaml', 2],
      ['orders-schema-migration-20260701', 'overlays/prod/job.yaml', null],
    ]);
    expect(new Set(body.findings.map((f: any) => f.fingerprint)).size).toBe(4);
  });

  test('a baseline that is missing or not a baseline is exit 2; an unreadable input writes no baseline', async () => {
    const dir = tempTree({ 'orders.yaml': dump(ordersDocs()), 'bad.json': '{"findings": 3}', 'broken/x.yaml': 'a: [\n' });
    const missing = await cli(['audit', path.join(dir, 'orders.yaml'), '--baseline', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read baseline');
    const bad = await cli(['audit', path.join(dir, 'orders.yaml'), '--baseline', path.join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a cdk8s-batch baseline');
    const out = path.join(dir, 'new-baseline.json');
    const broken = await cli(['audit', dir, '--write-baseline', out]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`baseline ${out} not written`);
    expect(fs.existsSync(out)).toBe(false);
    expect((await cli(['review', dir, '--baseline', out])).code).toBe(2);
  });
});

describe('sarif for code scanning', () => {
  test('fingerprints match the baseline key, rules link their versioned page, paths are relative to the repository root', async () => {
    const dir = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'deploy/prod/orders.yaml': dump(ordersDocs()) });
    const baseline = path.join(dir, 'baseline.json');
    await cli(['audit', dir, '--write-baseline', baseline, '--now', NOW]);
    // Started from a subfolder: paths stay relative to the root that holds .git.
    const cwd = path.join(dir, 'deploy');
    const r = await cli(['audit', path.join(cwd, 'prod'), '-f', 'sarif', '--baseline', baseline, '--now', NOW], { cwd });
    const log = JSON.parse(r.stdout);
    expect(sarifErrors(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe(`file://${encodeURI(dir)}/`);
    const loc = run.results[0].locations[0].physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: 'deploy/prod/orders.yaml', uriBaseId: 'SRCROOT' });

    const { body } = await json(['audit', path.join(cwd, 'prod')], cwd);
    expect(run.results.map((x: any) => x.partialFingerprints['cdk8sBatchFinding/v1'])).toEqual(body.findings.map((f: any) => f.fingerprint));
    const recorded = JSON.parse(fs.readFileSync(baseline, 'utf8')).findings.map((e: any) => e.fingerprint);
    expect([...recorded].sort()).toEqual(body.findings.map((f: any) => f.fingerprint).sort());
    expect(run.results.map((x: any) => x.baselineState)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    // helpUri: the repository URL (written once, in .projenrc.ts, carried by package.json) and the release tag.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const projenrc = fs.readFileSync(path.join(ROOT, '.projenrc.ts'), 'utf8');
    expect(projenrc).toContain(`repositoryUrl: '${pkg.repository.url}'`);
    expect(run.tool.driver.rules.map((rule: any) => rule.helpUri)).toEqual(RULE_IDS.map((id) => `${pkg.repository.url}/blob/v${pkg.version}/docs/rules/${id}.md`));
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toMatch(/^https:\/\//);
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  test('input that cannot be parsed (exit 2) is a notification and an unsuccessful invocation', async () => {
    const dir = tempTree({ 'good.yaml': dump(ordersDocs()), 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: [\n', 'notes.yaml': 'just text\n' });
    const r = await cli(['audit', dir, '-f', 'sarif', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout);
    expect(sarifErrors(log)).toEqual([]);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    const [error, note] = invocation.toolExecutionNotifications;
    expect(error).toEqual(expect.objectContaining({ level: 'error', descriptor: { id: 'unreadable-input' } }));
    expect(error.message.text).toMatch(/^malformed YAML/);
    expect(error.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'bad.yaml', uriBaseId: 'SRCROOT' });
    expect(error.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(5);
    expect(note).toEqual(expect.objectContaining({ level: 'note', descriptor: { id: 'skipped-document' } }));
    expect(note.message.text).toBe('document 1: the document is not a Kubernetes object (it needs apiVersion and kind); skipped');
    // The findings of the readable file are still there.
    expect(log.runs[0].results.length).toBe(3);
  });
});

describe('json report contract', () => {
  test('every shape of run validates against the published schema; schemaVersion and counts are there', async () => {
    const dir = tempTree({ 'orders.yaml': dump(ordersDocs()), 'bad.yaml': 'a: [\n', 'text.yaml': 'hello\n' });
    const mixed = await json(['audit', dir], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.body.schemaVersion).toBe(2);
    // schemaVersion 2: each finding links its rule's page for this release (it carried a section number before).
    for (const f of mixed.body.findings) expect(f.docs).toMatch(new RegExp(`^https://\\S+/blob/v\\d+\\.\\d+\\.\\d+/docs/rules/${f.rule}\\.md$`));
    expect(mixed.body.findings[0]).not.toHaveProperty('lesson');
    expect(reportErrors({ ...mixed.body, schemaVersion: 1 })).not.toEqual([]);
    expect(mixed.body.summary).toEqual(expect.objectContaining({ errors: 2, warnings: 1, known: 0, objects: 6, files: 3, batchWorkloads: 2, baseline: null, scope: 'batch' }));
    expect(mixed.body.skipped).toEqual([expect.objectContaining({ document: 1, line: 1 })]);
    expect(mixed.body.errors[0]).toEqual(expect.objectContaining({ file: path.join(dir, 'bad.yaml'), column: expect.any(Number) }));
    const clean = await json(['audit', path.join(FIXTURES, 'compliant')], ROOT);
    expect(clean.body.findings).toEqual([]);
    const all = await json(['audit', path.join(FIXTURES, 'compliant'), '--scope', 'all'], ROOT);
    expect(all.body.summary.scope).toBe('all');
  });

  test('the schema rejects what the contract forbids, and ships in the package', () => {
    expect(reportErrors({ schemaVersion: 2 })).not.toEqual([]);
    const pkgFiles = fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf8').split('\n');
    expect(pkgFiles.some((l) => /^\/?schemas/.test(l))).toBe(false);
  });
});

describe('markdown', () => {
  test('open findings: errors first, then warnings; grouped per object, the object named once', async () => {
    const docs = ordersDocs();
    const dir = tempTree({ 'orders.yaml': dump(docs) });
    const md = (await cli(['audit', dir, '-f', 'markdown', '--now', NOW])).stdout;
    const rows = md.split('\n').filter((l) => /^\| (🔴|🟡)/.test(l)).map((l) => l.split(' | ').slice(0, 3).map((c) => c.replace(/^\| /, '')));
    expect(rows).toEqual([
      ['🔴 error', '`owner-annotation`', 'Job orders/orders-schema-migration-20260701'],
      ['🔴 error', '`runbook-annotation`', ''],
      ['🟡 warning', '`memory-limit`', 'Deployment orders/payment-event-worker'],
    ]);
  });
});

describe('--exclude', () => {
  test('leaves out chart templates, test fixtures and ** paths; repeatable', async () => {
    const job = dump([ordersDocs().find((d) => d.kind === 'Job')]);
    const dir = tempTree({
      'charts/web/templates/job.yaml': 'spec:\n  replicas: {{ .Values.replicas }}\n',
      'charts/web/values.yaml': 'replicas: 2\n',
      'apps/orders/job.yaml': job,
      'apps/orders/job.test.yaml': job,
      'apps/legacy/old/job.yaml': job,
    });
    const before = await cli(['audit', dir], { cwd: dir });
    expect(before.code).toBe(2);
    const r = await json(['audit', dir, '--exclude', 'charts/*/templates', '--exclude', '*.test.yaml', '--exclude', 'apps/**/old', '--exclude', 'charts/*/values.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.body.summary.files).toBe(1);
    expect([...new Set(r.body.findings.map((f: any) => f.file))]).toEqual([path.join(dir, 'apps', 'orders', 'job.yaml')]);
  });

  test('pattern semantics', () => {
    const f = new ExcludeFilter(['charts/*/templates', '*.test.yaml', 'a/**/z', './docs/'], '/repo');
    expect(f.excludes('/repo/charts/web/templates')).toBe(true);
    expect(f.excludes('/repo/charts/web/templates/deep/x.yaml')).toBe(true);
    expect(f.excludes('/repo/charts/web/values.yaml')).toBe(false);
    expect(f.excludes('/repo/charts/web/sub/templates')).toBe(false);
    expect(f.excludes('/repo/x/y/job.test.yaml')).toBe(true);
    expect(f.excludes('/repo/a/z')).toBe(true);
    expect(f.excludes('/repo/a/b/c/z/k.yaml')).toBe(true);
    expect(f.excludes('/repo/docs/x.yaml')).toBe(true);
    expect(f.excludes('/repo/documents/x.yaml')).toBe(false);
    expect(new ExcludeFilter([], '/repo').active).toBe(false);
    // Hidden folders, but never the folder the walk starts from.
    const hidden = new ExcludeFilter(['.*'], '/repo');
    expect(hidden.excludes('/repo')).toBe(false);
    expect(hidden.excludes('/repo/.github/workflows/x.yaml')).toBe(true);
    expect(hidden.excludes('/elsewhere/x.yaml')).toBe(false);
  });
});
