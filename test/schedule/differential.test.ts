/**
 * Differential test: CronSchedule against robfig/cron v3 itself (the library Kubernetes uses),
 * driven through the Go program in test/oracle. Every case is sent to the oracle in one batch;
 * accept/reject, the error text and every next run must agree exactly. The daylight-saving
 * verdicts of `dstHazards` are checked against hazards derived from robfig's own run instants.
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { BAD_ZONES, DIFFERENTIAL_ZONES, generateCases, ScheduleCase, seededRandom, TRICKY } from './cases';
import { hazardsByDefinition, listedFromUtcRuns, timesOfDayFromUtcRuns } from './hazards-by-definition';
import { CronSchedule, parseOrExplain } from '../../src/schedule/cron-schedule';
import { ZONE_NAMES } from '../../src/schedule/zone-names.generated';
import { ZoneOffsets } from '../../src/schedule/zone-offsets';

jest.setTimeout(180_000);

const INSTALL_HINT = 'install Go 1.22 or later (the oracle downloads robfig/cron v3.0.1 from the Go module proxy)';
const GENERATED = 5_200;
const SEED = 20261127;

interface OracleCase extends Partial<ScheduleCase> {
  readonly id: string;
  readonly zone: string;
  readonly zoneOnly?: boolean;
}

interface OracleAnswer {
  readonly id: string;
  readonly ok: boolean;
  readonly prop?: string;
  readonly error?: string;
  readonly runs: number[];
}

function buildOracle(): string {
  try {
    const out = execFileSync('bash', [join(__dirname, '..', 'oracle', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().split('\n').pop()!;
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? String(e);
    throw new Error(`The robfig/cron oracle could not be built: ${stderr.trim()}\nRun: ${INSTALL_HINT}`);
  }
}

/**
 * The tz database the oracle reads: the one that ships with the Go toolchain
 * (`$GOROOT/lib/time/zoneinfo.zip`, the same data as the `time/tzdata` package Kubernetes
 * binaries embed), not this machine's `/usr/share/zoneinfo`, whose release moves with the OS
 * packages. Our engine reads Node's ICU database, so the comparison is only meaningful when both
 * are the same IANA release.
 */
function goTzdata(): { zip: string; version: string } {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const script = readFileSync(join(goroot, 'lib', 'time', 'update.bash'), 'utf8');
  const version = /^DATA=(\S+)$/m.exec(script)?.[1] ?? 'unknown';
  return { zip: join(goroot, 'lib', 'time', 'zoneinfo.zip'), version };
}

function runOracle(binary: string, cases: OracleCase[], zoneinfo: string): Map<string, OracleAnswer> {
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const env = { ...process.env, ZONEINFO: zoneinfo };
  const result = spawnSync(binary, [], { input, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`cron oracle failed (${result.status}): ${result.stderr}`);
  }
  const answers = new Map<string, OracleAnswer>();
  for (const line of result.stdout.split('\n')) {
    if (line.trim() !== '') {
      const answer = JSON.parse(line) as OracleAnswer;
      answers.set(answer.id, answer);
    }
  }
  return answers;
}

/** Our answer in the oracle's shape. */
function ours(c: OracleCase): OracleAnswer {
  if (c.zoneOnly) {
    const result = parseOrExplain('0 0 * * *', c.zone);
    return { id: c.id, ok: !result.problem, prop: result.problem?.prop, error: result.problem?.reason, runs: [] };
  }
  const result = parseOrExplain(c.expr!, c.zone);
  if (result.problem) {
    return { id: c.id, ok: false, prop: result.problem.prop, error: result.problem.reason, runs: [] };
  }
  const runs = result.schedule!.nextRuns(new Date(c.startMs!), c.count!).map((d) => d.getTime() / 1000);
  return { id: c.id, ok: true, runs };
}

function differs(a: OracleAnswer, b: OracleAnswer): boolean {
  return a.ok !== b.ok || (a.prop ?? '') !== (b.prop ?? '') || (a.error ?? '') !== (b.error ?? '')
    || a.runs.length !== b.runs.length || a.runs.some((r, i) => r !== b.runs[i]);
}

