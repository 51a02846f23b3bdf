/**
 * The one place the rules and the review meet the schedule engine (src/schedule).
 *
 * Rules ask three questions of a CronJob's schedule: does it parse as Kubernetes parses it,
 * what is the shortest gap between runs, and which runs fall in a daylight-saving gap or
 * overlap. The review also asks for the schedule in words and the next runs.
 */

/** A daylight-saving hazard of a schedule, in words. */
export interface ScheduleHazard {
  /** E.g. `2027-03-14 02:30 America/New_York does not exist (clocks skip 02:00-03:00): Kubernetes skips this run`. */
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

/**
 * Parses a schedule the way the CronJob controller does, or returns undefined when the schedule
 * engine is not available yet (the schedule rules then stay silent).
 */
export function parseSchedule(_expression: string, _timeZone: string | undefined): ParsedSchedule | undefined {
  return undefined;
}

/** Characters Kubernetes allows in each `/`-separated part of a time zone name. */
const ZONE_PART = /^[A-Za-z._\-0-9+]{1,14}$/;

/**
 * Why Kubernetes would reject this `timeZone`, or undefined when it accepts it.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (timeZone === '') return 'timeZone must not be empty';
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !ZONE_PART.test(part)) {
      return `unknown time zone "${timeZone}"`;
    }
  }
  if (timeZone.toLowerCase() === 'local') return 'timeZone must be an explicit IANA zone, not "Local"';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return `unknown time zone "${timeZone}" (not in the IANA database)`;
  }
  return undefined;
}
