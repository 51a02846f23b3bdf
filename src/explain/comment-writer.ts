import { isDeepStrictEqual } from 'util';
import * as yaml from 'js-yaml';
import { LinePath, mapLines, NodeLine } from './yaml-lines';
import { KUBERNETES_YAML_SCHEMA } from '../cli/load';

/**
 * Writes reasons into YAML text as comments, without changing what Kubernetes reads.
 *
 * Only comments are added or removed; no value, key, quote or indentation is touched, so YAML
 * 1.1 quoting (`'yes'`, `"on"`, `"0x1F"`) stays exactly as the serializer wrote it. A reason goes
 * at the end of its field's line (`backoffLimit: 2  # why: ...`), or on a line of its own just
 * above it when the line would grow past `MAX_LINE`, already ends in a comment, or holds a
 * block scalar header.
 *
 * The comments this writer owns start with `# why: `. Before writing, it removes those (and only
 * those), so explaining twice gives the same bytes as explaining once, and a stale reason is
 * replaced; every other comment stays where it is.
 *
 * A document is left exactly as it was, with a note, when its YAML uses constructs the line map
 * does not follow (see yaml-lines.ts), when it does not parse, or (with `verifyByParsing`, the
 * default) when the explained text would not parse to the same objects (that check should never
 * fire; it is the guarantee for YAML of unknown origin).
 */

/** The marker of the comments this writer owns. */
export const EXPLAIN_MARKER = '# why: ';

/** Lines longer than this get their reason on a line of its own above them. */
export const MAX_LINE = 120;

/** A reason for the field at a path. */
export interface PathReason {
  readonly path: LinePath;
  readonly reason: string;
}

/** The explained text and what could not be done. */
export interface ExplainedText {
  readonly text: string;
  /** Documents left untouched, and reasons with no line to go on, in words. */
  readonly notes: string[];
}

/** One document of a text, as the reason source sees it. */
export interface DocumentView {
  /** Counts from 0 in the file (documents with content only). */
  readonly index: number;
  /** The document's text. */
  readonly lines: readonly string[];
  /** The document parsed as Kubernetes reads YAML (1.1 booleans); parsed on first use. */
  readonly parsed: () => unknown;
  /** A one-line scalar at a path (`['kind']`, `['metadata', 'name']`), without parsing the document. */
  readonly scalarAt: (path: LinePath) => unknown;
}

/** Reasons for one document, or undefined to leave it exactly as it is (comments included). */
export type ReasonSource = (document: DocumentView) => readonly PathReason[] | undefined;

/** How the writer checks its work. */
export interface ExplainOptions {
  /**
   * Parse each document before and after and keep it as it was if the objects differ. On by
   * default (hand-written YAML can hold anything); ExplainedSynth turns it off for the YAML cdk8s
   * writes, whose every shape the line map follows, and the tests parse all of that output.
   * @default true
   */
  readonly verifyByParsing?: boolean;
}

/**
 * The comment ExplainedSynth puts on `apiVersion` of every document it explains: it says where
 * the comments come from, and tells `cdk8s-batch explain` to leave the document to the constructs.
 */
export const SYNTH_MARK = 'reasons written at synth from the constructs\' decisions (cdk8s-batch)';

/** Whether a document's comments were written at synth by ExplainedSynth. */
export function explainedAtSynth(lines: readonly string[]): boolean {
  return lines.some((line) => line.startsWith('apiVersion:') && line.endsWith(`${EXPLAIN_MARKER}${SYNTH_MARK}`));
}

/** Explains every document of a YAML text. */
export function explainYamlText(text: string, reasonsFor: ReasonSource, options: ExplainOptions = {}): ExplainedText {
  const verify = options.verifyByParsing ?? true;
  const notes: string[] = [];
  const segments = splitDocuments(text);
  const reasonText = oneLineCache();
  let index = 0;
  const out: string[] = [];
  for (const segment of segments) {
    if (segment.marker !== undefined) {
      out.push(segment.marker);
    }
    if (segment.lines.every((l) => l.trim() === '' || l.trimStart().startsWith('#'))) {
      appendAll(out, segment.lines);
      continue;
    }
    appendAll(out, explainDocument(segment.lines, index, reasonsFor, notes, verify, reasonText));
    index++;
  }
  return { text: out.join('\n'), notes };
}

