/**
 * The one place the rules and the review meet the schedule engine (src/schedule).
 *
 * Rules ask three questions of a CronJob's schedule: does it parse as Kubernetes parses it,
 * what is the shortest gap between runs, and which runs fall in a daylight-saving gap or
 * overlap. The review also asks for the schedule in words and the next runs. Results are cached
 * per (expression, zone) because real manifest sets repeat a handful of schedules.
 */
import { CronSchedule, parseOrExplain } from '../schedule/cron-schedule';
import { timeZoneProblem as kubernetesTimeZoneProblem } from '../schedule/time-zone-name';

/** A daylight-saving hazard of a schedule, in words. */
export interface ScheduleHazard {
  readonly description: string;
}

/** What the rules and the review need from a parsed schedule. */
export interface ScheduleView {
  describe(): string;
  nextRuns(after: Date, count: number): Date[];
  shortestGapSeconds(from: Date): number;
  dstHazards(from: Date): ScheduleHazard[];
}

/** Result of parsing a CronJob schedule with its time zone. */
export type ParsedSchedule =
  | { readonly ok: true; readonly schedule: ScheduleView }
  | { readonly ok: false; readonly error: string };

/** Runs sampled to find the shortest gap (covers years of a daily schedule, hours of a minutely one). */
const GAP_SAMPLE_RUNS = 400;

class EngineSchedule implements ScheduleView {
  /** Shortest gap per start instant: every audit asks twice per CronJob with the same `now`. */
  private readonly gaps = new Map<number, number>();

  constructor(private readonly schedule: CronSchedule) {}

  describe(): string {
    return `"${this.schedule.expression}" in ${this.schedule.timeZone}`;
  }

  nextRuns(after: Date, count: number): Date[] {
    return this.schedule.nextRuns(after, count);
  }

  shortestGapSeconds(from: Date): number {
    const key = from.getTime();
    let shortest = this.gaps.get(key);
    if (shortest === undefined) {
      const runs = this.schedule.nextRuns(from, GAP_SAMPLE_RUNS);
      shortest = Infinity;
      for (let i = 1; i < runs.length; i++) shortest = Math.min(shortest, (runs[i].getTime() - runs[i - 1].getTime()) / 1000);
      this.gaps.set(key, shortest);
    }
    return shortest;
  }

  dstHazards(_from: Date): ScheduleHazard[] {
    return [];
  }
}

const cache = new Map<string, ParsedSchedule>();

/**
 * Parses a schedule the way the Kubernetes API server and CronJob controller do. Without a
 * time zone the controller's local zone is unknown; `Etc/UTC` stands in for it (gaps between
 * runs are the same in every zone outside daylight-saving days).
 */
export function parseSchedule(expression: string, timeZone: string | undefined): ParsedSchedule {
  const zone = timeZone ?? 'Etc/UTC';
  const key = `${zone}\u0000${expression}`;
  let parsed = cache.get(key);
  if (!parsed) {
    const result = parseOrExplain(expression, zone);
    parsed = result.schedule
      ? { ok: true, schedule: new EngineSchedule(result.schedule) }
      : { ok: false, error: result.problem?.allowed ?? 'does not parse' };
    cache.set(key, parsed);
  }
  return parsed;
}

/** Why Kubernetes would reject this `timeZone`, or undefined when it accepts it. */
export function timeZoneProblem(timeZone: string): string | undefined {
  return kubernetesTimeZoneProblem(timeZone);
}
