/**
 * bench:synth compares the constructs with the same manifests hand-built on cdk8s-plus-28; the
 * comparison only means something while both sides build the same objects. This runs the
 * benchmark's own equality check (three CronJobs per side), so a new construct field that the
 * hand-built side does not follow fails here, not at the next benchmark run.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

jest.setTimeout(120_000);

test('both sides of bench:synth build the same objects', () => {
  const root = path.join(__dirname, '..', '..');
  const r = spawnSync(process.execPath, [
    require.resolve('ts-node/dist/bin.js'), '--project', 'tsconfig.dev.json', '--transpile-only', 'bench/synth.ts', '--check-same',
  ], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  expect(r.stderr).not.toContain('do not build the same objects');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('same objects on both sides (N=3: 9 objects)');
});
