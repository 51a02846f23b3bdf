/** What the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input: bytes (decoded and checked like a file), or text already decoded. */
  readonly readStdin: () => Promise<string | Uint8Array>;
  /** Whether stderr is a terminal (progress is shown only there). */
  readonly stderrIsTTY: boolean;
  /** Directory paths are shown relative to. */
  readonly cwd: string;
  /** Milliseconds since some fixed point (progress decides from it when a run is long). */
  readonly clock: () => number;
}

/**
 * The real process streams. Output failures never reach the user as a stack trace: a reader
 * that went away (`cdk8s-batch audit . | head`, EPIPE) ends the output quietly, as other Unix
 * tools do, and the run keeps its exit status; any other failure to write the report (a full
 * disk) is one line on stderr and exit status 2, since the report is lost.
 */
export function processIo(): CliIo {
  // Read once: `-` given twice must not wait for a stream that has already ended.
  let stdin: Promise<Uint8Array> | undefined;
  let stdoutGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (stdoutGone) return;
    stdoutGone = true;
    if (e.code === 'EPIPE') return;
    process.stderr.write(`cdk8s-batch: cannot write the report to standard output: ${e.message}\n`);
    process.exitCode = 2;
  });
  // Nowhere left to report a failure on stderr itself; it must not become an uncaught error.
  process.stderr.on('error', () => undefined);
  return {
    stdout: (text) => {
      if (!stdoutGone) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    readStdin: () => stdin ??= new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      process.stdin.on('data', (c: Buffer) => chunks.push(c));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
      process.stdin.on('error', reject);
    }),
    stderrIsTTY: !!process.stderr.isTTY,
    cwd: process.cwd(),
    clock: () => performance.now(),
  };
}