/** `out.push(...lines)` without spreading a long document onto the call stack. */
function appendAll(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

interface Segment {
  /** The `---` line that opens the segment, verbatim. */
  readonly marker?: string;
  readonly lines: string[];
}

/** Splits at `---` lines; the text before the first marker is a segment too. */
function splitDocuments(text: string): Segment[] {
  const segments: Segment[] = [];
  let current: { marker?: string; lines: string[] } = { lines: [] };
  for (const line of text.split('\n')) {
    if (/^---(?:[ \t\r]|$)/.test(line)) {
      segments.push(current);
      current = { marker: line, lines: [] };
    } else {
      current.lines.push(line);
    }
  }
  segments.push(current);
  return segments;
}

function explainDocument(
  lines: string[], index: number, reasonsFor: ReasonSource, notes: string[], verify: boolean, reasonText: (reason: string) => string,
): string[] {
  const leave = (why: string) => {
    notes.push(`document ${index + 1}: left as it is: ${why}`);
    return lines;
  };
  const original = mapLines(lines);
  if (!original.supported) {
    return leave(original.reason);
  }
  let parsed: { value: unknown } | undefined;
  const parse = () => (parsed ??= { value: yaml.load(lines.join('\n'), { schema: KUBERNETES_YAML_SCHEMA }) }).value;
  let originalIndex: NodeIndex | undefined;
  const indexOf = () => (originalIndex ??= new NodeIndex(original.nodes));
  let reasons: readonly PathReason[] | undefined;
  try {
    reasons = reasonsFor({ index, lines, parsed: parse, scalarAt: (path) => scalarAt(lines, indexOf().first(path)) });
    if (verify) parse();
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      return leave(`it does not parse (${e.message.split('\n')[0]})`);
    }
    throw e;
  }
  if (reasons === undefined) {
    return lines;
  }
  const stripped = stripOwnComments(lines, original);
  const map = stripped === lines ? original : mapLines(stripped);
  if (!map.supported) {
    return leave(map.reason);
  }
  const explained = insertComments(stripped, map.nodes, map === original ? indexOf() : new NodeIndex(map.nodes), reasons, index, notes, reasonText);
  if (verify && !sameDocument(parse(), explained)) {
    return leave('the comments would change what it parses to');
  }
  return explained;
}

/** Whether a text parses to the given value. */
function sameDocument(expected: unknown, lines: string[]): boolean {
  try {
    return isDeepStrictEqual(expected, yaml.load(lines.join('\n'), { schema: KUBERNETES_YAML_SCHEMA }));
  } catch {
    return false;
  }
}

/** The scalar value of a node (a key or item holding a one-line scalar), read as YAML 1.1. */
function scalarAt(lines: readonly string[], node: NodeLine | undefined): unknown {
  if (node?.valueStart === undefined || node.blockScalar) return undefined;
  const end = node.valueEnd ?? node.commentStart ?? lines[node.line].length;
  try {
    return yaml.load(lines[node.line].slice(node.valueStart, end), { schema: KUBERNETES_YAML_SCHEMA });
  } catch {
    return undefined;
  }
}

/** The lines without this writer's comments (the same array when there are none). */
function stripOwnComments(lines: string[], map: { readonly nodes: NodeLine[]; readonly commentLines: number[] }): string[] {
  const drop = new Set(map.commentLines.filter((i) => lines[i].trimStart().startsWith(EXPLAIN_MARKER)));
  const cut = new Map<number, number>();
  for (const node of map.nodes) {
    if (node.commentStart !== undefined && lines[node.line].startsWith(EXPLAIN_MARKER, node.commentStart)) {
      cut.set(node.line, node.commentStart);
    }
  }
  if (drop.size === 0 && cut.size === 0) {
    return lines;
  }
  const result: string[] = [];
  lines.forEach((line, i) => {
    if (drop.has(i)) return;
    const at = cut.get(i);
    if (at === undefined) {
      result.push(line);
      return;
    }
    const cr = line.endsWith('\r') ? '\r' : '';
    result.push(line.slice(0, at).trimEnd() + cr);
  });
  return result;
}

