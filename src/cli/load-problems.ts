import { escapeControl } from './format/text';
import { CliIo } from './io';
import { LoadedInput } from './load';

const NAME = 'cdk8s-batch';

/**
 * Writes to stderr what loading met besides objects, one line each: the files that could not be
 * read or parsed (`file:line:column: message`), the paths a folder walk left out, and on request
 * the documents that are not Kubernetes objects. `audit` and `explain` both report through here,
 * so a problem reads the same whichever command met it. Names and messages may come from the
 * input (file names, YAML text), so control characters are escaped: one line each, whatever they
 * hold.
 */
export function reportLoadProblems(loaded: LoadedInput, io: CliIo, options: { readonly skippedDocuments: boolean }): void {
  const line = (text: string) => io.stderr(`${NAME}: ${escapeControl(text)}\n`);
  for (const e of loaded.errors) {
    const where = `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}`;
    line(`${where}: ${e.message}`);
  }
  for (const p of loaded.skippedPaths ?? []) line(`note: ${p.path}: ${p.reason}; skipped`);
  if (options.skippedDocuments) {
    for (const s of loaded.skipped) line(`note: ${s.file}:${s.line}: document ${s.document + 1}: ${s.reason}; skipped`);
  }
}
