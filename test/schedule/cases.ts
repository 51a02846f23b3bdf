/**
 * Schedule cases for the differential test against robfig/cron (and for the benchmark):
 * a seeded generator covering the whole ParseStandard grammar, valid and invalid, and a
 * hand-written list of tricky expressions with the reason each is there.
 */
import { ZoneOffsets } from '../../src/schedule/zone-offsets';

/** mulberry32: a tiny seeded PRNG, so every run generates the same cases. */
/* eslint-disable no-bitwise -- the PRNG is defined in terms of 32-bit integer operations */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

export const DIFFERENTIAL_ZONES = [
  'Etc/UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Jakarta',
];

interface FieldSpec {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

class Generator {
  constructor(public readonly random: () => number) {}

  public int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  public chance(p: number): boolean {
    return this.random() < p;
  }

  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private randomCase(name: string): string {
    const style = this.int(0, 3);
    if (style === 0) return name.toUpperCase();
    if (style === 1) return name[0].toUpperCase() + name.slice(1);
    if (style === 2) return name;
    return [...name].map((c) => (this.chance(0.5) ? c.toUpperCase() : c)).join('');
  }

  /** A value for a field: usually in range, sometimes a name, sometimes just out of range or junk. */
  private value(field: FieldSpec, invalid: boolean): string {
    if (invalid && this.chance(0.3)) {
      return this.pick(['L', 'W', '5L', '15W', '5#3', '-1', '', 'x', '1.5', '0x1', '99999999999999999999', 'JANUARY', 'Sunday', String(field.max + 1), String(field.min - 1), '7']);
    }
    if (field.names && this.chance(0.3)) {
      return this.randomCase(this.pick(field.names));
    }
    const v = this.int(field.min, field.max);
    if (this.chance(0.05)) return `0${v}`;
    if (this.chance(0.03)) return `+${v}`;
    return String(v);
  }

  private item(field: FieldSpec, invalid: boolean): string {
    const roll = this.random();
    if (roll < 0.15) {
      return this.chance(0.8) ? '*' : '?';
    }
    if (roll < 0.35) {
      // `*/n`: mostly small steps so the field matches often; /1 and /0 on purpose.
      const step = this.pick([1, 1, 2, 3, 5, 7, 10, 15, 20, 30, 45]);
      return `${this.chance(0.9) ? '*' : '?'}/${invalid && this.chance(0.2) ? 0 : step}`;
    }
    if (roll < 0.55) {
      let a = this.value(field, invalid);
      let b = this.value(field, invalid);
      // Valid expressions keep ranges ascending (numbers only; names may still end up reversed).
      if (!invalid && /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) > Number(b)) {
        [a, b] = [b, a];
      }
      const range = `${a}-${b}`;
      return this.chance(0.3) ? `${range}/${this.int(invalid ? 0 : 1, 6)}` : range;
    }
    if (roll < 0.65) {
      // `n/step` means n-max/step.
      return `${this.value(field, invalid)}/${this.int(invalid ? 0 : 1, 12)}`;
    }
    if (invalid && roll < 0.7) {
      return this.pick(['*-5', '1-2-3', '*/2/3', '1/', '/5', '5-', 'a-b', '*/-1', '*/+2', '1--2']);
    }
    return this.value(field, invalid);
  }

  private field(field: FieldSpec, invalid: boolean): string {
    const count = this.chance(0.75) ? 1 : this.int(2, 4);
    const items: string[] = [];
    for (let i = 0; i < count; i++) {
      items.push(this.item(field, invalid));
    }
    let text = items.join(',');
    if (invalid && this.chance(0.05)) {
      text = this.pick([`,${text}`, `${text},`, `${text},,`, ',']);
    }
    return text;
  }

  private separator(invalid: boolean): string {
    if (!invalid || this.chance(0.8)) return this.chance(0.9) ? ' ' : '  ';
    return this.pick(['\t', ' \t ', '\u00a0', '\u3000', '\u200b', '\ufeff', '\n']);
  }

