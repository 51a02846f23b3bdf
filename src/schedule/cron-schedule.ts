import { invalid } from '../errors';
import { nextRunsDelay, nextRunsSpec } from './next';
import { ParsedSchedule, parseStandard } from './parser';
import { timeZoneProblem } from './time-zone-name';

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
  const parsed = parseStandard(expression);
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

  /** Whether the schedule is `@every <duration>` (runs at a fixed interval from when the controller first sees it). */
  public get isFixedInterval(): boolean {
    return this.parsed.kind === 'every';
  }
}
