import * as fs from 'fs';
import { LoadedInput } from './load';
import { compareCodePoints } from '../core/code-point-order';
import { formatPath } from '../explain/comment-writer';
import { readExplanations } from '../explain/read-comments';
import { ruleReasons } from '../explain/rule-reasons';
import { AuditRun, AuditedObject } from '../rules/engine';
import { Finding, RuleSeverity } from '../rules/finding';
import { GITOPS_LIFETIME } from '../rules/gitops';
import {
  Obj, containers, envVar, jobSpec, nameOf, namespaceOf, num, obj, objs, path, podSpec, str, workloadKind,
} from '../rules/manifest';
import { RuleContext } from '../rules/rule';
import { parseSchedule } from '../rules/schedule-adapter';
import { formatSeconds } from '../schedule/go-duration';
import { cell, code } from './format/markdown';
import { groupByObject, objectLabel, outsideScopeSentence, plural } from './format/report';

/** How many upcoming runs the review lists. */
const NEXT_RUNS = 3;

/** `YYYY-MM-DD HH:MM` in a zone (the zone is valid: the schedule engine accepted it). */
function localTime(date: Date, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(date);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
  } catch {
    return date.toISOString().slice(0, 16).replace('T', ' ');
  }
}

function seconds(value: number | undefined): string | undefined {
  return value === undefined ? undefined : `${value} s (${formatSeconds(value)})`;
}

function scheduleRows(doc: Obj, ctx: RuleContext): [string, string][] {
  const spec = obj(doc.spec);
  const expression = str(spec?.schedule);
  const zone = str(spec?.timeZone);
  if (expression === undefined) return [['Schedule', 'not set']];
  const parsed = parseSchedule(expression, zone);
  if (!parsed.ok) return [['Schedule', `${code(expression)}${zone ? ` in ${code(zone)}` : ''}: does not parse (${cell(parsed.error)})`]];
  // Without timeZone the CronJob controller reads the schedule in kube-controller-manager's
  // local time zone, which the manifest cannot know: the schedule engine assumes UTC, so the
  // description drops the zone it appends and the next runs say they assume UTC.
  const shownZone = zone ?? 'Etc/UTC';
  const described = parsed.schedule.describe();
  const words = zone || !described.endsWith(`, ${shownZone}`) ? described : described.slice(0, -`, ${shownZone}`.length);
  const runs = parsed.schedule.nextRuns(ctx.now, NEXT_RUNS).map((d) => localTime(d, shownZone));
  const rows: [string, string][] = [
    ['Schedule', `${cell(words)} (${code(expression)})${zone ? '' : ' — **no timeZone**: the controller reads it in kube-controller-manager\'s local time zone'}`],
    ['Next runs', runs.length ? `${runs.join(', ')} (${zone ? shownZone : 'UTC, if kube-controller-manager runs in UTC'})` : 'none within five years'],
  ];
  const hazards = zone ? parsed.schedule.dstHazards(ctx.now) : [];
  if (hazards.length) rows.push(['Daylight saving', cell(hazards.map((h) => h.description).join('; '))]);
  const policy = str(spec?.concurrencyPolicy);
  const starting = num(spec?.startingDeadlineSeconds);
  const suspended = spec?.suspend === true ? '; **suspended**' : '';
  rows.push(['Overlap', `${policy ? code(policy) : 'not set (Allow)'}${starting !== undefined ? `; a run missed by more than ${seconds(starting)} is skipped` : '; no starting deadline'}${suspended}`]);
  return rows;
}

