import { GoClock, nextSpecRun, neverMatches } from './next';
import { SpecSchedule } from './parser';
import { ZoneOffsets } from './zone-offsets';

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

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Whether the zone's offset is constant from a day before local day `localDay` to a day after it. */
function isSteadyDay(zone: ZoneOffsets, localDay: number): boolean {
  // Offsets are within +-26 hours, so this instant range covers the local day with a day to spare.
  const from = (localDay - 2) * DAY;
  const to = (localDay + 3) * DAY;
  return zone.changesBetween(from, to).length === 0;
}

/**
 * Shortest gap in seconds between consecutive runs among the runs in [from, one year later],
 * plus the first run after that; undefined when that is fewer than two runs.
 */
export function shortestGapSpec(spec: SpecSchedule, timeZone: string, fromUnix: number): number | undefined {
  if (neverMatches(spec)) {
    return undefined;
  }
  const zone = ZoneOffsets.of(timeZone);
  const clock = new GoClock(zone);
  const end = oneYearAfter(fromUnix);
  const daily = minutesOfDay(spec);
  let withinDay = Infinity;
  for (let i = 1; i < daily.length; i++) {
    withinDay = Math.min(withinDay, (daily[i] - daily[i - 1]) * 60);
  }
  let best = Infinity;
  let previous: number | undefined;
  // Runs strictly after (from - 1 ms), i.e. at or after `from`.
  let cursor = fromUnix - 0.001;
  for (;;) {
    const run = nextSpecRun(spec, clock, cursor);
    if (run === undefined) {
      break;
    }
    if (previous !== undefined) {
      best = Math.min(best, run - previous);
    }
    if (run > end) {
      break;
    }
    previous = run;
    cursor = run;
    // On a steady day that starts with this run, the rest of the day's runs are the wall-clock
    // ones: take their smallest spacing and jump to the day's last run.
    const offset = zone.offsetAt(run);
    const localDay = Math.floor((run + offset) / DAY);
    const minuteOfDay = Math.floor(((run + offset) - localDay * DAY) / 60);
    const last = localDay * DAY + daily[daily.length - 1] * 60 - offset;
    if (daily.length > 1 && minuteOfDay === daily[0] && last <= end && isSteadyDay(zone, localDay)) {
      best = Math.min(best, withinDay);
      previous = last;
      cursor = last;
    }
  }
  return best === Infinity ? undefined : best;
}

/** A difference between the controller's runs and the wall-clock schedule. */
export interface RawHazard {
  readonly kind: 'skipped' | 'doubled' | 'extra';
  /** Local wall time as seconds (local time read as UTC). */
  readonly localWall: number;
  /** Run instants (unix seconds) at that local time. */
  readonly instants: number[];
}

/**
 * Local times in the year from `fromUnix` where the controller's runs differ from the
 * wall-clock schedule: a listed local time with no run (skipped), with two or more runs
 * (doubled), or a run at a local time the fields do not list (extra).
 */
export function dstHazardsSpec(spec: SpecSchedule, timeZone: string, fromUnix: number): RawHazard[] {
  if (neverMatches(spec)) {
    return [];
  }
  const zone = ZoneOffsets.of(timeZone);
  const clock = new GoClock(zone);
  const end = oneYearAfter(fromUnix);
  const daily = minutesOfDay(spec);
  const fromWall = fromUnix + zone.offsetAt(fromUnix);
  const endWall = end + zone.offsetAt(end);
  const hazards: RawHazard[] = [];
  // Only local days around an offset change can differ; merge overlapping day ranges.
  const ranges: Array<[number, number]> = [];
  for (const change of zone.changesBetween(fromUnix - 2 * DAY, end + 2 * DAY)) {
    const first = Math.floor((change.at + Math.min(change.before, change.after)) / DAY) - 1;
    const last = Math.floor((change.at + Math.max(change.before, change.after)) / DAY) + 1;
    if (ranges.length > 0 && first <= ranges[ranges.length - 1][1] + 1) {
      ranges[ranges.length - 1][1] = last;
    } else {
      ranges.push([first, last]);
    }
  }
  for (const [firstDay, lastDay] of ranges) {
    const runsByWall = new Map<number, number[]>();
    // Actual runs whose local day is in the range (and whose instant is in the window).
    let cursor = Math.max(fromUnix - 0.001, (firstDay - 2) * DAY);
    for (;;) {
      const run = nextSpecRun(spec, clock, cursor);
      if (run === undefined || run >= end) {
        break;
      }
      const wall = run + zone.offsetAt(run);
      const day = Math.floor(wall / DAY);
      if (day > lastDay) {
        break;
      }
      cursor = run;
      if (day >= firstDay) {
        const list = runsByWall.get(wall) ?? [];
        list.push(run);
        runsByWall.set(wall, list);
      }
    }
    // Wall-clock schedule for the same days.
    const expected = new Set<number>();
    for (let day = firstDay; day <= lastDay; day++) {
      if (dayMatchesNaive(spec, day)) {
        for (const minute of daily) {
          const wall = day * DAY + minute * 60;
          if (wall >= fromWall && wall < endWall) {
            expected.add(wall);
          }
        }
      }
    }
    for (const wall of expected) {
      const runs = runsByWall.get(wall) ?? [];
      if (runs.length === 0) {
        hazards.push({ kind: 'skipped', localWall: wall, instants: [] });
      } else if (runs.length > 1) {
        hazards.push({ kind: 'doubled', localWall: wall, instants: runs });
      }
    }
    for (const [wall, runs] of runsByWall) {
      if (!expected.has(wall) && wall >= fromWall && wall < endWall) {
        hazards.push({ kind: 'extra', localWall: wall, instants: runs });
      }
    }
  }
  return hazards.sort((a, b) => a.localWall - b.localWall);
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
