import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expectFile, junitReport, runCommand, StepRunner, xmlEscape } from './step-runner';

/** A runner with a clock that advances 1.5 s per reading and a log kept in memory. */
function runner(naming = { classname: (group: string) => `languages.${group}`, label: (group: string, name: string) => `${group}: ${name}` }) {
  const log: string[] = [];
  let now = 0;
  const steps = new StepRunner(naming, (line) => log.push(line), () => (now += 1500));
  return { steps, log };
}

/** What .ci/junit-count.js prints for the files. */
function junitCount(...files: string[]): string {
  return execFileSync(process.execPath, [path.join(__dirname, '..', '..', '.ci', 'junit-count.js'), ...files], { encoding: 'utf8' }).trim();
}

describe('StepRunner', () => {
  test('a step that throws is failed with its message; later steps of its group are not run, other groups are', () => {
    const { steps, log } = runner();
    const ran: string[] = [];
    steps.step('python', 'builds the wheel', () => { ran.push('wheel'); });
    steps.step('python', 'installs', () => { throw new Error('pip install: exit 1\nERROR: no matching distribution'); });
    steps.step('python', 'synthesizes', () => { ran.push('python synth'); });
    steps.step('go', 'builds', () => { ran.push('go'); });
    // A step that throws something other than an Error, or an Error without a message, still failed.
    steps.step('java', 'throws a string', () => { throw 'mvn: exit 1'; });
    steps.step('ruby', 'throws an empty Error', () => { throw new Error(''); });

    expect(ran).toEqual(['wheel', 'go']);
    expect(steps.results).toEqual([
      { group: 'python', name: 'builds the wheel', seconds: 1.5 },
      { group: 'python', name: 'installs', seconds: 1.5, failure: 'pip install: exit 1\nERROR: no matching distribution' },
      { group: 'python', name: 'synthesizes', seconds: 0, failure: 'not run: an earlier step failed' },
      { group: 'go', name: 'builds', seconds: 1.5 },
      { group: 'java', name: 'throws a string', seconds: 1.5, failure: 'mvn: exit 1' },
      { group: 'ruby', name: 'throws an empty Error', seconds: 1.5, failure: '' },
    ]);
    expect(steps.failed).toBe(true);
    // One progress line per step run, the failure's text under a FAIL line; a step not run prints nothing.
    expect(log).toEqual([
      'ok   python: builds the wheel (1.5 s)',
      'FAIL python: installs (1.5 s)\npip install: exit 1\nERROR: no matching distribution',
      'ok   go: builds (1.5 s)',
      'FAIL java: throws a string (1.5 s)\nmvn: exit 1',
      'FAIL ruby: throws an empty Error (1.5 s)',
    ]);
  });

  test('passing steps: not failed, and the report counts them', () => {
    const { steps } = runner({ classname: () => 'install', label: (_group, name) => name });
    steps.step('install', 'npm pack', () => undefined);
    steps.step('install', 'npm install', () => undefined);
    expect(steps.failed).toBe(false);
    expect(steps.junit('install test')).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="install test" tests="2" failures="0">',
      '  <testsuite name="install test" tests="2" failures="0">',
      '    <testcase classname="install" name="npm pack" time="1.500"></testcase>',
      '    <testcase classname="install" name="npm install" time="1.500"></testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'));
  });

  test('the JUnit file: counts, classnames, failure message and text, as .ci/junit-count.js reads it', () => {
    const { steps } = runner();
    steps.step('typescript', 'reference <output> & "names"', () => undefined);
    steps.step('python', 'installs', () => { throw new Error('pip: exit 1 <stderr follows>\n\u001b[31mERROR\u001b[0m: a & b'); });
    steps.step('python', 'synthesizes', () => undefined);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-steps-'));
    const file = path.join(dir, 'reports', 'languages-junit.xml');
    steps.writeJUnit(file, 'languages');
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="languages" tests="3" failures="2">',
      '  <testsuite name="languages" tests="3" failures="2">',
      '    <testcase classname="languages.typescript" name="reference &lt;output&gt; &amp; &quot;names&quot;" time="1.500"></testcase>',
      '    <testcase classname="languages.python" name="installs" time="1.500">',
      '      <failure message="pip: exit 1 &lt;stderr follows&gt;">pip: exit 1 &lt;stderr follows&gt;\n\\u001b[31mERROR\\u001b[0m: a &amp; b</failure>',
      '    </testcase>',
      '    <testcase classname="languages.python" name="synthesizes" time="0.000">',
      '      <failure message="not run: an earlier step failed">not run: an earlier step failed</failure>',
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'));
    // No character XML 1.0 forbids is left in the file.
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(junitCount(file)).toBe('1 passed, 2 failed');
  });

  test('an empty report: counted as a failure by .ci/junit-count.js (a run without steps is not a pass)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-steps-'));
    const file = path.join(dir, 'install-junit.xml');
    new StepRunner({ classname: () => 'install', label: (_group, name) => name }).writeJUnit(file, 'install test');
    expect(fs.readFileSync(file, 'utf8')).toContain('<testsuites name="install test" tests="0" failures="0">');
    expect(junitCount(file)).toBe('0 passed, 1 failed');
  });
});

