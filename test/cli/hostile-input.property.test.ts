/**
 * Whatever the input, the CLI gives an answer: exit 0, 1 or 2, in bounded time, never a stack
 * trace. Hundreds of inputs run through the CLI's in-process entry (`run`, what main.ts calls);
 * a fixed sample of them runs through the compiled CLI as a process, so the real entry point,
 * its stream handling and its exit status are covered at a cost CI can pay.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { runCompiledCli } from '../support/compiled-cli';

jest.setTimeout(240_000);

/** A stack frame as Node prints it: `    at fn (file.js:12:34)` or `    at file.js:12:34`. */
const STACK_FRAME = /^\s*at .*:\d+:\d+\)?$/m;
/** Time bound of one in-process run on inputs of a few KiB. */
const IN_PROCESS_BOUND_MS = 3_000;
/** Time bound of one process run, start-up included (the timeout kills a hung run). */
const PROCESS_BOUND_MS = 20_000;

const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'];

/** Pieces of Kubernetes YAML and of YAML's odd corners, to be shuffled into documents. */
const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'template', 'jobTemplate',
  'containers', 'image', 'schedule', 'timeZone', 'items', 'backoffLimit', 'activeDeadlineSeconds', 'resources', 'limits', 'memory',
  'subjects', 'roleRef', 'rules', 'verbs', '<<', '"quoted key"', '? complex', 'platform.example.com/suppress.owner-annotation'];
const SCALARS = ['batch/v1', 'v1', 'Job', 'CronJob', 'List', 'ConfigMapList', 'Deployment', 'RoleBinding', '"*/5 * * * *"', '0', '-1',
  '2147483648', '1e400', '0x1F', 'yes', 'no', '~', 'null', '""', "'it''s'", '"a\\nb"', '"\\u001b[31m"', '|', '>-', '&a', '*a', '&b [1, 2]',
  '*b', '!!binary aGVsbG8=', '!!str 1', '!!timestamp 2001-12-14', '{{ .Values.x }}', '"{{ x }}"', '[', ']', '{', '}', '{a: 1}', '[x, y]',
  '- item', '"\\t"', '\t', '#comment', '%YAML 1.1', '---', '...', '\u00e9', '\u202e', '\ud83d\ude00', '\u0000', '\u0085', '\ufeff'];

/** Texts that look like manifests: lines of key, value or list entry at random indentation. */
const yamlIsh = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 8 }),
    fc.oneof(
      fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SCALARS, '')).map(([k, v]) => `${k}: ${v}`),
      fc.constantFrom(...SCALARS).map((v) => `- ${v}`),
      fc.constantFrom(...KEYS).map((k) => `- ${k}:`),
      fc.constantFrom('---', '...', '', '# comment', '%TAG ! tag:example.com,2000:', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j'),
      fc.string({ maxLength: 20 }),
    ),
  ).map(([indent, line]) => `${' '.repeat(indent)}${line}`),
  { maxLength: 60 },
).map((lines) => lines.join('\n'));

/** Any string, control characters and lone surrogates included. */
const anyString = fc.string({ unit: 'binary', maxLength: 30 });
/** A value tree such as a spec: mappings with Kubernetes keys, lists, scalars of every type. */
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(anyString, fc.constantFrom(...SCALARS), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), anyString), tie('tree'), { maxKeys: 5 }),
    fc.array(tie('tree'), { maxLength: 4 }),
  ),
}));
/** Objects shaped like manifests (often valid enough for the rules to read), Lists of them too. */
const manifest = fc.record({
  apiVersion: fc.constantFrom('batch/v1', 'v1', 'apps/v1', 'keda.sh/v1alpha1', 'rbac.authorization.k8s.io/v1', 'batch/v1beta1', ''),
  kind: fc.constantFrom('Job', 'CronJob', 'Deployment', 'ScaledJob', 'RoleBinding', 'ServiceAccount', 'Pod', 'cronjob', 'List'),
  metadata: fc.record({ name: anyString, namespace: anyString, annotations: fc.dictionary(fc.constantFrom(...KEYS), anyString, { maxKeys: 3 }) },
    { requiredKeys: ['name'] }),
  spec: tree,
  items: fc.array(tree, { maxLength: 3 }),
}, { requiredKeys: ['apiVersion', 'kind'] });
/** Several manifests as one YAML stream, then damaged: lines of YAML-ish text spliced in. */
const damagedStream = fc.tuple(
  fc.array(manifest, { minLength: 1, maxLength: 4 }),
  fc.array(fc.tuple(fc.nat(), yamlIsh), { maxLength: 3 }),
).map(([docs, splices]) => {
  const lines = docs.map((d) => yaml.dump(d, { skipInvalid: true })).join('---\n').split('\n');
  for (const [at, text] of splices) lines.splice(at % (lines.length + 1), 0, text);
  return lines.join('\n');
});