function trickyCases(): OracleCase[] {
  const cases: OracleCase[] = [];
  for (const [t, tricky] of TRICKY.entries()) {
    for (const zone of DIFFERENTIAL_ZONES) {
      const changes = ZoneOffsets.of(zone).changesBetween(Date.UTC(2026, 0, 1) / 1000, Date.UTC(2028, 0, 1) / 1000);
      // Two days before each change (daily schedules cross it) and 90 minutes before (dense ones do).
      const starts = changes.length > 0
        ? changes.flatMap((c) => [(c.at - 2 * 86_400) * 1000, (c.at - 5400) * 1000])
        : [Date.UTC(2026, 2, 6), Date.UTC(2027, 9, 30, 12, 0, 0, 250)];
      for (const [s, startMs] of starts.entries()) {
        cases.push({ id: `tricky-${t}-${zone}-${s}`, expr: tricky.expr, zone, startMs, count: 12 });
      }
    }
  }
  return cases;
}

/**
 * Zone and link names in this machine's tzdata source, when present: a name there but missing
 * from the shipped list shows up as a disagreement (regenerate with
 * test/oracle/generate-zone-names.ts).
 */
function systemZoneNames(): string[] {
  const source = '/usr/share/zoneinfo/tzdata.zi';
  if (!existsSync(source)) return [];
  return readFileSync(source, 'utf8').split('\n').flatMap((line) => {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === 'Z' && parts[1]) return [parts[1]];
    if (parts[0] === 'L' && parts[2]) return [parts[2]];
    return [];
  });
}

/**
 * Every zone Kubernetes accepts, around each of its 2026-2027 offset changes (or at fixed dates
 * when it has none): checks that ICU's offsets agree with Go's tzdata for all of them, not just
 * the six zones above.
 */
function everyZoneCases(): OracleCase[] {
  const cases: OracleCase[] = [];
  const from = Date.UTC(2026, 0, 1) / 1000;
  const to = Date.UTC(2028, 0, 1) / 1000;
  for (const [z, zone] of ZONE_NAMES.entries()) {
    const changes = ZoneOffsets.of(zone).changesBetween(from, to).map((c) => c.at);
    const anchors = changes.length > 0 ? changes : [Date.UTC(2026, 2, 29) / 1000, Date.UTC(2027, 9, 31) / 1000];
    for (const [a, at] of anchors.entries()) {
      cases.push({ id: `zone-${z}-${a}-dense`, expr: '*/30 * * * *', zone, startMs: (at - 5400) * 1000, count: 8 });
      cases.push({ id: `zone-${z}-${a}-daily`, expr: '15 0-3 * * *', zone, startMs: (at - 2 * 86_400) * 1000, count: 16 });
    }
  }
  return cases;
}

function zoneCases(): OracleCase[] {
  const names = new Set<string>([...ZONE_NAMES, ...systemZoneNames()]);
  const random = seededRandom(7);
  for (const name of ZONE_NAMES) {
    // Case variants of every name; most are rejected by Go's exact-case lookup.
    names.add(name.toLowerCase());
    names.add(name.toUpperCase());
    if (random() < 0.2) names.add(`${name}/`);
  }
  for (const extra of ['Local', 'local', 'LOCAL', 'UTC', 'utc', 'Utc', 'US/Eastern', 'us/eastern', 'America/New_York', 'america/new_york',
    'Etc/GMT+5', 'etc/gmt+5', 'Etc/GMT+15', 'GMT0', 'EST5EDT', 'Europe/Kiev', 'Europe/Kyiv', '', '/', '/UTC', 'Europe//Berlin',
    '../UTC', 'Etc/../UTC', 'Etc/./UTC', '-UTC', 'Etc/-GMT', 'Asia/Ust-Nera', 'America/Argentina/ComodRivadavia',
    'America/Port-au-Prince', 'Antarctica/DumontDUrville', 'Mars/Olympus_Mons', 'Europe/Berlin ', ' Europe/Berlin',
    'Europe/Ber\u00a0lin', 'Factory', 'Etc/Unknown', 'Asia/Kolkata', 'Asia/Calcutta']) {
    names.add(extra);
  }
  return [...names].map((zone, i) => ({ id: `zone-${i}`, zone, zoneOnly: true }));
}

/**
 * Names Go's LoadLocation also finds on a machine with a system zoneinfo directory, which are
 * installation artefacts rather than zone names (the API server's embedded database has none of
 * them). CronSchedule rejects them; they are left out of the comparison. (Data files there such
 * as `zone.tab` are rejected by both, with different texts, so they are not listed either.)
 */
