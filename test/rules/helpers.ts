import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { compareCodePoints } from '../../src/core/code-point-order';
import { auditDocuments } from '../../src/rules/engine';
import { AuditOptions, Finding } from '../../src/rules/finding';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** A fixed instant so schedule rules are deterministic (a Wednesday, outside any DST change). */
export const NOW = new Date('2026-07-01T00:00:00Z');

/** Parses every document of a fixture file. */
export function loadFixture(relative: string): any[] {
  return yaml.loadAll(fs.readFileSync(path.join(FIXTURES, relative), 'utf8')) as any[];
}

/**
 * Every YAML file under a fixture folder (sub-folders too, in name order), parsed: one array of
 * documents per file. Files that are not YAML on purpose (a Helm template) are left out.
 */
export function fixtureSets(dir: string = FIXTURES): unknown[][] {
  const sets: unknown[][] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name));
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      sets.push(...fixtureSets(file));
    } else if (/\.ya?ml$/.test(entry.name)) {
      try {
        sets.push(yaml.loadAll(fs.readFileSync(file, 'utf8')));
      } catch {
        // Not YAML: it holds no object.
      }
    }
  }
  return sets;
}

/** The compliant manifest set (every rule passes), freshly parsed so tests can mutate it. */
export function compliantSet(): any[] {
  return [...loadFixture('compliant/finance.yaml'), ...loadFixture('compliant/orders.yaml')];
}

/** The object of a set with this kind and name. */
export function find(docs: any[], kind: string, name: string): any {
  const doc = docs.find((d) => d?.kind === kind && d?.metadata?.name === name);
  if (!doc) throw new Error(`fixture has no ${kind} ${name}`);
  return doc;
}

export function audit(docs: any[], options: AuditOptions = {}): Finding[] {
  return auditDocuments(docs.map((object) => ({ object })), { now: NOW, ...options });
}

/** `Kind/name: rule-id` for each finding, sorted, for compact exact assertions. */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.kind}/${f.name}: ${f.ruleId}${f.suppressed ? ' (suppressed)' : ''}`).sort();
}
