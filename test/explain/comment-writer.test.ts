import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { buildExampleApp } from '../../examples/app';
import { DocumentView, EXPLAIN_MARKER, explainYamlText, PathReason } from '../../src/explain/comment-writer';
import { LinePath } from '../../src/explain/yaml-lines';
import { leaves, parseYaml11 } from '../support/explained';

/** Reasons for every node of every document: the hardest case for the writer. */
function everyNode(view: DocumentView): PathReason[] {
  const document = view.parsed();
  const paths = new Map<string, LinePath>();
  for (const leaf of leaves(document)) {
    for (let n = 1; n <= leaf.path.length; n++) {
      const p = leaf.path.slice(0, n);
      paths.set(JSON.stringify(p), p);
    }
  }
  return [...paths.values()].map((p) => ({ path: p, reason: `reason for ${p.join('/')}` }));
}

function withoutOwnComments(text: string): string {
  return text.split('\n')
    .filter((line) => !line.trimStart().startsWith(EXPLAIN_MARKER))
    .map((line) => {
      const at = line.indexOf(`  ${EXPLAIN_MARKER}`);
      return at < 0 ? line : line.slice(0, at);
    })
    .join('\n');
}

/** Strings YAML 1.1 would read as something else unless quoted, the way cdk8s (yaml 1.1) writes them. */
// Not `0o17`: cdk8s leaves it plain (YAML 1.1 has no 0o octal, and Kubernetes reads a string), but
// js-yaml's core schema, which the audit and these tests parse with, reads it as 15.
const TRICKY = ['yes', 'Yes', 'on', 'ON', 'off', 'no', 'y', 'n', 'N', '~', 'null', '0x1F', '1e3', '012', '1_000', '.inf', '-.Inf',
  '.nan', '12:30', '2026-07-01', 'true', 'False', '', ' leading', 'a: b', 'x #not a comment', '# hash', '- dash', '[not, flow]',
  '{not: flow}', '&anchor', '*alias', '!tag', '|', '>', 'multi\nline', 'tab\there', 'quote \' and "', '@at', '`tick`', '%percent'];

function trickyManifest(): Record<string, unknown> {
  const data: Record<string, string> = {};
  TRICKY.forEach((value, i) => { data[`key-${i}`] = value; });
  const keyed: Record<string, string> = {};
  TRICKY.filter((v) => v !== '').forEach((value, i) => { keyed[value] = `value-${i}`; });
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'tricky', labels: { on: 'yes' } },
    data,
    keyed,
    list: [...TRICKY, 1, 0, -1, 1.5, true, false, null],
    nested: [[1, 2], [], {}, { a: [{ b: 'on' }] }],
  };
}