  private duration(invalid: boolean): string {
    if (invalid && this.chance(0.5)) {
      return this.pick(['', '1d', '1h 30m', '1.h', '.5', 'h', '1e3s', '5', '-', '+', '.s', '9223372036854775808ns', '2562048h', ' 1h', '1H', '1h30', '3µs', '10μs', '1us']);
    }
    const units = ['s', 'm', 'h', 'ms', 'us', 'ns'];
    const parts = this.int(1, 3);
    let text = this.chance(0.05) ? this.pick(['-', '+']) : '';
    for (let i = 0; i < parts; i++) {
      const unit = this.pick(units);
      const number = this.chance(0.2) ? `${this.int(0, 9)}.${this.int(0, 999)}` : String(this.int(0, unit === 'h' ? 30 : 120));
      text += number + unit;
    }
    return text;
  }

  public expression(): string {
    const invalid = this.chance(0.22);
    const roll = this.random();
    if (roll < 0.06) {
      const descriptor = this.pick(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
      if (invalid) return this.pick([descriptor.toUpperCase(), `${descriptor} `, ` ${descriptor}`, '@reboot', '@', `${descriptor}x`]);
      return descriptor;
    }
    if (roll < 0.12) {
      return `@every${invalid && this.chance(0.2) ? '  ' : ' '}${this.duration(invalid)}`;
    }
    let fieldCount = 5;
    if (invalid && this.chance(0.15)) fieldCount = this.pick([4, 6]);
    const fields: string[] = [];
    for (let i = 0; i < fieldCount; i++) {
      fields.push(this.field(FIELDS[Math.min(i, 4)], invalid));
    }
    let text = fields.map((f, i) => (i === 0 ? f : this.separator(invalid) + f)).join('');
    if (invalid && this.chance(0.1)) text = this.pick([' ', '\t']) + text + this.pick(['', ' ', '\n']);
    if (invalid && this.chance(0.02)) text = `CRON_TZ=UTC ${text}`;
    return text;
  }
}

export interface ScheduleCase {
  readonly id: string;
  readonly expr: string;
  readonly zone: string;
  readonly startMs: number;
  readonly count: number;
}

/**
 * Offset changes of a zone in 2026 and 2027 (unix seconds). Used only to choose start instants
 * near daylight-saving changes; the oracle, not this table, decides the expected runs.
 */
function changeInstants(zone: string): number[] {
  const from = Date.UTC(2026, 0, 1) / 1000;
  const to = Date.UTC(2028, 0, 1) / 1000;
  return ZoneOffsets.of(zone).changesBetween(from, to).map((c) => c.at);
}

/** `total` generated schedule cases, reproducible from `seed`. */
export function generateCases(total: number, seed: number): ScheduleCase[] {
  const g = new Generator(seededRandom(seed));
  const anchorsByZone = new Map<string, number[]>();
  const allChanges = DIFFERENTIAL_ZONES.flatMap(changeInstants);
  for (const zone of DIFFERENTIAL_ZONES) {
    const own = changeInstants(zone);
    // Zones without DST still get start instants near other zones' changes and at year ends.
    anchorsByZone.set(zone, own.length > 0 ? own : allChanges);
  }
  const cases: ScheduleCase[] = [];
  for (let i = 0; i < total; i++) {
    const zone = DIFFERENTIAL_ZONES[i % DIFFERENTIAL_ZONES.length];
    const anchors = anchorsByZone.get(zone)!;
    const anchor = g.chance(0.9) ? g.pick(anchors) : g.pick([Date.UTC(2026, 11, 31, 23) / 1000, Date.UTC(2027, 1, 28) / 1000]);
    // Start somewhere from minutes to weeks before the change (sometimes just after it) so both
    // dense and sparse schedules have runs on either side of it.
    const scale = g.pick([60, 600, 3600, 6 * 3600, 86_400, 7 * 86_400]);
    const startSeconds = anchor - Math.floor(g.random() * 1.2 * scale) + Math.floor(0.1 * scale);
    const startMs = startSeconds * 1000 + (g.chance(0.2) ? g.int(1, 999) : 0);
    cases.push({ id: `gen-${i}`, expr: g.expression(), zone, startMs, count: g.int(10, 20) });
  }
  return cases;
}

/** Rare generated cases use a zone Kubernetes rejects, so zone errors are compared in context too. */
export const BAD_ZONES = ['utc', 'america/new_york', 'Local', 'Mars/Olympus_Mons', 'Europe/Berlin/', ''];

interface TrickyCase {
  readonly expr: string;
  readonly why: string;
}

/** Hand-written grammar edge cases; each says what it pins down. */
export const TRICKY: readonly TrickyCase[] = [
  { expr: '*/1 * */1 * 1', why: '*/1 keeps the star bit, so dom is unrestricted and dow alone decides (Mondays only)' },
  { expr: '0 0 */2 * 1', why: '*/2 clears the star bit: dom OR dow (odd days or Mondays)' },
  { expr: '0 0 1 * ?', why: '? is the same as *' },
  { expr: '0 0 ? * MON', why: '? in dom is a star: Mondays only' },
  { expr: '0 0 1-31 * 1', why: '1-31 is not a star: every day (dom OR dow)' },
  { expr: '5/10 * * * *', why: 'n/step means n-max/step: minutes 5,15,...,55' },
  { expr: '1-5/2 * * * *', why: 'range with step: minutes 1,3,5' },
  { expr: '*-5 * * * *', why: 'robfig ignores what follows a hyphen after *: every minute' },
  { expr: ', * * * *', why: 'an empty list is accepted and never matches: no runs within 5 years' },
  { expr: '1,,2 * * * *', why: 'empty list items are dropped' },
  { expr: '0 0 * * 7', why: '7 for Sunday is rejected (dow max is 6)' },
  { expr: '0 0 * * 0', why: '0 is Sunday' },
  { expr: '0 0 * * SUN-SAT', why: 'weekday names, full week range' },
  { expr: '0 0 * * sat-sun', why: 'range start beyond end is rejected' },
  { expr: '0 0 * jan-DEC *', why: 'month names are case-insensitive' },
  { expr: '0 0 * JANUARY *', why: 'only three-letter names' },
  { expr: '0 0 L * *', why: 'L is not supported' },
  { expr: '0 0 15W * *', why: 'W is not supported' },
  { expr: '0 0 * * 5#3', why: '# is not supported' },
  { expr: '0 0 * * 5L', why: 'L in dow is not supported' },
  { expr: '0 0 0 0 0 0', why: 'six fields (seconds) are rejected' },
  { expr: '0 0 * *', why: 'four fields are rejected' },
  { expr: '*/0 * * * *', why: 'step 0 is rejected' },
  { expr: '5/0 * * * *', why: 'step 0 after n is rejected' },
  { expr: '*/60 * * * *', why: 'a step larger than the range is accepted: only minute 0' },
  { expr: '0/99999999999999999 * * * *', why: 'a huge step is accepted' },
  { expr: '60 * * * *', why: 'minute out of range' },
  { expr: '0 24 * * *', why: 'hour out of range' },
  { expr: '0 0 0 * *', why: 'day-of-month 0 is below the minimum' },
  { expr: '0 0 32 * *', why: 'day-of-month above 31' },
  { expr: '0 0 * 0 *', why: 'month 0 is below the minimum' },
  { expr: '0 0 * 13 *', why: 'month 13' },
  { expr: '+5 * * * *', why: 'Go Atoi accepts a leading plus' },
  { expr: '*/-1 * * * *', why: 'negative step reports a negative number' },
  { expr: '*/-0 * * * *', why: '-0 parses as 0: step of range error' },
  { expr: '007 * * * *', why: 'leading zeros are fine' },
  { expr: '99999999999999999999 * * * *', why: 'integer overflow error text' },
  { expr: '9223372036854775807 * * * *', why: 'int64 max parses, then is out of range' },
  { expr: '1-2-3 * * * *', why: 'too many hyphens' },
  { expr: '*/2/3 * * * *', why: 'too many slashes' },
  { expr: '0 0 30 2 *', why: 'February 30 never exists: robfig gives up after five years' },
  { expr: '0 0 29 2 *', why: 'leap days only' },
  { expr: '0 0 31 * *', why: 'only months with 31 days' },
  { expr: '0 0 31 4,6,9,11 *', why: 'never: 31 in 30-day months' },
  { expr: '0 0 31 4 1', why: 'dom never matches but OR with dow gives Mondays of April' },
  { expr: '\t0 0 * * *\n', why: 'leading and trailing whitespace is dropped by strings.Fields' },
  { expr: '0\u00a00 * * *', why: 'NO-BREAK SPACE separates fields in Go (unicode.IsSpace)' },
  { expr: '0\u200b0 * * *', why: 'ZERO WIDTH SPACE is not a space in Go' },
  { expr: '0\ufeff0 * * *', why: 'BOM is not a space in Go (it is for JS \\s)' },
  { expr: '0\u00850 * * *', why: 'NEL is a space in Go (not for JS \\s)' },
  { expr: '0 0 * * FR\u0130', why: 'Go lower-cases U+0130 to i, so this is Friday' },
  { expr: '0 0 * * \u200b', why: 'error text: Go quotes a non-printable rune as \\u200b' },
  { expr: '0 0 * * \u00e9', why: 'error text: printable non-ASCII is kept' },
  { expr: '0 0 * * \u007f', why: 'error text: DEL is \\x7f' },
  { expr: '0 0 * * "x"', why: 'error text: quotes are escaped' },
  { expr: '0 0 * * a\\b', why: 'error text: backslash is escaped' },
  { expr: '0 0 * * \u{1F600}', why: 'error text: an emoji is printable' },
  { expr: '0 0 * * \u0001', why: 'error text: control character as \\x01' },
  { expr: '@every 1h\u00e9', why: 'duration error text: non-ASCII as UTF-8 \\x bytes' },
  { expr: '', why: 'empty spec' },
  { expr: ' ', why: 'only whitespace: zero fields' },
  { expr: '@yearly', why: 'descriptor' },
  { expr: '@annually', why: 'descriptor' },
  { expr: '@monthly', why: 'descriptor' },
  { expr: '@weekly', why: 'descriptor: Sundays' },
  { expr: '@daily', why: 'descriptor' },
  { expr: '@midnight', why: 'descriptor' },
  { expr: '@hourly', why: 'descriptor' },
  { expr: '@Daily', why: 'descriptors are case-sensitive' },
  { expr: '@daily ', why: 'a descriptor with trailing space is unrecognized (not trimmed)' },
  { expr: ' @daily', why: 'leading space makes it a one-field spec' },
  { expr: '@reboot', why: 'not supported by robfig' },
  { expr: '@every 1h30m', why: 'Go duration' },
  { expr: '@every 1.5h', why: 'fractional hours' },
  { expr: '@every 300ms', why: 'below one second becomes one second' },
  { expr: '@every 1500ms', why: 'sub-second part is truncated: 1s' },
  { expr: '@every 0', why: 'zero becomes one second' },
  { expr: '@every -5m', why: 'negative durations parse and become one second' },
  { expr: '@every 1h 30m', why: 'no spaces inside a Go duration' },
  { expr: '@every  1h', why: 'two spaces after @every' },
  { expr: '@every 1d', why: 'no day unit' },
  { expr: '@every', why: 'no duration' },
  { expr: '@every ', why: 'empty duration' },
  { expr: '@every 2562047h47m16.854775807s', why: 'the largest Go duration' },
  { expr: '@every 2562048h', why: 'overflow' },
  { expr: '@every .5h', why: 'fraction without whole part' },
  { expr: '@every 1.h', why: 'whole part with empty fraction' },
  { expr: '@every 3\u00b5s', why: 'micro sign unit' },
  { expr: '@every 90s1m', why: 'units in any order' },
  { expr: 'TZ=UTC 0 0 * * *', why: 'Kubernetes refuses TZ when spec.timeZone is set' },
  { expr: 'CRON_TZ=Europe/Berlin 0 0 * * *', why: 'same for CRON_TZ' },
  { expr: 'TZ=UTC', why: 'TZ without a space (would crash robfig)' },
  { expr: '0 0 * * * TZ', why: 'any TZ substring is refused' },
  { expr: '0 0-23/6 1,15 * MON-FRI', why: 'mixed features: dom OR dow' },
  { expr: '30 2 * * *', why: 'inside the US/EU spring-forward gap' },
  { expr: '30 1 * * *', why: 'inside the US fall-back repeated hour' },
  { expr: '30 2 * * 0', why: 'Sunday 02:30: hits both DST days in some zones' },
  { expr: '*/15 2 * * *', why: 'every quarter-hour of the 2 a.m. hour' },
  { expr: '0 0 * * *', why: 'midnight: Santiago changes at midnight' },
  { expr: '0 23 * * *', why: '23:00 before a midnight change' },
  { expr: '*/30 1-2 * * *', why: 'Lord Howe half-hour shift around 02:00' },
  { expr: '15,45 1 * * *', why: 'Lord Howe 01:30-02:00 gap/overlap' },
  { expr: '0 */1 * * *', why: 'hourly via */1' },
  { expr: '0 0 1 1 *', why: 'yearly' },
];
