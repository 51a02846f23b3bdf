import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { cli, fixtureText, NOW, tempTree } from './helpers';
import { escapeControl } from '../../src/cli/format/text';
import { invalidUtf8Offset } from '../../src/cli/load';

/** The lesson's CronJob, indented to sit in a List's items at `indent` spaces. */
function cronJobItem(indent: number): string {
  const lines = fixtureText('lesson/12-cronjob.yaml').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const pad = ' '.repeat(indent);
  return lines.map((l, i) => `${pad}${i === 0 ? '- ' : '  '}${l}`).join('\n');
}

/** A minimal Job: owner-annotation flags it. */
const JOB = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: nightly\n  namespace: finance\n';

describe('Lists', () => {
  test('a List inside a List is audited (kubectl flattens it), each item at its own line', async () => {
    const text = [
      '# kubectl get cronjobs,jobs -A -o yaml, pasted into a List by hand',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: List',
      '    items:',
      cronJobItem(4),
      '  - apiVersion: batch/v1',
      '    kind: Job',
      '    metadata:',
      '      name: one-off',
      '',
    ].join('\n');
    const r = await cli(['audit', '-', '-f', 'json', '--rule', 'owner-annotation', '--now', NOW], { stdin: text });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    // The CronJob's `- apiVersion` is line 8; the Job's is line 8 + the CronJob's lines.
    const cronJobLines = cronJobItem(4).split('\n').length;
    expect(body.findings.map((f: any) => `${f.kind}/${f.name} @${f.line}`)).toEqual([
      'CronJob/daily-ledger-reconciliation @8',
      `Job/one-off @${8 + cronJobLines}`,
    ]);
    expect(body.skipped).toEqual([]);
  });

  test('a non-object inside a nested List is skipped at its own line', async () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMapList\n  items:\n  - just text\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c}\n';
    const r = await cli(['audit', '-', '-f', 'json', '--allow-empty'], { stdin: text });
    const body = JSON.parse(r.stdout);
    expect(body.skipped).toEqual([{ file: '<stdin>', document: 1, line: 7, reason: 'item 0 of the ConfigMapList is not a Kubernetes object (it needs apiVersion and kind)' }]);
    expect(body.summary.objects).toBe(1);
  });
});

describe('aliases', () => {
  test('a "billion laughs" of nested aliases is refused as Kubernetes refuses it, in bounded time', async () => {
    const lines = [JOB.trimEnd(), '  labels:', '    l0: &l0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i <= 9; i++) lines.push(`    l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const started = Date.now();
    const r = await cli(['audit', '-', '--rule', 'owner-annotation'], { stdin: `${lines.join('\n')}\n---\n${JOB.replace('nightly', 'next')}` });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-batch: <stdin>:1: the document expands YAML aliases beyond what Kubernetes reads ("document contains excessive aliasing"); nothing in this document was audited\n');
    // The other document is still audited.
    expect(r.stdout).toContain('Job finance/next');
  });

  test('anchors used as teams use them (labels shared by the Job and its pods) are fine', async () => {
    const text = `${JOB}  labels: &labels {team: ledger, app: nightly}\nspec:\n  template:\n    metadata:\n      labels: *labels\n`;
    const r = await cli(['audit', '-', '--rule', 'owner-annotation', '-f', 'json'], { stdin: text });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).summary.objects).toBe(1);
  });
});

