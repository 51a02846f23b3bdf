/**
 * A line map of one block-style YAML document: which field path starts on which line, where a
 * line's value ends (so a comment can follow it), and which comments are already there.
 *
 * It reads the YAML that serializers write and people keep in Git: block mappings and
 * sequences (a sequence may sit at its key's indentation), plain, single- and double-quoted
 * scalars on one line, one-line flow collections, and block scalars (`|`, `>`), whose content
 * it skips. Anything else (anchors, aliases, tags, `?` keys, merge keys, scalars or flow
 * collections spanning lines) makes the document unsupported: the writer then leaves it as it
 * is, with a note, rather than guessing.
 */

/** A field path: keys and list indexes from the document root. */
export type LinePath = readonly (string | number)[];

/** A line that starts one or more nodes. */
export interface NodeLine {
  /** 0-based line index inside the document's lines. */
  readonly line: number;
  /** Column where a comment line placed before this line is indented. */
  readonly indent: number;
  /** The paths starting on this line, outermost first (`- name: x` starts the item and `name`). */
  readonly paths: LinePath[];
  /** Column where the line's scalar (or one-line flow) value starts, when it has one. */
  readonly valueStart?: number;
  /** Column just after the value (where an end-of-line comment may go), or undefined when none may. */
  readonly valueEnd?: number;
  /** Column where the line's existing end-of-line comment starts. */
  readonly commentStart?: number;
  /** The line holds a block scalar header (`key: |-`): its reason goes on the line above. */
  readonly blockScalar?: boolean;
}

/** The line map, or why the document is not supported. */
export type LineMap =
  | { readonly supported: true; readonly nodes: NodeLine[]; readonly commentLines: number[]; readonly contentLines: Set<number> }
  | { readonly supported: false; readonly reason: string };

interface Container {
  readonly kind: 'map' | 'seq';
  readonly indent: number;
  readonly path: LinePath;
  count: number;
}

class Unsupported extends Error {}

/** Maps the lines of one document (no `---` lines inside). */
export function mapLines(lines: readonly string[]): LineMap {
  try {
    return mapSupportedLines(lines);
  } catch (e) {
    if (e instanceof Unsupported) {
      return { supported: false, reason: e.message };
    }
    throw e;
  }
}