function isInstallationArtefact(zone: string): boolean {
  return zone === 'posixrules' || zone === 'localtime' || zone.startsWith('posix/') || zone.startsWith('right/');
}

/** Where the daylight-saving verdicts are examined: the year from here holds each zone's changes once. */
const DST_FROM = new Date(Date.UTC(2027, 0, 1));
const DAY = 86_400;
/** Runs asked of the oracle per window: four days of `* * * * *` and a margin. */
const DST_WINDOW_RUNS = 6_000;

interface DstVerdict {
  readonly expr: string;
  readonly zone: string;
  /** `KIND YYYY-MM-DD HH:MM`, sorted; empty for no hazard. */
  readonly hazards: readonly string[];
  /** For series that keep their spacing: the one real-time gap between all runs around each change. */
  readonly spacingSeconds?: number;
  readonly why: string;
}

/** The verdict table: what `dstHazards` must report, and what robfig's instants must show. */
const DST_VERDICTS: readonly DstVerdict[] = [
  ...['America/New_York', 'Europe/Berlin'].flatMap((zone) => [
    { expr: '* * * * *', zone, hazards: [], spacingSeconds: 60, why: 'every minute keeps running every minute' },
    { expr: '*/5 * * * *', zone, hazards: [], spacingSeconds: 300, why: 'a 5-minute series continues across the change' },
    { expr: '*/15 * * * *', zone, hazards: [], spacingSeconds: 900, why: 'a 15-minute series continues across the change' },
    { expr: '0 * * * *', zone, hazards: [], spacingSeconds: 3600, why: '01:00 EST -> 03:00 EDT is one real hour; 01:00 twice is two hours' },
  ]),
  { expr: '0 9 * * *', zone: 'Europe/Berlin', hazards: [], why: 'a daily run that moves by an hour in UTC' },
  { expr: '0 */2 * * *', zone: 'America/New_York', hazards: ['SKIPPED 2027-03-14 02:00'], why: '00:00 EST -> 04:00 EDT loses 02:00; November 00:00 EDT -> 02:00 EST loses nothing' },
  { expr: '30 2 * * *', zone: 'Europe/Berlin', hazards: ['DOUBLED 2027-10-31 02:30', 'SKIPPED 2027-03-28 02:30'], why: '02:30 does not exist in March and happens twice in October' },
  { expr: '30 1 * * *', zone: 'America/New_York', hazards: ['DOUBLED 2027-11-07 01:30'], why: '01:30 EDT and 01:30 EST both run' },
  { expr: '0 1-3 * * *', zone: 'America/New_York', hazards: ['DOUBLED 2027-11-07 01:00', 'SKIPPED 2027-03-14 02:00'], why: 'three runs a night: two in March, four in November' },
  { expr: '*/30 * * * *', zone: 'Australia/Lord_Howe', hazards: [], spacingSeconds: 1800, why: 'a 30-minute series survives a 30-minute change' },
  { expr: '*/15 * * * *', zone: 'Australia/Lord_Howe', hazards: [], spacingSeconds: 900, why: 'a 15-minute series survives a 30-minute change' },
  { expr: '0 * * * *', zone: 'Australia/Lord_Howe', hazards: ['SKIPPED 2027-10-03 02:00'], why: '01:00 -> 03:00 is 90 real minutes' },
  { expr: '*/20 * * * *', zone: 'Australia/Lord_Howe', hazards: ['DOUBLED 2027-04-04 01:40', 'SKIPPED 2027-10-03 02:00', 'SKIPPED 2027-10-03 02:20'], why: 'a 20-minute series does not survive a 30-minute shift' },
  { expr: '40 1 * * *', zone: 'Australia/Lord_Howe', hazards: ['DOUBLED 2027-04-04 01:40', 'EXTRA 2027-10-03 02:40'], why: 'robfig\'s minute search runs at an unlisted 02:40' },
  { expr: '0 0 * * *', zone: 'Australia/Lord_Howe', hazards: ['SKIPPED 2027-04-05 00:00', 'SKIPPED 2027-10-04 00:00'], why: 'robfig\'s search steps past the next midnight' },
];

/** The zone's offset changes in the year examined, unix seconds. */
function dstChanges(zone: string): number[] {
  const from = DST_FROM.getTime() / 1000;
  return ZoneOffsets.of(zone).changesBetween(from, from + 365 * DAY).map((c) => c.at);
}

