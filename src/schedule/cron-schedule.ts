import { invalid } from '../errors';
import { dstHazardsSpec, formatWall, longestGapSpec, RawHazard, shortestGapSpec } from './analysis';
import { describeSchedule } from './describe';
import { formatSeconds } from './go-duration';
import { Memo } from './memo';
import { nextRunsDelay, nextRunsSpec } from './next';
import { ParsedSchedule, parseStandard } from './parser';
import { timeZoneProblem } from './time-zone-name';

/**
 * How a daylight-saving change makes the CronJob controller's runs differ from the runs the
 * schedule means (see {@link CronSchedule.dstHazards}).
 */
export enum DstHazardKind {
  /**
   * A run the schedule means is lost: its local time does not exist that day (clocks spring
   * forward over it) and the schedule is not an hourly-or-finer series that simply continues
   * across the change, or, in zones with half-hour changes, robfig/cron's search steps past an
   * existing local time.
   */
  SKIPPED = 'SKIPPED',
  /**
   * A run is made twice: its local time happens twice (clocks fall back over it) and Kubernetes
   * runs at both instants, while the schedule is not an hourly-or-finer series for which the
   * second instant is simply the next run.
   */
  DOUBLED = 'DOUBLED',
  /**
   * Kubernetes runs at a local time the schedule does not list: robfig/cron's minute-by-minute
   * search crosses a change of less than an hour (e.g. Australia/Lord_Howe's 30 minutes) without
   * re-checking the hour.
   */
  EXTRA = 'EXTRA',
}

/**
 * One local time, around a daylight-saving change, where a run the schedule means is lost or
 * made twice, or where Kubernetes runs although the schedule does not list that time.
 */
export interface DstHazard {
  /** What happens at this local time. */
  readonly kind: DstHazardKind;
  /** Local date, `YYYY-MM-DD`, in the schedule's time zone. */
  readonly localDate: string;
  /** Local time, `HH:MM`, in the schedule's time zone. */
  readonly localTime: string;
  /** The instants Kubernetes runs the job at for this local time (empty when the run is lost). */
  readonly instants: Date[];
  /** One sentence for humans. */
  readonly description: string;
}

/**
 * Why Kubernetes would reject a schedule or time zone.
 * @internal
 */
export interface ScheduleProblem {
  /** `schedule` or `timeZone`. */
  readonly prop: 'schedule' | 'timeZone';
  /** The offending value. */
  readonly value: string;
  /** The reason exactly as the API server (robfig/cron, Go's time package) words it. */
  readonly reason: string;
  /** The reason followed by the rule, for an error message's "allowed" part. */
  readonly allowed: string;
}

/**
 * Result of {@link parseOrExplain}: a schedule, or why Kubernetes would reject the input.
 * @internal
 */
export interface ParseOrExplainResult {
  readonly schedule?: CronSchedule;
  readonly problem?: ScheduleProblem;
}

const SCHEDULE_RULE = 'the Kubernetes API server checks spec.schedule with robfig/cron v3 ParseStandard: '
  + '5 fields (minute hour day-of-month month day-of-week), names JAN-DEC and SUN-SAT, weekdays 0-6 (no 7), '
  + 'no L, W or #, or one of @yearly @annually @monthly @weekly @daily @midnight @hourly @every <Go duration>';

const TIME_ZONE_RULE = 'the Kubernetes API server requires spec.timeZone to be an IANA time zone name in exact case (e.g. Etc/UTC, Europe/Berlin), not Local';

const parsedMemo = new Memo<ReturnType<typeof parseStandard>>(4096);
const gapMemo = new Memo<number | undefined>(4096);
const longestGapMemo = new Memo<number | undefined>(4096);
const hazardMemo = new Memo<RawHazard[]>(4096);

const TZ_IN_SCHEDULE = 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';

/**
 * Validates a schedule and time zone exactly as the Kubernetes API server validates a CronJob
 * with `spec.timeZone` set, without throwing, so constructs can report the problem under their
 * own path and prop names.
 * @internal
 */
export function parseOrExplain(expression: string, timeZone: string): ParseOrExplainResult {
  // Kubernetes refuses a TZ prefix once spec.timeZone exists; checked first because robfig's
  // own TZ= handling would otherwise load a zone (or crash on `TZ=x` without a space).
  if (expression.includes('TZ')) {
    return {
      problem: {
        prop: 'schedule',
        value: expression,
        reason: TZ_IN_SCHEDULE,
        allowed: `${TZ_IN_SCHEDULE} (${SCHEDULE_RULE})`,
      },
    };
  }
  const parsed = parsedMemo.get(expression, () => parseStandard(expression));
  if (parsed.error !== undefined) {
    return { problem: { prop: 'schedule', value: expression, reason: parsed.error, allowed: `${parsed.error} (${SCHEDULE_RULE})` } };
  }
  const zoneProblem = timeZoneProblem(timeZone);
  if (zoneProblem !== undefined) {
    return { problem: { prop: 'timeZone', value: timeZone, reason: zoneProblem, allowed: `${zoneProblem} (${TIME_ZONE_RULE})` } };
  }
  return { schedule: CronSchedule._fromParsed(expression, timeZone, parsed.schedule) };
}

