import { DelaySchedule, SpecSchedule } from './parser';
import { civilFromDays, daysFromCivil, ZoneOffsets } from './zone-offsets';

/**
 * The next-run computation of robfig/cron v3 (`SpecSchedule.Next`, `ConstantDelaySchedule.Next`),
 * which the Kubernetes CronJob controller calls with the CronJob's time zone.
 *
 * robfig walks a Go `time.Time` forward field by field using wall-clock arithmetic (`time.Date`,
 * `AddDate`) mixed with instant arithmetic (`Add`, `Truncate`). Daylight-saving behaviour (a
 * run in a spring-forward gap is skipped; a run in a repeated hour may happen twice) falls out
 * of exactly which of the two each step uses and of how Go's `time.Date` resolves a wall time
 * that does not exist or exists twice. So this module models the same operations on unix
 * seconds, step for step, instead of reasoning about calendars directly.
 */

/** Wall-clock fields of an instant in a zone. */
interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** Go's `time.Time` reduced to what robfig needs: an instant (unix seconds) seen in one zone. */
export class GoClock {
  private readonly wall: Wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  /** Local day (days since epoch) whose calendar fields `wall` currently holds. */
  private wallDay = NaN;

  constructor(private readonly zone: ZoneOffsets) {}

  /** Wall fields of `unix` (the returned object is reused by the next call). */
  public fields(unix: number): Wall {
    const local = unix + this.zone.offsetAt(unix);
    const days = Math.floor(local / 86_400);
    const secs = local - days * 86_400;
    const w = this.wall;
    w.hour = Math.floor(secs / 3600);
    w.minute = Math.floor((secs % 3600) / 60);
    w.second = secs % 60;
    if (days !== this.wallDay) {
      // The calendar part only changes with the day; most calls stay within one.
      this.wallDay = days;
      w.weekday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      const date = civilFromDays(days);
      w.year = date.year;
      w.month = date.month;
      w.day = date.day;
    }
    return w;
  }

  /** Wall-clock seconds (local time read as UTC) of `unix`. */
  public local(unix: number): number {
    return unix + this.zone.offsetAt(unix);
  }

  /** See {@link ZoneOffsets.constantUntil}. */
  public constantUntil(unix: number): number {
    return this.zone.constantUntil(unix);
  }

  /**
   * Go's `time.Date(year, month, day, hour, min, sec, 0, loc)`: out-of-range fields roll over,
   * and a wall time is mapped to an instant by guessing the offset at the wall time read as UTC,
   * then re-checking with the offset at the resulting instant. That two-step guess decides which
   * instant an ambiguous wall time gets and where a non-existent one lands.
   */
  public date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    // Normalise the month first as Go does; days, hours... roll over through plain arithmetic.
    const m0 = month - 1;
    const y = year + Math.floor(m0 / 12);
    const m = (((m0 % 12) + 12) % 12) + 1;
    const local = (daysFromCivil(y, m, 1) + day - 1) * 86_400 + hour * 3600 + minute * 60 + second;
    const guess = this.zone.offsetAt(local);
    if (guess === 0) {
      return local;
    }
    return local - this.zone.offsetAt(local - guess);
  }
}

function dayMatches(spec: SpecSchedule, w: Wall): boolean {
  const domMatch = spec.dayOfMonth.allowed[w.day] === 1;
  const dowMatch = spec.dayOfWeek.allowed[w.weekday] === 1;
  if (spec.dayOfMonth.star || spec.dayOfWeek.star) {
    return domMatch && dowMatch;
  }
  return domMatch || dowMatch;
}

/**
 * robfig `SpecSchedule.Next`: the first matching second strictly after `afterUnix` (whole or
 * fractional unix seconds), or undefined when nothing matches within five years.
 */
