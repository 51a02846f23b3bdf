/**
 * Jest globalTeardown: sums the API-server harness's log of this run (api-server.ts) into
 * test-reports/api-server-summary.json and prints one line, so that a run says how many documents
 * Kubernetes' own code checked and at which versions. Counting only: a rejection has already
 * failed the test that synthesized the document.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { HARNESS_LOG } from './api-server';

interface LogLine {
  readonly file: string;
  readonly event: 'run' | 'synthesized';
  readonly kubernetesVersion: string;
  readonly target?: string;
  readonly documents: number;
  readonly ok?: number;
  readonly invalid?: number;
  readonly skipped?: number;
  readonly milliseconds?: number;
}

export default function globalTeardown(): void {
  if (!existsSync(HARNESS_LOG)) return;
  const lines = readFileSync(HARNESS_LOG, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LogLine);
  const runs = lines.filter((line) => line.event === 'run');
  const synthesized = lines.filter((line) => line.event === 'synthesized');
  const sum = (items: readonly LogLine[], field: 'documents' | 'ok' | 'invalid' | 'skipped' | 'milliseconds') =>
    items.reduce((total, item) => total + (item[field] ?? 0), 0);
  const byVersion = (items: readonly LogLine[], label: (line: LogLine) => string) => {
    const totals: Record<string, number> = {};
    for (const item of items) totals[label(item)] = (totals[label(item)] ?? 0) + item.documents;
    return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  const summary = {
    harnessRuns: runs.length,
    documentsChecked: sum(runs, 'documents'),
    ok: sum(runs, 'ok'),
    invalid: sum(runs, 'invalid'),
    skipped: sum(runs, 'skipped'),
    // Wall time of the harness's runs summed over the jest workers (they run in parallel).
    harnessSeconds: Math.round(sum(runs, 'milliseconds') / 100) / 10,
    checkedByEmulatedVersion: byVersion(runs, (line) => line.kubernetesVersion),
    synthesizedDocuments: sum(synthesized, 'documents'),
    synthesizedByTarget: byVersion(synthesized, (line) => `target ${line.target} checked at ${line.kubernetesVersion}`),
    testFiles: new Set(lines.map((line) => line.file)).size,
  };
  writeFileSync(join(dirname(HARNESS_LOG), 'api-server-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  // `invalid` counts the rejection tests' deliberate documents too; failures are the tests'.
  process.stdout.write(`\nAPI-server harness: ${summary.documentsChecked} documents checked in ${summary.harnessRuns} runs ` +
    `(${summary.ok} accepted, ${summary.invalid} rejected, ${summary.skipped} skipped; ${summary.harnessSeconds} s summed over workers), ` +
    `covering ${summary.synthesizedDocuments} synthesized documents from ${summary.testFiles} test files\n`);
}
