import { spawnSync, SpawnSyncOptions } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

/** The source files the CLI loads: src/cli/main.ts and what it imports, transitively. */
function cliSources(): string[] {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    found.add(file);
    for (const ref of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), ref.fileName);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (target) visit(target);
    }
  };
  visit(path.join(SRC, 'cli', 'main.ts'));
  return [...found].sort();
}

/**
 * The CLI compiled to JavaScript, as `bin` runs it from lib/: its sources are transpiled (no type
 * check; `tsc` does that) into a cache folder keyed by the sources, so tests never run a
 * stale lib/ and pay neither ts-node's start-up nor a full jsii build. Returns the path of
 * cli/main.js. The cache lives under node_modules so the compiled files resolve js-yaml
 * exactly as lib/ does.
 */
export function compiledCli(): string {
  const files = cliSources();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(fs.readFileSync(file));
  const packageJson = fs.readFileSync(path.join(ROOT, 'package.json'));
  hash.update(packageJson);
  const cache = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-batch-compiled-cli');
  const out = path.join(cache, hash.digest('hex').slice(0, 16));
  const main = path.join(out, 'lib', 'cli', 'main.js');
  if (fs.existsSync(main)) return main;
  // Built beside the final folder, then renamed: jest workers may race to build it.
  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cache, 'staging-'));
  // Readable by every user: one test runs the CLI as `nobody`.
  fs.chmodSync(staging, 0o755);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    experimentalDecorators: true,
  };
  for (const file of files) {
    const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText;
    const target = path.join(staging, 'lib', path.relative(SRC, file).replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, js);
  }
  // version() reads ../../package.json from lib/cli.
  fs.writeFileSync(path.join(staging, 'package.json'), packageJson);
  try {
    fs.renameSync(staging, out);
  } catch {
    // Another worker finished first; its copy is the same.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return main;
}

export interface ProcessResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the run was stopped by the timeout. */
  readonly error?: Error;
}

/** Runs the compiled CLI with `node`, the way the package's `bin` does. */
export function runCompiledCli(args: readonly string[], options: SpawnSyncOptions & { input?: string | Uint8Array } = {}): ProcessResult {
  const r = spawnSync(process.execPath, [compiledCli(), ...args], { encoding: 'utf8', timeout: 30_000, ...options });
  return { status: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}
