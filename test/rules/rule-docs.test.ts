import * as fs from 'fs';
import * as path from 'path';
import { ruleDocFiles, ruleExamples } from '../../projenrc/rule-docs';
import { BatchAudit } from '../../src';
import { RULES } from '../../src/rules/pack';

const ROOT = path.join(__dirname, '..', '..');

/** Unsuppressed findings of one rule on a manifest set. */
function findingsOf(ruleId: string, manifests: unknown[], options: Parameters<typeof BatchAudit.auditManifests>[1]) {
  return BatchAudit.auditManifests(manifests, options).filter((f) => f.ruleId === ruleId && !f.suppressed);
}

describe('each rule page\'s examples do what the page says', () => {
  for (const rule of RULES) {
    test(rule.id, () => {
      const { failing, fixed, options } = ruleExamples(rule);
      expect(findingsOf(rule.id, failing, options).length).toBeGreaterThan(0);
      expect(findingsOf(rule.id, fixed, options)).toEqual([]);
    });
  }
});

describe('docs/rules is what `npx projen docs:rules` generates', () => {
  const files = ruleDocFiles();

  test('every committed page matches the rule objects (run `npx projen docs:rules` after changing a rule)', () => {
    for (const [file, text] of files) {
      const committed = fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), 'utf8') : '(missing)';
      expect({ file, text: committed }).toEqual({ file, text });
    }
  });

  test('there is one page per rule and no page for a rule that does not exist', () => {
    const pages = fs.readdirSync(path.join(ROOT, 'docs', 'rules')).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
    expect(pages).toEqual(RULES.map((r) => `${r.id}.md`).sort());
  });

  test('the pages are self-contained: no links outside the repository\'s docs, no team-internal references', () => {
    for (const [file, text] of files) {
      expect({ file, hit: text.match(/\.\.\/shared|CHECKLIST|lesson|\/work\//i)?.[0] }).toEqual({ file, hit: undefined });
      for (const [, target] of text.matchAll(/\]\(([^)]+)\)/g)) {
        if (/^https?:/.test(target)) continue;
        expect(fs.existsSync(path.join(ROOT, path.dirname(file), target))).toBe(true);
      }
    }
  });

  test('a page carries the rule\'s severity, scope, both examples and how to suppress it', () => {
    const page = files.get('docs/rules/active-deadline.md')!;
    expect(page).toContain('| error | Job-like |');
    expect(page).toContain('activeDeadlineSeconds: 3600');
    expect(page).toContain('platform.example.com/suppress.active-deadline:');
    expect(page).toContain("suppressions: [{ ruleId: 'active-deadline'");
    expect(page).toMatch(/## Constructs that satisfy it by default\n\n`ReconciliationCronJob`, `MigrationJob`/);
    expect(files.get('docs/rules/README.md')).toContain('| [`cronjob-timezone`](cronjob-timezone.md) | error | CronJob |');
    // Whether the cluster enforces it too, from the tables the policy generator uses.
    expect(page).toContain('generate the ValidatingAdmissionPolicies `cdk8s-batch-active-deadline-job`, `cdk8s-batch-active-deadline-cronjob`');
    expect(files.get('docs/rules/cronjob-schedule.md')).toContain('Checked at synth and in CI only, not by the admission policies: parses the cron schedule');
  });
});
