import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { javaProgram, readmeSnippets, typescriptProgram } from './readme-snippets';
import { buildExampleApp } from '../../examples/app';
import { BatchErrors, ExplainedSynth, ReconciliationCronJob, ValidationErrorDetails } from '../../src';
import { expectFile, runCommand, StepRunner } from '../support/step-runner';

/*
 * The cross-language test (`npx projen test:languages`, run by .ci/run after the build): builds
 * the Python wheel, the Maven artifact and the Go module with jsii-pacmak (the projen package
 * tasks), runs the example app (examples/app.ts, every construct with the same props) written in
 * Python (test/languages/python), Java (test/languages/java) and Go (test/languages/go) against
 * them, and requires each language's YAML to be byte-identical to the TypeScript app's. All six
 * charts go through ExplainedSynth in every language, so the `# why:` comments are compared too.
 * Each app also makes one bad schedule and prints what BatchErrors.parse read from the exception
 * the host language raised; that must equal the details TypeScript's BatchValidationError carries.
 * Last in each language, the README's snippet of the tour's construct in that language runs as a
 * reader would run it and must write the same YAML as the README's TypeScript tour.
 *
 * Everything is pinned: the Python requirements (requirements.txt, installed with --no-deps), the
 * Maven dependencies and plugins (pom.xml), the Go modules (go.sum). Each step is a JUnit test
 * case in test-reports/languages-junit.xml, which .ci/run counts with the other reports; each
 * step's time is printed, so the cost per language in CI is visible. Needs lib/ (the packages
 * embed it), python3, mvn and java, go, PyPI, Maven's default repository and the Go module proxy.
 */

const ROOT = path.join(__dirname, '..', '..');
const HERE = __dirname;
const REPORT = path.join(ROOT, 'test-reports', 'languages-junit.xml');
const MINUTE = 60_000;
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

// A group per language: a failed step stops the later steps of its language only.
const steps = new StepRunner({ classname: (language) => `languages.${language}`, label: (language, name) => `${language}: ${name}` });
const step = (language: string, name: string, body: () => void) => steps.step(language, name, body);

/** The YAML files of an output folder, by name. */
function readOutput(dir: string): Map<string, string> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  return new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Throws naming the first file and line where `actual` differs from the TypeScript output (`expected`). */
function expectSameYaml(language: string, actualDir: string, expected: ReadonlyMap<string, string> = reference): void {
  const actual = readOutput(actualDir);
  const expectedNames = [...expected.keys()].join(', ');
  const actualNames = [...actual.keys()].join(', ');
  if (expectedNames !== actualNames) throw new Error(`${language} wrote ${actualNames || 'no YAML'}; TypeScript wrote ${expectedNames}`);
  for (const [file, text] of expected) {
    const other = actual.get(file)!;
    if (other === text) continue;
    const want = text.split('\n');
    const got = other.split('\n');
    const line = want.findIndex((l, i) => l !== got[i]);
    const at = line < 0 ? want.length : line;
    throw new Error(`${file} differs first at line ${at + 1}:\n  TypeScript: ${JSON.stringify(want[at])}\n  ${language}: ${JSON.stringify(got[at])}`);
  }
}

/** Checks the last stdout line of an app: what BatchErrors.parse read from the host's exception. */
function expectParsedError(language: string, stdout: string, exceptionKind: RegExp): void {
  const lines = stdout.trim().split('\n');
  const report = JSON.parse(lines[lines.length - 1]) as { exception: string | null; message?: string; details?: ValidationErrorDetails | null };
  if (!report.exception) throw new Error(`${language}: the bad schedule raised no exception`);
  if (!exceptionKind.test(report.exception)) throw new Error(`${language}: the bad schedule raised ${report.exception}, expected ${exceptionKind}`);
  if (!report.message?.startsWith(BatchErrors.MESSAGE_PREFIX)) {
    throw new Error(`${language}: the exception's message does not start with ${BatchErrors.MESSAGE_PREFIX}: ${report.message}`);
  }
  // The same key order on both sides (Go's encoder sorts keys).
  const fields = (d: ValidationErrorDetails | null | undefined) =>
    JSON.stringify(d ? { constructPath: d.constructPath, prop: d.prop, value: d.value, allowed: d.allowed } : d);
  const got = fields(report.details);
  const want = fields(expectedError);
  if (got !== want) throw new Error(`${language}: BatchErrors.parse read\n  ${got}\nTypeScript's error carries\n  ${want}`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-languages-'));
// jsii prints a banner on stderr for Node versions it no longer supports (Node 20 on the CI
// machine); the output is unaffected, so the apps run without it.
const quiet = {
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
};
let reference = new Map<string, string>();
let expectedError: ValidationErrorDetails | undefined;

step('typescript', 'the example app synthesizes (the reference output)', () => {
  const outdir = path.join(work, 'typescript');
  const app = buildExampleApp(outdir);
  ExplainedSynth.synth(app);
  reference = readOutput(outdir);
  // One file per chart of the app, whatever charts the example gains.
  if (reference.size !== app.charts.length) {
    throw new Error(`expected ${app.charts.length} charts, got ${[...reference.keys()].join(', ')}`);
  }
  // The same bad schedule the other languages make.
  try {
    new ReconciliationCronJob(new Chart(new App(), 'errors'), 'bad-schedule', {
      schedule: '61 * * * *',
      owner: 'finance-platform',
      runbook: 'https://runbooks.example.com/finance/ledger-reconciliation',
      maxDownstreamQps: 50,
      idempotencyKey: 'ledger-reconciliation:{businessDate}',
      container: { image: 'registry.example.com/finance/reconciler:1', resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) } },
    });
  } catch (e) {
    expectedError = BatchErrors.detailsOf(e);
  }
  if (!expectedError) throw new Error('the bad schedule did not raise a BatchValidationError');
});

