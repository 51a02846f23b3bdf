import * as fs from 'fs';
import * as path from 'path';
import { cli, fixtureText, NOW, tempTree } from './helpers';
import { runCompiledCli } from '../support/compiled-cli';
import { parseYaml11 } from '../support/explained';

const FIXTURE = 'explain/nightly-report.yaml';

describe('cdk8s-batch explain', () => {
  test('prints the YAML with the rules\' reasons, leaving what Kubernetes reads as it was', async () => {
    const text = fixtureText(FIXTURE);
    const dir = tempTree({ 'report.yaml': text });
    const { code, stdout, stderr } = await cli(['explain', '--now', NOW, path.join(dir, 'report.yaml')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(parseYaml11(stdout)).toEqual(parseYaml11(text));
    // The schedule in words with its next runs, above the schedule, and where timeZone goes.
    expect(stdout).toContain('  # why: runs at 02:30 every day in the controller manager\'s local zone; next runs after 2026-07-01 ' +
      '(if that zone is UTC): 2026-07-01 02:30Z, 2026-07-02 02:30Z, 2026-07-03 02:30Z; no timeZone: add `timeZone: Etc/UTC`');
    // The retry budget next to backoffLimit, keeping the file's own comment.
    expect(stdout).toContain('      # why: retry budget: 3 retries, so up to 4 failed pods before the Job fails\n      backoffLimit: 3   # agreed with finance');
    expect(stdout).toContain('  backoffLimit: 0  # why: retry budget: none, the first failed pod fails the Job');
    expect(stdout).toContain('  activeDeadlineSeconds: 5400  # why: Kubernetes stops the Job after 1h30m and marks it failed');
    // The finding a field triggers, at that field.
    expect(stdout).toContain('restartPolicy: OnFailure  # why: error restart-policy: ');
    // YAML 1.1 quoting and the file's comments are kept.
    expect(stdout).toContain('# Nightly revenue report, kept by the reporting team.');
    expect(stdout).toContain('value: "yes"');
    expect(stdout).toContain('value: \'on\'');
    expect(stdout).toContain('args: [--from, "2026-01-01", --dry-run, "no"]');
    // Printing changes no file.
    expect(fs.readFileSync(path.join(dir, 'report.yaml'), 'utf8')).toBe(text);
  });

  test('--check fails on missing comments, --write adds them, then --check passes and --write changes nothing', async () => {
    const dir = tempTree({ 'a/report.yaml': fixtureText(FIXTURE) });
    const before = await cli(['explain', '--check', '--now', NOW, dir]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('report.yaml: comments missing or stale');
    const written = await cli(['explain', '--write', '--now', NOW, dir]);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^1 of 1 files explained/);
    const file = path.join(dir, 'a', 'report.yaml');
    const explained = fs.readFileSync(file, 'utf8');
    expect(parseYaml11(explained)).toEqual(parseYaml11(fixtureText(FIXTURE)));
    expect((await cli(['explain', '--check', '--now', NOW, dir])).code).toBe(0);
    expect((await cli(['explain', '--write', '--now', NOW, dir])).stdout).toMatch(/^0 of 1 files explained/);
    expect(fs.readFileSync(file, 'utf8')).toBe(explained);
  });

  test('--check fails on a stale comment (the value changed after explaining)', async () => {
    const dir = tempTree({ 'report.yaml': fixtureText(FIXTURE) });
    await cli(['explain', '--write', '--now', NOW, dir]);
    const file = path.join(dir, 'report.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('backoffLimit: 0  #', 'backoffLimit: 2  #'));
    const { code, stdout } = await cli(['explain', '--check', '--now', NOW, dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('comments missing or stale');
  });

  test('the example app\'s explained output passes --check: documents explained at synth keep the constructs\' reasons', async () => {
    const { code, stdout } = await cli(['explain', '--check', path.join(__dirname, '..', '..', 'examples', 'dist')]);
    expect(stdout).toBe('6 files: comments up to date\n');
    expect(code).toBe(0);
  });

  test('explain reads stdin, and refuses --write with it; --format and --write elsewhere are usage errors', async () => {
    const fromStdin = await cli(['explain', '--now', NOW, '-'], { stdin: fixtureText(FIXTURE) });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toContain('# why: retry budget: 3 retries');
    expect((await cli(['explain', '--write', '-'], { stdin: '' })).code).toBe(2);
    expect((await cli(['explain', '--format', 'json', '-'], { stdin: '' })).code).toBe(2);
    expect((await cli(['audit', '--write', '-'], { stdin: '' })).code).toBe(2);
    expect((await cli(['explain', '--write', '--check', 'x.yaml'])).code).toBe(2);
  });
});

describe('cdk8s-batch explain reports what it could not read as the audit does', () => {
  test('a YAML error is the same line, with its column, from both commands', async () => {
    const dir = tempTree({ 'ok.yaml': fixtureText(FIXTURE), 'broken.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: [x\n' });
    const explained = await cli(['explain', '--check', '--now', NOW, dir]);
    const audited = await cli(['audit', '--now', NOW, dir]);
    expect(explained.code).toBe(2);
    expect(explained.stderr).not.toBe('');
    expect(explained.stderr).toMatch(/^cdk8s-batch: \S*broken\.yaml:\d+:\d+: /);
    expect(explained.stderr).toBe(audited.stderr);
  });

  test('a file name holding a line break stays on one line in --check and --write output', async () => {
    const dir = tempTree({ 'forged\nok.yaml': fixtureText(FIXTURE) });
    const checked = await cli(['explain', '--check', '--now', NOW, dir]);
    expect(checked.code).toBe(1);
    const escaped = `${dir}/forged\\nok.yaml`;
    expect(checked.stdout).toBe(`${escaped}: comments missing or stale; run cdk8s-batch explain --write ${escaped}\n1 of 1 files need explain --write\n`);
    const written = await cli(['explain', '--write', '--now', NOW, dir]);
    expect(written.stdout).toBe(`1 of 1 files explained: ${escaped}\n`);
  });
});

describe('cdk8s-batch explain --exclude (the compiled CLI)', () => {
  // Three files the explain would rewrite or refuse: a hand-written Job, a test copy of it, and a
  // Helm template (not YAML until rendered: reading it is exit 2).
  const files = () => tempTree({
    'apps/report.yaml': fixtureText(FIXTURE),
    'apps/report.test.yaml': fixtureText(FIXTURE),
    'charts/web/templates/job.yaml': 'spec:\n  replicas: {{ .Values.replicas }}\n',
  });
  const explain = (dir: string, args: string[]) => runCompiledCli(['explain', ...args, '--now', NOW], { cwd: dir, timeout: 60_000 });
  const exclude = ['--exclude', 'charts/*/templates', '--exclude', '*.test.yaml'];

  test('without --exclude every file is read: the template stops the run', () => {
    const dir = files();
    const r = explain(dir, ['--check', '.']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('charts/web/templates/job.yaml');
  });

  test('--check checks only the files left in, --write rewrites only them', () => {
    const dir = files();
    const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
    const before = explain(dir, ['--check', '.', ...exclude]);
    expect(before.stderr).toBe('');
    expect(before.stdout).toBe('apps/report.yaml: comments missing or stale; run cdk8s-batch explain --write apps/report.yaml\n'
      + '1 of 1 files need explain --write\n');
    expect(before.status).toBe(1);

    const written = explain(dir, ['--write', '.', ...exclude]);
    expect(written.stderr).toBe('');
    expect(written.stdout).toBe('1 of 1 files explained: apps/report.yaml\n');
    expect(written.status).toBe(0);
    expect(read('apps/report.yaml')).toContain('# why: retry budget: 3 retries');
    // The excluded files are as they were, byte for byte.
    expect(read('apps/report.test.yaml')).toBe(fixtureText(FIXTURE));
    expect(read('charts/web/templates/job.yaml')).toBe('spec:\n  replicas: {{ .Values.replicas }}\n');

    const after = explain(dir, ['--check', '.', ...exclude]);
    expect(after.stdout).toBe('1 files: comments up to date\n');
    expect(after.status).toBe(0);
    // The test copy was left out, not explained: checked alone, it is still stale.
    expect(explain(dir, ['--check', 'apps/report.test.yaml']).status).toBe(1);
  });

  test('a file named on the command line is left out too, as the audit leaves it out', () => {
    const dir = files();
    const r = explain(dir, ['--write', 'apps/report.test.yaml', 'apps/report.yaml', '--exclude', '*.test.yaml']);
    expect(r.stdout).toBe('1 of 1 files explained: apps/report.yaml\n');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'apps/report.test.yaml'), 'utf8')).toBe(fixtureText(FIXTURE));
  });
});

describe('cdk8s-batch review repeats the reasons the YAML carries', () => {
  test('a file explained at synth: the constructs\' reasons, word for word', async () => {
    const file = path.join(__dirname, '..', '..', 'examples', 'dist', 'finance.yaml');
    const { code, stdout } = await cli(['review', '--now', NOW, file]);
    expect(code).toBe(0);
    const backoff = /^ {6}# why: (.*)\n {6}backoffLimit: 2$/m.exec(fs.readFileSync(file, 'utf8'));
    expect(backoff).not.toBeNull();
    expect(stdout).toContain(`- \`spec.jobTemplate.spec.backoffLimit\`: ${backoff![1]}`);
  });

  test('a hand-written file: the same text explain would write', async () => {
    const dir = tempTree({ 'report.yaml': fixtureText(FIXTURE) });
    const { stdout } = await cli(['review', '--now', NOW, dir]);
    const explained = (await cli(['explain', '--now', NOW, dir])).stdout;
    expect(stdout).toContain('- `spec.backoffLimit`: retry budget: none, the first failed pod fails the Job');
    expect(explained).toContain('backoffLimit: 0  # why: retry budget: none, the first failed pod fails the Job');
  });
});