describe('nothing to audit', () => {
  test.each([
    ['an empty folder', {}],
    ['a file with only comments', { 'job.yaml': '# TODO: add the Job\n---\n' }],
    ['a folder without YAML files', { 'README.md': '# Jobs\n', 'job.json': '{}' }],
    ['documents that are not Kubernetes objects', { 'values.yaml': 'replicas: 3\nimage: app:1.0\n' }],
  ])('%s exits 2 unless --allow-empty', async (_, files) => {
    const dir = tempTree(files);
    const r = await cli(['audit', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cdk8s-batch: no Kubernetes objects found in ${dir}; pass --allow-empty if that is expected\n`);
    expect(r.stdout).toContain('0 errors, 0 warnings, 0 suppressed in 0 objects');
    const allowed = await cli(['audit', dir, '--allow-empty']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).not.toContain('no Kubernetes objects found');
  });

  test('a mistyped path is exit 2 with "no such file or directory", even with --allow-empty', async () => {
    const dir = tempTree({ 'job.yaml': JOB });
    const r = await cli(['audit', path.join(dir, '*.yml'), '--allow-empty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cdk8s-batch: ${path.join(dir, '*.yml')}: no such file or directory\n`);
  });

  test('review refuses an empty set too', async () => {
    const r = await cli(['review', '-'], { stdin: '# nothing\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no Kubernetes objects found in -');
  });
});

describe('encodings', () => {
  function auditBytes(bytes: Uint8Array) {
    const dir = tempTree({});
    const file = path.join(dir, 'job.yaml');
    fs.writeFileSync(file, bytes);
    return cli(['audit', file]).then((r) => ({ ...r, file }));
  }

  test('invalid UTF-8 is reported with its byte offset and line, and nothing of the file is audited', async () => {
    const head = Buffer.from(`${JOB}  labels:\n    team: "`);
    const bytes = Buffer.concat([head, Buffer.from([0x66, 0xe9, 0x65]), Buffer.from('"\n')]);
    const r = await auditBytes(bytes);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-batch: ${r.file}:7: invalid UTF-8 at byte offset ${head.length + 1} (byte 0xe9): manifests must be UTF-8; nothing in this file was audited\n`);
    expect(r.stdout).toContain('in 0 objects from 0 files');
  });

  test('stdin is checked like a file', async () => {
    const r = await cli(['audit', '-'], { stdin: Buffer.concat([Buffer.from(JOB), Buffer.from([0xff])]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-batch: <stdin>:6: invalid UTF-8 at byte offset ${Buffer.byteLength(JOB)} (byte 0xff): manifests must be UTF-8; nothing in this file was audited\n`);
  });

  test.each([
    ['UTF-16LE (byte order mark FF FE)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JOB, 'utf16le')])],
    ['UTF-16BE (byte order mark FE FF)', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JOB, 'utf16le').swap16()])],
    ['UTF-16LE (no byte order mark)', Buffer.from(JOB, 'utf16le')],
    ['UTF-16BE (no byte order mark)', Buffer.from(JOB, 'utf16le').swap16()],
  ])('a %s file is named as UTF-16', async (kind, bytes) => {
    const r = await auditBytes(bytes);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-batch: ${r.file}: the file is ${kind}, not UTF-8: convert it (e.g. iconv -f UTF-16 -t UTF-8); nothing in this file was audited\n`);
  });

  test('a UTF-8 byte order mark is accepted', async () => {
    const r = await auditBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JOB)]));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('in 1 object from 1 file');
  });

  test('invalidUtf8Offset finds the first bad sequence (RFC 3629)', () => {
    const at = (...bytes: number[]) => invalidUtf8Offset(Uint8Array.from(bytes));
    expect(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBe(-1);
    expect(at(0x61, 0xc0, 0x80)).toBe(1); // overlong NUL
    expect(at(0x61, 0x80)).toBe(1); // lone continuation byte
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
    expect(at(0x61, 0x62, 0xe2, 0x82)).toBe(2); // cut short at the end
    expect(at(0xf5)).toBe(0);
    // Agrees with Node's own check on random bytes.
    for (let seed = 1; seed < 300; seed++) {
      const bytes = Uint8Array.from({ length: 24 }, (_, i) => (seed * 7919 * (i + 3)) % 256);
      expect(invalidUtf8Offset(bytes) === -1).toBe(isUtf8(bytes));
    }
  });
});

describe('arguments', () => {
  test('--rule X --skip X leaves nothing to run: a usage error', async () => {
    const r = await cli(['audit', '-', '--rule', 'owner-annotation', '--skip', 'owner-annotation'], { stdin: JOB });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cdk8s-batch: --rule and --skip leave no rule to run\nRun "cdk8s-batch --help" for usage.\n');
    const rest = await cli(['audit', '-', '--rule', 'owner-annotation,runbook-annotation', '--skip', 'owner-annotation', '-f', 'json'], { stdin: JOB });
    expect(JSON.parse(rest.stdout).findings.map((f: any) => f.rule)).toEqual(['runbook-annotation']);
  });

  test.each(['0', 'March 7', '2026-07-01', '2026-07-01T00:00:00', '2026-07-01 00:00:00Z', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z',
    '2026-07-01T24:00:00Z', '2026-07-01T00:00:60Z', '1782864000', '2026-07-01T00:00:00+2'])('--now %j is refused', async (value) => {
    const r = await cli(['audit', '-', '--now', value], { stdin: JOB });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--now "${value}" is not an ISO 8601 instant (date, time and zone) such as 2026-07-01T00:00:00Z`);
  });

  test.each(['2026-07-01T00:00:00Z', '2026-07-01T00:00Z', '2026-07-01T00:00:00.250Z', '2026-07-01T02:00:00+02:00', '2026-06-30T19:00:00-05:00', '2028-02-29T00:00:00Z'])(
    '--now %j is an instant', async (value) => {
      const r = await cli(['audit', '-', '--now', value, '--rule', 'owner-annotation'], { stdin: JOB });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
    });

  test('an offset is honoured: +02:00 at 02:00 is the same instant as 00:00Z', async () => {
    const cron = fixtureText('lesson/12-cronjob.yaml');
    const utc = await cli(['review', '-', '--now', '2026-07-01T00:00:00Z'], { stdin: cron });
    const offset = await cli(['review', '-', '--now', '2026-07-01T02:00:00+02:00'], { stdin: cron });
    expect(utc.stdout).toContain('2026-07-01');
    expect(offset.stdout).toBe(utc.stdout);
  });
});

