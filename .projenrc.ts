import { cdk8s, javascript } from 'projen';
import { EXAMPLE_KUBERNETES_VERSION } from './examples/kubernetes-version';

// Versions the library is built and tested against. Peer ranges let users bring newer 2.x.
const CDK8S_VERSION = '2.70.106';
const CDK8S_PLUS_VERSION = '2.5.6';
const CONSTRUCTS_VERSION = '10.4.2';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-batch',
  description:
    'cdk8s constructs for Kubernetes Jobs, CronJobs and queue workers that are safe by default and prove it.',
  author: 'cdk8s-batch team',
  authorAddress: 'team@example.com',
  repositoryUrl: 'https://github.com/example/cdk8s-batch',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  cdk8sVersion: CDK8S_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,
  keywords: ['cdk8s', 'kubernetes', 'job', 'cronjob', 'batch', 'keda'],
  // jsii 6 needs Node >= 20.16; the tests run on Node 20 (CHANGELOG.md says which versions are
  // tested and which are expected to work).
  minNodeVersion: '20.16.0',
  // lib/ ships without source maps: inline maps with sources doubled the size of every file.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },

  // The audit CLI: reads YAML with the checklist's rules, never loads cdk8s.
  bin: { 'cdk8s-batch': 'lib/cli/main.js' },

  // The other jsii languages (docs/languages.md). The names follow the placeholder repository
  // (github.com/example/cdk8s-batch): Maven group io.github.example (the group Maven Central
  // grants a GitHub account), Go module in a `-go` repository beside it, the way cdk8s publishes
  // its own Go modules. `npx projen package-all` builds all of them into dist/. No .NET: there is
  // no .NET SDK on the project's machines.
  publishToPypi: { distName: 'cdk8s-batch', module: 'cdk8s_batch' },
  publishToMaven: {
    mavenGroupId: 'io.github.example',
    mavenArtifactId: 'cdk8s-batch',
    javaPackage: 'io.github.example.cdk8sbatch',
  },
  publishToGo: { moduleName: 'github.com/example/cdk8s-batch-go', packageName: 'cdk8sbatch' },

  // CI is `.ci/run` on a fresh clone, not GitHub workflows.
  github: false,
  release: false,
  sampleCode: false,

  peerDeps: [`cdk8s-plus-28@^${CDK8S_PLUS_VERSION}`],
  // The audit CLI reads YAML without loading cdk8s; these ship inside the package.
  bundledDeps: ['js-yaml@^4.1.0'],
  devDeps: [
    `cdk8s-plus-28@${CDK8S_PLUS_VERSION}`,
    // Official Kubernetes OpenAPI schemas (CommonJS build, k8s 1.33) for manifest validation in tests.
    'kubernetes-models@4.5.1',
    // Field lists of every built-in type, used to reject unknown fields in tests.
    '@kubernetes/client-node@2.0.1',
    // Strict schemas for the KEDA and prometheus-operator CRDs we emit; the last CommonJS releases
    // built on the same @kubernetes-models/base 5 / validate 4 as kubernetes-models 4.5.1.
    '@kubernetes-models/keda@0.4.2',
    '@kubernetes-models/prometheus-operator@4.4.4',
    'yaml@^2',
    '@types/js-yaml@^4',
    'fast-check@^4',
    'ajv@^8',
    'ajv-formats@^3',
    // The SARIF 2.1.0 JSON schema (lib/schemas/sarif-2.1.0-rtm.5.json, draft-04) and Ajv's
    // draft-04 class: tests validate `cdk8s-batch audit --format sarif` against it.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'ajv-draft-04@1.0.0',
    // Benchmark baseline for the schedule engine (npm cron library, not Kubernetes-exact).
    'croner@^9',
    // The Prometheus project's own PromQL grammar (CommonJS build included): tests parse every
    // alert expression we emit with it. @lezer/* are its peer dependencies.
    '@prometheus-io/lezer-promql@0.315.0',
    '@lezer/lr@1.4.12',
    '@lezer/highlight@1.2.5',
    // A conformant CEL evaluator: the fast differential test evaluates the generated admission
    // policies in-process (the Go harness with Kubernetes' own CEL is the authority).
    '@bufbuild/cel@0.6.1',
  ],

  // Tests and tooling outside src/ (examples, benchmarks) type-check with this config.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    compilerOptions: {},
  },

  eslintOptions: {
    // One typed-lint project for src, tests, examples and benchmarks (the dev tsconfig includes
    // them all; the project service would look for a tsconfig.json beside each folder).
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', '.projenrc.ts'],
  },

  jestOptions: {
    // A snapshot mismatch must fail the build; `npx projen test:update` refreshes them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // The API-server harness (test/k8s-validate, Go): built once per run, before the workers
      // start; every chart a test synthesizes goes through it after that test, at the chart's
      // target version; the teardown writes how many documents it checked.
      globalSetup: '<rootDir>/test/support/api-server-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/api-server-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/api-server-setup.ts'],
    },
  },
});

