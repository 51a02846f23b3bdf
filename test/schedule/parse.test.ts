import { BatchValidationError } from '../../src/errors';
import { CronSchedule, parseOrExplain } from '../../src/schedule/cron-schedule';
import { parseGoDuration } from '../../src/schedule/go-duration';
import { knownTimeZones } from '../../src/schedule/time-zone-name';

/** The bare Kubernetes/robfig reason for a schedule, or 'ok'. */
function reason(expression: string, timeZone = 'Etc/UTC'): string {
  return parseOrExplain(expression, timeZone).problem?.reason ?? 'ok';
}

describe('CronSchedule.parse: accepted grammar (robfig ParseStandard)', () => {
  test.each([
    ['15 1 * * *', 'plain numbers'],
    ['*/15 * * * *', 'star with step'],
    ['0 0 ? * ?', 'question mark as star'],
    ['0-59/5 0-23 1-31 1-12 0-6', 'full ranges with a step'],
    ['5/10 * * * *', 'n/step'],
    ['1-5/2 * * * *', 'range with step'],
    ['0 0 * JAN-dec sun-SAT', 'names in any case'],
    ['0 0 1,15 * MON,wed,Fri', 'lists with names'],
    ['0 0 * * 0', 'Sunday is 0'],
    ['*/1 * */1 * *', '*/1'],
    ['007 +1 * * *', 'leading zeros and plus sign (Go Atoi)'],
    ['0\t0  *\n* *', 'any Go white space between fields'],
    ['  0 0 * * *  ', 'leading and trailing white space'],
    ['0\u00a00 * * *', 'NO-BREAK SPACE is white space for Go'],
    ['*-5 * * * *', 'robfig ignores what follows *-'],
    [', * * * *', 'an empty list (never runs)'],
    ['1,,2 * * * *', 'empty list items are dropped'],
    ['*/60 * * * *', 'step beyond the range'],
    ['0 0 * * FR\u0130', 'Go lower-cases U+0130 to i'],
    ['@yearly', 'descriptor'], ['@annually', 'descriptor'], ['@monthly', 'descriptor'], ['@weekly', 'descriptor'],
    ['@daily', 'descriptor'], ['@midnight', 'descriptor'], ['@hourly', 'descriptor'],
    ['@every 1h30m', 'Go duration'], ['@every 1.5h', 'fraction'], ['@every 300ms', 'below a second'],
    ['@every 0', 'zero'], ['@every -5m', 'negative'], ['@every .5h', 'fraction only'], ['@every 1.h', 'empty fraction'],
    ['@every 3\u00b5s', 'micro sign'], ['@every 3\u03bcs', 'Greek mu'], ['@every 2562047h47m16.854775807s', 'largest duration'],
  ])('%j is accepted (%s)', (expression) => {
    expect(reason(expression)).toBe('ok');
    expect(CronSchedule.parse(expression, 'Etc/UTC').expression).toBe(expression);
  });
});

