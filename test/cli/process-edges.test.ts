/**
 * The compiled CLI as a process, on what only a process meets: special files, symbolic links,
 * permissions, pipes and failing output streams. Every run has a timeout here, in the test:
 * a hang fails the test instead of blocking CI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtureText } from './helpers';
import { reportErrors } from './validators';
import { compiledCli, runCompiledCli } from '../support/compiled-cli';

jest.setTimeout(120_000);

/** A minimal Job: owner-annotation flags it. */
function job(name: string): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  namespace: finance\n`;
}

const STACK_FRAME = /\n\s+at .*:\d+:\d+/;

/** A temporary folder every user can read (one test runs the CLI as nobody). */
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-process-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Runs a bash script in which the function `cli` runs the compiled CLI. */
function bash(script: string, timeout = 30_000) {
  const r = spawnSync('bash', ['-c', `cli() { "$NODE" "$CLI_JS" "$@"; }\n${script}`], {
    encoding: 'utf8',
    timeout,
    env: { ...process.env, NODE: process.execPath, CLI_JS: compiledCli() },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

beforeAll(() => {
  compiledCli();
});

test('a List nested in a List: the inner CronJob is audited at its own line', () => {
  const dir = tempDir();
  const cron = fixtureText('lesson/12-cronjob.yaml').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  write(path.join(dir, 'list.yaml'), [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: List',
    '  items:',
    ...cron.map((l, i) => `  ${i === 0 ? '- ' : '  '}${l}`),
    '',
  ].join('\n'));
  const r = runCompiledCli(['audit', dir, '--rule', 'owner-annotation', '--now', '2026-07-01T00:00:00Z']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain(`error      owner-annotation  CronJob finance/daily-ledger-reconciliation  (${dir}/list.yaml:7)`);
});

test('folders and files reached through symbolic links are audited once; a loop ends', () => {
  const dir = tempDir();
  write(path.join(dir, 'real', 'jobs', 'a.yaml'), job('a'));
  write(path.join(dir, 'real', 'b.yaml'), job('b'));
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(repo);
  fs.symlinkSync(path.join(dir, 'real', 'jobs'), path.join(repo, 'jobs'));
  fs.symlinkSync(path.join(dir, 'real', 'b.yaml'), path.join(repo, 'b.yaml'));
  // A second link to the same file, a link back to the folder itself, a dangling link.
  fs.symlinkSync(path.join(dir, 'real', 'b.yaml'), path.join(repo, 'c.yaml'));
  fs.symlinkSync('..', path.join(dir, 'real', 'jobs', 'up'));
  fs.symlinkSync(repo, path.join(repo, 'loop'));
  fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(repo, 'gone.yaml'));
  const r = runCompiledCli(['audit', repo, '--rule', 'owner-annotation'], { timeout: 20_000 });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(1);
  expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 errors, 0 warnings, 0 suppressed in 2 objects from 2 files');
  expect(r.stdout).toContain(`Job finance/b  (${repo}/b.yaml:1)`);
  expect(r.stdout).toContain(`Job finance/a  (${repo}/jobs/a.yaml:1)`);
  expect(r.stderr).toBe([
    `cdk8s-batch: note: ${repo}/gone.yaml: cannot follow the link: no such file or directory; skipped`,
    // `up` leads to real/, new so far: its b.yaml was read through repo/b.yaml (no note, as
    // for c.yaml), its jobs/ is the folder `up` sits in.
    `cdk8s-batch: note: ${repo}/jobs/up/jobs: a link to a folder already read (${repo}/jobs); skipped`,
    `cdk8s-batch: note: ${repo}/loop: a link to a folder already read (${repo}); skipped`,
    '',
  ].join('\n'));
});

test('a FIFO met while walking a folder is skipped with a note, never opened', () => {
  const dir = tempDir();
  write(path.join(dir, 'job.yaml'), job('nightly'));
  const mkfifo = spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
  expect(mkfifo.status).toBe(0);
  const r = runCompiledCli(['audit', dir, '--rule', 'owner-annotation'], { timeout: 20_000 });
  // Reading the FIFO would block until the timeout kills the process.
  expect(r.error).toBeUndefined();
  expect(r.signal).toBeNull();
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(`cdk8s-batch: note: ${dir}/pipe.yaml: a named pipe (FIFO), not a regular file; not read; skipped\n`);
  expect(r.stdout).toContain('in 1 object from 1 file');

  // Code scanning sees the skipped path too, as a note on the run.
  const sarif = runCompiledCli(['audit', dir, '--rule', 'owner-annotation', '-f', 'sarif'], { timeout: 20_000 });
  const notes = JSON.parse(sarif.stdout).runs[0].invocations[0].toolExecutionNotifications;
  expect(notes.filter((n: any) => n.descriptor.id === 'skipped-path').map((n: any) => n.message.text))
    .toEqual(['a named pipe (FIFO), not a regular file; not read; skipped']);
});

test('the JSON report lists the paths a folder walk skipped, and validates against the published schema', () => {
  const dir = tempDir();
  write(path.join(dir, 'job.yaml'), job('nightly'));
  expect(spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]).status).toBe(0);
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  fs.symlinkSync(dir, path.join(dir, 'loop'));
  const r = runCompiledCli(['audit', dir, '--rule', 'owner-annotation', '-f', 'json'], { timeout: 20_000 });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(1);
  const body = JSON.parse(r.stdout);
  expect(reportErrors(body)).toEqual([]);
  // In walk order (names in code-point order), each as the stderr note names it.
  expect(body.skippedPaths).toEqual([
    { path: `${dir}/loop`, reason: `a link to a folder already read (${dir})` },
    { path: `${dir}/pipe.yaml`, reason: 'a named pipe (FIFO), not a regular file; not read' },
    { path: `${dir}/zero.yaml`, reason: 'a character device, not a regular file; not read' },
  ]);
  expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual(body.skippedPaths.map((p: any) => `cdk8s-batch: note: ${p.path}: ${p.reason}; skipped`));
  expect(body.summary.files).toBe(1);

  // Nothing skipped: an empty list, so consumers need no existence check.
  const clean = runCompiledCli(['audit', path.join(dir, 'job.yaml'), '--rule', 'owner-annotation', '-f', 'json'], { timeout: 20_000 });
  expect(JSON.parse(clean.stdout).skippedPaths).toEqual([]);

  // The schema holds the entries to their shape; a report without the list (written before it was added) still validates.
  expect(reportErrors({ ...body, skippedPaths: [{ path: `${dir}/pipe.yaml` }] })).not.toEqual([]);
  expect(reportErrors({ ...body, skippedPaths: [{ ...body.skippedPaths[0], size: 0 }] })).not.toEqual([]);
  const { skippedPaths: _, ...older } = body;
  expect(reportErrors(older)).toEqual([]);

  // explain reads folders the same way and says what it left out.
  const explained = runCompiledCli(['explain', '--check', dir], { timeout: 20_000 });
  expect(explained.stderr).toBe(r.stderr);
  expect(explained.stdout).toBe(`${dir}/job.yaml: comments missing or stale; run cdk8s-batch explain --write ${dir}/job.yaml\n1 of 1 files need explain --write\n`);
});

test('a device met while walking is skipped too', () => {
  const dir = tempDir();
  write(path.join(dir, 'job.yaml'), job('nightly'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  const r = runCompiledCli(['audit', dir, '--rule', 'owner-annotation'], { timeout: 20_000 });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(`cdk8s-batch: note: ${dir}/zero.yaml: a character device, not a regular file; not read; skipped\n`);
});

test('a pipe named on the command line is read: audit <(kustomize build ...)', () => {
  const dir = tempDir();
  write(path.join(dir, 'job.yaml'), job('from-pipe'));
  const r = bash(`cli audit <(cat ${JSON.stringify(path.join(dir, 'job.yaml'))}) --rule owner-annotation`);
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^error {6}owner-annotation {2}Job finance\/from-pipe {2}\(\/dev\/fd\/\d+:1\)$/m);
});

test('explain reads a pipe once: explain <(cat job.yaml) prints the file with its comments', () => {
  const dir = tempDir();
  write(path.join(dir, 'job.yaml'), job('from-pipe'));
  const r = bash(`cli explain <(cat ${JSON.stringify(path.join(dir, 'job.yaml'))})`);
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  // The document itself, not an empty second read of the pipe.
  expect(r.stdout).toContain('  name: from-pipe');
  expect(r.stdout).toContain('# why:');
});

test('writing to a full disk is exit 2 with one line, no stack trace', () => {
  const dir = tempDir();
  write(path.join(dir, 'job.yaml'), job('nightly'));
  const r = bash(`cli audit ${JSON.stringify(dir)} >/dev/full`);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe('cdk8s-batch: cannot write the report to standard output: ENOSPC: no space left on device, write\n');
});

test('a reader that closes the pipe early ends the output quietly; the exit status is the audit\'s', () => {
  const dir = tempDir();
  // Far more than a pipe buffer of report, so the CLI is still writing when head exits.
  const jobs = Array.from({ length: 400 }, (_, i) => job(`job-${i}`)).join('---\n');
  write(path.join(dir, 'jobs.yaml'), jobs);
  const r = bash(`set -o pipefail; cli audit ${JSON.stringify(dir)} 2>${JSON.stringify(path.join(dir, 'stderr.txt'))} | head -c 10; echo " status \${PIPESTATUS[0]}"`);
  expect(r.stdout).toBe('error      status 1\n');
  expect(fs.readFileSync(path.join(dir, 'stderr.txt'), 'utf8')).toBe('');
});

/** Runs as `nobody`: CI runs as root, which reads every folder whatever its mode. */
function asUnprivileged(args: string[]) {
  const wrap = process.getuid?.() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];
  const argv = [...wrap, process.execPath, compiledCli(), ...args];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 30_000, cwd: os.tmpdir() });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

test('an unreadable subdirectory is reported with its path; the rest is still audited', () => {
  const dir = tempDir();
  write(path.join(dir, 'ok', 'job.yaml'), job('readable'));
  write(path.join(dir, 'secret', 'job.yaml'), job('hidden'));
  fs.chmodSync(path.join(dir, 'ok'), 0o755);
  fs.chmodSync(path.join(dir, 'ok', 'job.yaml'), 0o644);
  fs.chmodSync(path.join(dir, 'secret'), 0o700);
  if (process.getuid?.() !== 0) fs.chmodSync(path.join(dir, 'secret'), 0o000);
  const r = asUnprivileged(['audit', dir, '--rule', 'owner-annotation', '-f', 'json']);
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe(`cdk8s-batch: ${dir}/secret: cannot read the folder: permission denied; the rest was audited\n`);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.status).toBe(2);
  const body = JSON.parse(r.stdout);
  expect(body.findings.map((f: any) => `${f.rule} ${f.name}`)).toEqual(['owner-annotation readable']);
  fs.chmodSync(path.join(dir, 'secret'), 0o700);
});
