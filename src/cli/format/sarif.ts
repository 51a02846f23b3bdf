import * as path from 'path';
import { ObjectRef } from '../../rules/engine';
import { RuleSeverity } from '../../rules/finding';
import { STDIN_NAME } from '../load';
import { AuditReport, countFindings } from './report';

/** A relative path as a SARIF artifact URI (forward slashes, percent-encoded). */
function artifactUri(file: string, cwd: string): string {
  if (file === STDIN_NAME) return 'stdin';
  const relative = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return `file://${encodeURI(path.resolve(cwd, file).split(path.sep).join('/'))}`;
  }
  return encodeURI(relative.split(path.sep).join('/'));
}

/** An object's place as SARIF property values (null when unknown). */
function objectProperties(r: ObjectRef) {
  return { kind: r.kind, namespace: r.namespace ?? null, name: r.name, file: r.file ?? null, line: r.line ?? null };
}

/**
 * SARIF 2.1.0: one run, the rule catalogue as the driver's rules, one result per finding located
 * at the first line of its YAML document; suppressed findings carry an in-source suppression.
 */
export function renderSarif(report: AuditReport, cwd: string): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: report.tool.name,
          version: report.tool.version,
          rules: report.rules.map((r) => ({
            id: r.id,
            shortDescription: { text: `${r.id}: ${r.passesWhen}` },
            fullDescription: { text: `Applies to ${r.appliesTo}. Passes when ${r.passesWhen}. Lesson section ${r.lesson}.` },
            defaultConfiguration: { level: r.severity === RuleSeverity.ERROR ? 'error' : 'warning' },
            properties: { lesson: r.lesson, appliesTo: r.appliesTo },
          })),
        },
      },
      results: report.findings.map((f) => ({
        ruleId: f.ruleId,
        ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
        level: f.severity === RuleSeverity.ERROR ? 'error' : 'warning',
        message: { text: `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}` },
        locations: [{
          ...(f.file ? {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(f.file, cwd) },
              region: { startLine: f.line ?? 1 },
            },
          } : {}),
          logicalLocations: [{ name: f.name, fullyQualifiedName: `${f.namespace ?? ''}/${f.kind}/${f.name}`, kind: 'resource' }],
        }],
        ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: f.suppressionReason }] } : {}),
        properties: {
          kind: f.kind, namespace: f.namespace ?? null, name: f.name, document: f.document ?? null, lesson: f.lesson, details: f.details ?? [],
        },
      })),
      // What the results leave out, where SARIF viewers show run metadata: objects outside batch scope and notes.
      properties: {
        scope: report.scope,
        outsideScope: report.outsideScope.map(objectProperties),
        outsideScopeByKind: countFindings(report).outsideScope,
        notes: report.notes.map((n) => ({ ...objectProperties(n), apiVersion: n.apiVersion, note: n.note })),
      },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
