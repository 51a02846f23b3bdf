import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { NOT_MINE, readBlockDocument } from './block-yaml';
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
  /** Files and folders met while walking a folder that were not read (special files, links already followed). */
  readonly skippedPaths?: SkippedPath[];
  /** Each read file's text, by file name, when `LoadOptions.keepTexts` asked for it. */
  readonly texts?: Map<string, string>;
}

/** The name stdin's documents carry. */
export const STDIN_NAME = '<stdin>';

/** A character a line starts after (what `^` in a multiline regular expression matches after). */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
/** A character that may follow a document marker: a blank or a line end. */
const AFTER_MARKER = /[ \t\r\n\u2028\u2029]/;

/**
 * Document markers (`---` or `...`) at the start of a line and followed by a blank or the line
 * end, in order. Found with two substring searches, each resumed where it stopped, rather than a
 * multiline regular expression tried at every offset of the text (a 20 MB stream has thousands
 * of markers and millions of offsets).
 */
class MarkerScanner {
  private dashes: number;
  private dots: number;

  constructor(private readonly text: string) {
    this.dashes = text.indexOf('---');
    this.dots = text.indexOf('...');
  }

  /** The next marker after the previous one: its offset and whether it is `---`. */
  next(): { at: number; opening: boolean } | undefined {
    const text = this.text;
    while (this.dashes >= 0 || this.dots >= 0) {
      const opening = this.dots < 0 || (this.dashes >= 0 && this.dashes < this.dots);
      const at = opening ? this.dashes : this.dots;
      const found = (at === 0 || LINE_TERMINATOR.test(text[at - 1])) && (at + 3 === text.length || AFTER_MARKER.test(text[at + 3]));
      // A marker ends at a line end, so the next one starts after it; a miss may overlap the next.
      const resume = found ? at + 3 : at + 1;
      if (opening) this.dashes = text.indexOf('---', resume);
      else this.dots = text.indexOf('...', resume);
      // `---` and `...` cannot overlap, so the other search never stands inside this marker.
      if (found) return { at, opening };
    }
    return undefined;
  }
}

