import { GoClock, nextSpecRun, neverMatches } from './next';
import { SpecSchedule } from './parser';
import { civilFromDays, ZoneOffsets } from './zone-offsets';
import { compareCodePoints } from '../core/code-point-order';

/**
 * Questions about a schedule over the coming year, answered from the controller's real run
 * instants (robfig `Next`), not from a wall-clock idealisation: the shortest gap between runs,
 * and the daylight-saving hazards.
 *
 * Walking a dense schedule run by run over a year is slow (half a million runs for `* * * * *`),
 * so both answers use one fact: on a local day whose UTC offset is the same from a day before
 * to a day after, the controller's runs are exactly the wall-clock runs the fields describe.
 * Only days near an offset change are walked run by run. The unit tests check both answers
 * against a full run-by-run walk.
 */

const DAY = 86_400;

/** The minute-of-day values (hour * 60 + minute) the fields allow, ascending. */
function minutesOfDay(spec: SpecSchedule): number[] {
  const out: number[] = [];
  for (let h = 0; h < 24; h++) {
    if (spec.hour.allowed[h] === 1) {
      for (let m = 0; m < 60; m++) {
        if (spec.minute.allowed[m] === 1) {
          out.push(h * 60 + m);
        }
      }
    }
  }
  return out;
}

/** One year after `unix`, on the UTC calendar. */
export function oneYearAfter(unix: number): number {
  const d = new Date(unix * 1000);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime() / 1000;
}

/** Whether the wall-clock calendar day (days since epoch) matches the day fields, the robfig way. */
export function dayMatchesNaive(spec: SpecSchedule, localDay: number): boolean {
  const { month, day } = civilFromDays(localDay);
  if (spec.month.allowed[month] !== 1) {
    return false;
  }
  const weekday = (((localDay + 4) % 7) + 7) % 7;
  const domMatch = spec.dayOfMonth.allowed[day] === 1;
  const dowMatch = spec.dayOfWeek.allowed[weekday] === 1;
  return spec.dayOfMonth.star || spec.dayOfWeek.star ? domMatch && dowMatch : domMatch || dowMatch;
}


/**
 * Tells whether a local day is "steady": the zone's offset is the same from a day before it to
 * a day after it. Changes are fetched once for the whole span examined.
 */
class SteadyDays {
  private readonly changes: number[];
  private index = 0;

  constructor(zone: ZoneOffsets, fromUnix: number, toUnix: number) {
    this.changes = zone.changesBetween(fromUnix - 4 * DAY, toUnix + 4 * DAY).map((c) => c.at);
  }

  /** Days must be asked about in ascending order. */
  public isSteady(localDay: number): boolean {
    // Offsets are within +-26 hours, so this instant range covers the local day with a day to spare.
    const from = (localDay - 2) * DAY;
    const to = (localDay + 3) * DAY;
    while (this.index < this.changes.length && this.changes[this.index] < from) {
      this.index++;
    }
    return this.index >= this.changes.length || this.changes[this.index] >= to;
  }
}

/** What a walk over the year reports. */
interface WalkVisitor {
  /** A run found by robfig's search (used near offset changes and where days are not regular). */
  exactRun(run: number): void;
  /** A steady day taken whole from the fields: its first and last run (same day). */
  steadyDay(first: number, last: number): void;
  /**
   * A stretch walked run by run ended: runs strictly between `after` (a run, or undefined for
   * the window start) and `before` (a run, or undefined for the window end) were all reported
   * through exactRun.
   */
  exactStretch(after: number | undefined, before: number | undefined): void;
}

/**
 * Walks the controller's runs from `fromUnix` (inclusive) to `end`, then the first run after
 * `end`. Runs are produced by robfig's search, starting from the previous real run as the
 * controller does; but once a run is the first run of a steady day, that day and the steady
 * days after it are taken from the fields by calendar arithmetic (they are exactly the
 * wall-clock runs, since robfig's search only misbehaves across an offset change), and the
 * search resumes from the last such run when a day near a change comes up.
 */
function walkYear(spec: SpecSchedule, timeZone: string, fromUnix: number, end: number, visitor: WalkVisitor): void {
  const zone = ZoneOffsets.of(timeZone);
  const clock = new GoClock(zone);
  const steady = new SteadyDays(zone, fromUnix, end);
  const daily = minutesOfDay(spec);
  const firstMinute = daily[0];
  const lastMinute = daily[daily.length - 1];
  // Runs strictly after (from - 1 ms), i.e. at or after `from`.
  let cursor = fromUnix - 0.001;
  let stretchStart: number | undefined;
  for (;;) {
    const run = nextSpecRun(spec, clock, cursor);
    if (run === undefined) {
      visitor.exactStretch(stretchStart, undefined);
      return;
    }
    cursor = run;
    const offset = zone.offsetAt(run);
    let day = Math.floor((run + offset) / DAY);
    let last = day * DAY + lastMinute * 60 - offset;
    const entersSteady = run <= end && Math.floor((run + offset - day * DAY) / 60) === firstMinute
      && last <= end && steady.isSteady(day);
    if (!entersSteady) {
      visitor.exactRun(run);
      if (run > end) {
        visitor.exactStretch(stretchStart, undefined);
        return;
      }
      continue;
    }
    visitor.exactStretch(stretchStart, run);
    visitor.steadyDay(run, last);
    for (;;) {
      cursor = last;
      day++;
      if (!steady.isSteady(day)) {
        break;
      }
      if (!dayMatchesNaive(spec, day)) {
        continue;
      }
      // Same offset as the stretch so far: no change lies within a day of any of these days.
      const first = day * DAY + firstMinute * 60 - offset;
      const dayLast = day * DAY + lastMinute * 60 - offset;
      if (dayLast > end) {
        break;
      }
      visitor.steadyDay(first, dayLast);
      last = dayLast;
    }
    stretchStart = cursor;
  }
}