// The README's construct snippets: the tour in TypeScript is the reference for the same construct
// in Python, Java and Go (test/languages/readme-snippets.ts). Each runs as a reader would run it,
// app.synth() writing dist/ in its own folder.
const snippets = readmeSnippets(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
let tourReference = new Map<string, string>();
/** A new folder for one snippet's program; its YAML lands in its dist/. */
function snippetFolder(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  return dir;
}
step('typescript', "the README's tour synthesizes (the reference for its other languages)", () => {
  const dir = snippetFolder('readme-typescript');
  // The packages it imports, as a reader's node_modules holds them ('cdk8s-batch' is lib/ here).
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'cdk8s-batch'), 'dir');
  for (const dependency of ['cdk8s', 'cdk8s-plus-28', 'constructs']) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', dependency), path.join(dir, 'node_modules', dependency), 'dir');
  }
  fs.writeFileSync(path.join(dir, 'app.js'), typescriptProgram(snippets.typescript));
  runCommand(process.execPath, ['app.js'], dir, MINUTE);
  tourReference = readOutput(path.join(dir, 'dist'));
  if (tourReference.size === 0) throw new Error('the tour wrote no YAML');
});

// Python: the wheel in a new virtual environment with the pinned requirements.
const venv = path.join(work, 'venv');
const wheel = path.join(ROOT, 'dist', 'python', `cdk8s_batch-${VERSION.replace(/-/g, '_')}-py3-none-any.whl`);
step('python', 'npx projen package:python builds the wheel', () => {
  runCommand('npx', ['projen', 'package:python'], ROOT, 15 * MINUTE);
  expectFile(wheel);
});
step('python', 'the wheel and the pinned requirements install into a new virtual environment', () => {
  runCommand('python3', ['-m', 'venv', venv], work, 2 * MINUTE);
  runCommand(path.join(venv, 'bin', 'pip'), ['install', '--no-input', '--disable-pip-version-check', '--no-deps',
    '-r', path.join(HERE, 'python', 'requirements.txt'), wheel], work, 10 * MINUTE);
  // --no-deps installed exactly the pins; `pip check` says whether they satisfy every requirement.
  runCommand(path.join(venv, 'bin', 'pip'), ['check', '--disable-pip-version-check'], work, MINUTE);
});
let pythonStdout = '';
step('python', 'the Python app synthesizes YAML byte-identical to TypeScript', () => {
  const outdir = path.join(work, 'python');
  pythonStdout = runCommand(path.join(venv, 'bin', 'python'), [path.join(HERE, 'python', 'app.py'), outdir], work, 5 * MINUTE, quiet);
  expectSameYaml('Python', outdir);
});
step('python', 'BatchErrors.parse reads a RuntimeError', () => expectParsedError('Python', pythonStdout, /^RuntimeError$/));
step('python', "the README's Python snippet synthesizes the tour's YAML", () => {
  const dir = snippetFolder('readme-python');
  fs.writeFileSync(path.join(dir, 'app.py'), snippets.python);
  runCommand(path.join(venv, 'bin', 'python'), ['app.py'], dir, 2 * MINUTE, quiet);
  expectSameYaml('Python (README)', path.join(dir, 'dist'), tourReference);
});

