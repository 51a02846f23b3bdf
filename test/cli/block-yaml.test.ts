/**
 * The loader's fast block-YAML reader (src/cli/block-yaml.ts) against js-yaml, the reader it
 * stands in for. Whenever the fast reader returns a value, js-yaml must return the same value
 * for the same document under the same schema (key order included) and must not throw; when the
 * fast reader declines, js-yaml reads the document and nothing is compared. Run on every YAML
 * file of the repository's fixtures and example app, on the benchmark's kind of stream, on
 * seeded random documents that mix what the reader takes with what it must decline, and on
 * randomly damaged fixture text. Then the loader as a whole: its output (objects, lines, errors,
 * notes) is the same with the fast reader as with js-yaml alone, and the same as loading the
 * whole stream with js-yaml's loadAll where that lines up with the documents (what the loader
 * did before it read documents one by one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as yaml from 'js-yaml';
import { NOT_MINE, readBlockDocument } from '../../src/cli/block-yaml';
import { KUBERNETES_YAML_SCHEMA, ParsedDocuments, parseText, schemaFor, splitDocuments } from '../../src/cli/load';
import { damaged, Random, randomDocument } from '../support/yaml-grammar';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');
const SCHEMAS: readonly (readonly [string, yaml.Schema])[] = [['core', yaml.CORE_SCHEMA], ['Kubernetes', KUBERNETES_YAML_SCHEMA]];

function yamlFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

/** Every YAML file of the fixtures and the example app's output, as text. */
const CORPUS = [...yamlFilesUnder(path.join(ROOT, 'test', 'fixtures')), ...yamlFilesUnder(path.join(ROOT, 'examples', 'dist'))]
  .map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));

/** The documents of the corpus, each as its own text. */
const CORPUS_DOCUMENTS = CORPUS.flatMap(({ text }) => splitDocuments(text).map((chunk) => chunk.text));

interface Tally {
  documents: number;
  fast: number;
}

interface Mismatch {
  readonly document: string;
  readonly schema: string;
  readonly fast: unknown;
  readonly jsYaml: unknown;
}

