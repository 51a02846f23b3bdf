import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { RULE_IDS } from '../../src/rules/engine';
import { cli, FIXTURES, NOW } from '../cli/helpers';

/**
 * The audit on a repository shaped like a platform team's GitOps repo
 * (test/fixtures/repository): plain manifests, rendered Helm and kustomize output, batch and
 * non-batch objects, some real problems and many things that only look like problems.
 * EXPECTED.md there lists every finding the audit must report, each with why it is a real
 * problem; any other finding is a false positive and fails here, as does a missing one.
 */

const REPOSITORY = path.join(FIXTURES, 'repository');
const EXPECTED_FILE = path.join(REPOSITORY, 'EXPECTED.md');

/** One row of EXPECTED.md. */
interface ExpectedFinding {
  readonly rule: string;
  readonly severity: string;
  /** `Kind/namespace/name`. */
  readonly object: string;
  /** Relative to the repository folder, `/`-separated. */
  readonly file: string;
  readonly suppressed: boolean;
  readonly justification: string;
  /** 1-based line in EXPECTED.md, for messages. */
  readonly line: number;
}

/** The rows of the findings table (every `|` line after the header and its `|---|` rule). */
function readExpected(): ExpectedFinding[] {
  const lines = fs.readFileSync(EXPECTED_FILE, 'utf8').split('\n');
  const rows: ExpectedFinding[] = [];
  let inTable = false;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line.startsWith('|')) {
      inTable = false;
      return;
    }
    if (/^\|\s*rule\s*\|/.test(line) || /^\|[-\s|:]+\|$/.test(line)) {
      inTable = true;
      return;
    }
    if (!inTable) return;
    const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim());
    if (cells.length !== 6) throw new Error(`EXPECTED.md:${index + 1}: ${cells.length} columns, want 6 (rule | severity | object | file | suppressed | justification)`);
    const [rule, severity, object, file, suppressed, justification] = cells;
    if (suppressed !== 'yes' && suppressed !== 'no') throw new Error(`EXPECTED.md:${index + 1}: suppressed is "${suppressed}", want yes or no`);
    rows.push({ rule, severity, object, file, suppressed: suppressed === 'yes', justification, line: index + 1 });
  });
  return rows;
}

/** What identifies a finding: rule, object, file, and whether it is suppressed. */
function key(f: { rule: string; object: string; file: string; suppressed: boolean }): string {
  return `${f.rule}  ${f.object}  (${f.file})${f.suppressed ? '  [suppressed]' : ''}`;
}

interface ReportedFinding {
  readonly rule: string;
  readonly severity: string;
  readonly object: string;
  readonly file: string;
  readonly suppressed: boolean;
}

/** Runs `cdk8s-batch audit <repository> --format json` through the CLI's own entry point. */
async function auditRepository(): Promise<{ code: number; findings: ReportedFinding[]; report: any }> {
  const result = await cli(['audit', REPOSITORY, '--format', 'json', '--now', NOW]);
  const report = JSON.parse(result.stdout);
  const findings = (report.findings as any[]).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    object: `${f.kind}/${f.namespace ?? ''}/${f.name}`,
    file: path.relative(REPOSITORY, path.resolve(f.file)).split(path.sep).join('/'),
    suppressed: f.suppressed,
  }));
  return { code: result.code, findings, report };
}

/** Every YAML document of the repository. */
function repositoryObjects(): any[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  walk(REPOSITORY);
  return files.flatMap((f) => yaml.loadAll(fs.readFileSync(f, 'utf8'))).filter((d: any) => d && d.kind);
}

describe('the platform repository fixture', () => {
  test('EXPECTED.md: every row names rule, severity, object and an existing file, and says why it is a problem', () => {
    const rows = readExpected();
    expect(rows.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const where = `EXPECTED.md:${row.line}`;
      if (!/^[a-z]+(-[a-z0-9]+)*$/.test(row.rule)) problems.push(`${where}: rule "${row.rule}" is not a rule id`);
      if (row.severity !== 'error' && row.severity !== 'warning') problems.push(`${where}: severity "${row.severity}"`);
      if (!/^[A-Za-z]+\/[a-z0-9-]*\/[a-z0-9.*-]+$/.test(row.object)) problems.push(`${where}: object "${row.object}" is not Kind/namespace/name`);
      if (!fs.existsSync(path.join(REPOSITORY, row.file))) problems.push(`${where}: file ${row.file} does not exist`);
      // A justification is a sentence about this object, not a placeholder.
      if (row.justification.length < 40 || !/[.)]$/.test(row.justification)) problems.push(`${where}: justification "${row.justification}" is missing or too thin`);
      if (seen.has(key(row))) problems.push(`${where}: duplicate row ${key(row)}`);
      seen.add(key(row));
    }
    expect(problems).toEqual([]);
  });

  test('every rule in EXPECTED.md is a rule of the audit', () => {
    const unknown = [...new Set(readExpected().map((r) => r.rule))].filter((id) => !RULE_IDS.includes(id)).sort();
    expect(unknown).toEqual([]);
  });

  test('looks like a real repository: at least 40 objects of at least 8 kinds, batch and non-batch', () => {
    const objects = repositoryObjects();
    const kinds = new Set(objects.map((o) => o.kind));
    expect(objects.length).toBeGreaterThanOrEqual(40);
    expect(kinds.size).toBeGreaterThanOrEqual(8);
    for (const kind of ['Job', 'CronJob', 'ScaledJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'Ingress', 'ClusterRole', 'HorizontalPodAutoscaler']) {
      expect(kinds).toContain(kind);
    }
  });

  test('the audit reports exactly the expected findings: no false positive, none missing', async () => {
    const expected = readExpected();
    const { code, findings, report } = await auditRepository();
    expect(report.errors).toEqual([]);
    expect(report.skipped).toEqual([]);

    const expectedKeys = new Set(expected.map(key));
    const reportedKeys = new Set(findings.map(key));
    // Lists rather than a bare equality, so a failure reads as "unexpected: ..., missing: ...".
    const unexpected = findings.map(key).filter((k) => !expectedKeys.has(k)).sort();
    const missing = expected.map(key).filter((k) => !reportedKeys.has(k)).sort();
    expect({ unexpected, missing }).toEqual({ unexpected: [], missing: [] });

    // Each finding exactly once (a finding reported twice is a defect too).
    expect(findings.length).toBe(expected.length);
    const severities = new Map(expected.map((e) => [key(e), e.severity]));
    const wrongSeverity = findings.filter((f) => severities.get(key(f)) !== f.severity).map((f) => `${key(f)}: ${f.severity}`);
    expect(wrongSeverity).toEqual([]);

    // Unsuppressed errors are in the set, so the audit fails the run.
    expect(code).toBe(expected.some((e) => e.severity === 'error' && !e.suppressed) ? 1 : 0);
  });
});