describe('junitReport and xmlEscape', () => {
  test('&, <, > and " escaped in attributes and text; tabs and newlines kept; what XML 1.0 forbids written as \\u escapes', () => {
    expect(xmlEscape('a & b < c > d "e" \'f\'\tg\nh\ri')).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; \'f\'\tg\nh\ri');
    expect(xmlEscape('&amp;')).toBe('&amp;amp;');
    expect(xmlEscape('\u0000\u0008\u000b\u001b\ufffe')).toBe('\\u0000\\u0008\\u000b\\u001b\\ufffe');
    expect(xmlEscape('ü → ✓')).toBe('ü → ✓');
  });

  test('a suite name and classname are escaped too', () => {
    const xml = junitReport('a "suite" & <more>', [{ classname: 'x<y', name: 'n', seconds: 0.0004 }]);
    expect(xml).toContain('<testsuites name="a &quot;suite&quot; &amp; &lt;more&gt;" tests="1" failures="0">');
    expect(xml).toContain('<testcase classname="x&lt;y" name="n" time="0.000"></testcase>');
  });
});

describe('runCommand and expectFile (what the steps run and check)', () => {
  const node = process.execPath;

  test('returns stdout, runs in the folder given and adds env to this process\'s environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-steps-'));
    const out = runCommand(node, ['-e', 'process.stdout.write(process.cwd() + " " + process.env.STEP_VALUE + " " + !!process.env.PATH)'], dir, 30_000, { STEP_VALUE: 'x' });
    expect(out).toBe(`${fs.realpathSync(dir)} x true`);
  });

  test('a failing command throws with the command, its exit status and the tail of its output', () => {
    const script = 'process.stdout.write("a".repeat(20000)); process.stderr.write("the reason"); process.exit(3)';
    let message = '';
    try {
      runCommand(node, ['-e', script], os.tmpdir(), 30_000);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')[0]).toBe(`${node} -e ${script} in ${os.tmpdir()}: exit 3`);
    expect(message.endsWith('the reason')).toBe(true);
    // The tail only: 8000 characters of output after the first line.
    expect(message.split('\n')[1]).toHaveLength(8000);
  });

  test('a command that outlives its time limit throws', () => {
    expect(() => runCommand(node, ['-e', 'setTimeout(() => {}, 10000)'], os.tmpdir(), 200)).toThrow(/ETIMEDOUT/);
  });

  test('expectFile names a missing file and passes an existing one', () => {
    const missing = path.join(os.tmpdir(), 'cdk8s-batch-no-such-file');
    expect(() => expectFile(missing)).toThrow(`missing: ${missing}`);
    expect(() => expectFile(__filename)).not.toThrow();
  });
});
