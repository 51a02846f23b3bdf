/**
 * nextRuns examples whose expected instants were worked out by hand from the zone rules
 * (transition times noted per test), not produced by the code under test.
 */
import { CronSchedule } from '../../src/schedule/cron-schedule';

function runs(expression: string, zone: string, after: string, count: number): string[] {
  return CronSchedule.parse(expression, zone).nextRuns(new Date(after), count).map((d) => d.toISOString());
}

describe('nextRuns: plain schedules', () => {
  test('daily at 01:15 UTC, strictly after the start', () => {
    expect(runs('15 1 * * *', 'Etc/UTC', '2026-11-27T01:15:00.000Z', 3)).toEqual([
      '2026-11-28T01:15:00.000Z', '2026-11-29T01:15:00.000Z', '2026-11-30T01:15:00.000Z',
    ]);
  });

  test('a start with milliseconds: the next whole matching second', () => {
    expect(runs('* * * * *', 'Etc/UTC', '2026-11-27T10:00:59.999Z', 2)).toEqual([
      '2026-11-27T10:01:00.000Z', '2026-11-27T10:02:00.000Z',
    ]);
  });

  test('weekdays at 02:00 in Asia/Jakarta (UTC+7, no DST): 2026-11-27 is a Friday', () => {
    expect(runs('0 2 * * 1-5', 'Asia/Jakarta', '2026-11-27T00:00:00Z', 3)).toEqual([
      '2026-11-29T19:00:00.000Z', // Monday 30 Nov 02:00 +07
      '2026-11-30T19:00:00.000Z',
      '2026-12-01T19:00:00.000Z',
    ]);
  });

  test('day-of-month and day-of-week restricted: either matches (Friday or the 13th)', () => {
    // November 2026: the 1st is a Sunday, so Fridays are 6, 13, 20, 27; December 13 is a Sunday.
    expect(runs('0 0 13 * 5', 'Etc/UTC', '2026-11-01T00:00:00Z', 8).map((s) => s.slice(0, 10))).toEqual([
      '2026-11-06', '2026-11-13', '2026-11-20', '2026-11-27', '2026-12-04', '2026-12-11', '2026-12-13', '2026-12-18',
    ]);
  });

  test('*/1 in day-of-month counts as unrestricted: day-of-week alone decides (Mondays)', () => {
    expect(runs('0 0 */1 * 1', 'Etc/UTC', '2026-11-01T00:00:00Z', 3).map((s) => s.slice(0, 10))).toEqual([
      '2026-11-02', '2026-11-09', '2026-11-16',
    ]);
    expect(runs('0 0 ? * MON', 'Etc/UTC', '2026-11-01T00:00:00Z', 2).map((s) => s.slice(0, 10))).toEqual(['2026-11-02', '2026-11-09']);
  });

  test('*/2 in day-of-month is a restriction: odd days OR Mondays', () => {
    expect(runs('0 0 */2 * 1', 'Etc/UTC', '2026-11-01T00:00:00Z', 6).map((s) => s.slice(0, 10))).toEqual([
      '2026-11-02', '2026-11-03', '2026-11-05', '2026-11-07', '2026-11-09', '2026-11-11',
    ]);
  });

  test('February 29 only in leap years; February 30 never (robfig gives up after five years)', () => {
    expect(runs('0 0 29 2 *', 'Etc/UTC', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z', '2036-02-29T00:00:00.000Z',
    ]);
    expect(runs('0 0 30 2 *', 'Etc/UTC', '2026-01-01T00:00:00Z', 3)).toEqual([]);
    expect(runs(', * * * *', 'Etc/UTC', '2026-01-01T00:00:00Z', 3)).toEqual([]);
  });

  test('descriptors: @weekly is Sunday midnight, @monthly the 1st', () => {
    expect(runs('@weekly', 'Etc/UTC', '2026-11-27T00:00:00Z', 2)).toEqual(['2026-11-29T00:00:00.000Z', '2026-12-06T00:00:00.000Z']);
    expect(runs('@monthly', 'Europe/Berlin', '2026-11-27T00:00:00Z', 2)).toEqual(['2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
  });

  test('@every adds the rounded interval to the start with its sub-second part dropped', () => {
    expect(runs('@every 1h30m', 'Europe/Berlin', '2026-01-01T00:00:00.750Z', 2)).toEqual(['2026-01-01T01:30:00.000Z', '2026-01-01T03:00:00.000Z']);
    expect(runs('@every 300ms', 'Etc/UTC', '2026-01-01T00:00:00.750Z', 2)).toEqual(['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z']);
  });

  test('count 0 gives no runs; a bad count or date is a validation error', () => {
    const schedule = CronSchedule.parse('0 0 * * *', 'Etc/UTC');
    expect(schedule.nextRuns(new Date('2026-01-01T00:00:00Z'), 0)).toEqual([]);
    expect(() => schedule.nextRuns(new Date('2026-01-01T00:00:00Z'), -1)).toThrow('invalid count -1');
    expect(() => schedule.nextRuns(new Date('2026-01-01T00:00:00Z'), 1.5)).toThrow('invalid count 1.5');
    expect(() => schedule.nextRuns(new Date('nope'), 1)).toThrow('invalid after');
  });
});

describe('nextRuns: daylight-saving days as the CronJob controller handles them', () => {
  // America/New_York 2026: 2:00 EST -> 3:00 EDT on 8 March (07:00Z); 2:00 EDT -> 1:00 EST on 1 November (06:00Z).
  test('New York spring forward: 02:30 does not exist on 2026-03-08 and is skipped', () => {
    expect(runs('30 2 * * *', 'America/New_York', '2026-03-06T12:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-09T06:30:00.000Z', // 02:30 EDT; nothing on the 8th
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  test('New York fall back: 01:30 happens twice on 2026-11-01 and runs twice', () => {
    expect(runs('30 1 * * *', 'America/New_York', '2026-10-31T00:00:00Z', 4)).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T06:30:00.000Z', // 01:30 EST, the repeated hour
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  test('New York hourly across both changes: one hour apart in real time throughout', () => {
    expect(runs('0 * * * *', 'America/New_York', '2026-03-08T06:30:00Z', 2)).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z']);
    expect(runs('0 * * * *', 'America/New_York', '2026-11-01T04:30:00Z', 4)).toEqual([
      '2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z',
    ]);
  });

  // Europe/Berlin 2026: 02:00 CET -> 03:00 CEST on 29 March (01:00Z); 03:00 CEST -> 02:00 CET on 25 October (01:00Z).
  test('Berlin: 02:30 skipped on 2026-03-29 and run twice on 2026-10-25', () => {
    expect(runs('30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', 2)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(runs('30 2 * * *', 'Europe/Berlin', '2026-10-23T12:00:00Z', 4)).toEqual([
      '2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z',
    ]);
  });

  // Australia/Lord_Howe 2026: +11 -> +10:30 at 02:00 local on 5 April (4 April 15:00Z);
  // +10:30 -> +11 at 02:00 local on 4 October (3 October 15:30Z): half-hour changes.
  test('Lord Howe fall back: only 01:30-01:59 repeats, so 01:45 runs twice and 01:15 once', () => {
    expect(runs('15,45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', 5)).toEqual([
      '2026-04-04T14:15:00.000Z', // 5 April 01:15 +11
      '2026-04-04T14:45:00.000Z', // 01:45 +11
      '2026-04-04T15:15:00.000Z', // 01:45 +10:30, repeated
      '2026-04-05T14:45:00.000Z', // 6 April 01:15 +10:30
      '2026-04-05T15:15:00.000Z',
    ]);
  });

  test('Lord Howe spring forward: 02:00-02:29 is skipped; a search from 01:40 lands on 02:40 (robfig does not re-check the hour)', () => {
    expect(runs('*/30 2 * * *', 'Australia/Lord_Howe', '2026-10-02T00:00:00Z', 3)).toEqual([
      '2026-10-02T15:30:00.000Z', // 3 October 02:00 +10:30
      '2026-10-02T16:00:00.000Z', // 02:30 +10:30
      '2026-10-03T15:30:00.000Z', // 4 October: 02:00 does not exist, 02:30 +11 is 15:30Z
    ]);
    expect(runs('40 1 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z', 3)).toEqual([
      '2026-10-03T15:10:00.000Z', // 4 October 01:40 +10:30
      '2026-10-03T15:40:00.000Z', // 02:40 +11: the minute search stepped over the change
      '2026-10-04T14:40:00.000Z', // 5 October 01:40 +11
    ]);
  });

  test('Lord Howe daily midnight: the search that crosses the change ends up half an hour off, so the next midnight is missed', () => {
    // From 5 April 00:00 (+11) robfig steps whole hours; after 02:00 -> 01:30 it sees 23:30 and then
    // 00:30 on the 6th, whose minute does not match; re-aligned at 01:00 it next finds the 7th.
    expect(runs('0 0 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', 3)).toEqual([
      '2026-04-04T13:00:00.000Z', // 5 April 00:00 +11
      '2026-04-06T13:30:00.000Z', // 7 April 00:00 +10:30; nothing on the 6th
      '2026-04-07T13:30:00.000Z',
    ]);
  });

  // America/Santiago 2026: -03 -> -04 at 24:00 on 4 April (5 April 03:00Z: 23:00 repeats);
  // -04 -> -03 at 24:00 on 5 September (6 September 04:00Z: midnight does not exist).
  test('Santiago: midnight skipped on 2026-09-06; 23:30 twice on 2026-04-04', () => {
    expect(runs('0 0 * * *', 'America/Santiago', '2026-09-04T12:00:00Z', 2)).toEqual(['2026-09-05T04:00:00.000Z', '2026-09-07T03:00:00.000Z']);
    expect(runs('30 23 * * *', 'America/Santiago', '2026-04-04T12:00:00Z', 3)).toEqual([
      '2026-04-05T02:30:00.000Z', '2026-04-05T03:30:00.000Z', '2026-04-06T03:30:00.000Z',
    ]);
  });
});