const bytes = fc.uint8Array({ maxLength: 2048 });
const input = fc.oneof(
  { arbitrary: damagedStream.map((t) => Buffer.from(t, 'utf8')), weight: 3 },
  { arbitrary: fc.array(manifest, { minLength: 1, maxLength: 3 }).map((docs) => Buffer.from(docs.map((d) => yaml.dump(d, { skipInvalid: true })).join('---\n'))), weight: 3 },
  { arbitrary: yamlIsh.map((t) => Buffer.from(t, 'utf8')), weight: 1 },
  { arbitrary: bytes, weight: 1 },
  { arbitrary: yamlIsh.map((t) => Buffer.from(t, 'utf16le')), weight: 1 },
);
const args = fc.record({
  command: fc.constantFrom('audit', 'audit', 'audit', 'review'),
  format: fc.constantFrom(...FORMATS),
  strict: fc.boolean(),
  scope: fc.constantFrom('batch', 'all'),
  allowEmpty: fc.boolean(),
});
type Args = typeof args extends fc.Arbitrary<infer T> ? T : never;

function argv(a: Args, file: string): string[] {
  return [
    a.command, file, '--now', '2026-07-01T00:00:00Z', '--scope', a.scope,
    ...(a.command === 'audit' ? ['--format', a.format] : []),
    ...(a.strict ? ['--strict'] : []),
    ...(a.allowEmpty ? ['--allow-empty'] : []),
  ];
}

test('in-process: any bytes on stdin give exit 0, 1 or 2 in bounded time, without a stack trace', async () => {
  await fc.assert(fc.asyncProperty(input, args, async (data, a) => {
    let out = '';
    const io: CliIo = {
      stdout: (t) => { out += t; },
      stderr: (t) => { out += t; },
      readStdin: async () => data,
      stderrIsTTY: false,
      cwd: process.cwd(),
      clock: () => 0,
    };
    const started = performance.now();
    const code = await run(argv(a, '-'), io);
    expect(performance.now() - started).toBeLessThan(IN_PROCESS_BOUND_MS);
    expect([0, 1, 2]).toContain(code);
    expect(out).not.toMatch(STACK_FRAME);
    expect(out).not.toContain('internal error');
  }), { numRuns: 400, seed: 14 });
});

test('the compiled CLI as a process: a sample of the same inputs, from a file and from stdin', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-property-'));
  const samples = fc.sample(fc.tuple(input, args), { numRuns: 16, seed: 1414 });
  samples.forEach(([data, a], i) => {
    const file = path.join(dir, `input-${i}.yaml`);
    fs.writeFileSync(file, data);
    // Even samples read the file, odd ones stdin.
    const r = i % 2 === 0
      ? runCompiledCli(argv(a, file), { timeout: PROCESS_BOUND_MS })
      : runCompiledCli(argv(a, '-'), { timeout: PROCESS_BOUND_MS, input: data });
    const context = `sample ${i} (${argv(a, file).join(' ')}): ${r.stderr.slice(0, 500)}`;
    expect({ context, error: r.error?.message, signal: r.signal }).toEqual({ context, error: undefined, signal: null });
    expect({ context, status: [0, 1, 2].includes(r.status ?? -1) }).toEqual({ context, status: true });
    expect(r.stdout).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
