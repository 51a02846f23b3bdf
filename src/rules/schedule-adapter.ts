/**
 * The one place the rules and the review meet the schedule engine (src/schedule).
 *
 * Rules ask three questions of a CronJob's schedule: does it parse as Kubernetes parses it,
 * what is the shortest gap between runs, and which runs fall in a daylight-saving gap or
 * overlap. The review also asks for the schedule in words and the next runs. Parses are cached
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
  /** The schedule in words with its zone, e.g. `at 01:15 every day, Etc/UTC`. */
  describe(): string;
  nextRuns(after: Date, count: number): Date[];
  /** Whether it runs at all after `after` (within the controller's five-year search). */
  runsAfter(after: Date): boolean;
  /** Shortest gap between consecutive runs in the year from `from`; undefined when it never runs twice. */
  shortestGapSeconds(from: Date): number | undefined;
  dstHazards(from: Date): ScheduleHazard[];
}

/** Result of parsing a CronJob schedule with its time zone. */
export type ParsedSchedule =
  | { readonly ok: true; readonly schedule: ScheduleView }
  | { readonly ok: false; readonly error: string };

/**
 * The engine's schedule with its year-long analyses, and whether it runs at all, memoised per start instant: every audit
 * asks them once or twice per CronJob with the same `now`, and sets repeat schedules.
 */
class CachedSchedule implements ScheduleView {
  private readonly gaps = new Map<number, number | undefined>();
  private readonly runs = new Map<number, boolean>();
  private readonly hazards = new Map<number, ScheduleHazard[]>();

  constructor(private readonly schedule: CronSchedule) {}

  describe(): string {
    return this.schedule.describe();
  }

  nextRuns(after: Date, count: number): Date[] {
    return this.schedule.nextRuns(after, count);
  }

  runsAfter(after: Date): boolean {
    const key = after.getTime();
    let answer = this.runs.get(key);
    if (answer === undefined) {
      answer = this.schedule.nextRuns(after, 1).length > 0;
      this.runs.set(key, answer);
    }
    return answer;
  }

  shortestGapSeconds(from: Date): number | undefined {
    const key = from.getTime();
    if (!this.gaps.has(key)) this.gaps.set(key, this.schedule.shortestGapSeconds(from));
    return this.gaps.get(key);
  }

  dstHazards(from: Date): ScheduleHazard[] {
    const key = from.getTime();
    let found = this.hazards.get(key);
    if (!found) {
      found = this.schedule.dstHazards(from);
      this.hazards.set(key, found);
    }
    return found;
  }
}

/** Parsed schedules by zone, then expression (nested maps: no key string built per lookup). */
const cache = new Map<string, Map<string, ParsedSchedule>>();

/**
 * Parses a schedule the way the Kubernetes API server and CronJob controller do. Without a
 * time zone the controller's local zone is unknown; `Etc/UTC` stands in for it (gaps between
 * runs are the same in every zone outside daylight-saving days).
 */
export function parseSchedule(expression: string, timeZone: string | undefined): ParsedSchedule {
  const zone = timeZone ?? 'Etc/UTC';
  let byExpression = cache.get(zone);
  if (!byExpression) {
    byExpression = new Map();
    cache.set(zone, byExpression);
  }
  let parsed = byExpression.get(expression);
  if (!parsed) {
    const result = parseOrExplain(expression, zone);
    parsed = result.schedule
      ? { ok: true, schedule: new CachedSchedule(result.schedule) }
      : { ok: false, error: result.problem?.allowed ?? 'does not parse' };
    byExpression.set(expression, parsed);
  }
  return parsed;
}

/**
 * Answers of {@link timeZoneProblem} by zone: a set names a handful of zones on thousands of
 * CronJobs. Bounded, so a long-running process fed arbitrary zones cannot grow it without limit.
 */
const zoneProblems = new Map<string, string | undefined>();
const ZONE_PROBLEMS_LIMIT = 4096;

/** Why Kubernetes would reject this `timeZone`, or undefined when it accepts it. */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (zoneProblems.has(timeZone)) return zoneProblems.get(timeZone);
  const problem = kubernetesTimeZoneProblem(timeZone);
  if (zoneProblems.size >= ZONE_PROBLEMS_LIMIT) zoneProblems.clear();
  zoneProblems.set(timeZone, problem);
  return problem;
}
