/**
 * shortestGapSeconds, dstHazards and describe: hand-worked examples, plus a check of the fast
 * day-skipping analysis against the definition (every run of the year, one by one).
 */
import { hazardsByDefinition, listedFromUtcRuns, timesOfDayFromUtcRuns } from './hazards-by-definition';
import { CronSchedule, DstHazardKind } from '../../src/schedule/cron-schedule';

const FROM_2026 = new Date('2026-01-01T00:00:00Z');

describe('shortestGapSeconds', () => {
  test.each([
    ['15 1 * * *', 'Etc/UTC', 86_400, 'daily'],
    ['*/15 * * * *', 'Europe/Berlin', 900, 'quarter-hourly; DST days keep 15-minute spacing'],
    ['* * * * *', 'America/New_York', 60, 'every minute'],
    ['0 2 * * 1-5', 'Asia/Jakarta', 86_400, 'weekdays: consecutive weekdays are a day apart'],
    ['0 0 * * 1', 'Etc/UTC', 7 * 86_400, 'weekly'],
    ['30 1 * * *', 'America/New_York', 3600, '01:30 EDT then 01:30 EST on 2026-11-01'],
    ['0 1,3 * * *', 'America/New_York', 3600, '01:00 EST -> 03:00 EDT on 2026-03-08 is one real hour'],
    ['0 1,3 * * *', 'Etc/UTC', 7200, 'same fields without DST: two hours'],
    ['40 1 * * *', 'Australia/Lord_Howe', 1800, '01:40 twice on 2026-04-05, half an hour apart'],
    ['@every 90m', 'Etc/UTC', 5400, 'fixed interval'],
  ])('%j in %s is %d s (%s)', (expression, zone, expected) => {
    expect(CronSchedule.parse(expression, zone).shortestGapSeconds(FROM_2026)).toBe(expected);
  });

  test('a yearly schedule still has a gap: the first run after the year is counted', () => {
    // Runs at or after 2026-06-01 within a year: 2027-01-01; the next is 2028-01-01 (2027 has 365 days).
    expect(CronSchedule.parse('0 0 1 1 *', 'Etc/UTC').shortestGapSeconds(new Date('2026-06-01T00:00:00Z'))).toBe(365 * 86_400);
  });

  test('undefined with fewer than two runs', () => {
    expect(CronSchedule.parse(', * * * *', 'Etc/UTC').shortestGapSeconds(FROM_2026)).toBeUndefined();
    expect(CronSchedule.parse('0 0 30 2 *', 'Etc/UTC').shortestGapSeconds(FROM_2026)).toBeUndefined();
    // 2026-2027 has no 29 February; the first after the window is 2028-02-29: one run only.
    expect(CronSchedule.parse('0 0 29 2 *', 'Etc/UTC').shortestGapSeconds(FROM_2026)).toBeUndefined();
  });

  test('a run exactly at `from` is inside the window', () => {
    // Runs at 2026-01-01 00:00 and 00:01 (gap 60 s), then daily: without the run at `from` it would be 86,340 s.
    expect(CronSchedule.parse('0,1 0 1 1 *', 'Etc/UTC').shortestGapSeconds(FROM_2026)).toBe(60);
  });
});