/**
 * A CronJob schedule as Kubernetes understands it: the robfig/cron v3 grammar the API server
 * validates with, evaluated in an explicit IANA time zone the way the CronJob controller does.
 */
export class CronSchedule {
  /**
   * Parses and validates a schedule and time zone exactly as the Kubernetes API server does for
   * a CronJob with `spec.timeZone` set.
   *
   * @param expression the `spec.schedule` value, e.g. `15 1 * * *` or `@every 1h30m`
   * @param timeZone the `spec.timeZone` value, e.g. `Etc/UTC` (exact case; `Local` is refused)
   * @throws BatchValidationError naming `schedule` or `timeZone` and Kubernetes' reason
   */
  public static parse(expression: string, timeZone: string): CronSchedule {
    const result = parseOrExplain(expression, timeZone);
    if (result.problem) {
      throw invalid('CronSchedule', result.problem.prop, result.problem.value, result.problem.allowed);
    }
    return result.schedule!;
  }

  /** @internal */
  public static _fromParsed(expression: string, timeZone: string, parsed: ParsedSchedule): CronSchedule {
    return new CronSchedule(expression, timeZone, parsed);
  }

  /** The schedule expression as given (the CronJob's `spec.schedule`). */
  public readonly expression: string;
  /** The IANA time zone the schedule runs in (the CronJob's `spec.timeZone`). */
  public readonly timeZone: string;
  private readonly parsed: ParsedSchedule;

  private constructor(expression: string, timeZone: string, parsed: ParsedSchedule) {
    this.expression = expression;
    this.timeZone = timeZone;
    this.parsed = parsed;
  }

  /**
   * The next `count` run instants strictly after `after`, exactly as the Kubernetes CronJob
   * controller computes them (robfig/cron v3 `Next` applied repeatedly in the schedule's zone).
   *
   * Fewer instants come back when robfig finds no match within five years (e.g. `0 0 30 2 *`).
   * For `@every` the controller counts from when it first sees the CronJob (or its last run);
   * pass that instant as `after`.
   *
   * @param after the instant to start from (exclusive)
   * @param count how many runs to return (0 or more)
   */
  public nextRuns(after: Date, count: number): Date[] {
    if (!Number.isInteger(count) || count < 0) {
      throw invalid('CronSchedule', 'count', count, 'a whole number of runs, 0 or more');
    }
    if (Number.isNaN(after.getTime())) {
      throw invalid('CronSchedule', 'after', String(after), 'a valid Date');
    }
    return this.parsed.kind === 'every'
      ? nextRunsDelay(this.parsed, after, count)
      : nextRunsSpec(this.parsed, this.timeZone, after, count);
  }

  /**
   * The shortest time between two consecutive runs, in seconds, among the runs from `start`
   * (inclusive) to one year later plus the first run after that (so a yearly schedule still has
   * a gap). Daylight-saving changes count: `30 1 * * *` in America/New_York has a one-hour gap
   * when 01:30 happens twice. For `@every` it is the interval. Undefined when there are fewer
   * than two such runs (a schedule that never runs, or `0 0 29 2 *` from a year with no leap day
   * within reach).
   *
   * @param start the start of the year examined; pass a fixed date for reproducible output
   */
  public shortestGapSeconds(start: Date): number | undefined {
    if (this.parsed.kind === 'every') {
      return this.parsed.delaySeconds;
    }
    const parsed = this.parsed;
    return gapMemo.get(`${this.expression}\n${this.timeZone}\n${start.getTime()}`,
      () => shortestGapSpec(parsed, this.timeZone, start.getTime() / 1000));
  }

  /**
   * The longest time between two consecutive runs, in seconds, over the same runs as
   * `shortestGapSeconds`. A run Kubernetes skips in a spring-forward gap makes the gap around it
   * longer. For `@every` it is the interval. Undefined when there are fewer than two such runs.
   * Alert windows use it: a run is overdue only once the longest gap has passed.
   *
   * @param start the start of the year examined; pass a fixed date for reproducible output
   */
  public longestGapSeconds(start: Date): number | undefined {
    if (this.parsed.kind === 'every') {
      return this.parsed.delaySeconds;
    }
    const parsed = this.parsed;
    return longestGapMemo.get(`${this.expression}\n${this.timeZone}\n${start.getTime()}`,
      () => longestGapSpec(parsed, this.timeZone, start.getTime() / 1000));
  }

