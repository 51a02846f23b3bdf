/**
 * Output must not depend on the machine's locale or time zone: a CI runner with another LANG
 * would otherwise give backfill and cleanup Jobs new content-hashed names and re-run them.
 *
 * The example app is transpiled once, then synthesized by separate Node processes under several
 * LANG/LC_ALL and TZ values (Node's ICU takes its default locale from these variables, and
 * `localeCompare`, `Intl.Collator` and `toLocale*` follow it). Every output file must be
 * byte-identical to the run under LC_ALL=C, TZ=UTC.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as yaml from 'yaml';
import { LOCALE_SENSITIVE_ENV, LOCALE_SENSITIVE_PARAMETERS } from './support/locale-probe';
import { compareCodePoints } from '../src/core/code-point-order';

jest.setTimeout(240_000);

const root = path.join(__dirname, '..');
// Inside node_modules so the transpiled files resolve the project's dependencies.
const buildDir = path.join(root, 'node_modules', '.cache', 'locale-test');

/** Locales whose collation differs from the root order in ways that matter for ASCII names. */
const LOCALES = ['C', 'en_US.UTF-8', 'da_DK.UTF-8', 'tr_TR.UTF-8', 'ja_JP.UTF-8'];
const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];

interface Environment {
  readonly locale: string;
  readonly tz: string;
}

/** Every locale under UTC, every zone under the C locale, and two crossed pairs. */
const ENVIRONMENTS: Environment[] = [
  ...LOCALES.map((locale) => ({ locale, tz: 'UTC' })),
  ...ZONES.filter((tz) => tz !== 'UTC').map((tz) => ({ locale: 'C', tz })),
  { locale: 'da_DK.UTF-8', tz: 'Pacific/Chatham' },
  { locale: 'tr_TR.UTF-8', tz: 'America/New_York' },
];

/** Transpiles src/ and examples/ (types are the compiler's business elsewhere). */
function transpileProject(): void {
  fs.rmSync(buildDir, { recursive: true, force: true });
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'cdk8s.out' ? [] : walk(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
  const files = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'examples')), path.join(root, 'test', 'support', 'locale-probe.ts')];
  for (const file of files) {
    const output = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: false },
    }).outputText;
    const target = path.join(buildDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output);
  }
}

/**
 * Synthesizes the example app, plus a chart of locale-sensitive names (test/support/locale-probe),
 * in a child process with exactly this LANG/LC_ALL/TZ.
 */
function synthIn(env: Environment, outdir: string): Promise<void> {
  const script = [
    `const app = require(${JSON.stringify(path.join(buildDir, 'examples', 'app.js'))}).buildExampleApp(${JSON.stringify(outdir)});`,
    `require(${JSON.stringify(path.join(buildDir, 'test', 'support', 'locale-probe.js'))}).addLocaleProbe(app);`,
    'app.synth();',
  ].join('\n');
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: env.locale, LC_ALL: env.locale, TZ: env.tz };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`synth under ${JSON.stringify(env)} exited ${code}: ${stderr}`))));
  });
}

/** The locale a child process's ICU actually uses, to prove the variables take effect. */
function icuLocaleIn(env: Environment): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write(Intl.DateTimeFormat().resolvedOptions().locale + " " + Intl.DateTimeFormat().resolvedOptions().timeZone)'],
      { env: { PATH: process.env.PATH, LANG: env.locale, LC_ALL: env.locale, TZ: env.tz }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

function readAll(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of fs.readdirSync(dir).sort()) files.set(name, fs.readFileSync(path.join(dir, name)));
  return files;
}

/** Runs the tasks two at a time (the CI machine has two cores). */
async function inPairs<T>(items: T[], task: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 2) {
    await Promise.all(items.slice(i, i + 2).map(task));
  }
}

describe('output does not depend on locale or time zone', () => {
  const outputs = new Map<string, Map<string, Buffer>>();
  const label = (env: Environment) => `LC_ALL=${env.locale} TZ=${env.tz}`;

  beforeAll(async () => {
    transpileProject();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-locale-'));
    await inPairs(ENVIRONMENTS, async (env) => {
      const outdir = path.join(tmp, label(env).replace(/[^A-Za-z0-9]+/g, '-'));
      await synthIn(env, outdir);
      outputs.set(label(env), readAll(outdir));
    });
  });

  test('each child process runs under the locale and zone it was given', async () => {
    expect(await icuLocaleIn({ locale: 'da_DK.UTF-8', tz: 'Pacific/Chatham' })).toBe('da-DK Pacific/Chatham');
    expect(await icuLocaleIn({ locale: 'tr_TR.UTF-8', tz: 'America/New_York' })).toBe('tr-TR America/New_York');
  });

  test.each(ENVIRONMENTS.slice(1).map((env) => [label(env)]))('%s gives the same bytes as LC_ALL=C TZ=UTC', (name) => {
    const reference = outputs.get(label(ENVIRONMENTS[0]))!;
    const candidate = outputs.get(name)!;
    expect([...candidate.keys()]).toEqual([...reference.keys()]);
    expect(reference.size).toBeGreaterThan(0);
    for (const [file, bytes] of reference) {
      // Compare text for a readable diff; equal text of equal length is equal bytes here (UTF-8).
      expect({ file, text: candidate.get(file)!.toString('utf8') }).toEqual({ file, text: bytes.toString('utf8') });
      expect(candidate.get(file)!.equals(bytes)).toBe(true);
    }
  });

  test('the probe chart is ordered by code point: env names, Secret refs and partition parameters', () => {
    const docs = yaml.parseAllDocuments(outputs.get(label(ENVIRONMENTS[0]))!.get('locale-probe.yaml')!.toString('utf8')).map((d) => d.toJSON());
    const job = docs.find((d) => d.kind === 'Job');
    const env: string[] = job.spec.template.spec.containers[0].env.map((e: any) => e.name);
    const secretNames = env.filter((name) => LOCALE_SENSITIVE_ENV.includes(name));
    expect(secretNames).toEqual(['AA_DB_PASSWORD', 'B_TOKEN', 'IB_TOKEN', 'ZZ_DB_PASSWORD', 'a_token', 'ia_token']);
    expect(env.filter((name) => name.endsWith('_MODE') || name.endsWith('_mode'))).toEqual(['AA_MODE', 'B_MODE', 'IB_MODE', 'ZZ_MODE', 'a_mode', 'ia_mode']);
    const table = JSON.parse(docs.find((d) => d.kind === 'ConfigMap').data['partitions.json']);
    const parameterNames = Object.keys(table[0].parameters);
    expect(parameterNames).toEqual(['AA', 'IB', 'Zeta', 'ia', '\uFF01-note', '\u{1F4C5}-period']);
    expect([...LOCALE_SENSITIVE_PARAMETERS].sort(compareCodePoints)).toEqual(parameterNames);
    // UTF-16 code units would put the astral character first: the reason for compareCodePoints.
    expect([...LOCALE_SENSITIVE_PARAMETERS].sort().slice(-2)).toEqual(['\u{1F4C5}-period', '\uFF01-note']);
    const auth = docs.find((d) => d.kind === 'TriggerAuthentication').spec.secretTargetRef.map((r: any) => r.parameter);
    expect(auth).toEqual(['ca', 'cert', 'key', 'keyPassword', 'password', 'username']);
  });
});
