import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/*
 * The steps of the scripts .ci/run runs after the build (test/install/run.ts,
 * test/languages/run.ts): each step is timed, printed as `ok  ` or `FAIL` with its time, and
 * written as a JUnit test case that .ci/junit-count.js counts with the jest report.
 */

/** One step's outcome. */
export interface StepResult {
  /** The steps one failure stops: a later step of the same group is not run (its input is missing). */
  readonly group: string;
  readonly name: string;
  readonly seconds: number;
  /** Why the step failed (the first line is the JUnit failure message); absent when it passed. */
  readonly failure?: string;
}

/** How a script names its steps. */
export interface StepNaming {
  /** The JUnit `classname` of a group's test cases, e.g. `languages.python`. */
  classname(group: string): string;
  /** What the progress line calls a step, e.g. `python: the wheel installs`. */
  label(group: string, name: string): string;
}

/** Runs steps in order and keeps their results. */
export class StepRunner {
  private readonly done: StepResult[] = [];

  constructor(
    private readonly naming: StepNaming,
    private readonly log: (line: string) => void = (line) => console.log(line),
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every step so far, in the order run. */
  get results(): readonly StepResult[] {
    return this.done;
  }

  /** Whether any step failed (or was not run because one before it failed). */
  get failed(): boolean {
    return this.done.some((r) => r.failure !== undefined);
  }

  /** Runs one step; after a failed step of the same group it is reported failed without running. */
  step(group: string, name: string, body: () => void): void {
    if (this.done.some((r) => r.group === group && r.failure !== undefined)) {
      this.done.push({ group, name, seconds: 0, failure: 'not run: an earlier step failed' });
      return;
    }
    const start = this.clock();
    try {
      body();
      this.done.push({ group, name, seconds: (this.clock() - start) / 1000 });
    } catch (e) {
      this.done.push({ group, name, seconds: (this.clock() - start) / 1000, failure: e instanceof Error ? e.message : String(e) });
    }
    const last = this.done[this.done.length - 1];
    this.log(`${last.failure !== undefined ? 'FAIL' : 'ok  '} ${this.naming.label(group, name)} (${last.seconds.toFixed(1)} s)`
      + (last.failure ? `\n${last.failure}` : ''));
  }

  /** The JUnit report of the steps so far, one suite named `suite`. */
  junit(suite: string): string {
    return junitReport(suite, this.done.map((r) => ({ ...r, classname: this.naming.classname(r.group) })));
  }

  /** Writes the JUnit report to `file`, creating its folder. */
  writeJUnit(file: string, suite: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, this.junit(suite));
  }
}

/** A test case of the report. */
export interface JUnitCase {
  readonly classname: string;
  readonly name: string;
  readonly seconds: number;
  readonly failure?: string;
}

/**
 * A JUnit XML report: one `<testsuites>` holding one `<testsuite>` of the same name, each case
 * with its time in seconds and, when it failed, a `<failure>` whose message is the failure's
 * first line and whose text is all of it.
 */
export function junitReport(suite: string, cases: readonly JUnitCase[]): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const lines = cases.map((c) => `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${c.seconds.toFixed(3)}">`
    + (c.failure !== undefined ? `\n      <failure message="${xmlEscape(c.failure.split('\n')[0])}">${xmlEscape(c.failure)}</failure>\n    ` : '')
    + '</testcase>');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}">`,
    ...lines,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * Text as XML attribute value or element text. Control characters XML 1.0 cannot carry at all
 * (a tool's colour codes in a failure's output, `\u001b[31m`) are written as `\u001b`, so one
 * coloured log line cannot make the whole report unreadable to a CI server.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How much of a failed command's output its error keeps: the tail says why (a Maven or pip log can be long). */
const FAILURE_OUTPUT_TAIL = 8000;

/**
 * Runs a command for a step and returns its stdout; throws with the command, the reason (exit
 * status, signal or time limit) and the tail of its output when it fails or outlives
 * `timeoutMs`. `env` is added to this process's environment.
 */
export function runCommand(command: string, args: readonly string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(command, args, {
    cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env },
  });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status}`;
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    throw new Error(`${command} ${args.join(' ')} in ${cwd}: ${why}\n${output.slice(-FAILURE_OUTPUT_TAIL)}`.trimEnd());
  }
  return r.stdout;
}

/** Throws naming the file when it does not exist (what a step was to produce). */
export function expectFile(file: string): void {
  if (!fs.existsSync(file)) throw new Error(`missing: ${file}`);
}
