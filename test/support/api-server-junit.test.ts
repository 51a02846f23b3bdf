import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * A document the API server rejects is a failing test case, in the JUnit report and in the
 * `N passed, N failed` line .ci/run prints from it, with the API server's field path and message:
 * a separate jest (the project's configuration: the harness's setup and teardown, ts-jest) runs a
 * fixture file whose first test synthesizes a Role with an empty verbs list, and this test reads
 * the report that jest-junit wrote.
 */

const root = join(__dirname, '..', '..');

/** A cold ts-jest compile and a start of the harness on a loaded 2-core machine. */
const CHILD_JEST_TIMEOUT_MS = 240_000;

describe('a harness rejection in a separate jest run', () => {
  const out = mkdtempSync(join(tmpdir(), 'cdk8s-batch-junit-'));
  let jest: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    jest = spawnSync(process.execPath, [
      require.resolve('jest/bin/jest'),
      '--ci',
      '--coverage=false',
      '--rootDir', root,
      '--testMatch', '<rootDir>/test/support/junit-fixture/*.fixture.ts',
      '--reporters', 'default',
      '--reporters', 'jest-junit',
    ], {
      cwd: root,
      encoding: 'utf8',
      // The child's harness log goes to its own directory, not into this run's count.
      env: { ...process.env, JEST_JUNIT_OUTPUT_DIR: out, K8S_VALIDATE_LOG: join(out, 'api-server-log.jsonl') },
      timeout: CHILD_JEST_TIMEOUT_MS,
    });
  }, CHILD_JEST_TIMEOUT_MS + 10_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('jest exits non-zero', () => {
    expect(jest.error).toBeUndefined();
    expect(jest.status).toBe(1);
  });

  test('the JUnit report has the synthesizing test as the one failure, with the field path and message', () => {
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(/<testsuites\b[^>]*>/.exec(xml)?.[0]).toMatch(/tests="2" failures="1" errors="0"/);
    const failing = /<testcase\b[^>]*name="([^"]*)"[^>]*>\s*<failure>([\s\S]*?)<\/failure>/.exec(xml);
    expect(failing?.[1].trim()).toBe('synthesizes a Role whose rule has an empty verbs list');
    const message = failing?.[2] ?? '';
    expect(message).toContain('the Kubernetes API server would not accept 1 synthesized manifest problem(s)');
    expect(message).toContain('chart rejected, checked at Kubernetes 1.34 (target 1.30 is older than the harness can emulate');
    expect(message).toContain('Role/reader: rules[0].verbs: Required value: verbs must contain at least one value');
  });

  test('.ci/run counts it: 1 passed, 1 failed', () => {
    const line = execFileSync(process.execPath, [join(root, '.ci', 'junit-count.js'), join(out, 'junit.xml')], { encoding: 'utf8' });
    expect(line.trim()).toBe('1 passed, 1 failed');
  });

  test('the harness log of the child run counts the two documents', () => {
    const summary = JSON.parse(readFileSync(join(out, 'api-server-summary.json'), 'utf8'));
    expect(summary).toMatchObject({ documentsChecked: 2, ok: 1, invalid: 1, skipped: 0, synthesizedDocuments: 2 });
  });
});

describe('.ci/junit-count.js', () => {
  function count(xml: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-batch-junit-count-'));
    try {
      writeFileSync(join(dir, 'junit.xml'), xml);
      return execFileSync(process.execPath, [join(root, '.ci', 'junit-count.js'), join(dir, 'junit.xml')], { encoding: 'utf8' }).trim();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('counts the testcase jest-junit adds for a failing afterAll hook, which its totals leave out', () => {
    // The shape jest-junit 17 writes when every test passed and an afterAll hook threw.
    expect(count([
      '<testsuites name="jest tests" tests="1" failures="0" errors="0" time="1">',
      '  <testsuite name="x" errors="0" failures="0" skipped="0" time="1" tests="1">',
      '    <testcase classname="a passes" name="a passes" time="0.1">',
      '    </testcase>',
      '    <testcase classname="Test execution failure: could be caused by test hooks like &apos;afterAll&apos;." ' +
        'name="Test execution failure: could be caused by test hooks like &apos;afterAll&apos;." time="0">',
      '      <failure>{&quot;message&quot;:&quot;the Kubernetes API server would not accept&quot;}</failure>',
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
    ].join('\n'))).toBe('1 passed, 1 failed');
  });

  test('a report without test cases is not a pass', () => {
    expect(count('<testsuites name="jest tests" tests="0" failures="0" errors="0" time="0">\n</testsuites>')).toBe('0 passed, 1 failed');
  });
});
