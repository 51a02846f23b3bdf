import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ExcludeFilter } from './exclude';
import { compareCodePoints } from '../core/code-point-order';
import { AuditInput, isKubernetesObject } from '../rules/engine';
import { obj } from '../rules/manifest';

/**
 * YAML 1.1 booleans. Kubernetes reads manifests with sigs.k8s.io/yaml (go-yaml v2), which takes
 * `yes`/`no`/`on`/`off`/`y`/`n` (in these spellings) as booleans; YAML 1.2, and js-yaml's core
 * schema, read them as strings. `automountServiceAccountToken: no` must be false for the
 * rules, as it is for the API server.
 */
const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);
const yaml11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (YAML11_TRUE.has(data) || YAML11_FALSE.has(data)),
  construct: (data: string) => YAML11_TRUE.has(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: { lowercase: (value: object) => (value ? 'true' : 'false') },
  defaultStyle: 'lowercase',
});

/**
 * YAML as Kubernetes reads it: JSON-compatible scalars (dates stay strings, as the API server
 * sees them through sigs.k8s.io/yaml), YAML 1.1 booleans, and `<<` merge keys, which Helm
 * output sometimes uses.
 */
export const KUBERNETES_YAML_SCHEMA = yaml.CORE_SCHEMA.extend({
  // js-yaml exports its built-in types at runtime; @types/js-yaml does not declare them.
  implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge, yaml11Bool],
});

