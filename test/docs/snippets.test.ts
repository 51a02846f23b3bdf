/**
 * Every TypeScript snippet in README.md and docs/ compiles as a reader would paste it: a whole
 * file that imports from 'cdk8s-batch', 'cdk8s' and 'cdk8s-plus-28'. 'cdk8s-batch' is mapped to
 * this repository's sources, and all snippets are type-checked in one TypeScript program.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { codeBlocks, documentationFiles, REPO_ROOT } from './markdown';

interface Snippet {
  /** Where a reader finds it: `docs/cli.md:12`. */
  readonly where: string;
  readonly code: string;
  readonly firstLine: number;
}

function documentationSnippets(): Snippet[] {
  return documentationFiles().flatMap((file) =>
    codeBlocks(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))
      .filter((block) => block.language === 'ts' || block.language === 'typescript')
      .map((block) => ({ where: `${file}:${block.firstLine}`, code: block.code, firstLine: block.firstLine })));
}

/**
 * Type-checks the snippets together and returns each one's errors as
 * `file:line: message`, keyed by the snippet's `where`. Each snippet is its own module (an
 * empty export is appended) so two snippets may both declare `app`.
 */
function typeCheck(snippets: readonly Snippet[]): Map<string, string[]> {
  const config = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.dev.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    // A snippet may show a value it does not use further (a chart the reader fills in).
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: {
      'cdk8s-batch': [path.join(REPO_ROOT, 'src', 'index.ts')],
      'cdk8s-batch/lib/*': [path.join(REPO_ROOT, 'src', '*')],
    },
  };
  // The snippets live in memory under the repository, so 'cdk8s' resolves from its node_modules.
  const virtualDir = path.join(REPO_ROOT, '.doc-snippets');
  const files = new Map<string, Snippet>();
  snippets.forEach((snippet, index) => files.set(path.join(virtualDir, `snippet-${index}.ts`), snippet));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const textOf = (fileName: string): string | undefined => {
    const snippet = files.get(path.resolve(fileName));
    return snippet === undefined ? undefined : `${snippet.code}\nexport {};\n`;
  };
  host.readFile = (fileName) => textOf(fileName) ?? readFile(fileName);
  host.fileExists = (fileName) => files.has(path.resolve(fileName)) || fileExists(fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = textOf(fileName);
    return text === undefined
      ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const errors = new Map<string, string[]>(snippets.map((snippet) => [snippet.where, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file ? files.get(path.resolve(diagnostic.file.fileName)) : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!snippet || !diagnostic.file || diagnostic.start === undefined) {
      // An error outside the snippets (the sources, the configuration) fails every snippet.
      for (const list of errors.values()) list.push(`outside the snippets: ${message}`);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const [file] = snippet.where.split(':');
    errors.get(snippet.where)!.push(`${file}:${snippet.firstLine + line}: ${message}`);
  }
  return errors;
}

const snippets = documentationSnippets();

// A snippet that must not compile, checked in the same program: the check can fail.
const broken: Snippet = {
  where: 'self-test:1',
  firstLine: 1,
  code: [
    "import { App, Chart } from 'cdk8s';",
    "import { ReconciliationCronJob } from 'cdk8s-batch';",
    'const app = new App();',
    "new ReconciliationCronJob(new Chart(app, 'x'), 'job', { schedule: '15 1 * * *' });",
  ].join('\n'),
};

let results: Map<string, string[]>;
beforeAll(() => {
  results = typeCheck([...snippets, broken]);
}, 180_000);

test('README.md and docs/ show TypeScript snippets', () => {
  const wheres = snippets.map((snippet) => snippet.where.split(':')[0]);
  expect(wheres).toContain('README.md');
  expect(wheres).toContain('docs/constructs/queue-worker.md');
});

test('a snippet missing required props does not compile', () => {
  expect(results.get(broken.where)!.join('\n')).toMatch(/owner/);
});

test.each(snippets.map((snippet) => [snippet.where, snippet] as const))('%s compiles', (where) => {
  expect(results.get(where)).toEqual([]);
});