describe('text output cannot forge lines', () => {
  test('escapeControl writes control characters, separators and bidi controls visibly', () => {
    expect(escapeControl('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(escapeControl('\u001b[31mred\u0007\u007f\u0085')).toBe('\\u001b[31mred\\u0007\\u007f\\u0085');
    expect(escapeControl('x\u2028y\u202ez\u2066')).toBe('x\\u2028y\\u202ez\\u2066');
    expect(escapeControl('plain ünïcode 名前 \\n')).toBe('plain ünïcode 名前 \\n');
  });

  test('names, namespaces, suppression reasons and file names from the YAML stay on their line', async () => {
    const forged = 'error      owner-annotation  Job prod/forged';
    const dir = tempTree({});
    const file = path.join(dir, 'jobs\nerror      fake.yaml');
    fs.writeFileSync(file, [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      `  name: "nightly\\n${forged}"`,
      '  namespace: "finance\\r\\u001b[2K"',
      '  annotations:',
      `    platform.example.com/suppress.runbook-annotation: "the runbook is in the wiki page of the team\\n${forged}"`,
      '',
    ].join('\n'));
    const r = await cli(['audit', dir, '--rule', 'owner-annotation,runbook-annotation']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([
      'error      owner-annotation  Job finance\\r\\u001b[2K/nightly\\nerror      owner-annotation  Job prod/forged  (' +
        `${dir}/jobs\\nerror      fake.yaml:1)`,
    ]);
    expect(r.stdout).toContain(`reason: the runbook is in the wiki page of the team\\n${forged}\n`);
    // Nothing from the input reaches the output raw.
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  test('usage errors quoting an argument are escaped too', async () => {
    const r = await cli(['audit', '-', '--now', '2026-07-01T00:00:00Z\nerror      forged'], { stdin: JOB });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('cdk8s-batch: --now "2026-07-01T00:00:00Z\\nerror      forged" is not an ISO 8601 instant (date, time and zone) such as 2026-07-01T00:00:00Z or 2026-07-01T02:00:00+02:00');
  });

  test('notes on stderr are escaped too', async () => {
    const dir = tempTree({});
    fs.writeFileSync(path.join(dir, 'values\ncdk8s-batch: all good.yaml'), 'replicas: 3\n');
    fs.writeFileSync(path.join(dir, 'job.yaml'), JOB);
    const r = await cli(['audit', dir, '--rule', 'owner-annotation']);
    expect(r.stderr).toBe(`cdk8s-batch: note: ${dir}/values\\ncdk8s-batch: all good.yaml:1: document 1: the document is not a Kubernetes object (it needs apiVersion and kind); skipped\n`);
  });
});