/**
 * Shortest gap in seconds between consecutive runs among the runs in [from, one year later],
 * plus the first run after that; undefined when that is fewer than two runs.
 */
export function shortestGapSpec(spec: SpecSchedule, timeZone: string, fromUnix: number): number | undefined {
  if (neverMatches(spec)) {
    return undefined;
  }
  const daily = minutesOfDay(spec);
  let withinDay = Infinity;
  for (let i = 1; i < daily.length; i++) {
    withinDay = Math.min(withinDay, (daily[i] - daily[i - 1]) * 60);
  }
  let best = Infinity;
  let previous: number | undefined;
  walkYear(spec, timeZone, fromUnix, oneYearAfter(fromUnix), {
    exactRun(run) {
      if (previous !== undefined) best = Math.min(best, run - previous);
      previous = run;
    },
    steadyDay(first, last) {
      if (previous !== undefined) best = Math.min(best, first - previous);
      if (last > first) best = Math.min(best, withinDay);
      previous = last;
    },
    exactStretch() {},
  });
  return best === Infinity ? undefined : best;
}

/**
 * Longest gap in seconds between consecutive runs in the same window as `shortestGapSpec`;
 * undefined when that is fewer than two runs. Daylight-saving changes count (a skipped run
 * makes a longer gap).
 */
export function longestGapSpec(spec: SpecSchedule, timeZone: string, fromUnix: number): number | undefined {
  if (neverMatches(spec)) {
    return undefined;
  }
  const daily = minutesOfDay(spec);
  let withinDay = 0;
  for (let i = 1; i < daily.length; i++) {
    withinDay = Math.max(withinDay, (daily[i] - daily[i - 1]) * 60);
  }
  let best: number | undefined;
  let previous: number | undefined;
  const gap = (seconds: number) => {
    best = best === undefined ? seconds : Math.max(best, seconds);
  };
  walkYear(spec, timeZone, fromUnix, oneYearAfter(fromUnix), {
    exactRun(run) {
      if (previous !== undefined) gap(run - previous);
      previous = run;
    },
    steadyDay(first, last) {
      if (previous !== undefined) gap(first - previous);
      if (last > first) gap(withinDay);
      previous = last;
    },
    exactStretch() {},
  });
  return best;
}

/**
 * A run the schedule means that the controller does not make (skipped), makes more than once
 * (doubled), or a run the schedule does not mean at all (extra), at one local time near a UTC
 * offset change.
 */
export interface RawHazard {
  readonly kind: 'skipped' | 'doubled' | 'extra';
  /** Local wall time as seconds (local time read as UTC). */
  readonly localWall: number;
  /** Run instants (unix seconds) at that local time. */
  readonly instants: number[];
  /** The instants in the window that show this local time: none inside a spring-forward gap, two in a repeated hour. */
  readonly wallInstants: number[];
  /**
   * For a local time inside a spring-forward gap or a repeated stretch: that stretch of local
   * time, [from, to) as wall seconds.
   */
  readonly changedSpan?: { readonly from: number; readonly to: number };
}

