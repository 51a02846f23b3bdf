/**
 * Seeded random YAML-ish documents for differential tests of YAML readers: block mappings and
 * sequences shaped like manifests, with scalars from every corner of YAML's resolution rules,
 * mixed with constructs a simple reader must decline (anchors, tags, block scalars, multi-line
 * scalars, flow pairs, directives, tabs, odd characters), plus random damage to any text.
 * Deterministic for a seed, so a failure can be replayed.
 */
import { seededRandom } from '../schedule/cases';

/** A seeded source of random choices (the schedule tests' mulberry32), so a failure can be replayed. */
export class Random {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Keys as manifests have them, and keys every YAML resolver treats differently. */
const KEYS = [
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'template', 'containers', 'image',
  'command', 'args', 'env', 'value', 'resources', 'limits', 'requests', 'cpu', 'memory', 'schedule', 'backoffLimit',
  'app.kubernetes.io/name', 'platform.example.com/owner', 'a b', 'a:b', 'a#b', 'x-y_z.w', 'ünïcode', '日本',
  // Keys that resolve to non-strings, so the key is the value's string.
  '1', '01', '0x1F', '0o17', '0b101', '1.0', '1e3', '.5', '-0', '+1', '~', 'null', 'NULL', 'true', 'False', 'yes', 'No', 'on', 'OFF',
  'y', 'n', '.inf', '-.Inf', '.NaN', '2026-07-01', '12:30',
  // Keys that clash with Object.prototype.
  '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  // Quoted keys.
  '"quoted key"', "'single key'", '"1"', "'it''s'", '"a\\tb"', '""',
];

/** Keys a simple reader must decline, or that js-yaml rejects or reads in its own way. */
const ODD_KEYS = ['<<', '? complex', '[a, b]', '{a: 1}', '&anchor key', '*alias', '!tag key', '"unclosed', 'key with trailing space ', '-', ': x', 'a: b'];

/** Scalars for values: strings, numbers of every notation, nulls, booleans, quoted and flow forms. */
const SCALARS = [
  'v1', 'batch/v1', 'Job', 'CronJob', 'nginx:1.27', 'registry.example.com/team/app@sha256:0123abcd', 'http://example.com:8080/a?b=c#d',
  '*/5 * * * *', '15 1 * * *', 'Etc/UTC', 'a b  c', 'it\'s', 'a"b', 'a:b', 'a #b', 'a#b', '-flag', '--flag=x', '?x', ':x',
  '@at', 'é', '😀', 'a,b', 'a[0]', 'a{b}', 'x]', 'x}', 'x,', '100m', '64Mi', '1Gi', '0.5',
  '0', '00', '007', '0755', '08', '09', '12345678901234567890', '1e3', '1E3', '1e+3', '1.5e-3', '.5', '5.', '+1', '-1', '+.5', '-.5e2',
  '0x1F', '0xfF', '0x', '0o17', '0o8', '0b101', '0b2', '1_000', '1_0.5', '1__0', '_1', '-0', '-0.0', '+0',
  '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN', 'inf', 'nan', '1.2.3', '1e', 'e3',
  '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE',
  'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N', 'yEs',
  '2026-07-01', '2026-07-01T00:00:00Z', '12:30:00', '1:20', '<<', '=', '<', 'a<<b',
  "'single'", "'it''s'", "''", "'a # b'", "'a: b'", "' lead and trail '", "'é😀'", "'a\\b'",
  '"double"', '""', '"a\\nb"', '"tab\\there"', '"quote \\" inside"', '"back\\\\slash"', '"\\u00e9\\x41\\U0001F600"', '"\\0\\a\\b\\e\\v\\f\\r"',
  '"\\N\\_\\L\\P\\/\\ "', '"\\uD800"', '"a # b"', '"a: b"',
  '[]', '[ ]', '{}', '{ }', '[a, b]', '["ALL"]', '[ALL]', '[""]', '[64, 65]', '[get, list, watch]', '[a, [b, c]]', '[a,]',
  '[a b]', '[a:b]', '[-1, +2]', '[{type: X}]', '[yes, No, ~, 0x1F]',
  '{a: 1}', '{cpu: 100m, memory: 64Mi}', '{a: [1, 2], b: {c: d}}', '{__proto__: x}', '{ path: /startup, port: 9090 }', '{"a": yes}',
];

/** Values a simple reader must decline, or that js-yaml rejects or reads in its own way. */
const ODD_SCALARS = [
  'a: b', '-', '?', ':', '!', '&', '*', '|', '>', '#', '%', '@', '`', '`tick', '%pct',
  '"\\q unknown"', '"\\xZZ"', '"\\U00110000"', '"unclosed', "'unclosed", '"a"b', '"a"#c',
  '[a,,b]', '[,]', '[a: b]', '["a":b]', '[a, #c]', '[a #c]', '[-]', '[?]', '[a]x', '[a]#c', '[a]]', '[', '{',
  '{a}', '{a:b}', '{a: }', '{a: 1, a: 2}', '{"a":1}', '{<<: {a: 1}}', '{a: 1}}',
  '&anchor value', '*alias', '!tag value', '!!str 123', '!!int "7"', '!!binary aGVsbG8=', '|', '|-', '>', '>+', '|2',
  '{{ .Values.x }}', '"{{ x }}"', '- item', '- ', '? key', ': value', 'a\tb', 'a\u0000b', 'a\u0085b',
];

/** Characters that change how YAML reads a text, for damage. */
const DAMAGE = [
  ' ', '  ', '\t', '\r', '\n', '\r\n', '#', ' #', ':', ': ', '-', '- ', '&', '*', '!', '|', '>', '"', "'", '\\', '[', ']', '{', '}',
  ',', '?', '%', '@', '`', '\u0000', '\u0007', '\u007f', '\u0085', '\u00a0', 'é', '\u2028', '\ufeff', '\ud83d', '\ude00', '😀',
  '0', '.', 'y', 'no', '~', '<<', '---', '...', ' yes', ': no',
];

/** One document, usually a manifest-like mapping, sometimes a sequence; `eol` ends each line. */
export function randomDocument(random: Random): string {
  const step = random.pick([2, 2, 2, 4, 1, 3]);
  const lines: string[] = [];
  if (random.chance(0.3)) {
    lines.push(random.chance(0.9) ? random.pick(['---', '--- # start', '# leading comment', '---   '])
      : random.pick(['--- !tag', '--- a: 1', '%YAML 1.2\n---', '--- |', '---x: 1', '\ufeff---']));
  }
  const budget = { nodes: 10 + random.below(60) };
  const root = random.chance(0.95) ? 0 : 1 + random.below(2);
  if (random.chance(0.85)) mapping(random, lines, root, step, budget, 0);
  else sequence(random, lines, root, step, budget, 0);
  if (random.chance(0.1)) lines.push(random.chance(0.7) ? random.pick(['# trailing comment', '', '   ']) : random.pick(['...', 'stray: 1', '  deeper: 1']));
  const eol = random.chance(0.1) ? '\r\n' : random.chance(ODD) ? '\r' : '\n';
  return lines.join('\n').replace(/\n/g, eol) + (random.chance(0.9) ? eol : '');
}

/** The share of picks that take something odd: enough for thousands over a run, few enough that many documents have none. */
const ODD = 0.015;

function scalar(random: Random): string {
  return random.chance(ODD) ? random.pick(ODD_SCALARS) : random.pick(SCALARS);
}

function key(random: Random, index: number, used: string[]): string {
  // Mostly fresh keys; sometimes a repeat, which js-yaml reports.
  if (random.chance(ODD) && used.length > 0) return random.pick(used);
  if (random.chance(ODD)) return random.pick(ODD_KEYS);
  return random.chance(0.7) ? random.pick(KEYS.slice(0, 22)) + (random.chance(0.5) ? '' : String(index)) : random.pick(KEYS);
}

/** What may follow a value on its line: nothing, blanks, or a comment. */
function lineEnd(random: Random): string {
  if (random.chance(0.9)) return '';
  return random.chance(0.9) ? random.pick([' # comment', '   ', ' #', '  # a: b']) : random.pick(['#glued', ' \t', '\t# tab']);
}

/** Lines between entries: blank, blanks only, comments at any indentation. */
function filler(random: Random, lines: string[], indent: string): void {
  if (!random.chance(0.12)) return;
  lines.push(random.chance(0.9) ? random.pick(['', '  ', `${indent}# comment`, '# at column 0'])
    : random.pick([`${indent}    # deeper comment`, `${indent}\t# tabbed`, `${indent}# \u0000`]));
}

/**
 * A block mapping whose keys stand in `column`; `firstPrefix` replaces the first key's
 * indentation when the mapping starts on a sequence entry's line (`- name: a`).
 */
function mapping(
  random: Random, lines: string[], column: number, step: number, budget: { nodes: number }, depth: number, firstPrefix?: string,
): void {
  const indent = ' '.repeat(column);
  const entries = 1 + random.below(6);
  const used: string[] = [];
  for (let i = 0; i < entries && budget.nodes > 0; i++) {
    budget.nodes--;
    const name = key(random, i, used);
    used.push(name);
    const prefix = i === 0 && firstPrefix !== undefined ? firstPrefix : indent;
    const colon = random.chance(1 - ODD) ? ':' : random.pick([' :', ':\t', '']);
    const kind = depth > 6 ? 0 : random.below(10);
    if (kind < 6) {
      lines.push(`${prefix}${name}${colon} ${scalar(random)}${lineEnd(random)}`);
      // Sometimes a continuation line, making a multi-line scalar (or an error).
      if (random.chance(ODD)) lines.push(`${indent}${' '.repeat(1 + random.below(3))}continued`);
    } else if (kind < 8) {
      lines.push(`${prefix}${name}${colon}${lineEnd(random)}`);
      filler(random, lines, indent);
      if (random.chance(0.85)) mapping(random, lines, column + step, step, budget, depth + 1);
      else if (random.chance(0.5)) lines.push(`${indent}${' '.repeat(step)}${scalar(random)}`);
    } else {
      lines.push(`${prefix}${name}${colon}${lineEnd(random)}`);
      // A sequence in the key's own column (`key:\n- a`) or deeper.
      sequence(random, lines, random.chance(0.3) ? column : column + step, step, budget, depth + 1);
    }
    filler(random, lines, indent);
    // Sometimes a line indented one off, which js-yaml reads differently or rejects.
    if (random.chance(ODD / 2)) lines.push(`${indent} ${random.pick(KEYS)}: ${scalar(random)}`);
  }
}

/** A block sequence whose dashes stand in `column`. */
function sequence(random: Random, lines: string[], column: number, step: number, budget: { nodes: number }, depth: number): void {
  const indent = ' '.repeat(column);
  const entries = 1 + random.below(5);
  for (let i = 0; i < entries && budget.nodes > 0; i++) {
    budget.nodes--;
    const dash = random.chance(0.95) ? '- ' : random.chance(0.8) ? random.pick(['-  ', '-   ']) : random.pick(['-', '-\t']);
    const kind = depth > 6 ? 0 : random.below(10);
    if (kind < 4) {
      lines.push(`${indent}${dash}${scalar(random)}${lineEnd(random)}`);
    } else if (kind < 7) {
      mapping(random, lines, column + dash.length, step, budget, depth + 1, `${indent}${dash}`);
    } else if (kind < 8) {
      lines.push(`${indent}-${lineEnd(random)}`);
      if (random.chance(0.8)) mapping(random, lines, column + step, step, budget, depth + 1);
    } else if (kind < 9) {
      lines.push(`${indent}- - ${scalar(random)}`);
      if (random.chance(0.5)) lines.push(`${indent}  - ${scalar(random)}`);
    } else {
      lines.push(`${indent}-`);
    }
    filler(random, lines, indent);
  }
}

/** A text with random damage: characters deleted, repeated or inserted, lines deleted, repeated or re-indented. */
export function damaged(random: Random, text: string): string {
  let result = text;
  const times = 1 + random.below(3);
  for (let n = 0; n < times; n++) {
    const at = random.below(result.length + 1);
    switch (random.below(7)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + 1);
        break;
      case 1:
        result = result.slice(0, at) + result.slice(at, at + 1) + result.slice(at);
        break;
      case 2:
        result = result.slice(0, at) + random.pick(DAMAGE) + result.slice(at);
        break;
      default: {
        const lines = result.split('\n');
        const line = random.below(lines.length);
        const op = random.below(4);
        if (op === 0) lines.splice(line, 1);
        else if (op === 1) lines.splice(line, 0, lines[line]);
        else if (op === 2) lines[line] = ' '.repeat(1 + random.below(3)) + lines[line];
        else lines[line] = lines[line].replace(/^ {1,2}/, '');
        result = lines.join('\n');
      }
    }
  }
  return result;
}