/** Oracle cases per verdict: the zone's runs two days either side of each change, and the same expression in Etc/UTC. */
function dstCases(): OracleCase[] {
  return DST_VERDICTS.flatMap((v, i) => dstChanges(v.zone).flatMap((at, c) => {
    const startMs = (at - 2 * DAY) * 1000 - 1;
    return [
      { id: `dst-${i}-${c}-zone`, expr: v.expr, zone: v.zone, startMs, count: DST_WINDOW_RUNS },
      { id: `dst-${i}-${c}-utc`, expr: v.expr, zone: 'Etc/UTC', startMs: startMs - 2 * DAY * 1000, count: 3 * DST_WINDOW_RUNS },
    ];
  }));
}

describe('differential test against robfig/cron v3 (Kubernetes)', () => {
  let oracle: string;
  let answers: Map<string, OracleAnswer>;
  const generated = generateCases(GENERATED, SEED);
  // A few generated expressions are also checked with zones Kubernetes rejects.
  const badZoneCases: OracleCase[] = generated.slice(0, 60).map((c, i) => ({ ...c, id: `badzone-${i}`, zone: BAD_ZONES[i % BAD_ZONES.length] }));
  const tricky = trickyCases();
  const zones = zoneCases().filter((c) => !isInstallationArtefact(c.zone));
  const everyZone = everyZoneCases();
  const dst = dstCases();

  const tzdata = goTzdata();

  beforeAll(() => {
    oracle = buildOracle();
    answers = runOracle(oracle, [...generated, ...badZoneCases, ...tricky, ...zones, ...everyZone, ...dst], tzdata.zip);
  });

  test('the oracle and the engine read the same IANA tz database release', () => {
    // Zones change their rules between releases (measured here: tzdata 2026f gives
    // America/Edmonton and Africa/Casablanca other 2026-2027 offsets than 2025c), so a different
    // release is a different answer, not an engine bug.
    // When this fails, use a Go toolchain whose lib/time/update.bash names Node's release.
    expect(`Go ${tzdata.version}`).toBe(`Go ${process.versions.tz}`);
  });

  function compare(cases: OracleCase[]): { runs: number; accepted: number; diffs: string[] } {
    let runs = 0;
    let accepted = 0;
    const diffs: string[] = [];
    for (const c of cases) {
      const expected = answers.get(c.id);
      if (!expected) {
        diffs.push(`${c.id}: no oracle answer`);
        continue;
      }
      const actual = ours(c);
      runs += expected.runs.length;
      if (expected.ok) accepted++;
      if (differs(actual, expected)) {
        diffs.push(`${c.id} ${JSON.stringify(c.expr ?? '')} ${c.zone} start=${c.startMs === undefined ? '-' : new Date(c.startMs).toISOString()}\n`
          + `  robfig: ${JSON.stringify({ ...expected, runs: expected.runs.map((r) => new Date(r * 1000).toISOString()) })}\n`
          + `  ours:   ${JSON.stringify({ ...actual, runs: actual.runs.map((r) => new Date(r * 1000).toISOString()) })}`);
      }
    }
    return { runs, accepted, diffs };
  }

  test('generated schedules: 100% agreement on accept/reject, error text and every next run', () => {
    const result = compare([...generated, ...badZoneCases]);
    console.log(`differential: ${generated.length + badZoneCases.length} generated schedules (${result.accepted} accepted), `
      + `${result.runs} runs, ${result.diffs.length === 0 ? '100%' : `${result.diffs.length} disagreements,`} agreement`);
    // The generator must exercise both sides of the grammar and produce plenty of runs.
    expect(result.accepted).toBeGreaterThan(2_000);
    expect(generated.length + badZoneCases.length - result.accepted).toBeGreaterThan(1_000);
    expect(result.runs).toBeGreaterThan(30_000);
    expect(result.diffs.slice(0, 5)).toEqual([]);
  });

  test('hand-written tricky cases in every zone around each 2026/2027 DST change', () => {
    const result = compare(tricky);
    console.log(`differential: ${TRICKY.length} tricky expressions x zones x starts = ${tricky.length} cases, ${result.runs} runs, `
      + `${result.diffs.length === 0 ? '100%' : `${result.diffs.length} disagreements,`} agreement`);
    expect(result.diffs.slice(0, 5)).toEqual([]);
  });

  test('every accepted zone around its 2026/2027 offset changes: ICU offsets agree with Go tzdata', () => {
    const result = compare(everyZone);
    console.log(`differential: ${ZONE_NAMES.length} zones x their changes = ${everyZone.length} cases, ${result.runs} runs, `
      + `${result.diffs.length === 0 ? '100%' : `${result.diffs.length} disagreements,`} agreement`);
    expect(result.diffs.slice(0, 5)).toEqual([]);
  });

  test('time zone names: exact-case IANA list agrees with Go LoadLocation + Kubernetes validateTimeZone', () => {
    const result = compare(zones);
    console.log(`differential: ${zones.length} time zone names (${result.accepted} accepted), ${result.diffs.length === 0 ? '100%' : `${result.diffs.length} disagreements,`} agreement`);
    expect(result.accepted).toBeGreaterThanOrEqual(ZONE_NAMES.length);
    expect(result.diffs.slice(0, 5)).toEqual([]);
  });

  describe('daylight-saving verdicts: lost and doubled runs derived from robfig\'s instants', () => {
    /** Hazards by the definition from the oracle's runs alone, over two days either side of each change. */
    function fromOracle(v: DstVerdict, index: number): { hazards: string[]; gaps: Set<number>; windows: number } {
      const hazards: string[] = [];
      const gaps = new Set<number>();
      const changes = dstChanges(v.zone);
      for (const [c, at] of changes.entries()) {
        const from = at - 2 * DAY;
        const to = at + 2 * DAY;
        const zoneRuns = answers.get(`dst-${index}-${c}-zone`)!.runs.filter((t) => t < to);
        const utcRuns = answers.get(`dst-${index}-${c}-utc`)!.runs;
        // The oracle must have answered past the window, or a lost run could hide in a short answer.
        expect(Math.max(...answers.get(`dst-${index}-${c}-zone`)!.runs)).toBeGreaterThanOrEqual(to);
        expect(Math.max(...utcRuns)).toBeGreaterThanOrEqual(to + 2 * DAY);
        hazards.push(...hazardsByDefinition({
          zone: v.zone,
          runs: zoneRuns,
          listed: listedFromUtcRuns(utcRuns, v.zone, from, to),
          timesOfDay: timesOfDayFromUtcRuns(utcRuns),
          from,
          to,
        }));
        for (let i = 1; i < zoneRuns.length; i++) gaps.add(zoneRuns[i] - zoneRuns[i - 1]);
      }
      return { hazards: hazards.sort(), gaps, windows: changes.length };
    }

    test.each(DST_VERDICTS.map((v, i) => [v.expr, v.zone, v.hazards.length === 0 ? 'no hazard' : v.hazards.join(', '), v, i] as const))(
      '%j in %s: %s',
      (_expr, _zone, _verdict, v, index) => {
        const robfig = fromOracle(v, index);
        // Each zone here changes its offset twice a year.
        expect(robfig.windows).toBe(2);
        expect(robfig.hazards).toEqual(v.hazards);
        const engine = CronSchedule.parse(v.expr, v.zone).dstHazards(DST_FROM).map((h) => `${h.kind} ${h.localDate} ${h.localTime}`).sort();
        expect(engine).toEqual(v.hazards);
        if (v.spacingSeconds !== undefined) {
          // Why these pass: robfig keeps the real-time spacing across both changes.
          expect([...robfig.gaps]).toEqual([v.spacingSeconds]);
        }
      },
    );

    test('0 */2 * * * in New York, as robfig runs it: 00:00 EST -> 04:00 EDT in March, 00:00 EDT -> 02:00 EST in November', () => {
      const index = DST_VERDICTS.findIndex((v) => v.expr === '0 */2 * * *');
      const around = (c: number, fromIso: string, n: number) => answers.get(`dst-${index}-${c}-zone`)!.runs
        .filter((t) => t >= Date.parse(fromIso) / 1000).slice(0, n).map((t) => new Date(t * 1000).toISOString());
      expect(around(0, '2027-03-14T05:00:00Z', 2)).toEqual(['2027-03-14T05:00:00.000Z', '2027-03-14T08:00:00.000Z']);
      expect(around(1, '2027-11-07T04:00:00Z', 2)).toEqual(['2027-11-07T04:00:00.000Z', '2027-11-07T07:00:00.000Z']);
    });
  });
});