function insertComments(
  lines: string[], nodes: NodeLine[], byPath: NodeIndex, reasons: readonly PathReason[], index: number, notes: string[],
  reasonText: (reason: string) => string,
): string[] {
  const byLine = new Map<number, string[]>();
  const seen = new PathSet();
  for (const { path, reason } of reasons) {
    const text = reasonText(reason);
    if (text === '' || !seen.add(path)) continue;
    const node = byPath.last(path);
    if (node === undefined) {
      notes.push(`document ${index + 1}: no line for ${formatPath(path)}`);
      continue;
    }
    const onLine = byLine.get(node.line) ?? [];
    onLine.push(text);
    byLine.set(node.line, onLine);
  }
  if (byLine.size === 0) {
    return lines;
  }
  const nodeByLine = new Map(nodes.map((n) => [n.line, n]));
  const result: string[] = [];
  lines.forEach((line, i) => {
    const texts = byLine.get(i);
    if (texts === undefined) {
      result.push(line);
      return;
    }
    const node = nodeByLine.get(i)!;
    const comment = EXPLAIN_MARKER + texts.join('; ');
    const cr = line.endsWith('\r') ? '\r' : '';
    const body = cr ? line.slice(0, -1) : line;
    if (node.valueEnd !== undefined && !node.blockScalar && node.valueEnd + 2 + comment.length <= MAX_LINE) {
      result.push(`${body.slice(0, node.valueEnd)}  ${comment}${cr}`);
    } else {
      result.push(`${' '.repeat(node.indent)}${comment}${cr}`, line);
    }
  });
  return result;
}

/** Reasons are one line: newlines and runs of blanks become one space. */
function oneLine(reason: string): string {
  return reason.replace(/\s+/g, ' ').trim();
}

/** `oneLine`, remembered for one text: the same few hundred reasons recur on every object of a kind. */
function oneLineCache(): (reason: string) => string {
  const cache = new Map<string, string>();
  return (reason) => {
    let text = cache.get(reason);
    if (text === undefined) {
      text = oneLine(reason);
      cache.set(reason, text);
    }
    return text;
  };
}

/**
 * The node lines of a document by field path, as a tree of steps (keys and item indexes stay
 * distinct: `0` is not `'0'`). A path normally starts on one line; for a duplicated key, `first`
 * and `last` tell the occurrences apart.
 */
class NodeIndex {
  private readonly root: PathTrie<{ first: NodeLine; last: NodeLine }> = new PathTrie();

  constructor(nodes: readonly NodeLine[]) {
    for (const node of nodes) {
      for (const path of node.paths) {
        const entry = this.root.entry(path);
        if (entry.value === undefined) {
          entry.value = { first: node, last: node };
        } else {
          entry.value.last = node;
        }
      }
    }
  }

  public first(path: LinePath): NodeLine | undefined {
    return this.root.find(path)?.value?.first;
  }

  public last(path: LinePath): NodeLine | undefined {
    return this.root.find(path)?.value?.last;
  }
}

/** Paths already handled. */
class PathSet {
  private readonly root: PathTrie<true> = new PathTrie();

  /** Adds a path; false when it was there already. */
  public add(path: LinePath): boolean {
    const entry = this.root.entry(path);
    if (entry.value !== undefined) return false;
    entry.value = true;
    return true;
  }
}

/** A tree of path steps, with a value at the end of each stored path. */
class PathTrie<V> {
  public value?: V;
  private children?: Map<string | number, PathTrie<V>>;

  /** The entry of a path, created when missing. */
  public entry(path: LinePath): PathTrie<V> {
    let node: PathTrie<V> = this;
    for (const step of path) {
      const children: Map<string | number, PathTrie<V>> = node.children ??= new Map();
      let child = children.get(step);
      if (child === undefined) {
        child = new PathTrie();
        children.set(step, child);
      }
      node = child;
    }
    return node;
  }

  /** The entry of a path, if stored. */
  public find(path: LinePath): PathTrie<V> | undefined {
    let node: PathTrie<V> | undefined = this;
    for (const step of path) {
      node = node.children?.get(step);
      if (node === undefined) return undefined;
    }
    return node;
  }
}

/** A path as people write it: `spec.template.spec.containers[0].image`. */
export function formatPath(path: LinePath): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') {
      text += `[${step}]`;
    } else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) {
      text += text === '' ? step : `.${step}`;
    } else {
      text += `[${JSON.stringify(step)}]`;
    }
  }
  return text;
}
