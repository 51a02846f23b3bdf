import { invalid } from '../errors';
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
  /** The API server's reason, phrased as what is allowed. */
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
        allowed: `cannot use TZ or CRON_TZ in schedule, use timeZone field instead (${SCHEDULE_RULE})`,
      },
    };
  }
  const parsed = parseStandard(expression);
  if (parsed.error !== undefined) {
    return { problem: { prop: 'schedule', value: expression, allowed: `${parsed.error} (${SCHEDULE_RULE})` } };
  }
  const zoneProblem = timeZoneProblem(timeZone);
  if (zoneProblem !== undefined) {
    return { problem: { prop: 'timeZone', value: timeZone, allowed: `${zoneProblem} (${TIME_ZONE_RULE})` } };
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

  /** Whether the schedule is `@every <duration>` (runs at a fixed interval from when the controller first sees it). */
  public get isFixedInterval(): boolean {
    return this.parsed.kind === 'every';
  }
}
