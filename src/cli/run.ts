import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { BatchValidationError } from '../errors';
import { BaselineComparison, BaselineError, compareWithBaseline, findingKeys, parseBaseline, renderBaseline } from './baseline';
import { ExplainMode, runExplain } from './explain';
import { isFailing, RULE_IDS, ruleInfo, runAudit, selectRules } from '../rules/engine';
import { AuditOptions, AuditScope, RuleInfo } from '../rules/finding';
import { GitOpsTool } from '../rules/gitops';
import { renderJson } from './format/json';
import { renderJunit } from './format/junit';
import { renderMarkdown } from './format/markdown';
import { AuditReport } from './format/report';
import { renderSarif } from './format/sarif';
import { escapeControl, renderText } from './format/text';
import { CliIo } from './io';
import { LoadedInput, loadPaths } from './load';
import { reportLoadProblems } from './load-problems';
import { packageInfo } from '../package-info';
import { runPolicy } from './policy';
import { repositoryRoot } from './repo-path';
import { renderReview } from './review';
import { usageMessage } from './usage-message';

const NAME = 'cdk8s-batch';
const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
type Format = typeof FORMATS[number];
/** Runs shorter than this never show progress. */
const PROGRESS_AFTER_MS = 750;

const HELP = `Usage: ${NAME} <command> [options] PATH...

Commands:
  audit PATH...    check Kubernetes YAML against the batch rules
  review PATH...   Markdown summary per workload for a pull request
  explain PATH...  the YAML with a "# why:" comment on the fields the rules
                   know (schedule in words and next runs, where a missing
                   timeZone goes, retry budget, deadlines, findings)
  policy           the ValidatingAdmissionPolicies that enforce the rules
                   decidable from one object in the API server, as YAML
                   (cdk8s-batch policy --help for its options)

PATH is a file, a directory (searched recursively for .yaml/.yml, following
symbolic links), a pipe such as <(kustomize build DIR), or - for stdin.
Multi-document YAML and kind: List are read; documents that are not Kubernetes
objects are skipped with a note. Everything given in one run is one object set:
cross-object rules (bindings, scalers, alerts) look across all of it. Render
templates first: kustomize build DIR | cdk8s-batch audit -, or
helm template RELEASE CHART | cdk8s-batch audit -.

The batch rules judge batch workloads: Jobs, CronJobs, KEDA ScaledJobs, and
Deployments that are queue workers (a workload-class label, or a KEDA
ScaledObject or an HPA on an External metric in the set scales them). Other
objects that run pods are counted and listed as outside batch scope.

Options:
  -f, --format FORMAT        audit output: text (default), json, sarif, junit, markdown
      --annotation-prefix P  prefix of the labels/annotations rules read
                             (default platform.example.com)
      --strict               warnings fail the audit too
      --rule ID[,ID]         run only these rules (repeatable)
      --skip ID[,ID]         do not run these rules (repeatable)
      --now ISO-TIME         reference time for schedule rules and next runs, an
                             ISO 8601 instant such as 2026-07-01T00:00:00Z
                             (default: now; explain: 2027-01-01T00:00:00Z, so
                             its comments do not go stale by themselves)
      --allow-empty          exit 0 when the paths hold no Kubernetes object
                             (default: exit 2, so a job pointed at the wrong
                             folder fails)
      --scope SCOPE          batch (default): batch workloads only; all: also
                             run the pod-level rules (pod-security-restricted,
                             image-pinned, resource-requests, memory-limit,
                             dedicated-service-account) on every object that
                             runs pods
      --gitops TOOL          argocd or flux: the tool that applies these
                             manifests (rule gitops-finished-job-rerun; also
                             on when an Argo CD Application or a Flux
                             Kustomization is in the set), or none
      --exclude GLOB         leave out files and folders whose path (relative to
                             the current directory) matches, e.g.
                             'charts/*/templates' or '*.test.yaml'; * stays
                             within one path segment, ** crosses them
                             (repeatable)
      --write-baseline FILE  record today's findings in FILE (JSON) so a
                             repository with existing findings can adopt the
                             audit; the run then passes
      --baseline FILE        only findings not recorded in FILE fail; prints
                             how many known ones remain and which recorded
                             ones no longer occur
      --kubernetes-version X.Y
                             the Kubernetes version the manifests target, e.g.
                             1.30: fields it does not honour are errors
                             (field-needs-newer-kubernetes; without it that
                             rule is silent)
      --write                explain: rewrite the files with the comments
      --check                explain: change nothing; exit 1 when a file's
                             comments are missing or stale (for CI)
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no failing findings, 1 failing findings (errors, or warnings with
--strict), 2 unusable input or arguments (malformed YAML, an unrendered
Helm/Go template, a file that is not UTF-8, an unreadable file or folder, no
Kubernetes object found without --allow-empty) or a report that could not be
written. Text output writes control characters from the input as \\n, \\u001b, ...
`;