function mapSupportedLines(lines: readonly string[]): LineMap {
  const nodes: NodeLine[] = [];
  const commentLines: number[] = [];
  const contentLines = new Set<number>();
  const stack: Container[] = [];
  /** The path whose value starts on a later line (a key or `-` with nothing after it). */
  let pending: { path: LinePath; indent: number } | undefined;
  /** Inside a block scalar: content lines are more indented than this. */
  let blockParentIndent: number | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const indent = line.length - line.trimStart().length;
    const rest = line.slice(indent);
    if (blockParentIndent !== undefined) {
      if (rest === '' || indent > blockParentIndent) {
        contentLines.add(i);
        continue;
      }
      blockParentIndent = undefined;
    }
    if (rest === '' || rest.startsWith('#')) {
      if (rest.startsWith('#')) commentLines.push(i);
      continue;
    }
    if (line.includes('\t') && /^\s*\t/.test(line)) {
      throw new Unsupported(`line ${i + 1}: tab indentation`);
    }
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line) || line.startsWith('%')) {
      throw new Unsupported(`line ${i + 1}: a document marker or directive inside the document`);
    }
    contentLines.add(i);

    let column = indent;
    let text = rest;
    const paths: LinePath[] = [];
    // Sequence items (`- - x` nests a sequence in the item); `- key: v` opens a mapping in the item.
    if (text === '-' || text.startsWith('- ')) {
      let itemPath: LinePath = [];
      let dashEnd = column;
      while (text === '-' || text.startsWith('- ')) {
        while (stack.length > 0 && top(stack).indent > column) stack.pop();
        let seq = stack.length > 0 ? top(stack) : undefined;
        if (!(seq?.kind === 'seq' && seq.indent === column)) {
          if (pending === undefined || column < pending.indent) {
            throw new Unsupported(`line ${i + 1}: a sequence item where no sequence can start`);
          }
          seq = { kind: 'seq', indent: column, path: pending.path, count: 0 };
          stack.push(seq);
          pending = undefined;
        }
        itemPath = [...seq.path, seq.count++];
        paths.push(itemPath);
        dashEnd = column + 1;
        const after = text.slice(1);
        const gap = after.length - after.trimStart().length;
        text = after.trimStart();
        column += 1 + gap;
        if (text.startsWith('- ') || text === '-') {
          // The item is itself a sequence, whose first item starts on this line.
          pending = { path: itemPath, indent: column };
        }
      }
      if (text === '' || text.startsWith('#')) {
        pending = { path: itemPath, indent: dashEnd };
        nodes.push(nodeLine(i, indent, paths, text === '' ? dashEnd : undefined, text.startsWith('#') ? column : undefined, line));
        continue;
      }
      const key = readKey(text, i);
      if (key === undefined) {
        const value = readValue(text, column, i);
        if (value.blockScalar) {
          blockParentIndent = indent;
        }
        nodes.push(nodeLine(i, indent, paths, value.end, value.commentStart, line, value.blockScalar, column));
        continue;
      }
      stack.push({ kind: 'map', indent: column, path: itemPath, count: 0 });
    } else {
      // A key at `column`: a sibling, or the first key of a mapping that is the pending value.
      while (stack.length > 0 && (top(stack).indent > column || (top(stack).kind === 'seq' && top(stack).indent === column))) {
        stack.pop();
      }
      const parent = stack.length > 0 ? top(stack) : undefined;
      if (!(parent?.kind === 'map' && parent.indent === column)) {
        if (parent !== undefined && pending === undefined) {
          throw new Unsupported(`line ${i + 1}: a continuation line or a mapping where none can start`);
        }
        if (pending !== undefined && column < pending.indent) {
          throw new Unsupported(`line ${i + 1}: a mapping less indented than its key`);
        }
        stack.push({ kind: 'map', indent: column, path: pending?.path ?? [], count: 0 });
        pending = undefined;
      }
    }

    const map = top(stack);
    const key = readKey(text, i);
    if (key === undefined) {
      throw new Unsupported(`line ${i + 1}: a plain scalar continued on a new line`);
    }
    const keyPath = [...map.path, key.key];
    paths.push(keyPath);
    const valueText = text.slice(key.length);
    const valueColumn = column + key.length + (valueText.length - valueText.trimStart().length);
    const value = valueText.trim() === '' ? undefined : readValue(valueText.trimStart(), valueColumn, i);
    if (value === undefined) {
      pending = { path: keyPath, indent: column };
      nodes.push(nodeLine(i, indent, paths, column + key.length, undefined, line));
      continue;
    }
    if (value.empty) {
      pending = { path: keyPath, indent: column };
    } else {
      pending = undefined;
    }
    if (value.blockScalar) {
      blockParentIndent = column;
    }
    nodes.push(nodeLine(i, indent, paths, value.end, value.commentStart, line, value.blockScalar, value.empty ? undefined : valueColumn));
  }
  return { supported: true, nodes, commentLines, contentLines };
}

function top(stack: Container[]): Container {
  return stack[stack.length - 1];
}

function nodeLine(
  line: number, indent: number, paths: LinePath[], valueEnd: number | undefined, commentStart: number | undefined, text: string,
  blockScalar = false,
  valueStart?: number,
): NodeLine {
  // A line is only commentable at its end: trailing blanks after the value stay as they are.
  const end = valueEnd !== undefined && text.slice(valueEnd) === '' ? valueEnd : undefined;
  return { line, indent, paths, valueStart, valueEnd: commentStart === undefined ? end : undefined, commentStart, blockScalar };
}