/** A plain scalar that YAML 1.1 reads as a boolean and YAML 1.2 as a string. */
const YAML11_ONLY_BOOLEAN = /[\s:[{,-](?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)[ \t]*(?:[\r\n,\]}#]|$)/;

/**
 * The schema for a text: the extra types cost a check on every plain scalar, and a text with
 * neither `<<` nor a YAML 1.1-only boolean word cannot need them, so such a text (nearly all)
 * is read with the core schema alone, which gives the same objects.
 */
export function schemaFor(text: string): yaml.Schema {
  return text.includes('<<') || YAML11_ONLY_BOOLEAN.test(text) ? KUBERNETES_YAML_SCHEMA : yaml.CORE_SCHEMA;
}

/** A document that is not a Kubernetes object and was left out. */
export interface SkippedDocument {
  readonly file: string;
  readonly document: number;
  readonly line: number;
  readonly reason: string;
}

/** Input that cannot be audited (the run exits 2). */
export interface LoadError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Everything read from the command line's paths. */
export interface LoadedInput {
  readonly inputs: AuditInput[];
  readonly skipped: SkippedDocument[];
  readonly errors: LoadError[];
  readonly files: string[];
}

/** The name stdin's documents carry. */
export const STDIN_NAME = '<stdin>';

/** A document marker (`---` or `...`) at the start of a line, followed by a blank or the line end. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
/** A `---` marker line. */
const OPENING = /^---(?=[ \t\r]|$)/;
/** Lines that carry no document content: blank, comments, directives. */
const NOT_CONTENT = /^\s*(#.*)?$|^%/;

/** One document of a stream; its text is cut from the stream only when asked for. */
class Chunk {
  constructor(
    private readonly source: string,
    private readonly start: number,
    private readonly end: number,
    /** 0-based line of the chunk's first line in the file. */
    readonly startLine: number,
    /** 0-based line of the first content line (what a reader looks for). */
    readonly contentLine: number,
  ) {}

  get text(): string {
    return this.source.slice(this.start, this.end);
  }
}

/** Counts line breaks in text[from, to). */
function newlinesBetween(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Splits a YAML stream into documents with their line numbers. Document markers must start a
 * line (YAML forbids them inside content), so a scan for markers finds them without parsing;
 * a stretch holding only comments or directives joins the next document (`%YAML` belongs to
 * the document after it), and an empty document between two markers is dropped. Works on
 * offsets into the text, so a large file is not copied line by line.
 */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  // Start offset and line of the pending document, and whether a `---` opened it.
  let start = 0;
  let startLine = 0;
  let sawMarker = false;
  let line = 0;
  let scanned = 0;
  const lineAt = (offset: number) => {
    line += newlinesBetween(text, scanned, offset);
    scanned = offset;
    return line;
  };
  /** 0-based line of the first content line in text[from, to), or -1. */
  const firstContent = (from: number, to: number, fromLine: number): number => {
    let offset = from;
    let current = fromLine;
    while (offset < to) {
      const end = text.indexOf('\n', offset);
      const stop = end < 0 || end > to ? to : end;
      const lineText = text.slice(offset, stop);
      // A `---` line's own remainder (`--- {a: 1}`) is content of the document it opens.
      if (!NOT_CONTENT.test(OPENING.test(lineText) ? lineText.slice(3) : lineText)) return current;
      offset = stop + 1;
      current++;
    }
    return -1;
  };
  const close = (end: number) => {
    const content = firstContent(start, end, startLine);
    if (content >= 0) chunks.push(new Chunk(text, start, end, startLine, content));
  };
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    const at = m.index;
    const atLine = lineAt(at);
    if (m[0] === '---') {
      if (sawMarker || firstContent(start, at, startLine) >= 0) {
        close(at);
        start = at;
        startLine = atLine;
      }
      sawMarker = true;
    } else {
      close(at);
      const next = text.indexOf('\n', at);
      start = next < 0 ? text.length : next + 1;
      startLine = atLine + 1;
      sawMarker = false;
    }
  }
  close(text.length);
  return chunks;
}

/** A chunk that did not parse, in place of its value. */
class ChunkError {
  constructor(readonly error: LoadError) {}
}

/**
 * Loads every chunk. Fast path: one js-yaml `loadAll` over the whole text, used when its
 * non-empty documents line up one to one with the chunks (the usual case; the property test
 * in test/cli checks the two readings agree). Otherwise (a malformed document, a document that
 * is just `null`) each chunk is loaded on its own, so one bad document costs only itself and
 * its error carries its own line.
 */
function loadChunks(text: string, chunks: readonly Chunk[], file: string): unknown[] {
  const schema = schemaFor(text);
  try {
    const values = yaml.loadAll(text, undefined, { filename: file, schema })
      .filter((v) => v !== null && v !== undefined);
    if (values.length === chunks.length) return values;
  } catch {
    // Fall through to chunk by chunk, which pins the error to its document.
  }
  return chunks.map((chunk) => {
    try {
      return yaml.load(chunk.text, { filename: file, schema });
    } catch (e) {
      const err = e as yaml.YAMLException;
      const mark = err.mark;
      return new ChunkError({
        file,
        line: mark ? chunk.startLine + mark.line + 1 : chunk.contentLine + 1,
        column: mark ? mark.column + 1 : undefined,
        message: `malformed YAML: ${err.reason ?? String(err.message)}`,
      });
    }
  });
}

/** A `{{` Go template action where YAML would start a node, and where it is. */
export interface TemplateSyntax {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column of the `{{`. */
  readonly column: number;
  /** The line, trimmed. */
  readonly text: string;
}

/** `key:` then blanks, where a mapping value starts; the key may be plain or quoted. */
const KEY_THEN_VALUE = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[][^#]*?):(?:\s+|$)/;
/** Sequence entry markers at the start of a line's content. */
const SEQUENCE_MARKERS = /^(?:-(?:\s+|$))+/;
/** A block scalar header (`|`, `>-`, `|2+`, with an optional comment) as a whole node. */
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(?:#.*)?$/;

/**
 * Finds Helm/Go template syntax: a `{{` where YAML would start a node (a line such as
 * `{{- if .Values.enabled }}`, or a value such as `replicas: {{ .Values.replicas }}`), outside
 * block scalars and quoted values. A `{{` inside a string (`summary: "{{ $labels.job }} failed"`,
 * a Prometheus or Argo template) is text and ignored, as YAML reads it. Such a file is the
 * source of manifests, not a manifest: the objects it yields depend on the values it is
 * rendered with.
 */
export function templateSyntax(text: string): TemplateSyntax | undefined {
  // Nearly every manifest has no `{{` at all: answer without splitting the text into lines.
  if (!text.includes('{{')) return undefined;
  const lines = text.split('\n');
  // Indentation of the line that opened a block scalar, while its content lasts; -1 outside one.
  let blockIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const content = line.trimStart();
    const indent = line.length - content.length;
    if (blockIndent >= 0) {
      if (content === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (content === '' || content.startsWith('#')) continue;
    const afterMarkers = content.slice(SEQUENCE_MARKERS.exec(content)?.[0].length ?? 0);
    const key = KEY_THEN_VALUE.exec(afterMarkers);
    const node = key ? afterMarkers.slice(key[0].length) : afterMarkers;
    if (node.startsWith('{{')) return { line: i + 1, column: line.length - node.length + 1, text: content.trim() };
    if (BLOCK_SCALAR.test(node)) blockIndent = indent;
  }
  return undefined;
}

/** Parses one file's text into audit inputs; problems are added to `skipped` / `errors`. */
export function parseText(text: string, file: string, out: LoadedInput): void {
  const template = templateSyntax(text);
  if (template) {
    out.errors.push({
      file,
      line: template.line,
      column: template.column,
      message: `a Helm/Go template, not a manifest (\`${template.text}\`): render it first, e.g. helm template RELEASE CHART | cdk8s-batch audit -; nothing in this file was audited`,
    });
    return;
  }
  const chunks = splitDocuments(text);
  loadChunks(text, chunks, file).forEach((value, document) => {
    if (value instanceof ChunkError) {
      out.errors.push(value.error);
      return;
    }
    const line = chunks[document].contentLine + 1;
    if (value === null || value === undefined) return;
    const o = obj(value);
    const items = o && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items) ? o.items : undefined;
    if (!items) {
      if (isKubernetesObject(value)) out.inputs.push({ object: value, file, document, line });
      else out.skipped.push({ file, document, line, reason: 'the document is not a Kubernetes object (it needs apiVersion and kind)' });
      return;
    }
    items.forEach((object, i) => {
      if (isKubernetesObject(object)) out.inputs.push({ object, file, document, line });
      else out.skipped.push({ file, document, line, reason: `item ${i} of the ${String(o!.kind)} is not a Kubernetes object (it needs apiVersion and kind)` });
    });
  });
}

/** YAML files under a directory, recursively, in a stable order; excluded folders are not entered. */
function yamlFilesUnder(dir: string, exclude: ExcludeFilter): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (exclude.excludes(full)) continue;
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full, exclude));
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** What to leave out of a load: `--exclude` patterns, matched relative to `cwd`. */
export interface LoadOptions {
  readonly exclude?: readonly string[];
  readonly cwd?: string;
}

/**
 * Reads every path: files as given, directories recursively (.yaml/.yml), `-` from stdin;
 * paths matching an `--exclude` pattern are left out. `onFile` reports progress.
 */
export async function loadPaths(
  paths: readonly string[],
  readStdin: () => Promise<string>,
  onFile: (done: number, total: number) => void = () => undefined,
  options: LoadOptions = {},
): Promise<LoadedInput> {
  const out: LoadedInput = { inputs: [], skipped: [], errors: [], files: [] };
  const targets: string[] = [];
  const exclude = new ExcludeFilter(options.exclude ?? [], options.cwd ?? process.cwd());
  for (const p of paths) {
    if (p === '-') {
      targets.push(p);
      continue;
    }
    if (exclude.excludes(p)) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      out.errors.push({ file: p, message: 'no such file or directory' });
      continue;
    }
    targets.push(...(stat.isDirectory() ? yamlFilesUnder(p, exclude) : [p]));
  }
  for (const [i, target] of targets.entries()) {
    const file = target === '-' ? STDIN_NAME : target;
    let text: string;
    try {
      text = target === '-' ? await readStdin() : fs.readFileSync(target, 'utf8');
    } catch (e) {
      out.errors.push({ file, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    out.files.push(file);
    parseText(text, file, out);
    onFile(i + 1, targets.length);
  }
  return out;
}