  /**
   * Daylight-saving hazards in the year after `start`: runs the schedule means that Kubernetes
   * does not make (`SKIPPED`, the run is lost) or makes twice (`DOUBLED`) because of a UTC offset
   * change, and runs Kubernetes makes at a local time the schedule does not list (`EXTRA`).
   * Kubernetes' runs are the CronJob controller's (robfig/cron v3 `Next`), one after another.
   *
   * What the schedule means is decided per change. If the schedule's times of day, shifted by
   * the change (one hour, or 30 minutes in Australia/Lord_Howe), are the same times of day, as
   * for every minute, every 15 minutes or `0 * * * *` with a one-hour change, its runs are one
   * series that keeps its real-time spacing across the change: it means one run per instant
   * showing a listed local time, so no run is lost when 02:00 does not exist and none is
   * doubled when 01:00 happens twice. Otherwise it means one run per listed local time and
   * day: `30 2 * * *` loses its run on the spring-forward day, `30 1 * * *` in America/New_York
   * runs twice on the fall-back day, and every two hours (`0 0-23/2 * * *`) in America/New_York
   * loses its 02:00 run in March (00:00 EST, then 04:00 EDT) but is intact in November
   * (00:00 EDT, then 02:00 EST, each once). A daily run that just moves by an hour in UTC
   * (`0 9 * * *`) is no hazard.
   *
   * Found by comparing the controller's real runs with the schedule on the days around each
   * offset change of the zone. Empty for `@every` schedules and zones without changes.
   *
   * @param start the start of the year examined; pass a fixed date for reproducible output
   */
  public dstHazards(start: Date): DstHazard[] {
    if (this.parsed.kind === 'every') {
      return [];
    }
    const parsed = this.parsed;
    // Fresh DstHazard objects (with their own Date instances) on every call; only the raw result is shared.
    return hazardMemo.get(`${this.expression}\n${this.timeZone}\n${start.getTime()}`,
      () => dstHazardsSpec(parsed, this.timeZone, start.getTime() / 1000)).map((h) => this.toHazard(h));
  }

  /**
   * The schedule in plain English with its time zone, e.g. `at 01:15 every day, Etc/UTC`,
   * `every 15 minutes, Europe/Berlin`, `at 02:00 on Monday through Friday, Asia/Jakarta`.
   */
  public describe(): string {
    return describeSchedule(this.parsed, this.timeZone);
  }

  private toHazard(raw: RawHazard): DstHazard {
    const { date, time } = formatWall(raw.localWall);
    const instants = raw.instants.map((u) => new Date(u * 1000));
    const iso = (u: number) => new Date(u * 1000).toISOString().replace('.000Z', 'Z');
    const run = `the ${time} run on ${date}`;
    const span = raw.changedSpan
      ? `${formatWall(raw.changedSpan.from).time}-${formatWall(raw.changedSpan.to - 60).time}`
      : undefined;
    const hazard = (kind: DstHazardKind, description: string): DstHazard =>
      ({ kind, localDate: date, localTime: time, instants, description });
    switch (raw.kind) {
      case 'skipped': {
        if (raw.wallInstants.length === 0) {
          return hazard(DstHazardKind.SKIPPED, `${run} is lost (${span ?? time} does not exist in ${this.timeZone})`);
        }
        const missed = raw.wallInstants.filter((u) => !raw.instants.includes(u)).map(iso);
        return hazard(DstHazardKind.SKIPPED, `${run} is lost: Kubernetes makes no run at ${missed.join(' or ')}, `
          + `because robfig/cron's search from the previous run crosses the offset change in ${this.timeZone} and steps past it`);
      }
      case 'doubled':
        return hazard(DstHazardKind.DOUBLED, `${run} runs twice (${span ?? time} happens twice in ${this.timeZone}): `
          + `Kubernetes runs at ${raw.instants.map(iso).join(' and ')}`);
      default:
        return hazard(DstHazardKind.EXTRA, `an extra run at ${time} on ${date} (${raw.instants.map(iso).join(', ')}), `
          + `a local time the schedule does not list: robfig/cron's minute search crosses the offset change in ${this.timeZone}`);
    }
  }

  /** Whether the schedule is `@every <duration>` (runs at a fixed interval from when the controller first sees it). */
  public get isFixedInterval(): boolean {
    return this.parsed.kind === 'every';
  }

  /** For `@every` schedules, the interval in seconds as robfig rounds it (at least 1); otherwise undefined. */
  public get intervalSeconds(): number | undefined {
    return this.parsed.kind === 'every' ? this.parsed.delaySeconds : undefined;
  }

  /** For `@every` schedules, the interval in Go-like notation (`1h30m`); otherwise undefined. */
  public get interval(): string | undefined {
    return this.parsed.kind === 'every' ? formatSeconds(this.parsed.delaySeconds) : undefined;
  }
}
