import * as path from 'path';
import { ruleDocsUrl } from '../../package-info';
import { ObjectRef } from '../../rules/engine';
import { RuleSeverity } from '../../rules/finding';
import { STDIN_NAME } from '../load';
import { relativeToRoot } from '../repo-path';
import { AuditReport, countFindings } from './report';

/** The base id artifact URIs are relative to: the repository root (see repositoryRoot). */
const SRCROOT = 'SRCROOT';
/** The `partialFingerprints` key; the value is the finding's baseline fingerprint. */
const FINGERPRINT_KEY = 'cdk8sBatchFinding/v1';

interface ArtifactLocation { readonly uri: string; readonly uriBaseId?: string }

/**
 * A file as a SARIF artifact location: relative to the repository root (forward slashes,
 * percent-encoded) when inside it, else an absolute `file://` URI.
 */
function artifactLocation(file: string, cwd: string, root: string): ArtifactLocation {
  if (file === STDIN_NAME) return { uri: 'stdin' };
  const relative = relativeToRoot(file, cwd, root);
  if (relative !== undefined) return { uri: encodeURI(relative), uriBaseId: SRCROOT };
  return { uri: `file://${encodeURI(path.resolve(cwd, file).split(path.sep).join('/'))}` };
}

/** The root as the absolute directory URI `originalUriBaseIds` needs (ends with a slash). */
function rootUri(root: string): string {
  const slashed = root.split(path.sep).join('/');
  return `file://${encodeURI(slashed.startsWith('/') ? slashed : `/${slashed}`)}${slashed.endsWith('/') ? '' : '/'}`;
}

/** An object's place as SARIF property values (null when unknown). */
function objectProperties(r: ObjectRef) {
  return { kind: r.kind, namespace: r.namespace ?? null, name: r.name, file: r.file ?? null, line: r.line ?? null };
}

/**
 * SARIF 2.1.0: one run, the rule catalogue as the driver's rules (each with a versioned link
 * to its page), one result per finding located at the first line of its YAML document with
 * the finding's baseline fingerprint; suppressed findings carry an in-source suppression, and
 * with a baseline each result its baseline state. Input that could not be read is a tool
 * execution notification, and makes the invocation unsuccessful.
 */
export function renderSarif(report: AuditReport, cwd: string): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const location = (file: string) => artifactLocation(file, cwd, report.root);
  const baseline = report.baseline;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: report.tool.name,
          version: report.tool.version,
          rules: report.rules.map((r) => {
            const helpUri = ruleDocsUrl(r.id);
            return {
              id: r.id,
              shortDescription: { text: `${r.id}: ${r.passesWhen}` },
              fullDescription: { text: `Applies to ${r.appliesTo}. Passes when ${r.passesWhen}.` },
              ...(helpUri ? { helpUri } : {}),
              defaultConfiguration: { level: r.severity === RuleSeverity.ERROR ? 'error' : 'warning' },
              properties: { appliesTo: r.appliesTo, ...(r.references ? { references: r.references } : {}) },
            };
          }),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: rootUri(report.root) } },
      invocations: [{
        executionSuccessful: report.errors.length === 0,
        toolExecutionNotifications: [
          ...report.errors.map((e) => ({
            level: 'error',
            message: { text: e.message },
            locations: [{
              physicalLocation: {
                artifactLocation: location(e.file),
                ...(e.line ? { region: { startLine: e.line, ...(e.column ? { startColumn: e.column } : {}) } } : {}),
              },
            }],
            descriptor: { id: 'unreadable-input' },
          })),
          ...report.skipped.map((s) => ({
            level: 'note',
            message: { text: `document ${s.document + 1}: ${s.reason}; skipped` },
            locations: [{ physicalLocation: { artifactLocation: location(s.file), region: { startLine: s.line } } }],
            descriptor: { id: 'skipped-document' },
          })),
          ...(report.skippedPaths ?? []).map((p) => ({
            level: 'note',
            message: { text: `${p.reason}; skipped` },
            locations: [{ physicalLocation: { artifactLocation: location(p.path) } }],
            descriptor: { id: 'skipped-path' },
          })),
        ],
      }],
      results: report.findings.map((f) => ({
        ruleId: f.ruleId,
        ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
        level: f.severity === RuleSeverity.ERROR ? 'error' : 'warning',
        message: { text: `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}` },
        locations: [{
          ...(f.file ? {
            physicalLocation: {
              artifactLocation: location(f.file),
              region: { startLine: f.line ?? 1 },
            },
          } : {}),
          logicalLocations: [{ name: f.name, fullyQualifiedName: `${f.namespace ?? ''}/${f.kind}/${f.name}`, kind: 'resource' }],
        }],
        partialFingerprints: { [FINGERPRINT_KEY]: report.keys.get(f)!.fingerprint },
        ...(report.baseline && !f.suppressed ? { baselineState: report.baseline.known.has(f) ? 'unchanged' : 'new' } : {}),
        ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: f.suppressionReason }] } : {}),
        properties: {
          kind: f.kind,
          namespace: f.namespace ?? null,
          name: f.name,
          document: f.document === undefined ? null : f.document + 1,
          docs: f.docs,
          details: f.details ?? [],
        },
      })),
      // What the results leave out, where SARIF viewers show run metadata: objects outside batch
      // scope, notes, baseline entries that no longer occur.
      properties: {
        scope: report.scope,
        outsideScope: report.outsideScope.map(objectProperties),
        outsideScopeByKind: countFindings(report).outsideScope,
        notes: report.notes.map((n) => ({ ...objectProperties(n), apiVersion: n.apiVersion, note: n.note })),
        ...(baseline ? { baseline: { file: baseline.file, known: baseline.known.size, new: baseline.newCount, absent: baseline.absent } } : {}),
      },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