/** js-yaml's reading of one document: its value, or the message it threw. */
function jsYamlReading(text: string, schema: yaml.Schema): { value?: unknown; threw?: string } {
  try {
    return { value: yaml.load(text, { schema }) };
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

/**
 * Reads every document of `text` both ways under `schema`, counts the documents and the ones the
 * fast reader took, and records each disagreement.
 */
function compareDocuments(text: string, schema: yaml.Schema, schemaName: string, tally: Tally, mismatches: Mismatch[]): void {
  for (const chunk of splitDocuments(text)) {
    tally.documents++;
    const fast = readBlockDocument(text, chunk.start, chunk.end, schema);
    if (fast === NOT_MINE) continue;
    tally.fast++;
    const expected = jsYamlReading(chunk.text, schema);
    const same = expected.threw === undefined && isDeepStrictEqual(fast, expected.value)
      && JSON.stringify(fast) === JSON.stringify(expected.value);
    if (!same) mismatches.push({ document: chunk.text, schema: schemaName, fast, jsYaml: expected.threw ?? expected.value });
  }
}

/**
 * `compareDocuments` under both schemas the loader uses (schemaFor picks one of them); the tally
 * counts under the one it picks.
 */
function compareUnderEverySchema(text: string, tally: Tally, mismatches: Mismatch[]): void {
  const picked = schemaFor(text);
  for (const [name, schema] of SCHEMAS) compareDocuments(text, schema, name, schema === picked ? tally : { documents: 0, fast: 0 }, mismatches);
}

describe('the fast reader returns what js-yaml returns, or declines', () => {
  test('every document of the fixtures and the example app, nearly all of them read by the fast reader', () => {
    const tally = { documents: 0, fast: 0 };
    const mismatches: Mismatch[] = [];
    for (const { text } of CORPUS) compareUnderEverySchema(text, tally, mismatches);
    expect(mismatches).toEqual([]);
    expect(CORPUS.length).toBeGreaterThan(50);
    // 320 of 322 today: one ConfigMap with a block scalar, one Helm template.
    expect(tally.fast / tally.documents).toBeGreaterThan(0.97);
  });

  test('the benchmark\'s kind of stream (fixture objects as js-yaml dumps them) is read by the fast reader throughout', () => {
    const objects = yamlFilesUnder(path.join(ROOT, 'test', 'fixtures', 'compliant'))
      .flatMap((file) => yaml.loadAll(fs.readFileSync(file, 'utf8')) as object[]);
    const docs: string[] = [];
    for (let copy = 0; docs.length < 1_000; copy++) {
      for (const object of objects) {
        const renamed = JSON.parse(JSON.stringify(object).replace(/"name":"([^"]*)"/g, `"name":"$1-${copy}"`));
        docs.push(yaml.dump(renamed, { lineWidth: -1 }));
      }
    }
    const text = docs.join('---\n');
    const tally = { documents: 0, fast: 0 };
    const mismatches: Mismatch[] = [];
    compareUnderEverySchema(text, tally, mismatches);
    expect(mismatches).toEqual([]);
    expect(tally).toEqual({ documents: docs.length, fast: docs.length });
  });

  test('every plain scalar of up to three characters from YAML\'s number, null and boolean alphabet, as a value and as a key', () => {
    const alphabet = ['0', '1', '7', '8', '9', '.', '+', '-', '_', 'e', 'E', 'x', 'o', 'b', 'f', 'n', 'N', 'y', 'Y', 'O', 't', '~', '<', ':', 'a'];
    const scalars: string[] = [...alphabet];
    for (const a of alphabet) for (const b of alphabet) scalars.push(a + b);
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) scalars.push(a + b + c);
    const tally = { documents: 0, fast: 0 };
    const mismatches: Mismatch[] = [];
    for (const scalar of scalars) {
      for (const [name, schema] of SCHEMAS) compareDocuments(`value: ${scalar}\n${scalar}: key\nlist:\n- ${scalar}\nflow: [${scalar}]\n`, schema, name, tally, mismatches);
    }
    expect(mismatches).toEqual([]);
    // Most of them are ordinary scalars in every position; the rest (`-`, `:`, `<<` as a key, ...) are declined.
    expect(tally.fast / tally.documents).toBeGreaterThan(0.8);
  });

  test('20,000 seeded random documents mixing what the reader takes with what it must decline, whole and damaged', () => {
    const random = new Random(14);
    const tally = { documents: 0, fast: 0 };
    const mismatches: Mismatch[] = [];
    for (let i = 0; i < 20_000; i++) {
      const document = randomDocument(random);
      compareUnderEverySchema(random.chance(0.3) ? damaged(random, document) : document, tally, mismatches);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Both sides are exercised: a good share is read by the fast reader, a good share declined.
    expect(tally.fast / tally.documents).toBeGreaterThan(0.15);
    expect(tally.fast / tally.documents).toBeLessThan(0.85);
  });

  test('10,000 random damages to fixture documents: characters and lines deleted, repeated, inserted, re-indented', () => {
    const random = new Random(1414);
    const tally = { documents: 0, fast: 0 };
    const mismatches: Mismatch[] = [];
    for (let i = 0; i < 10_000; i++) compareUnderEverySchema(damaged(random, random.pick(CORPUS_DOCUMENTS)), tally, mismatches);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(tally.fast / tally.documents).toBeGreaterThan(0.2);
  });
});

describe('what the fast reader takes and what it leaves to js-yaml', () => {
  const read = (text: string, schema: yaml.Schema = yaml.CORE_SCHEMA) => readBlockDocument(text, 0, text.length, schema);

  test.each([
    ['numbers in every notation', 'a: 0755\nb: 1e3\nc: .5\nd: +1\ne: 0x1F\nf: -0\ng: .inf\nh: 1.0\n', { a: 755, b: 1000, c: 0.5, d: 1, e: 31, f: 0, g: Infinity, h: 1 }],
    ['nulls and empty values', 'a: ~\nb: null\nc:\nd: # nothing\n', { a: null, b: null, c: null, d: null }],
    ['keys that resolve to other types become their strings', '1.0: a\n0x1F: b\ntrue: c\n~: d\n', { 1: 'a', 31: 'b', true: 'c', null: 'd' }],
    ['a sequence in its key\'s column, and mappings in sequences', 'key:\n- a\n- name: b\n  v: 1\nnext: x\n', { key: ['a', { name: 'b', v: 1 }], next: 'x' }],
    ['comments, trailing blanks, CRLF line ends', '--- # doc\r\na: b   # c\r\n# own line\r\n  # deeper\r\nc: "d" \r\n', { a: 'b', c: 'd' }],
    ['quotes and escapes', 'a: \'it\'\'s\'\nb: "tab\\t\\u00e9\\U0001F600"\nc: "a # b"\n', { a: 'it\'s', b: 'tab\t\u00e9\u{1F600}', c: 'a # b' }],
    ['one-line flow collections', 'a: [x, "y", 1]\nb: {cpu: 100m, memory: 64Mi}\nc: []\nd: {}\ne: [{type: T}]\n', { a: ['x', 'y', 1], b: { cpu: '100m', memory: '64Mi' }, c: [], d: {}, e: [{ type: 'T' }] }],
    ['colons and hashes inside plain scalars', 'image: nginx:1.27\nurl: http://x:80/#a\nkey: a#b\n', { image: 'nginx:1.27', url: 'http://x:80/#a', key: 'a#b' }],
  ])('takes %s', (_, text, expected) => {
    const value = read(text);
    expect(value).toEqual(expected);
    expect(isDeepStrictEqual(value, yaml.load(text, { schema: yaml.CORE_SCHEMA }))).toBe(true);
  });

  test('a `__proto__` key is an own property, as js-yaml makes it, never the prototype', () => {
    const value = read('__proto__: {polluted: true}\n') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(isDeepStrictEqual(value, yaml.load('__proto__: {polluted: true}\n'))).toBe(true);
  });

  test('YAML 1.1 booleans follow the schema', () => {
    expect(read('a: yes\nno: b\n', KUBERNETES_YAML_SCHEMA)).toEqual({ a: true, false: 'b' });
    expect(read('a: yes\nno: b\n', yaml.CORE_SCHEMA)).toEqual({ a: 'yes', no: 'b' });
  });

  test.each([
    ['an anchor', 'a: &x 1\n'],
    ['an alias', 'a: 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a folded scalar', 'a: >-\n  text\n'],
    ['a plain scalar over two lines', 'a: one\n  two\n'],
    ['a quoted scalar over two lines', 'a: "one\n  two"\n'],
    ['a flow collection over two lines', 'a: [1,\n  2]\n'],
    ['a pair inside a flow sequence', 'a: [b: c]\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key spelled differently', '1: a\n"1": b\n'],
    ['a tab in the indentation', 'a:\n\tb: 1\n'],
    ['a tab after a value', 'a: b\t\n'],
    ['a lone carriage return', 'a: 1\rb: 2\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['content after the document marker', '--- {a: 1}\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['a NUL in a comment', 'a: 1 # \u0000\n'],
    ['an unknown escape', 'a: "\\q"\n'],
    ['a line indented between two levels', 'a:\n    b: 1\n  c: 2\n'],
    ['a scalar document', 'just text\n'],
    ['a C1 control character', 'a: \u0085\n'],
    ['an empty entry followed by an entry in a lower column, which js-yaml adds to the inner sequence', '- - -\n- a\n'],
    ['text glued to the document marker, which js-yaml takes as the marker', '---a: 1\n'],
  ])('leaves %s to js-yaml', (_, text) => {
    expect(read(text)).toBe(NOT_MINE);
  });

  test('leaves a `<<` merge key to js-yaml under the Kubernetes schema, and reads it as a key under the core schema', () => {
    const text = 'base: {a: 1}\n<<: {b: 2}\n';
    expect(read(text, KUBERNETES_YAML_SCHEMA)).toBe(NOT_MINE);
    expect(read(text, yaml.CORE_SCHEMA)).toEqual({ 'base': { a: 1 }, '<<': { b: 2 } });
  });
});

describe('the loader reads the same with the fast reader as with js-yaml alone', () => {
  /** parseText from a copy of the loader whose fast reader always declines. */
  let jsYamlOnlyParseText: typeof parseText = parseText;
  beforeAll(() => {
    jest.isolateModules(() => {
      jest.doMock('../../src/cli/block-yaml', () => {
        const declined = Symbol('declined');
        return { NOT_MINE: declined, readBlockDocument: () => declined };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jsYamlOnlyParseText = (require('../../src/cli/load') as typeof import('../../src/cli/load')).parseText;
    });
    expect(jsYamlOnlyParseText).not.toBe(parseText);
  });

  const parsed = (parse: typeof parseText, text: string, file: string): ParsedDocuments => {
    const out: ParsedDocuments = { inputs: [], skipped: [], errors: [] };
    parse(text, file, out);
    return out;
  };

  /** The loader's output with and without the fast reader, for one text; undefined when the same. */
  const difference = (text: string, file: string) => {
    const fast = parsed(parseText, text, file);
    const jsYaml = parsed(jsYamlOnlyParseText, text, file);
    return isDeepStrictEqual(fast, jsYaml) && JSON.stringify(fast) === JSON.stringify(jsYaml) ? undefined : { file, text, fast, jsYaml };
  };

  /**
   * Where one loadAll over the whole text gives as many documents as the loader cuts, they are
   * the documents the loader reads one by one (so reading them one by one changed nothing).
   */
  const loadAllDifference = (text: string, file: string) => {
    const schema = schemaFor(text);
    let whole: unknown[];
    try {
      whole = yaml.loadAll(text, undefined, { schema }).filter((v) => v !== null && v !== undefined);
    } catch {
      return undefined;
    }
    const chunks = splitDocuments(text);
    if (whole.length !== chunks.length) return undefined;
    const oneByOne = chunks.map((chunk) => jsYamlReading(chunk.text, schema));
    const same = oneByOne.every((r, i) => r.threw === undefined && isDeepStrictEqual(r.value, whole[i]));
    return same ? undefined : { file, text };
  };

  test('on every file of the fixtures and the example app', () => {
    const differences = CORPUS.map(({ file, text }) => difference(text, file) ?? loadAllDifference(text, file)).filter((d) => d);
    expect(differences).toEqual([]);
    // The comparison has something to compare: objects, notes and errors.
    const all = CORPUS.map(({ file, text }) => parsed(parseText, text, file));
    expect(all.reduce((n, out) => n + out.inputs.length, 0)).toBeGreaterThan(250);
    expect(all.some((out) => out.skipped.length > 0)).toBe(true);
    expect(all.some((out) => out.errors.length > 0)).toBe(true);
  });

  test('on 500 randomly damaged fixture files and 500 random streams', () => {
    const random = new Random(2026);
    const differences: unknown[] = [];
    let errors = 0;
    for (let i = 0; i < 500; i++) {
      const { file, text } = random.pick(CORPUS);
      const damagedText = damaged(random, text);
      const stream = Array.from({ length: 1 + random.below(4) }, () => randomDocument(random)).join(random.pick(['---\n', '\n---\n', '...\n---\n']));
      for (const [name, t] of [[file, damagedText], [`stream-${i}.yaml`, stream]]) {
        const d = difference(t, name) ?? loadAllDifference(t, name);
        if (d) differences.push(d);
        errors += parsed(parseText, t, name).errors.length;
      }
    }
    expect(differences.slice(0, 3)).toEqual([]);
    expect(errors).toBeGreaterThan(50);
  });
});