/** A UTC offset change: the instant and the offsets (seconds) before and after it. */
interface OffsetChange {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

/**
 * Whether the schedule's times of day, shifted by an offset change, are the same times of day
 * (hourly or finer series for a one-hour change; every 30, 15, 10... minutes for a 30-minute
 * one). Around such a change the controller's runs stay one series at the same real-time
 * spacing: a local time that does not exist is not a lost run, and one that happens twice is
 * two consecutive runs of the series, not a doubled one. A shift by whole days (a zone moving
 * across the date line) removes or repeats a calendar day and its runs, so it never counts.
 */
function timesOfDayKeptByShift(daily: readonly number[], shiftSeconds: number): boolean {
  if (shiftSeconds % 60 !== 0 || shiftSeconds % DAY === 0) {
    return false;
  }
  const minutesPerDay = DAY / 60;
  const shift = shiftSeconds / 60;
  const named = new Uint8Array(minutesPerDay);
  for (const minute of daily) named[minute] = 1;
  // Shifting is a bijection of the day's minutes: mapping the set into itself means onto itself.
  return daily.every((minute) => named[(((minute + shift) % minutesPerDay) + minutesPerDay) % minutesPerDay] === 1);
}

/**
 * The daylight-saving hazards of the year from `fromUnix`: runs the schedule means that the
 * controller does not make or makes twice because of a UTC offset change, and runs it makes at
 * local times the schedule does not list.
 *
 * What the schedule means at a local time it lists: one run; but when its times of day survive
 * the change's shift (see {@link timesOfDayKeptByShift}), one run per instant showing that local
 * time, so an hourly series running at 01:00 EST and 03:00 EDT, or at 01:00 EDT and 01:00 EST,
 * is exactly what it means. Fewer runs than meant is a skipped (lost) run, more is a doubled
 * one. A daily job that moves by an hour in UTC is neither: its local time still runs once.
 *
 * Steady days match the fields by construction, so only the stretches walked run by run are
 * compared: the days around each offset change, up to the first steady day the search lands
 * on properly again (a half-hour change can make robfig miss the next day's midnight).
 */
export function dstHazardsSpec(spec: SpecSchedule, timeZone: string, fromUnix: number): RawHazard[] {
  if (neverMatches(spec)) {
    return [];
  }
  const zone = ZoneOffsets.of(timeZone);
  const end = oneYearAfter(fromUnix);
  const daily = minutesOfDay(spec);
  const wallOf = (unix: number) => unix + zone.offsetAt(unix);
  const fromWall = wallOf(fromUnix);
  const endWall = wallOf(end);
  const hazards: RawHazard[] = [];
  let runsByWall = new Map<number, number[]>();
  walkYear(spec, timeZone, fromUnix, end, {
    exactRun(run) {
      if (run < end) {
        const wall = wallOf(run);
        const list = runsByWall.get(wall);
        if (list) list.push(run); else runsByWall.set(wall, [run]);
      }
    },
    steadyDay() {},
    exactStretch(after, before) {
      const spans = zone.changesBetween((after ?? fromUnix) - DAY, (before ?? end) + DAY).map((change) => ({
        ...changedSpan(change),
        keepsSeries: timesOfDayKeptByShift(daily, change.after - change.before),
      }));
      // Wall-clock times strictly between the bounding runs (which are themselves regular).
      const low = after === undefined ? fromWall - 1 : wallOf(after);
      const high = Math.min(before === undefined ? endWall : wallOf(before), endWall);
      const listed = new Set<number>();
      for (let day = Math.floor((low + 1) / DAY); day * DAY <= high; day++) {
        if (!dayMatchesNaive(spec, day)) continue;
        for (const minute of daily) {
          const wall = day * DAY + minute * 60;
          if (wall <= low || wall >= high || wall < fromWall) continue;
          listed.add(wall);
          const runs = runsByWall.get(wall) ?? [];
          // Outside what a change skips or repeats, a local time is shown by one instant and meant once.
          const span = spans.find((c) => wall >= c.from && wall < c.to);
          if (span === undefined && runs.length === 1) continue;
          const shown = instantsShowing(zone, wall);
          const inWindow = shown.filter((t) => t >= fromUnix && t < end);
          // A local time that exists only outside the window (the window starts or ends inside a repeated hour).
          if (shown.length > 0 && inWindow.length === 0) continue;
          const meant = span?.keepsSeries ? inWindow.length : 1;
          if (runs.length === meant) continue;
          hazards.push({
            kind: runs.length < meant ? 'skipped' : 'doubled',
            localWall: wall,
            instants: runs,
            wallInstants: inWindow,
            changedSpan: span && { from: span.from, to: span.to },
          });
        }
      }
      for (const [wall, runs] of runsByWall) {
        if (!listed.has(wall)) {
          const inWindow = instantsShowing(zone, wall).filter((t) => t >= fromUnix && t < end);
          hazards.push({ kind: 'extra', localWall: wall, instants: runs, wallInstants: inWindow });
        }
      }
      runsByWall = new Map();
    },
  });
  return hazards.sort((a, b) => a.localWall - b.localWall || compareCodePoints(a.kind, b.kind));
}

/** The instants showing a local wall time, ascending: none inside a spring-forward gap, two in a repeated hour. */
function instantsShowing(zone: ZoneOffsets, wall: number): number[] {
  // Any offset in force within a day of the wall time is a candidate.
  const candidates = new Set([zone.offsetAt(wall - DAY), zone.offsetAt(wall), zone.offsetAt(wall + DAY)]);
  const out: number[] = [];
  for (const offset of candidates) {
    if (zone.offsetAt(wall - offset) === offset) out.push(wall - offset);
  }
  return out.sort((a, b) => a - b);
}

/** The stretch of local time a change skips or repeats, [from, to) as wall seconds. */
function changedSpan(change: OffsetChange): { from: number; to: number } {
  return { from: change.at + Math.min(change.before, change.after), to: change.at + Math.max(change.before, change.after) };
}

/** `YYYY-MM-DD` and `HH:MM` of a local wall time. */
export function formatWall(localWall: number): { date: string; time: string } {
  const days = Math.floor(localWall / DAY);
  const { year, month, day } = civilFromDays(days);
  const secs = localWall - days * DAY;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`,
    time: `${pad(Math.floor(secs / 3600))}:${pad(Math.floor((secs % 3600) / 60))}`,
  };
}