// Java: the jar in a Maven build with pinned dependencies and a new, empty local repository.
const m2 = path.join(work, 'm2');
const jar = path.join(ROOT, 'dist', 'java', 'io', 'github', 'example', 'cdk8s-batch', VERSION, `cdk8s-batch-${VERSION}.jar`);
step('java', 'npx projen package:java builds the Maven artifact', () => {
  runCommand('npx', ['projen', 'package:java'], ROOT, 30 * MINUTE);
  expectFile(jar);
});
let javaStdout = '';
step('java', 'the Java app compiles against the jar with pinned dependencies', () => {
  // The locally built repositories (ours and the cdk8s bindings package:java generated) become
  // part of the empty local repository; everything else comes from Maven's default repository.
  for (const repo of ['dist/java', 'node_modules/cdk8s/dist/java', 'node_modules/cdk8s-plus-28/dist/java']) {
    fs.cpSync(path.join(ROOT, repo), m2, { recursive: true });
  }
  const project = path.join(work, 'java');
  fs.cpSync(path.join(HERE, 'java'), project, { recursive: true, filter: (src) => path.basename(src) !== 'target' });
  runCommand('mvn', ['--batch-mode', '--quiet', `-Dmaven.repo.local=${m2}`, 'compile', 'dependency:build-classpath',
    '-Dmdep.outputFile=target/classpath.txt'], project, 15 * MINUTE);
});
step('java', 'the Java app synthesizes YAML byte-identical to TypeScript', () => {
  const project = path.join(work, 'java');
  const classpath = `target/classes${path.delimiter}${fs.readFileSync(path.join(project, 'target', 'classpath.txt'), 'utf8').trim()}`;
  const outdir = path.join(work, 'java-out');
  javaStdout = runCommand('java', ['-cp', classpath, 'example.ExampleApp', outdir], project, 5 * MINUTE, quiet);
  expectSameYaml('Java', outdir);
});
step('java', 'BatchErrors.parse reads a JsiiError (a RuntimeException)', () => expectParsedError('Java', javaStdout, /^software\.amazon\.jsii\.JsiiError$/));
step('java', "the README's Java snippet compiles and synthesizes the tour's YAML", () => {
  const dir = snippetFolder('readme-java');
  const project = path.join(work, 'java');
  const dependencies = fs.readFileSync(path.join(project, 'target', 'classpath.txt'), 'utf8').trim();
  fs.writeFileSync(path.join(dir, 'ReadmeSnippet.java'), javaProgram(snippets.java, 'ReadmeSnippet'));
  runCommand('javac', ['-cp', dependencies, '-d', 'classes', 'ReadmeSnippet.java'], dir, 5 * MINUTE);
  runCommand('java', ['-cp', `classes${path.delimiter}${dependencies}`, 'ReadmeSnippet'], dir, 5 * MINUTE, quiet);
  expectSameYaml('Java (README)', path.join(dir, 'dist'), tourReference);
});

// Go: the module in dist/go through the replace directives of test/languages/go/go.mod.
let goStdout = '';
step('go', 'npx projen package:go builds the Go module', () => {
  runCommand('npx', ['projen', 'package:go'], ROOT, 15 * MINUTE);
  expectFile(path.join(ROOT, 'dist', 'go', 'cdk8sbatch', 'go.mod'));
});
step('go', 'the Go app compiles against the module (go.sum pinned)', () => {
  runCommand('go', ['build', '-mod=readonly', '-o', path.join(work, 'go-app'), '.'], path.join(HERE, 'go'), 15 * MINUTE);
});
step('go', 'the Go app synthesizes YAML byte-identical to TypeScript', () => {
  const outdir = path.join(work, 'go-out');
  goStdout = runCommand(path.join(work, 'go-app'), [outdir], work, 5 * MINUTE, quiet);
  expectSameYaml('Go', outdir);
});
step('go', 'BatchErrors_Parse reads the panic', () => expectParsedError('Go', goStdout, /^panic$/));
step('go', "the README's Go snippet builds and synthesizes the tour's YAML", () => {
  const dir = snippetFolder('readme-go');
  // The example app's pinned go.mod and go.sum, with its replace directives made absolute.
  const goMod = fs.readFileSync(path.join(HERE, 'go', 'go.mod'), 'utf8').replace(/=> \.\.\/\.\.\/\.\.\//g, `=> ${ROOT}/`);
  fs.writeFileSync(path.join(dir, 'go.mod'), goMod);
  fs.copyFileSync(path.join(HERE, 'go', 'go.sum'), path.join(dir, 'go.sum'));
  fs.writeFileSync(path.join(dir, 'main.go'), snippets.go);
  runCommand('go', ['build', '-mod=readonly', '-o', 'snippet', '.'], dir, 15 * MINUTE);
  runCommand(path.join(dir, 'snippet'), [], dir, 2 * MINUTE, quiet);
  expectSameYaml('Go (README)', path.join(dir, 'dist'), tourReference);
});

fs.rmSync(work, { recursive: true, force: true });
steps.writeJUnit(REPORT, 'languages');
for (const language of [...new Set(steps.results.map((r) => r.group))]) {
  const own = steps.results.filter((r) => r.group === language);
  console.log(`${language}: ${own.filter((r) => r.failure === undefined).length} of ${own.length} steps passed in ${own.reduce((s, r) => s + r.seconds, 0).toFixed(1)} s`);
}
for (const file of [wheel, jar]) {
  if (fs.existsSync(file)) console.log(`${path.relative(ROOT, file)}: ${fs.statSync(file).size} bytes`);
}
process.exitCode = steps.failed ? 1 : 0;