describe('dstHazards', () => {
  test('New York 02:30 daily: the run on 2026-03-08 is lost', () => {
    const hazards = CronSchedule.parse('30 2 * * *', 'America/New_York').dstHazards(FROM_2026);
    expect(hazards).toEqual([{
      kind: DstHazardKind.SKIPPED,
      localDate: '2026-03-08',
      localTime: '02:30',
      instants: [],
      description: 'the 02:30 run on 2026-03-08 is lost (02:00-02:59 does not exist in America/New_York)',
    }]);
  });

  test('New York 01:30 daily: runs twice on 2026-11-01, with both instants', () => {
    const hazards = CronSchedule.parse('30 1 * * *', 'America/New_York').dstHazards(FROM_2026);
    expect(hazards).toEqual([{
      kind: DstHazardKind.DOUBLED,
      localDate: '2026-11-01',
      localTime: '01:30',
      instants: [new Date('2026-11-01T05:30:00Z'), new Date('2026-11-01T06:30:00Z')],
      description: 'the 01:30 run on 2026-11-01 runs twice (01:00-01:59 happens twice in America/New_York): '
        + 'Kubernetes runs at 2026-11-01T05:30:00Z and 2026-11-01T06:30:00Z',
    }]);
  });

  test('hourly and finer series keep their real-time spacing across a one-hour change: no hazard', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin']) {
      for (const expression of ['* * * * *', '*/5 * * * *', '*/15 * * * *', '0 * * * *', '30 * * * *', '*/7 * * * *', '0,45 * * * 1-5', '0 * * * 0']) {
        expect([expression, zone, CronSchedule.parse(expression, zone).dstHazards(FROM_2026)]).toEqual([expression, zone, []]);
      }
    }
  });

  test('every two hours in New York: 02:00 is lost in March (00:00 EST, then 04:00 EDT); November runs 00:00 EDT, then 02:00 EST', () => {
    const schedule = CronSchedule.parse('0 */2 * * *', 'America/New_York');
    expect(schedule.dstHazards(FROM_2026).map((h) => `${h.kind} ${h.localDate} ${h.localTime}`)).toEqual(['SKIPPED 2026-03-08 02:00']);
    expect(schedule.nextRuns(new Date('2026-03-08T04:00:00Z'), 2)).toEqual([new Date('2026-03-08T05:00:00Z'), new Date('2026-03-08T08:00:00Z')]);
    expect(schedule.nextRuns(new Date('2026-11-01T03:00:00Z'), 2)).toEqual([new Date('2026-11-01T04:00:00Z'), new Date('2026-11-01T07:00:00Z')]);
  });

  test('hours 1-3 in New York: 02:00 is lost in March and 01:00 runs twice in November, although the runs are an hour apart', () => {
    const hazards = CronSchedule.parse('0 1-3 * * *', 'America/New_York').dstHazards(FROM_2026);
    expect(hazards.map((h) => h.description)).toEqual([
      'the 02:00 run on 2026-03-08 is lost (02:00-02:59 does not exist in America/New_York)',
      'the 01:00 run on 2026-11-01 runs twice (01:00-01:59 happens twice in America/New_York): Kubernetes runs at 2026-11-01T05:00:00Z and 2026-11-01T06:00:00Z',
    ]);
  });

  test('a daily run that moves by an hour in UTC is no hazard', () => {
    expect(CronSchedule.parse('0 9 * * *', 'Europe/Berlin').dstHazards(FROM_2026)).toEqual([]);
  });

  test('Lord Howe (30-minute change): half-hourly series pass, hourly ones lose 02:00', () => {
    for (const expression of ['*/30 * * * *', '*/15 * * * *', '*/10 * * * *', '* * * * *']) {
      expect([expression, CronSchedule.parse(expression, 'Australia/Lord_Howe').dstHazards(FROM_2026)]).toEqual([expression, []]);
    }
    // 01:00 (+10:30) then 03:00 (+11) is 90 minutes: the spacing changes.
    expect(CronSchedule.parse('0 * * * *', 'Australia/Lord_Howe').dstHazards(FROM_2026).map((h) => h.description)).toEqual([
      'the 02:00 run on 2026-10-04 is lost (02:00-02:29 does not exist in Australia/Lord_Howe)',
    ]);
  });

  test('Lord Howe 01:40: doubled in April, and an unlisted 02:40 run in October', () => {
    const hazards = CronSchedule.parse('40 1 * * *', 'Australia/Lord_Howe').dstHazards(FROM_2026);
    expect(hazards.map((h) => [h.kind, h.localDate, h.localTime, h.instants.map((d) => d.toISOString())])).toEqual([
      [DstHazardKind.DOUBLED, '2026-04-05', '01:40', ['2026-04-04T14:40:00.000Z', '2026-04-04T15:10:00.000Z']],
      [DstHazardKind.EXTRA, '2026-10-04', '02:40', ['2026-10-03T15:40:00.000Z']],
    ]);
    expect(hazards[1].description).toBe('an extra run at 02:40 on 2026-10-04 (2026-10-03T15:40:00Z), a local time the schedule does not list: '
      + 'robfig/cron\'s minute search crosses the offset change in Australia/Lord_Howe');
  });

  test('Lord Howe midnight: lost the day after each change, although 00:00 exists (robfig\'s search)', () => {
    const hazards = CronSchedule.parse('0 0 * * *', 'Australia/Lord_Howe').dstHazards(FROM_2026);
    expect(hazards.map((h) => `${h.kind} ${h.localDate} ${h.localTime}`)).toEqual(['SKIPPED 2026-04-06 00:00', 'SKIPPED 2026-10-05 00:00']);
    expect(hazards[0].description).toBe('the 00:00 run on 2026-04-06 is lost: Kubernetes makes no run at 2026-04-05T13:30:00Z, '
      + 'because robfig/cron\'s search from the previous run crosses the offset change in Australia/Lord_Howe and steps past it');
  });

  test('Santiago midnight: lost on 2026-09-06 (its clocks change at 24:00)', () => {
    const hazards = CronSchedule.parse('0 0 * * *', 'America/Santiago').dstHazards(FROM_2026);
    expect(hazards.map((h) => h.description)).toEqual(['the 00:00 run on 2026-09-06 is lost (00:00-00:59 does not exist in America/Santiago)']);
  });

  test('no hazards: times away from the change hour, zones without DST, fixed intervals', () => {
    expect(CronSchedule.parse('0 12 * * *', 'America/New_York').dstHazards(FROM_2026)).toEqual([]);
    expect(CronSchedule.parse('30 2 * * *', 'Asia/Jakarta').dstHazards(FROM_2026)).toEqual([]);
    expect(CronSchedule.parse('*/5 * * * *', 'Etc/UTC').dstHazards(FROM_2026)).toEqual([]);
    expect(CronSchedule.parse('@every 1h', 'America/New_York').dstHazards(FROM_2026)).toEqual([]);
    // Sundays only, and the changes fall on Sundays: 02:30 on 2026-03-08 is still lost.
    expect(CronSchedule.parse('30 2 * * 0', 'America/New_York').dstHazards(FROM_2026).map((h) => h.localDate)).toEqual(['2026-03-08']);
    // Mondays only: the changes (Sundays) never touch it.
    expect(CronSchedule.parse('30 2 * * 1', 'America/New_York').dstHazards(FROM_2026)).toEqual([]);
  });

  test('only the 12 months after `from` count', () => {
    // From 2026-03-20 the window ends 2027-03-20: it holds 2027-03-14 but not 2026-03-08.
    const from = new Date('2026-03-20T00:00:00Z');
    expect(CronSchedule.parse('30 2 * * *', 'America/New_York').dstHazards(from).map((h) => h.localDate)).toEqual(['2027-03-14']);
  });
});