function retryRow(doc: Obj): string {
  const spec = jobSpec(doc);
  const parts: string[] = [];
  const limit = num(spec?.backoffLimit);
  const perIndex = num(spec?.backoffLimitPerIndex);
  parts.push(limit !== undefined ? `backoffLimit ${limit}` : perIndex === undefined ? 'backoffLimit not set (6)' : '');
  if (perIndex !== undefined) parts.push(`backoffLimitPerIndex ${perIndex}${num(spec?.maxFailedIndexes) !== undefined ? `, maxFailedIndexes ${num(spec?.maxFailedIndexes)}` : ''}`);
  const rules = objs(path(spec, 'podFailurePolicy', 'rules')).map((r) => {
    const exit = obj(r.onExitCodes);
    if (exit) {
      const container = str(exit.containerName);
      return `${String(r.action)} on exit codes ${String(exit.operator)} ${(Array.isArray(exit.values) ? exit.values : []).join(', ')}${container ? ` (${container})` : ''}`;
    }
    return `${String(r.action)} on ${objs(r.onPodConditions).map((c) => String(c.type)).join(', ')}`;
  });
  parts.push(rules.length ? `podFailurePolicy: ${rules.join('; ')}` : 'no podFailurePolicy');
  return cell(parts.filter((p) => p !== '').join('; '));
}

function retentionRow(doc: Obj, ctx: RuleContext): string {
  const parts: string[] = [];
  const ttl = num(jobSpec(doc)?.ttlSecondsAfterFinished);
  const gitOpsEnds = workloadKind(doc) === 'Job' && ctx.annotation(doc, 'lifetime') === GITOPS_LIFETIME;
  parts.push(ttl !== undefined ? `ttlSecondsAfterFinished ${seconds(ttl)}` : gitOpsEnds ? 'no TTL: the GitOps tool prunes it once it is removed from Git' : 'no TTL');
  // A CronJob and a KEDA ScaledJob keep finished Jobs by history limits on their own spec.
  if (workloadKind(doc) !== 'Job') {
    const ok = num(path(doc, 'spec', 'successfulJobsHistoryLimit'));
    const failed = num(path(doc, 'spec', 'failedJobsHistoryLimit'));
    parts.push(`history ${ok ?? 'default 3'} succeeded, ${failed ?? 'default 1'} failed`);
  }
  return parts.join('; ');
}

function guardsRow(doc: Obj): string {
  const seen: string[] = [];
  for (const c of containers(podSpec(doc))) {
    for (const name of ['DRY_RUN', 'MAX_DELETIONS']) {
      const v = envVar(c, name);
      if (!v) continue;
      const value = str(v.value);
      seen.push(`${name} ${value !== undefined ? code(value) : 'from ' + Object.keys(obj(v.valueFrom) ?? {}).join(', ')}`);
    }
  }
  return seen.length ? [...new Set(seen)].join(', ') : 'none';
}

function scalingRow(doc: Obj, ctx: RuleContext): string {
  const scalers = ctx.index.scalersFor(nameOf(doc), namespaceOf(doc) ?? '');
  if (!scalers.length) return `replicas ${num(path(doc, 'spec', 'replicas')) ?? 1}, no scaler in the set`;
  return scalers.map((s) => {
    if (s.kind === 'ScaledObject') {
      const triggers = objs(path(s, 'spec', 'triggers')).map((t) => String(t.type)).join(', ');
      return `KEDA ${code(nameOf(s))}: ${num(path(s, 'spec', 'minReplicaCount')) ?? 0}-${num(path(s, 'spec', 'maxReplicaCount')) ?? 'default 100'} replicas on ${triggers || 'no triggers'}`;
    }
    const metrics = objs(path(s, 'spec', 'metrics')).map((m) => String(m.type)).join(', ') || 'CPU';
    return `HPA ${code(nameOf(s))}: ${num(path(s, 'spec', 'minReplicas')) ?? 1}-${num(path(s, 'spec', 'maxReplicas')) ?? '?'} replicas on ${metrics}`;
  }).join('; ');
}

/** The `max-processing-seconds` annotation with its unit, or the value as written when it is not a number of seconds. */
function maxProcessing(value: string | undefined): string {
  if (value === undefined) return 'not stated';
  return /^\d+$/.test(value.trim()) ? `${value.trim()} s` : `${code(value)} (not a number of seconds)`;
}

/** Findings in the order a reader acts on them: errors, then warnings, then suppressed; by rule id within each. */
function byUrgency(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.suppressed ? 2 : f.severity === RuleSeverity.ERROR ? 0 : 1);
  return [...findings].sort((a, b) => (rank(a) - rank(b)) || compareCodePoints(a.ruleId, b.ruleId));
}