/** A `---` marker line. */
const OPENING = /^---(?=[ \t\r]|$)/;
/** Lines that carry no document content: blank, comments, directives. */
const NOT_CONTENT = /^\s*(#.*)?$|^%/;

/**
 * Whether text[from, to) is a content line. A line that starts with a visible ASCII character
 * other than `#` and `%` (nearly every line, e.g. `apiVersion: v1`) is content without a copy of
 * it; any other line is tested with {@link NOT_CONTENT}.
 */
function isContentLine(text: string, from: number, to: number): boolean {
  const first = from < to ? text.charCodeAt(from) : -1;
  if (first > 0x20 && first < 0x7f && first !== 0x23 && first !== 0x25) return true;
  return !NOT_CONTENT.test(text.slice(from, to));
}

/** One document of a stream; its text is cut from the stream only when asked for. */
class Chunk {
  constructor(
    readonly source: string,
    /** Offsets of the chunk in `source`: text[start, end). */
    readonly start: number,
    readonly end: number,
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
      // A `---` line's own remainder (`--- {a: 1}`) is content of the document it opens.
      const opens = text.startsWith('---', offset) && OPENING.test(text.slice(offset, Math.min(stop, offset + 4)));
      if (isContentLine(text, opens ? offset + 3 : offset, stop)) return current;
      offset = stop + 1;
      current++;
    }
    return -1;
  };
  const close = (end: number) => {
    const content = firstContent(start, end, startLine);
    if (content >= 0) chunks.push(new Chunk(text, start, end, startLine, content));
  };
  const markers = new MarkerScanner(text);
  for (let m = markers.next(); m; m = markers.next()) {
    const at = m.at;
    const atLine = lineAt(at);
    if (m.opening) {
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
 * Loads every chunk on its own, so one bad document costs only itself and its error carries its
 * own line. A chunk in the block style nearly every manifest is written in is read by the fast
 * reader in block-yaml.ts, which returns what js-yaml would or declines; js-yaml reads the rest
 * (test/cli/block-yaml.test.ts checks both readings agree).
 */
function loadChunks(text: string, chunks: readonly Chunk[], file: string): unknown[] {
  const schema = schemaFor(text);
  return chunks.map((chunk) => {
    const fast = readBlockDocument(text, chunk.start, chunk.end, schema);
    if (fast !== NOT_MINE) return fast;
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

/**
 * Loads a text and learns the line (0-based, within the text) where each entry of each
 * sequence starts, from js-yaml's node events: a node opens where js-yaml starts looking for
 * it, and closes with its value.
 */
function withItemLines(text: string, file: string): { value: unknown; itemLines: Map<unknown[], number[]> } {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** The node's first character: past blanks and comments from where js-yaml opened it. */
  const contentFrom = (offset: number) => {
    let i = offset;
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
      else if (c === '#') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
      else break;
    }
    return i;
  };
  const itemLines = new Map<unknown[], number[]>();
  // Open nodes: where each started, and the start lines of the nodes inside it.
  const open: { line: number; children: number[] }[] = [];
  const value = yaml.load(text, {
    filename: file,
    schema: schemaFor(text),
    listener: (event, state) => {
      if (event === 'open') {
        open.push({ line: lineOf(contentFrom(state.position)), children: [] });
        return;
      }
      const node = open.pop()!;
      const result: unknown = state.result;
      if (Array.isArray(result) && node.children.length === result.length && !itemLines.has(result)) itemLines.set(result, node.children);
      open[open.length - 1]?.children.push(node.line);
    },
  });
  return { value, itemLines };
}

/** The items of a `kind: …List` document (what kubectl reads from it), or undefined. */
function listItems(value: unknown): unknown[] | undefined {
  const o = obj(value);
  return o && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items) ? o.items : undefined;
}

/** What may stand before an anchor's `&`: a blank, a line end, or a flow collection's `[`, `{`, `,`. */
const BEFORE_ANCHOR = /[\s[{,]/;
/** What an anchor's name cannot start with. */
const NOT_ANCHOR_NAME = /[\s[\]{},]/;

/**
 * Whether a text has an anchor (`&name`) where a YAML node starts; without one it has no
 * aliases. Looks only at each `&` (most manifests have none) instead of trying a pattern at
 * every offset.
 */
function hasAnchor(text: string): boolean {
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    if ((at === 0 || BEFORE_ANCHOR.test(text[at - 1])) && at + 1 < text.length && !NOT_ANCHOR_NAME.test(text[at + 1])) return true;
  }
  return false;
}

/** go-yaml v2's alias budget (decode.go), which Kubernetes' YAML reader (sigs.k8s.io/yaml) applies. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/**
 * Whether a document expands aliases beyond what the API server and kubectl accept. go-yaml v2
 * counts every node it decodes (keys too) and the nodes decoded inside an alias, and refuses the
 * document ("document contains excessive aliasing") as soon as more than 100 of over 1,000 nodes
 * came from aliases at a share above the allowed ratio. js-yaml shares an anchored node's value
 * instead of copying it, so the second meeting of an object while walking is an alias. Without
 * this, a few lines of nested aliases (a "billion laughs") expand to more nodes than the rules
 * could ever walk.
 */
function excessiveAliasing(value: unknown): boolean {
  const seen = new Set<object>();
  let decodeCount = 0;
  let aliasCount = 0;
  const count = (aliased: boolean) => {
    decodeCount++;
    if (aliased) aliasCount++;
    return aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount);
  };
  const walk = (node: unknown, aliased: boolean): boolean => {
    if (count(aliased)) return true;
    if (typeof node !== 'object' || node === null) return false;
    let inside = aliased;
    if (seen.has(node)) {
      // The alias node itself was counted above; what it expands to is counted as aliased.
      if (count(true)) return true;
      inside = true;
    }
    seen.add(node);
    if (Array.isArray(node)) return node.some((item) => walk(item, inside));
    return Object.entries(node).some(([, v]) => count(inside) || walk(v, inside));
  };
  return walk(value, false);
}

/** Where parseText puts what it read. */
export type ParsedDocuments = Pick<LoadedInput, 'inputs' | 'skipped' | 'errors'>;

/** Parses one file's text into audit inputs; problems are added to `skipped` / `errors`. */
export function parseText(text: string, file: string, out: ParsedDocuments): void {
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
  const mayAlias = hasAnchor(text);
  loadChunks(text, chunks, file).forEach((value, document) => {
    if (value instanceof ChunkError) {
      out.errors.push(value.error);
      return;
    }
    const line = chunks[document].contentLine + 1;
    if (value === null || value === undefined) return;
    if (mayAlias && excessiveAliasing(value)) {
      out.errors.push({
        file,
        line,
        message: 'the document expands YAML aliases beyond what Kubernetes reads ("document contains excessive aliasing"); nothing in this document was audited',
      });
      return;
    }
    if (!listItems(value)) {
      if (isKubernetesObject(value)) out.inputs.push({ object: value, file, document, line });
      else out.skipped.push({ file, document, line, reason: 'the document is not a Kubernetes object (it needs apiVersion and kind)' });
      return;
    }
    // A List (rare) is read again to learn where each item starts, so findings point at the
    // item, not at the List's first line.
    const chunk = chunks[document];
    const { value: list, itemLines } = withItemLines(chunk.text, file);
    // kubectl flattens Lists inside Lists (cli-runtime's FlattenListVisitor); so does the audit.
    const flatten = (items: unknown[], listKind: string, listLine: number) => {
      const lines = itemLines.get(items);
      items.forEach((item, i) => {
        const itemLine = lines ? chunk.startLine + lines[i] + 1 : listLine;
        const inner = listItems(item);
        if (inner) flatten(inner, String(obj(item)!.kind), itemLine);
        else if (isKubernetesObject(item)) out.inputs.push({ object: item, file, document, line: itemLine });
        else out.skipped.push({ file, document, line: itemLine, reason: `item ${i} of the ${listKind} is not a Kubernetes object (it needs apiVersion and kind)` });
      });
    };
    flatten(listItems(list)!, String(obj(list)!.kind), line);
  });
}

/** A file or folder met while walking a folder and left out, with why. */
export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

/** What a failed file system call means, in words (Node's messages repeat the syscall and path). */
function fsProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ENOTDIR': return 'not a directory';
    default: return (e as Error).message;
  }
}

/** Identifies a file or folder across the paths that reach it (symbolic links, `..`). */
function identity(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

const YAML_NAME = /\.ya?ml$/i;

/** What a special file is, for the note that skips it. */
function specialKind(stat: fs.Stats): string | undefined {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return undefined;
}

/**
 * YAML files under a directory, recursively, in a stable order. Symbolic links are followed
 * (a folder of links to shared manifests is a common layout, and skipping them would audit
 * nothing without a word); each folder and file is read once, so a link back to an ancestor
 * cannot loop and two links to one file do not duplicate its objects. Special files (pipes,
 * devices) are never opened while walking: reading one could block forever. Excluded files and
 * folders are never entered.
 */
function yamlFilesUnder(
  dir: string,
  out: LoadedInput & { skippedPaths: SkippedPath[] },
  seen: Map<string, string>,
  exclude: ExcludeFilter,
): string[] {
  const files: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name));
  } catch (e) {
    out.errors.push({ file: dir, message: `cannot read the folder: ${fsProblem(e)}; the rest was audited` });
    return files;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (exclude.excludes(full)) continue;
    // Only folders, links and YAML-named entries can lead to a manifest; nothing else is touched.
    if (!entry.isDirectory() && !entry.isSymbolicLink() && !YAML_NAME.test(entry.name)) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (e) {
      // A dangling link is worth a note only when it looks like a manifest.
      if (YAML_NAME.test(entry.name)) out.skippedPaths.push({ path: full, reason: `cannot follow the link: ${fsProblem(e)}` });
      continue;
    }
    if (stat.isDirectory()) {
      const first = seen.get(identity(stat));
      if (first !== undefined) {
        out.skippedPaths.push({ path: full, reason: `a link to a folder already read (${first})` });
        continue;
      }
      seen.set(identity(stat), full);
      files.push(...yamlFilesUnder(full, out, seen, exclude));
      continue;
    }
    if (!YAML_NAME.test(entry.name)) continue;
    const special = specialKind(stat);
    if (special) {
      out.skippedPaths.push({ path: full, reason: `${special}, not a regular file; not read` });
      continue;
    }
    if (seen.has(identity(stat))) continue;
    seen.set(identity(stat), full);
    files.push(full);
  }
  return files;
}

