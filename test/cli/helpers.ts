import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/run';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const NOW = '2026-07-01T00:00:00Z';

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured streams. */
export async function cli(
  args: string[],
  options: { stdin?: string | Uint8Array; tty?: boolean; cwd?: string; clock?: () => number } = {},
): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => options.stdin ?? '',
    stderrIsTTY: options.tty ?? false,
    cwd: options.cwd ?? process.cwd(),
    clock: options.clock ?? (() => 0),
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** A temporary directory with the given files (relative path → content). */
export function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

export function fixtureText(relative: string): string {
  return fs.readFileSync(path.join(FIXTURES, relative), 'utf8');
}