/** `2 open, 1 suppressed`: the counts of a workload's findings, no plural on "open". */
function findingCounts(findings: readonly Finding[]): string {
  const suppressed = findings.filter((f) => f.suppressed).length;
  return `${findings.length - suppressed} open${suppressed ? `, ${suppressed} suppressed` : ''}`;
}

function findingLine(f: Finding): string {
  if (f.suppressed) return `- ⚪ ${code(f.ruleId)} suppressed: ${cell(f.suppressionReason ?? '')}`;
  const icon = f.severity === RuleSeverity.ERROR ? '🔴' : '🟡';
  return `- ${icon} ${code(f.ruleId)}: ${cell(f.message)}`;
}

/** The fields whose reasons the review repeats: what a reviewer decides on. */
const WHY_FIELDS = new Set(['schedule', 'timeZone', 'concurrencyPolicy', 'startingDeadlineSeconds', 'backoffLimit', 'backoffLimitPerIndex',
  'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'parallelism', 'maxFailedIndexes', 'terminationGracePeriodSeconds',
  'minReplicaCount', 'maxReplicaCount']);

/**
 * The same reasons `cdk8s-batch explain` writes into the YAML, so the summary and the files
 * agree: the file's own `# why:` comments when it was explained at synth (the constructs know
 * why), else what the rules say about the object.
 */
function whyLines(entry: AuditedObject, ctx: RuleContext, texts: Map<string, string | undefined>): string[] {
  const doc = entry.input.object;
  const file = entry.input.file;
  let text = file === undefined ? undefined : texts.get(file);
  if (file !== undefined && !texts.has(file)) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    texts.set(file, text);
  }
  const same = (d: unknown) => {
    const o = obj(d);
    return o !== undefined && o.kind === doc.kind && nameOf(o) === nameOf(doc) && namespaceOf(o) === namespaceOf(doc);
  };
  const explained = text === undefined ? undefined : readExplanations(text).find((e) => same(e.document));
  // The findings are listed below the table already; here only what the fields do.
  const reasons = explained?.atSynth
    ? explained.comments.map((c) => ({ path: c.path, reason: c.text }))
    : ruleReasons(doc, [], ctx.now);
  return reasons
    .filter((r) => WHY_FIELDS.has(String(r.path[r.path.length - 1])))
    .map((r) => `- ${code(formatPath(r.path))}: ${cell(r.reason)}`);
}

function workloadSection(entry: AuditedObject, ctx: RuleContext, texts: Map<string, string | undefined>): string[] {
  const doc = entry.input.object;
  const findings = entry.findings;
  const kind = workloadKind(doc)!;
  const open = findings.filter((f) => !f.suppressed);
  const verdict = open.some((f) => f.severity === RuleSeverity.ERROR) ? '❌' : open.length ? '🟡' : '✅';
  const ns = namespaceOf(doc);
  const rows: [string, string][] = [['Class', ctx.workloadClass(doc) ? code(ctx.workloadClass(doc)!) : '**not labelled**']];
  if (kind === 'CronJob') rows.push(...scheduleRows(doc, ctx));
  if (kind === 'Deployment') {
    rows.push(['Scaling', scalingRow(doc, ctx)]);
    const grace = num(podSpec(doc)?.terminationGracePeriodSeconds);
    rows.push(['Graceful stop', `terminationGracePeriodSeconds ${grace !== undefined ? `${grace} s` : 'not set (30 s)'}; max processing ${maxProcessing(ctx.annotation(doc, 'max-processing-seconds'))}`]);
  } else {
    const spec = jobSpec(doc);
    const shape = [['completions', spec?.completions], ['parallelism', spec?.parallelism], ['completionMode', spec?.completionMode]]
      .filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${String(v)}`);
    if (shape.length) rows.push(['Shape', cell(shape.join(', '))]);
    rows.push(['Retry budget', retryRow(doc)]);
    const deadline = num(spec?.activeDeadlineSeconds);
    rows.push(['Deadline', deadline !== undefined ? `activeDeadlineSeconds ${seconds(deadline)}` : 'none']);
    rows.push(['Retention', retentionRow(doc, ctx)]);
  }
  rows.push(['Guards', guardsRow(doc)]);
  const owner = ctx.annotation(doc, 'owner');
  const runbook = ctx.annotation(doc, 'runbook');
  rows.push(['Owner', owner ? cell(owner) : '**none**']);
  rows.push(['Runbook', runbook ? cell(runbook) : '**none**']);
  const alerts = ctx.index.alertsMentioning(nameOf(doc)).map((a) => code(a.alert));
  rows.push(['Alerts', alerts.length ? [...new Set(alerts)].join(', ') : 'none in the set']);
  const why = whyLines(entry, ctx, texts);
  const where = entry.input.file ? ` — ${code(`${entry.input.file}${entry.input.line ? `:${entry.input.line}` : ''}`)}` : '';
  return [
    `### ${verdict} ${kind} ${code(`${ns ? `${ns}/` : ''}${nameOf(doc)}`)}${where}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    ...(why.length ? ['**Why** (as the YAML comments say):', ...why, ''] : []),
    findings.length ? `**Findings** (${findingCounts(findings)}):` : '**Findings:** none ✅',
    ...byUrgency(findings).map(findingLine),
    '',
  ];
}