describe('longestGapSeconds', () => {
  const FROM_2027 = new Date('2027-01-01T00:00:00Z');
  test('a daily UTC schedule: one day', () => {
    expect(CronSchedule.parse('15 1 * * *', 'Etc/UTC').longestGapSeconds(FROM_2027)).toBe(86_400);
  });
  test('02:30 New York: the skipped run on 2027-03-14 makes a 47-hour gap (03-13 02:30 EST to 03-15 02:30 EDT)', () => {
    expect(CronSchedule.parse('30 2 * * *', 'America/New_York').longestGapSeconds(FROM_2027)).toBe(47 * 3600);
  });
  test('weekdays at 09:00: the weekend is the longest gap', () => {
    expect(CronSchedule.parse('0 9 * * 1-5', 'Etc/UTC').longestGapSeconds(FROM_2027)).toBe(3 * 86_400);
  });
  test('@every is its interval; a schedule that never runs has none', () => {
    expect(CronSchedule.parse('@every 1h30m', 'Etc/UTC').longestGapSeconds(FROM_2027)).toBe(5400);
    expect(CronSchedule.parse('0 0 30 2 *', 'Etc/UTC').longestGapSeconds(FROM_2027)).toBeUndefined();
  });
});

describe('analysis agrees with a run-by-run walk of the whole year', () => {
  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Jakarta', 'Etc/UTC'];
  const expressions = ['30 2 * * *', '30 1 * * *', '0 1,3 * * *', '*/20 0-3 * * *', '45 23 * * *', '0 0 * * 0', '15,45 1-2 * * 6,0',
    '0 */6 * * *', '5 0 1 * *', '0 2 8-14 3 0', '*/7 1-2 * * *', '0 0 1 1 *', '59 1 * * *', '0 0 29 2 *', '0 0 * * *', '40 1 * * *',
    '0 */2 * * *', '0 1-3 * * *', '0 * * * *', '*/30 * * * 0,6', '*/20 * * * 0', '10,40 * * * 0'];
  const from = new Date('2026-02-15T10:20:30Z');
  const end = new Date('2027-02-15T10:20:30Z').getTime();

  /** Every run from `from` through one year later, plus the first after. */
  function yearOfRuns(schedule: CronSchedule): number[] {
    const out: number[] = [];
    let cursor = new Date(from.getTime() - 1);
    for (;;) {
      const batch = schedule.nextRuns(cursor, 1000);
      for (const next of batch) {
        out.push(next.getTime());
        if (next.getTime() > end) return out;
      }
      if (batch.length < 1000) return out;
      cursor = batch[batch.length - 1];
    }
  }

  /** Runs in [from, to), unix seconds. */
  function runsBetween(schedule: CronSchedule, fromUnix: number, toUnix: number): number[] {
    const out: number[] = [];
    let cursor = new Date(fromUnix * 1000 - 1);
    for (;;) {
      const batch = schedule.nextRuns(cursor, 1000);
      for (const d of batch) {
        if (d.getTime() >= toUnix * 1000) return out;
        out.push(d.getTime() / 1000);
      }
      if (batch.length < 1000) return out;
      cursor = batch[batch.length - 1];
    }
  }

  for (const zone of zones) {
    test(`shortest and longest gap and hazards in ${zone}`, () => {
      for (const expression of expressions) {
        const schedule = CronSchedule.parse(expression, zone);
        const all = yearOfRuns(schedule);
        let gap: number | undefined;
        let longest: number | undefined;
        for (let i = 1; i < all.length; i++) {
          const g = (all[i] - all[i - 1]) / 1000;
          gap = gap === undefined ? g : Math.min(gap, g);
          longest = longest === undefined ? g : Math.max(longest, g);
        }
        expect([expression, schedule.shortestGapSeconds(from)]).toEqual([expression, gap]);
        expect([expression, schedule.longestGapSeconds(from)]).toEqual([expression, longest]);

        // Hazards by the definition, from every run of the year: the local times the fields list are
        // the same expression's runs in Etc/UTC (a zone without changes) over the same local span.
        const fromUnix = from.getTime() / 1000;
        const endUnix = end / 1000;
        const utc = runsBetween(CronSchedule.parse(expression, 'Etc/UTC'), fromUnix - 2 * 86_400, endUnix + 2 * 86_400);
        const expected = hazardsByDefinition({
          zone,
          runs: all.filter((t) => t < end).map((t) => t / 1000),
          listed: listedFromUtcRuns(utc, zone, fromUnix, endUnix),
          timesOfDay: timesOfDayFromUtcRuns(utc),
          from: fromUnix,
          to: endUnix,
        });
        const reported = schedule.dstHazards(from).map((h) => `${h.kind} ${h.localDate} ${h.localTime}`).sort();
        expect([expression, reported]).toEqual([expression, expected]);
      }
    });
  }

  test('the walk exercises every kind, both kinds of series, and local times outside the series\' reach', () => {
    // Guards the comparison above against passing vacuously.
    const kinds = (expression: string, zone: string) => [...new Set(CronSchedule.parse(expression, zone).dstHazards(from).map((h) => h.kind))].sort();
    expect(kinds('40 1 * * *', 'Australia/Lord_Howe')).toEqual([DstHazardKind.DOUBLED, DstHazardKind.EXTRA]);
    expect(kinds('0 0 * * *', 'Australia/Lord_Howe')).toEqual([DstHazardKind.SKIPPED]);
    expect(kinds('0 1-3 * * *', 'America/New_York')).toEqual([DstHazardKind.DOUBLED, DstHazardKind.SKIPPED]);
    expect(kinds('0 * * * *', 'America/New_York')).toEqual([]);
    expect(kinds('0 * * * *', 'Australia/Lord_Howe')).toEqual([DstHazardKind.SKIPPED]);
  });
});

