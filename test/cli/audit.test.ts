import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { cli, FIXTURES, fixtureText, NOW, tempTree } from './helpers';
import { splitDocuments } from '../../src/cli/load';
import { RULE_IDS } from '../../src/rules/engine';

const compliant = path.join(FIXTURES, 'compliant');
const lesson = path.join(FIXTURES, 'lesson');
/** Objects in test/fixtures/compliant: 11 in finance.yaml, 6 in orders.yaml. */
const COMPLIANT_OBJECTS = 17;

/** The compliant report Job with one warning-only problem (no memory limit). */
function warningOnlyYaml(): string {
  const docs = yaml.loadAll(fixtureText('compliant/finance.yaml')) as any[];
  const job = docs.find((d) => d.kind === 'Job' && d.metadata.name === 'report-export');
  delete job.spec.template.spec.containers[0].resources.limits;
  const account = docs.find((d) => d.kind === 'ServiceAccount' && d.metadata.name === 'report-export');
  return [account, job].map((d) => yaml.dump(d)).join('---\n');
}

describe('audit: exit codes', () => {
  test('a compliant folder exits 0 and says so', async () => {
    const r = await cli(['audit', compliant, '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`0 errors, 0 warnings, 0 suppressed in ${COMPLIANT_OBJECTS} objects from 2 files\n`);
    expect(r.stderr).toBe('');
  });

  test('errors exit 1', async () => {
    const r = await cli(['audit', path.join(lesson, '04-minimal-job.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error {6}workload-class {2}Job finance\/ledger-reconciliation {2}\(.*04-minimal-job\.yaml:2\)$/m);
  });

  test('warnings exit 0, or 1 with --strict', async () => {
    const dir = tempTree({ 'job.yaml': warningOnlyYaml() });
    const plain = await cli(['audit', dir]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('warning    memory-limit  Job finance/report-export');
    expect((await cli(['audit', dir, '--strict'])).code).toBe(1);
  });

  test('suppressed errors do not fail', async () => {
    const docs = yaml.loadAll(fixtureText('compliant/orders.yaml')) as any[];
    const job = docs.find((d) => d.kind === 'Job');
    delete job.metadata.annotations['platform.example.com/owner'];
    job.metadata.annotations['platform.example.com/suppress.owner-annotation'] = 'owned by the release train, see CODEOWNERS';
    const dir = tempTree({ 'orders.yaml': docs.map((d) => yaml.dump(d)).join('---\n') });
    const r = await cli(['audit', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings).toEqual([expect.objectContaining({ rule: 'owner-annotation', suppressed: true, suppressionReason: 'owned by the release train, see CODEOWNERS' })]);
  });
});

describe('audit: arguments', () => {
  test('--rule and --skip take repeats and comma lists', async () => {
    const file = path.join(lesson, '04-minimal-job.yaml');
    const only = JSON.parse((await cli(['audit', file, '-f', 'json', '--rule', 'owner-annotation,runbook-annotation', '--rule', 'image-pinned'])).stdout);
    expect(only.findings.map((f: any) => f.rule)).toEqual(['owner-annotation', 'runbook-annotation']);
    const skipped = JSON.parse((await cli(['audit', file, '-f', 'json', '--skip', 'owner-annotation, runbook-annotation'])).stdout);
    expect(skipped.findings.map((f: any) => f.rule)).not.toContain('owner-annotation');
    expect(skipped.findings.map((f: any) => f.rule)).not.toContain('runbook-annotation');
    expect(skipped.findings.length).toBe(14);
  });

  test.each([
    [['audit', 'x.yaml', '--rule', 'owner'], /unknown rule id "owner" in --rule; known ids: workload-class, /],
    [['audit', 'x.yaml', '--skip', 'a,b'], /unknown rule ids "a", "b" in --skip/],
    [['audit', 'x.yaml', '--format', 'xml'], /--format "xml" is not one of text, json, sarif, junit, markdown/],
    [['audit', 'x.yaml', '--bogus'], /Unknown option '--bogus'/],
    [['audit'], /audit needs at least one PATH/],
    [[], /no command given/],
    [['lint', 'x.yaml'], /unknown command "lint"/],
    [['audit', 'x.yaml', '--now', 'yesterday'], /--now "yesterday" is not an ISO 8601 instant/],
    [['audit', 'x.yaml', '--annotation-prefix', 'not a prefix'], /annotationPrefix/],
    [['review', 'x.yaml', '--format', 'json'], /review writes Markdown only/],
  ])('%j exits 2 with a message', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Run "cdk8s-batch --help" for usage.');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help and --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cdk8s-batch <command>/);
    for (const flag of ['--format', '--annotation-prefix', '--strict', '--rule', '--skip', '--now', '--scope', '--gitops']) expect(help.stdout).toContain(flag);
    const version = await cli(['--version']);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test('--annotation-prefix reads another prefix', async () => {
    const renamed = fixtureText('compliant/orders.yaml').split('platform.example.com/').join('acme.io/');
    const dir = tempTree({ 'orders.yaml': renamed });
    expect((await cli(['audit', dir, '--annotation-prefix', 'acme.io'])).code).toBe(0);
    const withDefault = JSON.parse((await cli(['audit', dir, '-f', 'json'])).stdout);
    expect(withDefault.findings.filter((f: any) => f.rule === 'workload-class').length).toBe(2);
  });
});

describe('audit: --gitops', () => {
  const plain = path.join(FIXTURES, 'gitops', 'plain-jobs.yaml');

  test('names the tool that applies the set: a one-off Job with a TTL warns, and fails with --strict', async () => {
    const json = JSON.parse((await cli(['audit', plain, '--gitops', 'flux', '--rule', 'gitops-finished-job-rerun', '-f', 'json'])).stdout);
    expect(json.findings.map((f: any) => [f.rule, f.severity, f.name])).toEqual([['gitops-finished-job-rerun', 'warning', 'payments-chargeback-export']]);
    expect((await cli(['audit', plain, '--gitops', 'flux', '--rule', 'gitops-finished-job-rerun', '--strict'])).code).toBe(1);
    expect((await cli(['audit', plain, '--rule', 'gitops-finished-job-rerun', '--strict'])).code).toBe(0);
  });

  test('an unknown tool is a usage error (exit 2)', async () => {
    const r = await cli(['audit', plain, '--gitops', 'argo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--gitops "argo" is not one of none, argocd, flux');
  });
});

test('any argument list ends in exit 0, 1 or 2, never an exception', async () => {
  const word = fc.constantFrom('audit', 'review', 'help', '-', '--format', 'json', 'sarif', 'junit', 'markdown', 'xml', '--strict',
    '--rule', '--skip', 'owner-annotation', 'nope', '--now', '2026-07-01T00:00:00Z', '--annotation-prefix', 'acme.io', '-h', '-v',
    path.join(FIXTURES, 'lesson'), path.join(FIXTURES, 'compliant', 'orders.yaml'), '/nonexistent', '--', '--bogus', '');
  await fc.assert(fc.asyncProperty(fc.array(word, { maxLength: 7 }), async (args) => {
    const r = await cli(args, { stdin: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n' });
    expect([0, 1, 2]).toContain(r.code);
  }), { numRuns: 150 });
});

describe('audit: input', () => {
  test('folders are searched recursively for .yaml/.yml only, in name order', async () => {
    const job = fixtureText('lesson/04-minimal-job.yaml');
    const dir = tempTree({ 'b/deep/one.yml': job, 'a.yaml': job.replace('ledger-reconciliation', 'second'), 'notes.txt': 'kind: Job', 'c.json': '{}' });
    const r = JSON.parse((await cli(['audit', dir, '-f', 'json', '--rule', 'owner-annotation'])).stdout);
    expect(r.findings.map((f: any) => [path.relative(dir, f.file), f.name])).toEqual([['a.yaml', 'second'], [path.join('b', 'deep', 'one.yml'), 'ledger-reconciliation']]);
    expect(r.summary.files).toBe(2);
  });

  test('- reads stdin', async () => {
    const r = await cli(['audit', '-', '-f', 'json', '--rule', 'image-pinned'], {
      stdin: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: s\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: busybox\n',
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ rule: 'image-pinned', file: '<stdin>', document: 1, line: 1, name: 's' })]);
  });

  test('multi-document files give each finding its document number (from 1) and start line', async () => {
    const r = JSON.parse((await cli(['audit', path.join(lesson, '06-pod-failure-policy.yaml'), '-f', 'json', '--rule', 'owner-annotation'])).stdout);
    // The second document's `apiVersion` is on line 15, after the `---` on line 14.
    expect(r.findings.map((f: any) => [f.name, f.document, f.line])).toEqual([['report-export', 1, 2], ['import-customer-ledger', 2, 15]]);
  });

  test('kind: List items are audited at their own line, non-objects among them skipped', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a' }, rules: [{ verbs: ['*'] }] },
        { not: 'an object' },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'b' }, rules: [{ resources: ['*'] }] },
      ],
    };
    const r = await cli(['audit', '-', '-f', 'json'], { stdin: `# kubectl get -o yaml\n${yaml.dump(list)}` });
    const body = JSON.parse(r.stdout);
    expect(body.findings.map((f: any) => `${f.kind}/${f.name}: ${f.rule} @${f.line}`)).toEqual(['Role/a: rbac-no-wildcards @5', 'ClusterRole/b: rbac-no-wildcards @13']);
    expect(body.skipped).toEqual([{ file: '<stdin>', document: 1, line: 12, reason: 'item 1 of the List is not a Kubernetes object (it needs apiVersion and kind)' }]);
  });

  test('documents that are not Kubernetes objects are skipped with a note', async () => {
    const text = 'just a string\n---\n- a\n- list\n---\n# only a comment\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n';
    const dir = tempTree({ 'mixed.yaml': text });
    const r = await cli(['audit', dir]);
    expect(r.code).toBe(0);
    const file = path.join(dir, 'mixed.yaml');
    expect(r.stderr).toBe([
      `cdk8s-batch: note: ${file}:1: document 1: the document is not a Kubernetes object (it needs apiVersion and kind); skipped`,
      `cdk8s-batch: note: ${file}:3: document 2: the document is not a Kubernetes object (it needs apiVersion and kind); skipped`,
      '',
    ].join('\n'));
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 suppressed in 1 object from 1 file\n');
    const json = await cli(['audit', dir, '-f', 'json']);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).skipped.map((s: any) => [s.document, s.line])).toEqual([[1, 1], [2, 3]]);
  });

  test('a document that is just null keeps the others at their own index and line', async () => {
    const text = 'a: 1\n---\n~\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n';
    const r = JSON.parse((await cli(['audit', '-', '-f', 'json'], { stdin: text })).stdout);
    expect(r.skipped.map((s: any) => [s.document, s.line])).toEqual([[1, 1]]);
    expect(r.summary.objects).toBe(1);
    const sa = JSON.parse((await cli(['audit', '-', '-f', 'json', '--rule', 'rbac-no-wildcards'], {
      stdin: text.replace('kind: ServiceAccount', 'kind: Role').replace('apiVersion: v1', 'apiVersion: rbac.authorization.k8s.io/v1') + 'rules:\n  - verbs: ["*"]\n',
    })).stdout);
    expect(sa.findings.map((f: any) => [f.name, f.document, f.line])).toEqual([['sa', 3, 5]]);
  });

  test('malformed YAML is reported with file and line, exit 2, no stack trace', async () => {
    const good = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ok\n';
    // Line 8 holds the bad indentation (document 2 starts at line 6).
    const bad = 'apiVersion: v1\nkind: ConfigMap\n  data: [1, 2\n';
    const dir = tempTree({ 'broken.yaml': `${good}---\n${bad}` });
    const file = path.join(dir, 'broken.yaml');
    const r = await cli(['audit', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cdk8s-batch: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:\\d+: malformed YAML: `));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // The readable document is still audited.
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 suppressed in 1 object from 1 file\n');
    const json = JSON.parse((await cli(['audit', dir, '-f', 'json'])).stdout);
    expect(json.errors).toEqual([expect.objectContaining({ file, line: 8 })]);
  });

  test('a missing path exits 2', async () => {
    const r = await cli(['audit', '/nonexistent/manifests']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-batch: /nonexistent/manifests: no such file or directory\n');
  });

  test('merge keys are resolved, as the API server resolves them', async () => {
    const text = [
      'apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: m', '  annotations:',
      '    <<: &base', '      platform.example.com/runbook: https://runbooks.example.com/m',
      '    platform.example.com/owner: team',
    ].join('\n');
    const r = JSON.parse((await cli(['audit', '-', '-f', 'json', '--rule', 'runbook-annotation,owner-annotation'], { stdin: text })).stdout);
    expect(r.findings).toEqual([]);
  });

  test('dates stay strings, as the API server reads them', async () => {
    const r = await cli(['audit', '-', '-f', 'json', '--rule', 'runbook-annotation'], {
      stdin: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: d\n  annotations:\n    platform.example.com/runbook: 2026-07-01\n',
    });
    expect(JSON.parse(r.stdout).findings[0].message).toContain('is "2026-07-01", not an https:// URL');
  });
});

describe('splitDocuments', () => {
  test('markers, comments, directives and document ends', () => {
    const text = ['# leading comment', '%YAML 1.2', '---', 'a: 1', '...', '---', '', 'b: 2', '--- {c: 3}', '---', '# nothing'].join('\n');
    expect(splitDocuments(text).map((c) => [c.startLine, c.contentLine, yaml.load(c.text)])).toEqual([
      [0, 3, { a: 1 }], [5, 7, { b: 2 }], [8, 8, { c: 3 }],
    ]);
  });

  test('reads the same documents as js-yaml loadAll on random streams', () => {
    const piece = fc.oneof(
      fc.jsonValue().map((v) => yaml.dump(v)),
      fc.constantFrom('# comment\n', '\n', '%YAML 1.2\n', 'key: "--- not a marker"\n', 'text: |\n  ---x\n'),
    );
    fc.assert(fc.property(fc.array(fc.array(piece, { maxLength: 3 }), { maxLength: 6 }), fc.boolean(), (docs, leading) => {
      const text = (leading ? '---\n' : '') + docs.map((parts) => parts.join('')).join('---\n');
      let expected: unknown[];
      try {
        expected = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
      } catch {
        return; // not a valid stream (e.g. two directives); nothing to compare
      }
      const actual = splitDocuments(text).map((c) => yaml.load(c.text)).filter((d) => d !== null && d !== undefined);
      expect(actual).toEqual(expected);
    }), { numRuns: 300 });
  });

  test('an empty document between markers is dropped, not merged into the next', () => {
    expect(splitDocuments('---\n# empty\n---\na: 1\n').map((c) => [c.startLine, c.contentLine])).toEqual([[2, 3]]);
  });

  test('a marker counts only at a line start and before a blank or the line end', () => {
    const text = 'a: 1\n----\nb: "x --- y"\n ---\n--- # c\nc: 2\n...\n....\n---\n';
    // `----`, `--- ` inside a value and ` ---` are content; `....` is content after a document end;
    // the last `---` opens an empty document, which is dropped.
    expect(splitDocuments(text).map((c) => [c.startLine, c.contentLine, c.text])).toEqual([
      [0, 0, 'a: 1\n----\nb: "x --- y"\n ---\n'],
      [4, 5, '--- # c\nc: 2\n'],
      [7, 7, '....\n'],
    ]);
  });

  test('a marker after a carriage return alone, or as the last three characters, still splits', () => {
    expect(splitDocuments('a: 1\r---\rb: 2').map((c) => c.text)).toEqual(['a: 1\r', '---\rb: 2']);
    expect(splitDocuments('a: 1\n...').map((c) => c.text)).toEqual(['a: 1\n']);
  });
});

test('rule ids in JSON output are the checklist ids', async () => {
  const r = JSON.parse((await cli(['audit', lesson, '-f', 'json'])).stdout);
  for (const f of r.findings) {
    expect(RULE_IDS).toContain(f.rule);
    for (const key of ['rule', 'severity', 'kind', 'namespace', 'name', 'file', 'document', 'message', 'suppressed']) expect(f).toHaveProperty(key);
  }
});