describe('CronSchedule.parse: rejected grammar, with the API server\'s message', () => {
  test.each([
    ['', 'empty spec string'],
    [' ', 'expected exactly 5 fields, found 0: []'],
    ['0 0 * *', 'expected exactly 5 fields, found 4: [0 0 * *]'],
    ['0 0 0 * * *', 'expected exactly 5 fields, found 6: [0 0 0 * * *]'],
    [' @daily', 'expected exactly 5 fields, found 1: [@daily]'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['0 0 32 * *', 'end of range (32) above maximum (31): 32'],
    ['0 0 * 0 *', 'beginning of range (0) below minimum (1): 0'],
    ['0 0 * 13 *', 'end of range (13) above maximum (12): 13'],
    ['0 0 * * sat-sun', 'beginning of range (6) beyond end of range (0): sat-sun'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['5/0 * * * *', 'step of range should be a positive number: 5/0'],
    ['*/-0 * * * *', 'step of range should be a positive number: */-0'],
    ['*/-1 * * * *', 'negative number (-1) not allowed: -1'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['0 0 15W * *', 'failed to parse int from 15W: strconv.Atoi: parsing "15W": invalid syntax'],
    ['0 0 * * 5#3', 'failed to parse int from 5#3: strconv.Atoi: parsing "5#3": invalid syntax'],
    ['0 0 * * 5L', 'failed to parse int from 5L: strconv.Atoi: parsing "5L": invalid syntax'],
    ['0 0 * JANUARY *', 'failed to parse int from JANUARY: strconv.Atoi: parsing "JANUARY": invalid syntax'],
    ['jan * * * *', 'failed to parse int from jan: strconv.Atoi: parsing "jan": invalid syntax'],
    ['/5 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['99999999999999999999 * * * *', 'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'],
    ['9223372036854775807 * * * *', 'end of range (9223372036854775807) above maximum (59): 9223372036854775807'],
    ['0\u200b0 * * *', 'expected exactly 5 fields, found 4: [0\u200b0 * * *]'],
    ['@Daily', 'unrecognized descriptor: @Daily'],
    ['@daily ', 'unrecognized descriptor: @daily '],
    ['@reboot', 'unrecognized descriptor: @reboot'],
    ['@every', 'unrecognized descriptor: @every'],
    ['@every ', 'failed to parse duration @every : time: invalid duration ""'],
    ['@every 1d', 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'],
    ['@every 1h 30m', 'failed to parse duration @every 1h 30m: time: unknown unit "h " in duration "1h 30m"'],
    ['@every  1h', 'failed to parse duration @every  1h: time: invalid duration " 1h"'],
    ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ['@every 2562048h', 'failed to parse duration @every 2562048h: time: invalid duration "2562048h"'],
    ['@every 1\u00b5', 'failed to parse duration @every 1\u00b5: time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"'],
    ['TZ=UTC 0 0 * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ['CRON_TZ=Europe/Berlin 0 0 * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ['TZ=UTC', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ])('%j is rejected: %s', (expression, message) => {
    expect(reason(expression)).toBe(message);
    let thrown: unknown;
    try {
      CronSchedule.parse(expression, 'Etc/UTC');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(BatchValidationError);
    const error = thrown as BatchValidationError;
    expect(error.constructPath).toBe('CronSchedule');
    expect(error.prop).toBe('schedule');
    expect(error.value).toBe(JSON.stringify(expression));
    expect(error.message).toContain(message);
    expect(error.message).toContain('robfig/cron v3 ParseStandard');
  });
});

describe('CronSchedule.parse: time zone as Kubernetes validateTimeZone + Go LoadLocation', () => {
  test.each(['Etc/UTC', 'UTC', 'America/New_York', 'US/Eastern', 'Etc/GMT+5', 'Europe/Kyiv', 'Europe/Kiev', 'Australia/Lord_Howe',
    'America/Argentina/ComodRivadavia', 'Factory', 'EST5EDT'])('%s is accepted', (zone) => {
    expect(CronSchedule.parse('0 0 * * *', zone).timeZone).toBe(zone);
  });

  test.each([
    ['utc', 'unknown time zone utc'],
    ['america/new_york', 'unknown time zone america/new_york'],
    ['US/EASTERN', 'unknown time zone US/EASTERN'],
    ['Local', 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ['local', 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ['', 'timeZone must be nil or non-empty string'],
    ['Europe/Berlin/', 'unknown time zone Europe/Berlin/'],
    ['../UTC', 'unknown time zone ../UTC'],
    ['-UTC', 'unknown time zone -UTC'],
    ['America/ThisIsFifteenCh', 'unknown time zone America/ThisIsFifteenCh'],
    ['Etc/a..b', 'time: invalid location name'],
    ['Mars/Olympus_Mons', 'unknown time zone Mars/Olympus_Mons'],
    ['posix/Europe/Berlin', 'unknown time zone posix/Europe/Berlin'],
  ])('%j is rejected: %s', (zone, message) => {
    const result = parseOrExplain('0 0 * * *', zone);
    expect(result.problem?.prop).toBe('timeZone');
    expect(result.problem?.reason).toBe(message);
    expect(() => CronSchedule.parse('0 0 * * *', zone)).toThrow(`CronSchedule: invalid timeZone ${JSON.stringify(zone)}: ${message}`);
  });

  test('a bad schedule is reported before a bad zone (the API server lists both; we name the first)', () => {
    expect(parseOrExplain('0 0 * * 7', 'utc').problem?.prop).toBe('schedule');
  });

  test('the shipped zone list is the exact-case IANA set: sorted, unique, every part valid for Kubernetes', () => {
    const zones = knownTimeZones();
    expect(zones.length).toBeGreaterThan(590);
    expect([...zones].sort()).toEqual(zones);
    expect(new Set(zones).size).toBe(zones.length);
    for (const zone of zones) {
      for (const part of zone.split('/')) {
        expect(part).toMatch(/^[A-Za-z.\-_0-9+]{1,14}$/);
      }
    }
  });
});

describe('Go ParseDuration (used by @every)', () => {
  test.each([
    ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['300ms', 300_000_000n],
    ['-5m', -300_000_000_000n],
    ['+2s', 2_000_000_000n],
    ['0', 0n],
    ['1.000000001s', 1_000_000_001n],
    ['.5s', 500_000_000n],
    ['90s1m', 150_000_000_000n],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807n],
  ])('%s is %s ns', (text, nanos) => {
    expect(parseGoDuration(text)).toEqual({ nanos });
  });

  test('@every rounds as robfig does: below 1s becomes 1s, sub-second parts are dropped', () => {
    expect(CronSchedule.parse('@every 300ms', 'Etc/UTC').intervalSeconds).toBe(1);
    expect(CronSchedule.parse('@every 1500ms', 'Etc/UTC').intervalSeconds).toBe(1);
    expect(CronSchedule.parse('@every -1h', 'Etc/UTC').intervalSeconds).toBe(1);
    expect(CronSchedule.parse('@every 1.5h', 'Etc/UTC').intervalSeconds).toBe(5400);
    expect(CronSchedule.parse('@every 1.5h', 'Etc/UTC').interval).toBe('1h30m');
    expect(CronSchedule.parse('@every 1.5h', 'Etc/UTC').isFixedInterval).toBe(true);
    expect(CronSchedule.parse('0 * * * *', 'Etc/UTC').intervalSeconds).toBeUndefined();
  });
});