/** The package version, read from package.json next to lib/ (or src/ under ts-node). */
export function version(): string {
  return packageInfo().version;
}

class UsageError extends Error {}

function splitIds(values: readonly string[] | undefined, flag: string): string[] | undefined {
  if (!values) return undefined;
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const unknown = ids.filter((id) => !RULE_IDS.includes(id));
  if (unknown.length) {
    throw new UsageError(`unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} in ${flag}; known ids: ${RULE_IDS.join(', ')}`);
  }
  return ids;
}

const SCOPES: readonly string[] = Object.values(AuditScope);

function parseScope(value: string | undefined): AuditScope | undefined {
  if (value === undefined) return undefined;
  if (!SCOPES.includes(value)) throw new UsageError(`--scope "${value}" is not one of ${SCOPES.join(', ')}`);
  return value as AuditScope;
}

const GITOPS_TOOLS: readonly string[] = Object.values(GitOpsTool);

function parseGitOps(value: string | undefined): GitOpsTool | undefined {
  if (value === undefined) return undefined;
  if (!GITOPS_TOOLS.includes(value)) throw new UsageError(`--gitops "${value}" is not one of ${GITOPS_TOOLS.join(', ')}`);
  return value as GitOpsTool;
}

/**
 * An ISO 8601 instant: a date, a time and a zone (`Z` or an offset). `new Date` alone takes far
 * more (`0`, `March 7`, times without a zone read in the local zone), which would make the
 * schedule rules depend on the machine they run on.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const m = ISO_INSTANT.exec(value);
  const date = new Date(value);
  // Date rolls 2026-02-30 over into March; the day must exist in its month.
  const daysInMonth = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate() : 0;
  if (!m || Number.isNaN(date.getTime()) || Number(m[2]) < 1 || Number(m[3]) < 1 || Number(m[3]) > daysInMonth) {
    throw new UsageError(`--now "${value}" is not an ISO 8601 instant (date, time and zone) such as 2026-07-01T00:00:00Z or 2026-07-01T02:00:00+02:00`);
  }
  return date;
}

interface Parsed {
  readonly command: string;
  readonly paths: string[];
  readonly format: Format;
  readonly strict: boolean;
  readonly allowEmpty: boolean;
  readonly options: AuditOptions;
  readonly exclude: readonly string[];
  readonly baseline?: string;
  readonly writeBaseline?: string;
  readonly explainMode: ExplainMode;
}

function parse(argv: readonly string[]): Parsed | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'format': { type: 'string', short: 'f' },
      'annotation-prefix': { type: 'string' },
      'strict': { type: 'boolean' },
      'allow-empty': { type: 'boolean' },
      'rule': { type: 'string', multiple: true },
      'skip': { type: 'string', multiple: true },
      'now': { type: 'string' },
      'scope': { type: 'string' },
      'gitops': { type: 'string' },
      'kubernetes-version': { type: 'string' },
      'exclude': { type: 'string', multiple: true },
      'baseline': { type: 'string' },
      'write-baseline': { type: 'string' },
      'write': { type: 'boolean' },
      'check': { type: 'boolean' },
      'help': { type: 'boolean', short: 'h' },
      'version': { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) return 'version';
  const [command, ...paths] = positionals;
  if (values.help || command === 'help') return 'help';
  if (command === undefined) throw new UsageError('no command given');
  if (command !== 'audit' && command !== 'review' && command !== 'explain') throw new UsageError(`unknown command "${command}"`);
  if ((values.write || values.check) && command !== 'explain') throw new UsageError(`--write and --check belong to explain, not ${command}`);
  if (values.write && values.check) throw new UsageError('give --write or --check, not both');
  if (paths.length === 0) throw new UsageError(`${command} needs at least one PATH (a file, a directory, or - for stdin)`);
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format "${values.format}" is not one of ${FORMATS.join(', ')}`);
  if (command === 'review' && values.format !== undefined && format !== 'markdown') {
    throw new UsageError('review writes Markdown only; drop --format');
  }
  if (command === 'explain' && values.format !== undefined) {
    throw new UsageError('explain writes YAML only; drop --format');
  }
  const options: AuditOptions = {
    annotationPrefix: values['annotation-prefix'],
    rules: splitIds(values.rule, '--rule'),
    skipRules: splitIds(values.skip, '--skip'),
    now: parseNow(values.now),
    scope: parseScope(values.scope),
    gitOps: parseGitOps(values.gitops),
    kubernetesVersion: values['kubernetes-version'],
  };
  if (command !== 'audit' && (values.baseline !== undefined || values['write-baseline'] !== undefined)) {
    throw new UsageError(`--baseline and --write-baseline belong to audit, not ${command}`);
  }
  const explainMode = values.write ? ExplainMode.WRITE : values.check ? ExplainMode.CHECK : ExplainMode.PRINT;
  return {
    command,
    paths,
    format,
    strict: !!values.strict,
    allowEmpty: !!values['allow-empty'],
    options,
    exclude: values.exclude ?? [],
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    explainMode,
  };
}

function progress(io: CliIo, format: Format): (done: number, total: number) => void {
  // Only people watching a terminal see progress; machine formats get nothing extra.
  if (!io.stderrIsTTY || (format !== 'text' && format !== 'markdown')) return () => undefined;
  const started = io.clock();
  return (done, total) => {
    if (io.clock() - started < PROGRESS_AFTER_MS) return;
    // Rewrites one line; the last file clears it so the report starts on a clean line.
    io.stderr(done === total ? '\r\u001b[K' : `\r${NAME}: read ${done}/${total} files`);
  };
}

function render(format: Format, report: AuditReport, cwd: string): string {
  switch (format) {
    case 'json': return renderJson(report);
    case 'sarif': return renderSarif(report, cwd);
    case 'junit': return renderJunit(report);
    case 'markdown': return renderMarkdown(report);
    default: return renderText(report);
  }
}

/**
 * Runs the CLI with arguments (without `node` and the script) and returns the exit status.
 * Never throws for bad input: usage and input problems are exit 2 with a message on stderr.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  // policy reads no input and has options of its own.
  if (argv[0] === 'policy') return runPolicy(argv.slice(1), io);
  let parsed: ReturnType<typeof parse>;
  let rules: RuleInfo[];
  try {
    parsed = parse(argv);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (parsed === 'version') {
      io.stdout(`${version()}\n`);
      return 0;
    }
    rules = selectRules(parsed.options).map(ruleInfo);
    if (rules.length === 0) throw new UsageError('--rule and --skip leave no rule to run');
  } catch (e) {
    if (e instanceof UsageError || e instanceof BatchValidationError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${NAME}: ${escapeControl(usageMessage(e as Error))}\nRun "${NAME} --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
  const { command, paths, format, strict, allowEmpty, options } = parsed;
  if (command === 'explain') {
    return runExplain(paths, parsed.explainMode, options, parsed.exclude, io);
  }
  const loaded = await loadPaths(paths, io.readStdin, progress(io, format), { exclude: parsed.exclude, cwd: io.cwd });
  // The report of a machine format lists skipped documents itself; text gets a note per document.
  reportLoadProblems(loaded, io, { skippedDocuments: format === 'text' });
  const audit = runAudit(loaded.inputs, options, { appliedRules: command === 'audit' && format === 'junit' });
  if (command === 'review') {
    io.stdout(renderReview(audit, loaded));
    return inputProblem(loaded, paths, allowEmpty, io) ?? (audit.findings.some((f) => isFailing(f, strict)) ? 1 : 0);
  }
  const root = repositoryRoot(io.cwd);
  const keys = findingKeys(audit.objects, { cwd: io.cwd, root });
  let baseline: BaselineComparison | undefined;
  if (parsed.baseline !== undefined) {
    try {
      baseline = compareWithBaseline(audit.findings, keys, parseBaseline(fs.readFileSync(path.resolve(io.cwd, parsed.baseline), 'utf8'), parsed.baseline), parsed.baseline);
    } catch (e) {
      const message = e instanceof BaselineError ? e.message : `cannot read baseline ${parsed.baseline}: ${(e as Error).message}`;
      io.stderr(`${NAME}: ${message}\n`);
      return 2;
    }
  }
  const report: AuditReport = {
    tool: { name: NAME, version: version() },
    findings: audit.findings,
    objects: audit.objects,
    skipped: loaded.skipped,
    skippedPaths: loaded.skippedPaths,
    errors: loaded.errors,
    files: loaded.files,
    rules,
    strict,
    outsideScope: audit.outsideScope,
    notes: audit.notes,
    scope: audit.scope,
    batchWorkloads: audit.objects.filter((o) => audit.context.inBatchScope(o.input.object)).length,
    keys,
    baseline,
    root,
  };
  io.stdout(render(format, report, io.cwd));
  const problem = inputProblem(loaded, paths, allowEmpty, io);
  if (problem !== undefined) {
    if (parsed.writeBaseline !== undefined) io.stderr(`${NAME}: baseline ${escapeControl(parsed.writeBaseline)} not written: the input could not all be read or held no object, so the findings are incomplete\n`);
    return problem;
  }
  if (parsed.writeBaseline !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, parsed.writeBaseline), renderBaseline(audit.findings, keys, NAME));
    } catch (e) {
      io.stderr(`${NAME}: cannot write baseline ${parsed.writeBaseline}: ${(e as Error).message}\n`);
      return 2;
    }
    const recorded = audit.findings.filter((f) => !f.suppressed).length;
    io.stderr(`${NAME}: wrote ${recorded} finding${recorded === 1 ? '' : 's'} to baseline ${parsed.writeBaseline}\n`);
    // The findings are now the recorded debt: the run that writes the baseline passes.
    return 0;
  }
  return audit.findings.some((f) => isFailing(f, strict) && !baseline?.known.has(f)) ? 1 : 0;
}

/**
 * Exit 2 when the input cannot be trusted as complete: a file could not be read or parsed, or
 * nothing at all was found (a CI job pointed at the wrong folder must not pass).
 */
function inputProblem(loaded: LoadedInput, paths: readonly string[], allowEmpty: boolean, io: CliIo): 2 | undefined {
  if (loaded.errors.length) return 2;
  if (loaded.inputs.length === 0 && !allowEmpty) {
    io.stderr(`${NAME}: no Kubernetes objects found in ${escapeControl(paths.join(', '))}; pass --allow-empty if that is expected\n`);
    return 2;
  }
  return undefined;
}
