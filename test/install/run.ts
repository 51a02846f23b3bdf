import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_KUBERNETES_VERSION } from '../../examples/kubernetes-version';
import { expectFile, runCommand, StepRunner } from '../support/step-runner';

/*
 * The install test (`npx projen test:install`, run by .ci/run after the build): packs the library
 * as npm would publish it, installs the tarball into a new TypeScript app with the README's
 * install command, type-checks and synthesizes the example app (every construct) against the
 * installed package, and audits the output with the installed CLI. It catches what unit tests
 * cannot: a file missing from the package, a broken `bin`, types that do not resolve outside the
 * repository. Each step is a JUnit test case in test-reports/install-junit.xml, which .ci/run
 * counts with the jest report. Needs lib/ (`npx projen compile`) and the npm registry.
 */

const ROOT = path.join(__dirname, '..', '..');
const REPORT = path.join(ROOT, 'test-reports', 'install-junit.xml');
/** The Kubernetes release the example app targets. */
const TARGET = EXAMPLE_KUBERNETES_VERSION;
const MINUTE = 60_000;

// One group: a failed step stops every later one.
const steps = new StepRunner({ classname: () => 'install', label: (_group, name) => name });
const step = (name: string, body: () => void) => steps.step('install', name, body);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-install-'));
const app = path.join(work, 'app');
let tarball = '';

step('npm pack builds the tarball from lib/', () => {
  expectFile(path.join(ROOT, 'lib', 'index.js'));
  const [packed] = JSON.parse(runCommand('npm', ['pack', '--json', '--pack-destination', work], ROOT, 2 * MINUTE)) as { filename: string }[];
  tarball = path.join(work, packed.filename);
  expectFile(tarball);
});

step('the README install command installs the tarball and its peers into a new app', () => {
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'install-test-app', version: '1.0.0', private: true }, null, 2)}\n`);
  // The README's command, with the tarball in place of the package name.
  runCommand('npm', ['install', '--no-audit', '--no-fund', tarball, 'cdk8s', 'constructs', 'cdk8s-plus-28'], app, 5 * MINUTE);
  // A TypeScript compiler (whatever npm resolves today, as a new user gets it) and Node's types.
  runCommand('npm', ['install', '--no-audit', '--no-fund', '--save-dev', 'typescript', '@types/node'], app, 5 * MINUTE);
  const installed = path.join(app, 'node_modules', 'cdk8s-batch');
  for (const file of ['lib/index.d.ts', 'lib/cli/main.js', 'docs/rules/README.md', 'schemas/audit-report.schema.json', 'CHANGELOG.md']) {
    expectFile(path.join(installed, file));
  }
});

step('the example app compiles against the installed package', () => {
  // examples/app.ts builds every construct; in a user's app it imports from 'cdk8s-batch'.
  const source = fs.readFileSync(path.join(ROOT, 'examples', 'app.ts'), 'utf8');
  const fromPackage = source.replace(/from '\.\.\/src'/g, "from 'cdk8s-batch'");
  if (fromPackage === source) throw new Error("examples/app.ts no longer imports from '../src'; update this test");
  fs.writeFileSync(path.join(app, 'app.ts'), fromPackage);
  // Its target release, a file of its own (without imports) so .projenrc.ts can read it too.
  fs.copyFileSync(path.join(ROOT, 'examples', 'kubernetes-version.ts'), path.join(app, 'kubernetes-version.ts'));
  fs.writeFileSync(path.join(app, 'main.ts'), "import { buildExampleApp } from './app';\n\nbuildExampleApp('dist').synth();\n");
  fs.writeFileSync(path.join(app, 'tsconfig.json'), `${JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'nodenext', strict: true, skipLibCheck: true, types: ['node'], outDir: 'out' },
    include: ['*.ts'],
  }, null, 2)}\n`);
  runCommand('npx', ['--no', '--', 'tsc', '-p', '.'], app, 3 * MINUTE);
});

step('the app synthesizes every construct', () => {
  runCommand(process.execPath, [path.join('out', 'main.js')], app, 3 * MINUTE);
  const yaml = fs.readdirSync(path.join(app, 'dist')).filter((f) => f.endsWith('.yaml'));
  const text = yaml.map((f) => fs.readFileSync(path.join(app, 'dist', f), 'utf8')).join('\n');
  for (const kind of ['CronJob', 'Job', 'Deployment', 'ScaledObject', 'ServiceAccount']) {
    if (!new RegExp(`^kind: ${kind}$`, 'm').test(text)) throw new Error(`no ${kind} in ${yaml.join(', ')}`);
  }
});

step(`npx cdk8s-batch audit passes the output (exit 0, --kubernetes-version ${TARGET})`, () => {
  runCommand('npx', ['--no', '--', 'cdk8s-batch', 'audit', '--kubernetes-version', TARGET, 'dist'], app, 2 * MINUTE);
  const version = runCommand('npx', ['--no', '--', 'cdk8s-batch', '--version'], app, MINUTE).trim();
  const expected = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  if (version !== expected) throw new Error(`cdk8s-batch --version printed ${version}, the package is ${expected}`);
});

fs.rmSync(work, { recursive: true, force: true });
steps.writeJUnit(REPORT, 'install test');
const total = steps.results.reduce((sum, r) => sum + r.seconds, 0);
console.log(`install test: ${steps.results.filter((r) => r.failure === undefined).length} of ${steps.results.length} steps passed in ${total.toFixed(1)} s`);
process.exitCode = steps.failed ? 1 : 0;