export function nextSpecRun(spec: SpecSchedule, clock: GoClock, afterUnix: number): number | undefined {
  // Start at the next whole second.
  let t = Math.floor(afterUnix) + 1;
  let added = false;
  const yearLimit = clock.fields(t).year + 5;
  const { minute: minutes, hour: hours, month: months } = spec;

  wrap: for (;;) {
    let w = clock.fields(t);
    if (w.year > yearLimit) {
      return undefined;
    }

    while (months.allowed[w.month] !== 1) {
      if (!added) {
        added = true;
        t = clock.date(w.year, w.month, 1, 0, 0, 0);
        w = clock.fields(t);
      }
      t = clock.date(w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
      w = clock.fields(t);
      if (w.month === 1) {
        continue wrap;
      }
    }

    while (!dayMatches(spec, w)) {
      if (!added) {
        added = true;
        t = clock.date(w.year, w.month, w.day, 0, 0, 0);
        w = clock.fields(t);
      }
      t = clock.date(w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
      w = clock.fields(t);
      // A DST change can leave the clock off midnight; robfig nudges it back by whole hours.
      if (w.hour !== 0) {
        t += w.hour > 12 ? (24 - w.hour) * 3600 : -w.hour * 3600;
        w = clock.fields(t);
      }
      if (w.day === 1) {
        continue wrap;
      }
    }

    while (hours.allowed[w.hour] !== 1) {
      if (!added) {
        added = true;
        t = clock.date(w.year, w.month, w.day, w.hour, 0, 0);
        w = clock.fields(t);
      }
      // Same shortcut as for minutes: whole hours at once while the offset holds.
      const steps = hours.stepsToNext[w.hour];
      t += t + steps * 3600 < clock.constantUntil(t) ? steps * 3600 : 3600;
      w = clock.fields(t);
      if (w.hour === 0) {
        continue wrap;
      }
    }

    let minute = w.minute;
    while (minutes.allowed[minute] !== 1) {
      if (!added) {
        added = true;
        t = Math.floor(t / 60) * 60;
      }
      // robfig adds one minute at a time. While the offset stays the same each step moves the
      // wall clock by exactly one minute, so the steps up to the next allowed minute (or the
      // hour's end, where robfig starts over) can be taken at once.
      const steps = minutes.stepsToNext[minute];
      if (t + steps * 60 < clock.constantUntil(t)) {
        t += steps * 60;
      } else {
        t += 60;
      }
      minute = Math.floor((clock.local(t) % 3600 + 3600) % 3600 / 60);
      if (minute === 0) {
        continue wrap;
      }
    }

    // The seconds field of a standard (five-field) schedule is always 0.
    let second = ((clock.local(t) % 60) + 60) % 60;
    while (second !== 0) {
      added = true;
      const steps = 60 - second;
      t += t + steps < clock.constantUntil(t) ? steps : 1;
      second = ((clock.local(t) % 60) + 60) % 60;
      if (second === 0) {
        continue wrap;
      }
    }
    return t;
  }
}

function isEmpty(field: { readonly allowed: Uint8Array }): boolean {
  return field.allowed.every((v) => v === 0);
}

/**
 * Whether no instant can ever match: robfig would walk five years and give up. Only an empty
 * field (the list `,`) can cause this regardless of dates; checking up front saves that walk.
 */
export function neverMatches(spec: SpecSchedule): boolean {
  const days = spec.dayOfMonth.star || spec.dayOfWeek.star
    ? isEmpty(spec.dayOfMonth) || isEmpty(spec.dayOfWeek)
    : isEmpty(spec.dayOfMonth) && isEmpty(spec.dayOfWeek);
  return isEmpty(spec.minute) || isEmpty(spec.hour) || isEmpty(spec.month) || days;
}

/**
 * Applies robfig's `Next` repeatedly, as the CronJob controller does, returning up to `count`
 * run instants strictly after `after` (fewer when robfig gives up).
 */
export function nextRunsSpec(spec: SpecSchedule, timeZone: string, after: Date, count: number): Date[] {
  const clock = new GoClock(ZoneOffsets.of(timeZone));
  const out: Date[] = [];
  if (neverMatches(spec)) {
    return out;
  }
  let cursor = after.getTime() / 1000;
  while (out.length < count) {
    const next = nextSpecRun(spec, clock, cursor);
    if (next === undefined) {
      break;
    }
    out.push(new Date(next * 1000));
    cursor = next;
  }
  return out;
}

/**
 * robfig `ConstantDelaySchedule.Next`: the previous instant with its sub-second part dropped,
 * plus the delay. The zone plays no part.
 */
export function nextRunsDelay(spec: DelaySchedule, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let cursor = Math.floor(after.getTime() / 1000);
  for (let i = 0; i < count; i++) {
    cursor += spec.delaySeconds;
    out.push(new Date(cursor * 1000));
  }
  return out;
}
