/**
 * The daylight-saving hazard definition of `CronSchedule.dstHazards`, applied directly to a
 * list of run instants (the engine's, or robfig's own from the oracle). Independent of the
 * engine's analysis (src/schedule/analysis.ts): local times come from `Intl`, and the local
 * times a schedule lists are given by the caller.
 *
 * The definition: each local time the schedule lists is meant to run once; but inside the
 * stretch of local time an offset change skips or repeats, when the schedule's times of day
 * shifted by that change are the same times of day (hourly or finer series), it is meant to run
 * once per instant that shows it (never in a skipped stretch, twice in a repeated one). Fewer
 * runs than meant: SKIPPED; more: DOUBLED; a run at a local time not listed: EXTRA.
 */

const DAY = 86_400;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(zone, f);
  }
  return f;
}

/** Local time of an instant (unix seconds) as `YYYY-MM-DD HH:MM`. */
export function localTime(zone: string, unix: number): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):\d{2}$/.exec(format(zone).format(unix * 1000))!;
  return `${m[3]}-${m[1]}-${m[2]} ${m[4]}:${m[5]}`;
}

/** UTC offset in seconds at an instant, from `Intl`. */
function offsetAt(zone: string, unix: number): number {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/.exec(format(zone).format(unix * 1000))!;
  const wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  return wall - unix;
}

/** `YYYY-MM-DD HH:MM` as wall seconds (the local time read as UTC). */
function wallSeconds(local: string): number {
  return Date.parse(`${local.replace(' ', 'T')}:00Z`) / 1000;
}

export interface DefinitionInput {
  readonly zone: string;
  /** Every run the controller makes in [from, to), unix seconds. */
  readonly runs: readonly number[];
  /** The local times (`YYYY-MM-DD HH:MM`) the schedule's fields list within the window. */
  readonly listed: ReadonlySet<string>;
  /** The times of day the schedule lists, as minutes after midnight. */
  readonly timesOfDay: readonly number[];
  /** The window, unix seconds [from, to). */
  readonly from: number;
  readonly to: number;
}

/** The hazards as `KIND YYYY-MM-DD HH:MM`, sorted. */
export function hazardsByDefinition(input: DefinitionInput): string[] {
  const { zone } = input;
  const runsAt = new Map<string, number>();
  for (const run of input.runs) {
    const local = localTime(zone, run);
    runsAt.set(local, (runsAt.get(local) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const local of input.listed) {
    const wall = wallSeconds(local);
    // The offsets in force a day either side (changes are days apart), and the instants showing this local time.
    const before = offsetAt(zone, wall - DAY);
    const after = offsetAt(zone, wall + DAY);
    // With one offset all around (no change within a day) exactly one instant shows it; otherwise check each candidate.
    const shown = before === after ? [wall - before] : [before, after].map((o) => wall - o).filter((t) => localTime(zone, t) === local);
    const inWindow = shown.filter((t) => t >= input.from && t < input.to);
    if (shown.length > 0 && inWindow.length === 0) continue;
    const keepsSeries = shown.length !== 1 && timesOfDayKeptByShift(input.timesOfDay, after - before);
    const meant = keepsSeries ? inWindow.length : 1;
    const runs = runsAt.get(local) ?? 0;
    if (runs < meant) out.push(`SKIPPED ${local}`);
    if (runs > meant) out.push(`DOUBLED ${local}`);
  }
  for (const local of runsAt.keys()) {
    if (!input.listed.has(local)) out.push(`EXTRA ${local}`);
  }
  return out.sort();
}

/** Whether shifting every listed time of day by `shiftSeconds` gives the same set (never for whole days). */
export function timesOfDayKeptByShift(timesOfDay: readonly number[], shiftSeconds: number): boolean {
  if (shiftSeconds % 60 !== 0 || shiftSeconds % DAY === 0) return false;
  const set = new Set(timesOfDay);
  return timesOfDay.every((m) => set.has((((m + shiftSeconds / 60) % 1440) + 1440) % 1440));
}

/** Local time of a wall-seconds value (a local time read as UTC) as `YYYY-MM-DD HH:MM`. */
function wallText(wall: number): string {
  return new Date(wall * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A schedule's listed local times within the window [from, to) of `zone`: the runs of the same
 * expression in Etc/UTC (a zone without changes, so its runs are exactly the listed times read
 * as UTC) between the window's local start and end.
 */
export function listedFromUtcRuns(utcRuns: readonly number[], zone: string, from: number, to: number): Set<string> {
  const fromWall = from + offsetAt(zone, from);
  const toWall = to + offsetAt(zone, to);
  return new Set(utcRuns.filter((wall) => wall >= fromWall && wall < toWall).map(wallText));
}

/** The times of day (minutes after midnight) among runs in Etc/UTC. */
export function timesOfDayFromUtcRuns(utcRuns: readonly number[]): number[] {
  return [...new Set(utcRuns.map((r) => Math.floor((r % DAY) / 60)))].sort((a, b) => a - b);
}
