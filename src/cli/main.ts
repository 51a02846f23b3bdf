#!/usr/bin/env node
/**
 * Entry point of the `cdk8s-batch` command (package `bin`). Loads only Node built-ins,
 * js-yaml and this package's rules, so it starts fast; never cdk8s or constructs.
 */
import { processIo } from './io';
import { run } from './run';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    // A failure to write the report has already set exit status 2 (see processIo).
    process.exitCode ??= code;
  },
  (error: unknown) => {
    // A bug in the tool, not in the input: say so plainly, still without a stack trace.
    process.stderr.write(`cdk8s-batch: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
