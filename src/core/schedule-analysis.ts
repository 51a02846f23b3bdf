import { IConstruct } from 'constructs';
import { invalid } from '../errors';
import { CronSchedule, parseOrExplain } from '../schedule/cron-schedule';
import { Memo } from '../schedule/memo';

/**
 * The instant schedule analysis starts from when constructs derive defaults. A fixed instant
 * keeps synthesized output byte-identical whenever it is run (no dependence on the clock); the
 * year after it contains every daylight-saving change a zone makes in a year.
 */
export const SCHEDULE_ANALYSIS_START = new Date(Date.UTC(2027, 0, 1));

/** What a construct needs to know about its schedule. @internal */
export interface ScheduleAnalysis {
  readonly schedule: CronSchedule;
  readonly description: string;
  readonly shortestGapSeconds?: number;
  /** A short list of the daylight-saving hazards, or undefined when there are none. */
  readonly dstHazardSummary?: string;
}

/**
 * The analyses made so far, by expression and zone (the start is fixed). An app repeats a few
 * schedules across many constructs; each analysis walks a year of runs. The analysis and its
 * CronSchedule are immutable, so constructs with the same schedule share them.
 */
const analyses = new Memo<ScheduleAnalysis>(4096);

/**
 * Parses the schedule as Kubernetes does and analyses it, re-stating parse errors with the
 * construct's path.
 * @internal
 */
export function analyseSchedule(scope: IConstruct, expression: string, timeZone: string): ScheduleAnalysis {
  if (typeof expression !== 'string' || typeof timeZone !== 'string') {
    return analyse(scope, expression, timeZone);
  }
  return analyses.get(`${expression}\n${timeZone}`, () => analyse(scope, expression, timeZone));
}

function analyse(scope: IConstruct, expression: string, timeZone: string): ScheduleAnalysis {
  const { schedule, problem } = parseOrExplain(expression, timeZone);
  if (!schedule) {
    throw invalid(scope, problem!.prop, problem!.value, problem!.allowed);
  }
  const hazards = schedule.dstHazards(SCHEDULE_ANALYSIS_START);
  // The engine words each hazard (skipped, runs twice, or an extra run) with its date and zone.
  const summary = hazards.length === 0 ? undefined : hazards.slice(0, 3).map((h) => h.description).join('; ') +
    (hazards.length > 3 ? `; and ${hazards.length - 3} more` : '');
  return {
    schedule,
    description: schedule.describe(),
    shortestGapSeconds: schedule.shortestGapSeconds(SCHEDULE_ANALYSIS_START),
    dstHazardSummary: summary,
  };
}
