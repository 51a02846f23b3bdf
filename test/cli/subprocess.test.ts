import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
/** ts-node without type checking: these tests are about the process, not the types. */
const ENV = { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json', TS_NODE_TRANSPILE_ONLY: 'true' };

function node(args: string[], input?: string) {
  return spawnSync(process.execPath, ['-r', 'ts-node/register', ...args], { cwd: ROOT, env: ENV, input, encoding: 'utf8', timeout: 60_000 });
}

jest.setTimeout(90_000);

test('the real entry point prints findings and exits 1, reading stdin', () => {
  // A web Deployment is outside batch scope: --scope all runs the pod-level rules on it.
  const r = node(['src/cli/main.ts', 'audit', '-', '--format', 'json', '--rule', 'image-pinned', '--scope', 'all'],
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx:latest\n');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect(JSON.parse(r.stdout).findings.map((f: any) => `${f.rule} ${f.kind}/${f.name}`)).toEqual(['image-pinned Deployment/web']);
});

test('- given twice reads stdin once and does not hang', () => {
  const r = node(['src/cli/main.ts', 'audit', '-', '-', '--rule', 'owner-annotation'], 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n');
  expect(r.status).toBe(1);
  expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 errors, 0 warnings, 0 suppressed in 2 objects from 2 files');
});

test('malformed YAML exits 2 with file and line, never a stack trace', () => {
  const r = node(['src/cli/main.ts', 'audit', '-'], 'kind: [unclosed\n');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^cdk8s-batch: <stdin>:2:1: malformed YAML: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('the audit path loads neither cdk8s, cdk8s-plus nor constructs', () => {
  const script = [
    "require('./src/cli/run');",
    "require('./src/rules/audit');",
    'const heavy = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](cdk8s|cdk8s-plus-28|constructs)[\\\\/]/.test(k));',
    'process.stdout.write(JSON.stringify(heavy));',
  ].join('\n');
  const r = node(['-e', script]);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
});

test('the real entry point: a Helm template exits 2 with "render it first"; outside-scope objects are summarised', () => {
  const template = node(['src/cli/main.ts', 'audit', 'test/fixtures/scope-cases/helm-chart/templates/cronjob.yaml']);
  expect(template.status).toBe(2);
  expect(template.stderr).toMatch(/^cdk8s-batch: test\/fixtures\/scope-cases\/helm-chart\/templates\/cronjob\.yaml:1:1: a Helm\/Go template, not a manifest /);
  const outside = node(['src/cli/main.ts', 'audit', 'test/fixtures/scope-cases/outside-scope']);
  expect(outside.stderr).toBe('');
  expect(outside.status).toBe(0);
  expect(outside.stdout).toContain('4 objects outside batch scope (1 DaemonSet, 1 Deployment, 1 Pod, 1 StatefulSet)');
});