/** The first byte (0-based) where the bytes stop being UTF-8, or -1 when they are UTF-8. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes after the lead; the second byte's range excludes overlong forms,
    // surrogates and code points above U+10FFFF (RFC 3629).
    const more = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (more === 0) return i;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (i + 1 >= bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k <= more; k++) {
      if (i + k >= bytes.length || bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    }
    i += more + 1;
  }
  return -1;
}

/** `UTF-16LE`/`UTF-16BE` when the bytes are UTF-16 (by byte order mark, or ASCII text with every other byte zero). */
function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE (byte order mark FF FE)';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE (byte order mark FE FF)';
  const sample = Math.min(bytes.length - (bytes.length % 2), 512);
  if (sample < 4) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = sample / 2;
  if (zeroOdd >= pairs * 0.9 && zeroEven === 0) return 'UTF-16LE (no byte order mark)';
  if (zeroEven >= pairs * 0.9 && zeroOdd === 0) return 'UTF-16BE (no byte order mark)';
  return undefined;
}

/**
 * The text of a file's bytes, or why it is not UTF-8 text. What reaches the API server is JSON,
 * which is UTF-8 (RFC 8259); replacing bad bytes with U+FFFD would audit a different manifest
 * from the one applied, so the file is refused instead. A UTF-16 file is named as such, so the
 * fix is plain (kubectl transcodes one that starts with a byte order mark; the audit asks for the
 * UTF-8 the API server receives).
 */
