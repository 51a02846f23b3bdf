import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/rules/pack';

/*
 * What `npm pack` puts in the tarball, by pattern, so a new bundled dependency or module does not
 * break the test but a file that must ship (or must not) does. Needs lib/ (`npx projen compile`;
 * the build compiles before it tests).
 */

const ROOT = path.join(__dirname, '..', '..');

function packedFiles(): string[] {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` before this test');
  }
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [report] = JSON.parse(out) as { files: { path: string }[] }[];
  return report.files.map((f) => f.path).sort();
}

const files = packedFiles();

test('the tarball holds the library, its docs, the JSON schema and the bundled YAML reader', () => {
  const must = [
    'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'API.md', '.jsii',
    'lib/index.js', 'lib/index.d.ts', 'lib/errors.js', 'lib/cli/main.js',
    'schemas/audit-report.schema.json',
    'docs/rules/README.md', ...RULES.map((r) => `docs/rules/${r.id}.md`),
    'node_modules/js-yaml/package.json', 'node_modules/js-yaml/index.js',
  ];
  expect(must.filter((f) => !files.includes(f))).toEqual([]);
  // Every module compiles to JavaScript with its declarations beside it.
  const js = files.filter((f) => f.startsWith('lib/') && f.endsWith('.js'));
  expect(js.length).toBeGreaterThan(50);
  expect(js.filter((f) => !files.includes(f.replace(/\.js$/, '.d.ts')))).toEqual([]);
});

test('the tarball leaves out sources, tests, CI, benchmarks, the example app and every source map', () => {
  const mustNot: RegExp[] = [
    /^src\//, /^test\//, /^\.ci\//, /^bench\//, /^projenrc\//, /^\.projen/, /^examples\/.*\.ts$/, /^examples\/cdk8s\.yaml$/,
    /(^|\/)tsconfig[^/]*\.json$/, /^\.projenrc/, /^\.eslintrc/, /^coverage\//, /^test-reports\//, /\.tsbuildinfo$/,
    /\.map$/,
  ];
  expect(files.filter((f) => mustNot.some((p) => p.test(f)))).toEqual([]);
});

test('no shipped JavaScript carries an inline source map', () => {
  const withMaps = files
    .filter((f) => f.endsWith('.js') && !f.startsWith('node_modules/'))
    .filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').includes('sourceMappingURL=data:'));
  expect(withMaps).toEqual([]);
});