describe('the comment writer keeps what Kubernetes reads', () => {
  const plain = Yaml.stringify(trickyManifest(), trickyManifest());

  test('YAML 1.1 lookalike strings survive, quoted exactly as cdk8s wrote them', () => {
    const { text, notes } = explainYamlText(plain, everyNode);
    expect(notes).toEqual([]);
    expect(text).not.toEqual(plain);
    expect(parseYaml11(text)).toEqual(parseYaml11(plain));
    expect(parseYaml11(plain)[0]).toEqual(trickyManifest());
    // Only comments were added: removing them gives back the bytes cdk8s wrote.
    expect(withoutOwnComments(text)).toEqual(plain);
    expect(text).toContain('key-0: "yes"  # why: ');
    expect(text).toContain('"on": "yes"  # why: ');
    expect(text).toContain('key-13: "012"  # why: ');
  });

  test('explaining twice is explaining once, and the output is byte-deterministic', () => {
    const once = explainYamlText(plain, everyNode).text;
    expect(explainYamlText(once, everyNode).text).toEqual(once);
    expect(explainYamlText(plain, everyNode).text).toEqual(once);
  });

  test('a changed reason replaces the old comment (no stale comments pile up)', () => {
    const once = explainYamlText(plain, everyNode).text;
    const changed = explainYamlText(once, (view) => everyNode(view).map((r) => ({ ...r, reason: `new ${r.reason}` }))).text;
    expect(changed).toEqual(explainYamlText(plain, (view) => everyNode(view).map((r) => ({ ...r, reason: `new ${r.reason}` }))).text);
    expect(changed).not.toContain('# why: reason for');
  });

  test('comments the file already has stay where they are', () => {
    const text = [
      '# Applied by the platform team',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: report  # keep this name',
      'spec:',
      '  # retries: agreed with the data team',
      '  backoffLimit: 3',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '',
    ].join('\n');
    const reasons = (): PathReason[] => [
      { path: ['metadata', 'name'], reason: 'the name' },
      { path: ['spec', 'backoffLimit'], reason: 'three retries' },
    ];
    const explained = explainYamlText(text, reasons).text;
    expect(explained).toEqual([
      '# Applied by the platform team',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  # why: the name',
      '  name: report  # keep this name',
      'spec:',
      '  # retries: agreed with the data team',
      '  backoffLimit: 3  # why: three retries',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '',
    ].join('\n'));
    expect(explainYamlText(explained, reasons).text).toEqual(explained);
  });

  test('hand-written shapes: sequences at the key\'s indentation, quoted keys, one-line flow, block scalars', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  "name": nightly',
      'spec:',
      '  schedule: "0 2 * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      '          - name: main',
      '            args: [--all, "on"]',
      '            command:',
      '            - sh',
      '            - -c',
      '            - |',
      '              echo "# why: not a comment"',
      '              run --now',
      '            env:',
      '            - {name: MODE, value: "yes"}',
      '',
    ].join('\n');
    const reasons = (): PathReason[] => [
      { path: ['metadata', 'name'], reason: 'quoted key' },
      { path: ['spec', 'schedule'], reason: 'at 02:00' },
      { path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'args'], reason: 'flow list' },
      { path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'command', 2], reason: 'block scalar' },
      { path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'env', 0], reason: 'flow item' },
    ];
    const { text: explained, notes } = explainYamlText(text, reasons);
    expect(notes).toEqual([]);
    expect(parseYaml11(explained)).toEqual(parseYaml11(text));
    expect(explained).toContain('  "name": nightly  # why: quoted key');
    expect(explained).toContain('            args: [--all, "on"]  # why: flow list');
    expect(explained).toContain('            # why: block scalar\n            - |');
    expect(explained).toContain('              echo "# why: not a comment"');
    expect(explained).toContain('            - {name: MODE, value: "yes"}  # why: flow item');
    expect(explainYamlText(explained, reasons).text).toEqual(explained);
  });

  test.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'base: &b {a: 1}\nc:\n  <<: *b\n'],
    ['a flow mapping over several lines', 'a: {x: 1,\n  y: 2}\n'],
    ['a plain scalar over several lines', 'a: one\n  two\nb: 1\n'],
    ['a tag', 'a: !!str 1\n'],
  ])('a document with %s is left exactly as it is, with a note', (_, text) => {
    const { text: out, notes } = explainYamlText(text, () => [{ path: ['a'], reason: 'x' }]);
    expect(out).toEqual(text);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^document 1: left as it is: /);
  });

  test('documents the source does not know are left alone, others in the same file are explained', () => {
    const text = 'kind: A\nx: 1\n---\nkind: B\nx: 2\n';
    const out = explainYamlText(text, (view) => (view.scalarAt(['kind']) === 'B' ? [{ path: ['x'], reason: 'b' }] : undefined)).text;
    expect(out).toEqual('kind: A\nx: 1\n---\nkind: B\nx: 2  # why: b\n');
  });
});

describe('explained output of the example app parses to the same objects as plain synth', () => {
  test('every file, with the reasons the constructs recorded and with a reason on every node', () => {
    const plainDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-'));
    try {
      buildExampleApp(plainDir).synth();
      const dist = path.join(__dirname, '..', '..', 'examples', 'dist');
      const files = fs.readdirSync(plainDir).sort();
      expect(files).toEqual(fs.readdirSync(dist).sort());
      for (const file of files) {
        const plain = fs.readFileSync(path.join(plainDir, file), 'utf-8');
        const committed = fs.readFileSync(path.join(dist, file), 'utf-8');
        expect(parseYaml11(committed)).toEqual(parseYaml11(plain));
        expect(withoutOwnComments(committed)).toEqual(plain);
        const stressed = explainYamlText(plain, everyNode);
        expect(stressed.notes).toEqual([]);
        expect(parseYaml11(stressed.text)).toEqual(parseYaml11(plain));
      }
    } finally {
      fs.rmSync(plainDir, { recursive: true, force: true });
    }
  });
});
