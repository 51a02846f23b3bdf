import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ExplainedSynth } from '../../src';
import { KUBERNETES_YAML_SCHEMA } from '../../src/cli/load';
import { EXPLAIN_MARKER } from '../../src/explain/comment-writer';
import { LinePath, mapLines } from '../../src/explain/yaml-lines';

/** What one synth with comments wrote. */
export interface ExplainedChart {
  /** The chart's YAML with comments. */
  readonly text: string;
  /** The same chart's YAML as app.synth() wrote it. */
  readonly plain: string;
  readonly notes: string[];
}

/**
 * Synthesizes one chart twice, plainly and with ExplainedSynth.synth, each in its own folder,
 * and returns both texts.
 */
export function explainedChart(build: (chart: Chart) => void, namespace = 'finance'): ExplainedChart {
  const synth = (explained: boolean) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'explained-'));
    try {
      const app = new App({ outdir });
      build(new Chart(app, 'test', { namespace }));
      const notes = explained ? ExplainedSynth.synth(app) : (app.synth(), []);
      const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml'));
      if (files.length !== 1) throw new Error(`expected one file, got ${files.join(', ')}`);
      return { text: fs.readFileSync(path.join(outdir, files[0]), 'utf-8'), notes };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  };
  const plain = synth(false);
  const explained = synth(true);
  return { text: explained.text, plain: plain.text, notes: explained.notes };
}

/** The documents of a text, read as Kubernetes reads YAML (1.1 booleans). */
export function parseYaml11(text: string): unknown[] {
  return yaml.loadAll(text, undefined, { schema: KUBERNETES_YAML_SCHEMA });
}

/**
 * The `# why:` comments of each document, by the path of the field they explain: a comment at
 * the end of a line or on the lines just above it explains every node that starts on that line.
 */
export function commentsByPath(text: string): Array<Map<string, string>> {
  const result: Array<Map<string, string>> = [];
  for (const doc of text.split(/^---$/m)) {
    const lines = doc.split('\n');
    if (lines.every((l) => l.trim() === '' || l.trimStart().startsWith('#'))) continue;
    const map = mapLines(lines);
    if (!map.supported) throw new Error(map.reason);
    const comments = new Map<string, string>();
    for (const node of map.nodes) {
      const texts: string[] = [];
      for (let i = node.line - 1; i >= 0 && lines[i].trimStart().startsWith(EXPLAIN_MARKER); i--) {
        texts.unshift(lines[i].trimStart().slice(EXPLAIN_MARKER.length));
      }
      if (node.commentStart !== undefined && lines[node.line].startsWith(EXPLAIN_MARKER, node.commentStart)) {
        texts.push(lines[node.line].slice(node.commentStart + EXPLAIN_MARKER.length));
      }
      if (texts.length > 0) {
        for (const p of node.paths) comments.set(key(p), texts.join('; '));
      }
    }
    result.push(comments);
  }
  return result;
}

/** Every leaf of a parsed document (scalars, empty lists and maps) with its path. */
export function leaves(node: unknown, at: (string | number)[] = []): Array<{ path: LinePath; value: unknown }> {
  if (Array.isArray(node)) {
    return node.length === 0 ? [{ path: at, value: node }] : node.flatMap((item, i) => leaves(item, [...at, i]));
  }
  if (node !== null && typeof node === 'object') {
    const keys = Object.keys(node);
    return keys.length === 0 ? [{ path: at, value: node }]
      : keys.flatMap((k) => leaves((node as Record<string, unknown>)[k], [...at, k]));
  }
  return [{ path: at, value: node }];
}

/**
 * Every value an app wrote in props, as text: primitives and object keys anywhere in the props
 * (class instances included), plus sizes and durations the way the manifests render them.
 */
export function appValues(props: unknown, id: string): Set<string> {
  const found = new Set<string>([id]);
  const seen = new Set<unknown>();
  const walk = (node: unknown) => {
    if (node === null || node === undefined) return;
    if (typeof node !== 'object') {
      found.add(String(node));
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    if (node instanceof Size) {
      const kib = node.toKibibytes();
      found.add(kib % (1024 * 1024) === 0 ? `${kib / (1024 * 1024)}Gi` : kib % 1024 === 0 ? `${kib / 1024}Mi` : `${kib}Ki`);
      return;
    }
    if (node instanceof Duration) {
      found.add(String(node.toSeconds()));
      return;
    }
    for (const k of Object.keys(node)) {
      found.add(k);
      walk((node as Record<string, unknown>)[k]);
    }
  };
  walk(props);
  return found;
}

export function key(p: LinePath): string {
  return JSON.stringify(p);
}

/** A path as people write it. */
export function show(p: LinePath): string {
  return p.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').slice(1);
}