export function decodeManifest(bytes: Uint8Array, file: string): { text: string } | { error: LoadError } {
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    return { error: { file, message: `the file is ${utf16}, not UTF-8: convert it (e.g. iconv -f UTF-16 -t UTF-8); nothing in this file was audited` } };
  }
  if (!isUtf8(bytes)) {
    const offset = invalidUtf8Offset(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return { error: { file, line, message: `invalid UTF-8 at byte offset ${offset} (byte 0x${bytes[offset].toString(16).padStart(2, '0')}): manifests must be UTF-8; nothing in this file was audited` } };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A UTF-8 byte order mark is allowed and is not content.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** What to leave out of a load: `--exclude` patterns, matched relative to `cwd`. */
export interface LoadOptions {
  readonly exclude?: readonly string[];
  readonly cwd?: string;
  /**
   * Keep each file's text (`LoadedInput.texts`) for a caller that rewrites the files, so nothing
   * is read twice (a pipe can be read only once). Off for the audit, which needs only the objects.
   */
  readonly keepTexts?: boolean;
}

/**
 * Reads every path: files as given, directories recursively (.yaml/.yml), `-` from stdin;
 * paths matching an `--exclude` pattern are left out. A path named on the command line is read
 * whatever it is, so a pipe works (`cdk8s-batch audit <(kustomize build .)`). `onFile` reports
 * progress.
 */
export async function loadPaths(
  paths: readonly string[],
  readStdin: () => Promise<string | Uint8Array>,
  onFile: (done: number, total: number) => void = () => undefined,
  options: LoadOptions = {},
): Promise<LoadedInput> {
  const out = {
    inputs: [], skipped: [], errors: [], files: [], skippedPaths: [], ...(options.keepTexts ? { texts: new Map() } : {}),
  } as LoadedInput & { skippedPaths: SkippedPath[] };
  const targets: string[] = [];
  const exclude = new ExcludeFilter(options.exclude ?? [], options.cwd ?? process.cwd());
  // Folders and files already read, so links cannot loop or read a file twice.
  const seen = new Map<string, string>();
  for (const p of paths) {
    if (p === '-') {
      targets.push(p);
      continue;
    }
    if (exclude.excludes(p)) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      out.errors.push({ file: p, message: fsProblem(e) });
      continue;
    }
    if (stat.isDirectory()) {
      if (seen.has(identity(stat))) continue;
      seen.set(identity(stat), p);
      targets.push(...yamlFilesUnder(p, out, seen, exclude));
    } else {
      targets.push(p);
    }
  }
  for (const [i, target] of targets.entries()) {
    await readTarget(target, readStdin, out);
    onFile(i + 1, targets.length);
  }
  return out;
}

/** Reads one file (or stdin) into `out`. */
async function readTarget(target: string, readStdin: () => Promise<string | Uint8Array>, out: LoadedInput): Promise<void> {
  const file = target === '-' ? STDIN_NAME : target;
  let bytes: string | Uint8Array;
  try {
    bytes = target === '-' ? await readStdin() : fs.readFileSync(target);
  } catch (e) {
    out.errors.push({ file, message: `cannot read: ${fsProblem(e)}` });
    return;
  }
  const decoded = typeof bytes === 'string' ? { text: bytes } : decodeManifest(bytes, file);
  if ('error' in decoded) {
    out.errors.push(decoded.error);
    return;
  }
  out.files.push(file);
  out.texts?.set(file, decoded.text);
  parseText(decoded.text, file, out);
}
