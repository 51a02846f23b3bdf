import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as yaml from 'js-yaml';
import { cli, FIXTURES, fixtureText, tempTree } from './helpers';
import { RULE_IDS } from '../../src/rules/engine';

/** A set with errors, a warning, a suppressed error and a cell-breaking character in a value. */
function mixedTree(): { dir: string; file: string } {
  const docs = yaml.loadAll(fixtureText('compliant/orders.yaml')) as any[];
  const job = docs.find((d) => d.kind === 'Job');
  const worker = docs.find((d) => d.kind === 'Deployment');
  job.metadata.annotations['platform.example.com/runbook'] = 'wiki | page <b>';
  delete job.metadata.annotations['platform.example.com/owner'];
  job.metadata.annotations['platform.example.com/suppress.owner-annotation'] = 'owned by the release train & CODEOWNERS';
  delete worker.spec.template.spec.containers[0].resources.limits;
  const dir = tempTree({ 'my manifests/orders.yaml': docs.map((d) => yaml.dump(d)).join('---\n') });
  return { dir, file: path.join(dir, 'my manifests', 'orders.yaml') };
}

describe('sarif', () => {
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The schema's language pattern has a stray `]`, which only non-unicode regular expressions accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  test('the validator rejects what SARIF forbids', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
  });

  test('is valid SARIF 2.1.0 with rules metadata, levels, locations and suppressions', async () => {
    const { dir } = mixedTree();
    const r = await cli(['audit', dir, '-f', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('cdk8s-batch');
    expect(run.tool.driver.rules.map((rule: any) => rule.id)).toEqual(RULE_IDS);
    const results = run.results.map((res: any) => {
      const where = res.locations[0].physicalLocation;
      return [res.ruleId, res.level, where.artifactLocation.uri, where.region.startLine, !!res.suppressions];
    });
    // The Job is document 1 (line 8 after js-yaml's dump of the ServiceAccount), the worker document 3.
    const jobLine = results.find((x: any[]) => x[0] === 'runbook-annotation')[3];
    expect(results).toEqual([
      ['owner-annotation', 'error', 'my%20manifests/orders.yaml', jobLine, true],
      ['runbook-annotation', 'error', 'my%20manifests/orders.yaml', jobLine, false],
      ['memory-limit', 'warning', 'my%20manifests/orders.yaml', expect.any(Number), false],
    ]);
    const lines = fs.readFileSync(path.join(dir, 'my manifests', 'orders.yaml'), 'utf8').split('\n');
    expect(lines[jobLine - 1]).toBe('apiVersion: batch/v1');
    for (const res of run.results) expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
  });

  test('a clean run and stdin input are valid too', async () => {
    const clean = JSON.parse((await cli(['audit', path.join(FIXTURES, 'compliant'), '-f', 'sarif'])).stdout);
    expect(validate(clean) ? [] : validate.errors).toEqual([]);
    expect(clean.runs[0].results).toEqual([]);
    const stdin = JSON.parse((await cli(['audit', '-', '-f', 'sarif'], { stdin: fixtureText('lesson/04-minimal-job.yaml') })).stdout);
    expect(validate(stdin) ? [] : validate.errors).toEqual([]);
    expect(stdin.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('stdin');
  });
});

describe('junit', () => {
  test('a test case per object and applicable rule; errors fail, warnings pass unless strict, suppressed are skipped', async () => {
    const { dir } = mixedTree();
    const xml = (await cli(['audit', dir, '-f', 'junit'])).stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cdk8s-batch audit">')).toBe(true);
    const json = JSON.parse((await cli(['audit', dir, '-f', 'json'])).stdout);
    const cases = xml.match(/<testcase /g)!.length;
    // One suite for the one file; its counts agree with the cases inside it.
    const suite = /<testsuite name="[^"]*orders\.yaml" tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)">/.exec(xml)!;
    expect(Number(suite[1])).toBe(cases);
    expect(Number(suite[2])).toBe(json.findings.filter((f: any) => !f.suppressed && f.severity === 'error').length);
    expect(Number(suite[3])).toBe(1);
    expect(xml).toContain('<skipped message="suppressed: owned by the release train &amp; CODEOWNERS"/>');
    expect(xml).toContain('is &quot;wiki | page &lt;b&gt;&quot;');
    expect(xml).toMatch(/<testcase classname="Deployment orders\/payment-event-worker" name="memory-limit">\n\s+<system-out>warning: /);
    expect(xml.match(/<testcase /g)!.length).toBe(xml.match(/<testcase [^>]*\/>|<\/testcase>/g)!.length);
    const strict = (await cli(['audit', dir, '-f', 'junit', '--strict'])).stdout;
    expect(strict).toMatch(/name="memory-limit">\n\s+<failure type="warning"/);
  });

  test('every passing rule is a passing case', async () => {
    const xml = (await cli(['audit', path.join(FIXTURES, 'compliant', 'orders.yaml'), '-f', 'junit'])).stdout;
    expect(xml).not.toContain('<failure');
    expect(xml).toContain('<testcase classname="Deployment orders/payment-event-worker" name="queue-worker-scaling"/>');
    expect(xml).toContain('<testcase classname="Job orders/orders-schema-migration-20260701" name="migration-no-blind-retry"/>');
  });

  test('unreadable input is an error case', async () => {
    const xml = (await cli(['audit', '/nonexistent.yaml', '-f', 'junit'])).stdout;
    expect(xml).toContain('<testsuite name="input" tests="1" failures="0" errors="1" skipped="0">');
  });
});