project.gitignore.exclude('/examples/cdk8s.out/');

// The version is set here, not by a release workflow (release: false); CHANGELOG.md has its entry.
project.package.addVersion('0.1.0');

// The tarball holds lib/, .jsii, API.md, README.md, LICENSE, CHANGELOG.md, docs/ and schemas/;
// test/packaging/pack.test.ts asserts it. CI scripts, benchmarks and the example app's sources
// stay in the repository.
for (const pattern of ['/.ci/', '/bench/', '/examples/*.ts', '/examples/cdk8s.yaml']) {
  project.addPackageIgnore(pattern);
}
// A bundled dependency ships its own files, whatever .npmignore says: remove the source maps
// js-yaml carries for its browser builds (unused by Node) before npm packs it.
project.package.setScript('prepack', 'ts-node --project tsconfig.dev.json --transpile-only projenrc/prune-bundled-source-maps.ts');

// The main job a newcomer runs: synthesize the example app (committed under examples/dist/ so
// reviewers see the YAML a change produces).
project.addTask('synth:example', {
  description: 'Synthesize the example app into examples/dist/',
  exec: 'ts-node --project tsconfig.dev.json examples/main.ts',
});

// ...and audit it with the checklist, the way a GitOps pipeline would audit committed YAML: for
// the release the app targets, so field-needs-newer-kubernetes runs too.
project.addTask('audit:example', {
  description: 'Audit examples/dist/ with the cdk8s-batch CLI (zero findings expected)',
  exec: `ts-node --project tsconfig.dev.json --transpile-only src/cli/main.ts audit --kubernetes-version ${EXAMPLE_KUBERNETES_VERSION} examples/dist`,
});

// The rule reference, docs/rules/<id>.md and its index, generated from the rule objects and what
// the constructs emit. The build regenerates it, so a stale page shows up as a changed file in CI
// (and test/rules/rule-docs.test.ts fails on it).
const docsRules = project.addTask('docs:rules', {
  description: 'Generate docs/rules/ from the rule objects',
  exec: 'ts-node --project tsconfig.dev.json --transpile-only projenrc/rule-docs.ts',
});
project.postCompileTask.spawn(docsRules);

// The install test: packs the library, installs the tarball into a new TypeScript app as the
// README says, synthesizes every construct and audits the result (test/install/run.ts). It needs
// lib/ and the npm registry, so .ci/run runs it after the build rather than inside jest.
project.addTask('test:install', {
  description: 'Install the packed tarball into a new app, synthesize every construct and audit the output',
  exec: 'ts-node --project tsconfig.dev.json --transpile-only test/install/run.ts',
});

// The Java and Go bindings of cdk8s and cdk8s-plus-28, generated by jsii-pacmak from their npm
// packages (the same assemblies and generator their published artifacts come from) into
// node_modules/<package>/dist/, where jsii-pacmak looks for local builds of dependencies: the
// registries this project's machines reach serve neither their Maven artifacts nor their Go
// modules, and `package:java` / `package:go` compile against them. Skipped when already built.
for (const [target, builtFile] of [
  ['java', `node_modules/cdk8s-plus-28/dist/java/org/cdk8s/cdk8s-plus-28/${CDK8S_PLUS_VERSION}/cdk8s-plus-28-${CDK8S_PLUS_VERSION}.jar`],
  ['go', 'node_modules/cdk8s-plus-28/dist/go/cdk8splus28/version'],
]) {
  const bindings = project.addTask(`package:cdk8s-bindings:${target}`, {
    description: `Generate the ${target} bindings of cdk8s and cdk8s-plus-28 from their npm packages (for package:${target})`,
  });
  bindings.exec(`test -f ${builtFile} || jsii-pacmak node_modules/cdk8s node_modules/cdk8s-plus-28 --target ${target}`);
  project.tasks.tryFind(`package:${target}`)?.prependSpawn(bindings);
}

// The cross-language test: builds the wheel, the Maven artifact and the Go module, runs the
// example app in Python, Java and Go against them and compares their YAML with TypeScript's byte
// for byte (test/languages/run.ts). Needs lib/, PyPI, Maven's default repository and the Go module
// proxy, so .ci/run runs it after the build, like the install test.
project.addTask('test:languages', {
  description: 'Package Python, Java and Go and check the example app synthesizes the same YAML in each',
  exec: 'ts-node --project tsconfig.dev.json --transpile-only test/languages/run.ts',
});

// Benchmarks compare against a baseline in the same run and print ratios; they are not tests.
const benchmarks: Record<string, string> = {
  'bench:synth': 'ReconciliationCronJob synthesis vs the same manifests hand-built with cdk8s-plus-28',
  'bench:schedule': 'next-run computations per second vs croner',
  'bench:audit': 'auditing a 10,000-document YAML vs parsing it alone',
};
for (const [name, description] of Object.entries(benchmarks)) {
  project.addTask(name, {
    description,
    exec: `ts-node --project tsconfig.dev.json --transpile-only bench/${name.split(':')[1]}.ts`,
  });
}

project.synth();
