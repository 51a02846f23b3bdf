import * as fs from 'fs';
import * as path from 'path';

/*
 * Run by `npm pack` (prepack). npm packs a bundled dependency with its own file list, which the
 * root .npmignore cannot narrow, so the source maps of bundled packages (and of the packages
 * they depend on) are removed from node_modules here. Node never reads them; `npm ci` restores
 * them. Prints nothing: `npm pack --json` writes its report to the same stdout.
 */

const ROOT = path.join(__dirname, '..');

function manifest(dir: string): { dependencies?: Record<string, string>; bundledDependencies?: string[] } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/** The bundled packages and, transitively, their dependencies (npm bundles those too). */
function bundledPackageDirs(): string[] {
  const seen = new Set<string>();
  const queue = [...(manifest(ROOT).bundledDependencies ?? [])];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = path.join(ROOT, 'node_modules', name);
    if (fs.existsSync(dir)) queue.push(...Object.keys(manifest(dir).dependencies ?? {}));
  }
  return [...seen].map((name) => path.join(ROOT, 'node_modules', name)).filter((dir) => fs.existsSync(dir));
}

function removeSourceMaps(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // A nested node_modules holds packages of its own; the queue above reaches the ones npm bundles.
    if (entry.isDirectory() && entry.name !== 'node_modules') removeSourceMaps(full);
    else if (entry.isFile() && entry.name.endsWith('.map')) fs.rmSync(full);
  }
}

for (const dir of bundledPackageDirs()) removeSourceMaps(dir);