describe('describe', () => {
  test.each([
    ['15 1 * * *', 'Etc/UTC', 'at 01:15 every day, Etc/UTC'],
    ['*/15 * * * *', 'Europe/Berlin', 'every 15 minutes, Europe/Berlin'],
    ['5/15 * * * *', 'Etc/UTC', 'every 15 minutes from minute 5, Etc/UTC'],
    ['*/7 * * * *', 'Etc/UTC', 'every hour at minutes 0, 7, 14, 21, 28, 35, 42, 49 and 56, Etc/UTC'],
    ['0 2 * * 1-5', 'Asia/Jakarta', 'at 02:00 on Monday through Friday, Asia/Jakarta'],
    ['@every 1h30m', 'Etc/UTC', 'every 1h30m (fixed interval from controller start), Etc/UTC'],
    ['* * * * *', 'Etc/UTC', 'every minute, Etc/UTC'],
    ['@hourly', 'Etc/UTC', 'every hour, on the hour, Etc/UTC'],
    ['@daily', 'America/New_York', 'at 00:00 every day, America/New_York'],
    ['@weekly', 'Etc/UTC', 'at 00:00 on Sunday, Etc/UTC'],
    ['@monthly', 'Etc/UTC', 'at 00:00 on day 1 of the month, Etc/UTC'],
    ['@yearly', 'Etc/UTC', 'at 00:00 on day 1 of the month in January, Etc/UTC'],
    ['0 9,17 * * MON,WED,FRI', 'Etc/UTC', 'at 09:00 and 17:00 on Monday, Wednesday and Friday, Etc/UTC'],
    ['0 0 1,15 * 1', 'Etc/UTC', 'at 00:00 on days 1 and 15 of the month and on Monday, Etc/UTC'],
    ['0 0 */1 * 1', 'Etc/UTC', 'at 00:00 on Monday, Etc/UTC'],
    ['0 0 1-31 * 1', 'Etc/UTC', 'at 00:00 every day, Etc/UTC'],
    ['30 4 * 3-5 *', 'Etc/UTC', 'at 04:30 every day in March through May, Etc/UTC'],
    ['*/10 * * 12 *', 'Etc/UTC', 'every 10 minutes in December, Etc/UTC'],
    ['5 */2 * * *', 'Etc/UTC', 'at minute 5 past every 2 hours from 00:00 every day, Etc/UTC'],
    ['0,30 9-17 * * *', 'Etc/UTC', 'at minutes 0 and 30 past hours 9 through 17 every day, Etc/UTC'],
    ['* 3 * * *', 'Etc/UTC', 'every minute during hour 03:00-03:59 every day, Etc/UTC'],
    [', * * * *', 'Etc/UTC', 'never (a field lists no values), Etc/UTC'],
  ])('%j in %s', (expression, zone, text) => {
    expect(CronSchedule.parse(expression, zone).describe()).toBe(text);
  });
});