describe('markdown', () => {
  test('a verdict line, a table of open findings with escaped cells, suppressed findings folded', async () => {
    const { dir } = mixedTree();
    const md = (await cli(['audit', dir, '-f', 'markdown'])).stdout;
    const lines = md.split('\n');
    expect(lines[0]).toBe('### cdk8s-batch audit: ❌ 1 error, 1 warning, 1 suppressed in 6 objects from 1 file');
    expect(lines).toContain('| Severity | Rule | Object | Where | What to fix |');
    const rows = lines.filter((l) => l.startsWith('| 🔴') || l.startsWith('| 🟡'));
    expect(rows.map((l) => l.split(' | ')[1])).toEqual(['`runbook-annotation`', '`memory-limit`']);
    expect(rows[0]).toContain('"wiki \\| page &lt;b>"');
    expect(md).toContain('<details><summary>1 suppressed finding</summary>');
    expect(md).toContain('| `owner-annotation` | Job orders/orders-schema-migration-20260701 | owned by the release train & CODEOWNERS |');
  });

  test('a clean run is one green line', async () => {
    const md = (await cli(['audit', path.join(FIXTURES, 'compliant'), '-f', 'markdown'])).stdout;
    expect(md).toBe('### cdk8s-batch audit: ✅ 0 errors, 0 warnings, 0 suppressed in 17 objects from 2 files\n');
  });
});

describe('text', () => {
  test('suppressed findings stay listed with their reason', async () => {
    const { dir, file } = mixedTree();
    const text = (await cli(['audit', dir])).stdout;
    expect(text).toContain(`suppressed owner-annotation  Job orders/orders-schema-migration-20260701  (${file}:`);
    expect(text).toContain('           reason: owned by the release train & CODEOWNERS');
    expect(text.trimEnd().split('\n').pop()).toBe('1 error, 1 warning, 1 suppressed in 6 objects from 1 file');
  });

  test('progress appears only on a terminal and only for long runs', async () => {
    const dir = path.join(FIXTURES, 'compliant');
    // A clock that advances a second per reading makes every run "long".
    let now = 0;
    const slow = () => (now += 1000);
    const long = await cli(['audit', dir], { tty: true, clock: slow });
    expect(long.stderr).toBe('\rcdk8s-batch: read 1/2 files\r\u001b[K');
    expect(long.stdout).toBe('0 errors, 0 warnings, 0 suppressed in 17 objects from 2 files\n');
    expect((await cli(['audit', dir], { tty: true })).stderr).toBe('');
    expect((await cli(['audit', dir], { tty: false, clock: slow })).stderr).toBe('');
    expect((await cli(['audit', dir, '-f', 'json'], { tty: true, clock: slow })).stderr).toBe('');
  });
});
