import * as fs from 'fs';
import { escapeControl } from './format/text';
import { CliIo } from './io';
import { loadPaths } from './load';
import { reportLoadProblems } from './load-problems';
import { explainedAtSynth, explainYamlText } from '../explain/comment-writer';
import { ruleReasons } from '../explain/rule-reasons';
import { runAudit } from '../rules/engine';
import { AuditOptions, Finding } from '../rules/finding';

/**
 * `cdk8s-batch explain PATH... [--write | --check] [--exclude GLOB]`: `# why:` comments for YAML
 * the library did not write, from what the rules know (see explain/rule-reasons.ts). Without a
 * flag the explained YAML goes to stdout; `--write` rewrites the files; `--check` changes nothing
 * and exits 1 when a file's comments are missing or stale (for CI). `--exclude` leaves files out
 * as it does for the audit: an excluded file is neither read, rewritten nor checked.
 */

/** What explain does with the explained text. */
export enum ExplainMode {
  PRINT = 'print',
  WRITE = 'write',
  CHECK = 'check',
}

const NAME = 'cdk8s-batch';

/** Runs the command; returns the exit status. */
export async function runExplain(
  paths: readonly string[],
  mode: ExplainMode,
  options: AuditOptions,
  exclude: readonly string[],
  io: CliIo,
): Promise<number> {
  if (mode !== ExplainMode.PRINT && paths.includes('-')) {
    io.stderr(`${NAME}: explain --${mode} needs files or directories, not - (stdin)\n`);
    return 2;
  }
  // The writer works on the text the loader read (and checked as UTF-8), never a second read.
  const loaded = await loadPaths(paths, io.readStdin, undefined, { keepTexts: true, exclude, cwd: io.cwd });
  // As the audit reports them: a pipe or device met while walking was not read, so not explained either.
  reportLoadProblems(loaded, io, { skippedDocuments: false });
  if (loaded.errors.length > 0) return 2;
  const audit = runAudit(loaded.inputs, options);
  const now = options.now;
  const stale: string[] = [];
  const outputs: string[] = [];
  for (const file of loaded.files) {
    const text = loaded.texts!.get(file)!;
    const findings = findingsOf(audit.findings, file);
    // Documents explained at synth keep the constructs' reasons: the rules know less than the code that decided.
    const explained = explainYamlText(text, (view) =>
      (explainedAtSynth(view.lines) ? undefined : ruleReasons(view.parsed(), findingsFor(findings, view.parsed()), now)));
    for (const note of explained.notes) io.stderr(`${NAME}: note: ${escapeControl(`${file}: ${note}`)}\n`);
    if (mode === ExplainMode.PRINT) {
      outputs.push(loaded.files.length > 1 ? `# ==> ${file} <==\n${explained.text}` : explained.text);
    } else if (explained.text !== text) {
      if (mode === ExplainMode.WRITE) fs.writeFileSync(file, explained.text);
      stale.push(file);
    }
  }
  if (mode === ExplainMode.PRINT) {
    io.stdout(outputs.join(outputs.length > 1 ? '\n' : ''));
    return 0;
  }
  if (mode === ExplainMode.WRITE) {
    io.stdout(`${stale.length} of ${loaded.files.length} files explained${stale.length ? `: ${escapeControl(stale.join(', '))}` : ''}\n`);
    return 0;
  }
  // A file name may hold a line break: one line per file, as the audit's output keeps it.
  for (const file of stale.map(escapeControl)) io.stdout(`${file}: comments missing or stale; run ${NAME} explain --write ${file}\n`);
  io.stdout(stale.length === 0 ? `${loaded.files.length} files: comments up to date\n` : `${stale.length} of ${loaded.files.length} files need explain --write\n`);
  return stale.length === 0 ? 0 : 1;
}

function findingsOf(findings: readonly Finding[], file: string): Finding[] {
  return findings.filter((f) => f.file === file);
}

/** The findings of one object of a file, found by kind, namespace and name. */
function findingsFor(findings: readonly Finding[], document: unknown): Finding[] {
  const doc = document as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  if (doc === null || typeof doc !== 'object') return [];
  return findings.filter((f) => f.kind === doc.kind && f.name === (doc.metadata?.name ?? f.name)
    && (f.namespace ?? undefined) === (doc.metadata?.namespace ?? undefined));
}