/** A mapping key at the start of `text`, and the length up to and including its `:`. */
function readKey(text: string, line: number): { key: string; length: number } | undefined {
  if (text.startsWith('? ') || text === '?') {
    throw new Unsupported(`line ${line + 1}: a complex (?) mapping key`);
  }
  if (text.startsWith('&') || text.startsWith('*') || text.startsWith('!')) {
    throw new Unsupported(`line ${line + 1}: an anchor, alias or tag`);
  }
  if (text.startsWith('"') || text.startsWith('\'')) {
    const end = quotedEnd(text, 0);
    if (end === undefined) {
      throw new Unsupported(`line ${line + 1}: a quoted scalar spanning lines`);
    }
    const after = text.slice(end);
    const colon = /^[ \t]*:(?=[ \t]|$)/.exec(after);
    if (colon === null) {
      return undefined;
    }
    return { key: unquote(text.slice(0, end), line), length: end + colon[0].length };
  }
  if (text.startsWith('[') || text.startsWith('{')) {
    return undefined;
  }
  const match = /:(?=[ \t]|$)/.exec(text);
  if (match === null) {
    return undefined;
  }
  const raw = text.slice(0, match.index);
  if (/[ \t]#/.test(raw)) {
    return undefined;
  }
  const key = raw.trimEnd();
  if (key === '<<') {
    throw new Unsupported(`line ${line + 1}: a merge key (<<)`);
  }
  return { key, length: match.index + 1 };
}

interface ValueSpan {
  /** Column just after the value. */
  readonly end: number;
  readonly commentStart?: number;
  readonly blockScalar: boolean;
  /** Only a comment followed the key: the value is on later lines. */
  readonly empty: boolean;
}

/** The scalar or one-line flow collection starting at `text` (which starts at `column`). */
function readValue(text: string, column: number, line: number): ValueSpan {
  const first = text[0];
  if (first === '#') {
    return { end: column, commentStart: column, blockScalar: false, empty: true };
  }
  if (first === '&' || first === '*' || first === '!') {
    throw new Unsupported(`line ${line + 1}: an anchor, alias or tag`);
  }
  let end: number;
  if (first === '|' || first === '>') {
    const header = /^[|>][0-9+-]*/.exec(text)![0];
    return { end: column + header.length, ...trailing(text, header.length, column, line), blockScalar: true, empty: false };
  }
  if (first === '"' || first === '\'') {
    const close = quotedEnd(text, 0);
    if (close === undefined) {
      throw new Unsupported(`line ${line + 1}: a quoted scalar spanning lines`);
    }
    end = close;
  } else if (first === '[' || first === '{') {
    const close = flowEnd(text);
    if (close === undefined) {
      throw new Unsupported(`line ${line + 1}: a flow collection spanning lines`);
    }
    end = close;
  } else {
    const comment = /[ \t]#/.exec(text);
    end = comment === null ? text.trimEnd().length : text.slice(0, comment.index).trimEnd().length;
  }
  return { end: column + end, ...trailing(text, end, column, line), blockScalar: false, empty: false };
}

/** What follows a value on its line: nothing, or a comment. */
function trailing(text: string, end: number, column: number, line: number): { commentStart?: number } {
  const after = text.slice(end);
  if (after.trim() === '') {
    return {};
  }
  const comment = /^[ \t]+#/.exec(after);
  if (comment === null) {
    throw new Unsupported(`line ${line + 1}: text after a value`);
  }
  return { commentStart: column + end + comment[0].length - 1 };
}

/** Index just after the closing quote of the quoted scalar starting at `start`. */
function quotedEnd(text: string, start: number): number | undefined {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) {
      if (quote === '\'' && text[i + 1] === '\'') {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return undefined;
}

/** Index just after the flow collection starting at 0, when it closes on this line. */
function flowEnd(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '\'') {
      const close = quotedEnd(text, i);
      if (close === undefined) return undefined;
      i = close - 1;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '#' && /[ \t]/.test(text[i - 1] ?? '')) {
      return undefined;
    } else if ((c === '&' || c === '*' || c === '!') && /[[{,\s]/.test(text[i - 1] ?? '')) {
      throw new Unsupported('an anchor, alias or tag inside a flow collection');
    }
  }
  return undefined;
}

/** A quoted key's text. */
function unquote(quoted: string, line: number): string {
  if (quoted.startsWith('\'')) {
    return quoted.slice(1, -1).replace(/''/g, '\'');
  }
  try {
    return JSON.parse(quoted) as string;
  } catch {
    throw new Unsupported(`line ${line + 1}: a double-quoted key with YAML-only escapes`);
  }
}