/** Workloads with errors first, then with warnings, then clean; by kind, namespace and name within each. */
function byVerdict(workloads: readonly AuditedObject[]): AuditedObject[] {
  const rank = (w: AuditedObject) => {
    const open = w.findings.filter((f) => !f.suppressed);
    return open.some((f) => f.severity === RuleSeverity.ERROR) ? 0 : open.length ? 1 : 2;
  };
  const label = (w: AuditedObject) => {
    const doc = w.input.object;
    return `${String(doc.kind)}\u0000${namespaceOf(doc) ?? ''}\u0000${nameOf(doc)}\u0000${w.input.file ?? ''}\u0000${String(w.input.line ?? 0).padStart(10, '0')}`;
  };
  return [...workloads].sort((a, b) => (rank(a) - rank(b)) || compareCodePoints(label(a), label(b)));
}

/**
 * The `review` Markdown: per workload its class, schedule in words and next runs, overlap,
 * retry budget, deadlines, retention, guards, owner, runbook, alerts and findings; workloads
 * with errors first, then with warnings, then clean ones, and findings errors first.
 */
export function renderReview(run: AuditRun, loaded: LoadedInput): string {
  const ctx = run.context;
  const workloads = run.objects.filter((o) => ctx.inBatchScope(o.input.object));
  const open = run.findings.filter((f) => !f.suppressed);
  const errors = open.filter((f) => f.severity === RuleSeverity.ERROR).length;
  const out = [
    '## cdk8s-batch review',
    '',
    `${plural(workloads.length, 'workload')} in ${plural(loaded.files.length, 'file')}: ${plural(errors, 'error')}, ${plural(open.length - errors, 'warning')}, ${run.findings.length - open.length} suppressed.`,
    '',
  ];
  if (run.outsideScope.length) out.push(`_${outsideScopeSentence(run.outsideScope, run.scope)}_`, '');
  const texts = new Map<string, string | undefined>();
  for (const w of byVerdict(workloads)) out.push(...workloadSection(w, ctx, texts));
  const others = run.objects.filter((o) => !ctx.inBatchScope(o.input.object)).flatMap((o) => o.findings);
  if (others.length) {
    out.push('### Other objects', '');
    for (const group of groupByObject(others.filter((f) => !f.suppressed))) {
      out.push(`- ${cell(objectLabel(group[0]))}`, ...group.map((f) => `  ${findingLine(f)}`));
    }
    for (const f of others.filter((x) => x.suppressed)) out.push(`${findingLine(f)} (${cell(objectLabel(f))})`);
    out.push('');
  }
  if (run.notes.length) {
    out.push('### Not audited', '');
    for (const n of run.notes) out.push(`- ${cell(`${n.kind} ${n.name}`)}: ${cell(n.note)}`);
    out.push('');
  }
  if (loaded.errors.length) {
    out.push('### Input that could not be read', '');
    for (const e of loaded.errors) out.push(`- ${code(`${e.file}${e.line ? `:${e.line}` : ''}`)}: ${cell(e.message)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
