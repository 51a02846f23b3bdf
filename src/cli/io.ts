/** What the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  /** Whether stderr is a terminal (progress is shown only there). */
  readonly stderrIsTTY: boolean;
  /** Directory paths are shown relative to. */
  readonly cwd: string;
  /** Milliseconds since some fixed point (progress decides from it when a run is long). */
  readonly clock: () => number;
}

/** The real process streams. */
export function processIo(): CliIo {
  // Read once: `-` given twice must not wait for a stream that has already ended.
  let stdin: Promise<string> | undefined;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => stdin ??= new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      process.stdin.on('data', (c: Buffer) => chunks.push(c));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      process.stdin.on('error', reject);
    }),
    stderrIsTTY: !!process.stderr.isTTY,
    cwd: process.cwd(),
    clock: () => performance.now(),
  };
}
