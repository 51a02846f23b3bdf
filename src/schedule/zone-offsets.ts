/**
 * UTC offsets of an IANA zone at any instant, from Node's ICU time zone data (`Intl`).
 *
 * Asking `Intl` for every instant would make schedule evaluation slow, so each zone keeps a
 * table of its offset changes, built lazily per time bucket: the bucket is sampled every three
 * days and every change between two samples is pinned to the second by bisection. Lookups then hit a
 * one-entry cache of the current constant-offset period (the same trick Go's time package uses),
 * so walking a schedule minute by minute costs a comparison, not an `Intl` call.
 *
 * Assumption, checked against Go's tzdata for every zone from 1970 to 2100: two offset changes of
 * one zone are always at least 167 hours apart (the closest pairs: Brazil in 2000, Gaza in
 * 2040), so a three-day sampling step can never miss a change.
 */

/** Seconds per bucket: about 194 days, so a year spans two or three buckets. */
const BUCKET_SECONDS = 2 ** 24;
const SAMPLE_SECONDS = 3 * 86_400;

interface Bucket {
  /** Instants (unix seconds) at which the offset changes inside the bucket, ascending. */
  readonly changes: number[];
  /** Offsets in seconds: `offsets[0]` holds from the bucket start, `offsets[i + 1]` from `changes[i]`. */
  readonly offsets: number[];
}

const EN_US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The calendar date of a day number (days since 1970-01-01); the inverse of daysFromCivil. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export class ZoneOffsets {
  /** The shared table for a zone (tables only grow, so sharing is safe). */
  public static of(timeZone: string): ZoneOffsets {
    let zone = ZoneOffsets.cache.get(timeZone);
    if (!zone) {
      zone = new ZoneOffsets(timeZone);
      ZoneOffsets.cache.set(timeZone, zone);
    }
    return zone;
  }

  private static readonly cache = new Map<string, ZoneOffsets>();

  private readonly format?: Intl.DateTimeFormat;
  private readonly buckets = new Map<number, Bucket>();
  private cachedStart = 1;
  private cachedEnd = 0;
  private cachedOffset = 0;

  private constructor(timeZone: string) {
    // `Factory` is in the IANA database (offset 0, abbreviation "-00") but not in ICU.
    if (timeZone !== 'Factory') {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    }
  }

  /** UTC offset in seconds at the instant `unix` (seconds since the epoch). */
  public offsetAt(unix: number): number {
    if (unix >= this.cachedStart && unix < this.cachedEnd) {
      return this.cachedOffset;
    }
    const index = Math.floor(unix / BUCKET_SECONDS);
    const bucket = this.bucket(index);
    let i = 0;
    while (i < bucket.changes.length && bucket.changes[i] <= unix) {
      i++;
    }
    this.cachedStart = i === 0 ? index * BUCKET_SECONDS : bucket.changes[i - 1];
    this.cachedEnd = i === bucket.changes.length ? (index + 1) * BUCKET_SECONDS : bucket.changes[i];
    this.cachedOffset = bucket.offsets[i];
    return this.cachedOffset;
  }

  /**
   * End (exclusive) of the constant-offset stretch that contains `unix`, as far as the table
   * knows (at least to the end of the current bucket). Lets callers jump many steps at once
   * when no offset change lies in between.
   */
  public constantUntil(unix: number): number {
    this.offsetAt(unix);
    return this.cachedEnd;
  }

  /** Offset changes (instant and new offset) in [from, to), ascending. */
  public changesBetween(from: number, to: number): Array<{ at: number; before: number; after: number }> {
    const out: Array<{ at: number; before: number; after: number }> = [];
    for (let index = Math.floor(from / BUCKET_SECONDS); index * BUCKET_SECONDS < to; index++) {
      const bucket = this.bucket(index);
      bucket.changes.forEach((at, i) => {
        if (at >= from && at < to) {
          out.push({ at, before: bucket.offsets[i], after: bucket.offsets[i + 1] });
        }
      });
    }
    return out;
  }

  private bucket(index: number): Bucket {
    let bucket = this.buckets.get(index);
    if (!bucket) {
      bucket = this.scan(index * BUCKET_SECONDS, (index + 1) * BUCKET_SECONDS);
      this.buckets.set(index, bucket);
    }
    return bucket;
  }

  private scan(start: number, end: number): Bucket {
    const changes: number[] = [];
    const offsets: number[] = [this.intlOffset(start)];
    let previous = start;
    let previousOffset = offsets[0];
    for (let sample = start + SAMPLE_SECONDS; ; sample += SAMPLE_SECONDS) {
      const at = Math.min(sample, end);
      const offset = at === end ? this.intlOffset(end - 1) : this.intlOffset(at);
      if (offset !== previousOffset) {
        // Bisect for the first second with the new offset.
        let lo = previous;
        let hi = at === end ? end - 1 : at;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.intlOffset(mid) === previousOffset) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        changes.push(hi);
        offsets.push(offset);
        previousOffset = offset;
      }
      previous = at;
      if (at === end) {
        break;
      }
    }
    return { changes, offsets };
  }

  /** The offset straight from ICU: the zone's wall clock read as UTC, minus the instant. */
  private intlOffset(unix: number): number {
    if (!this.format) {
      return 0;
    }
    // `format` is about four times cheaper than `formatToParts`; its en-US shape is fixed
    // ("3/8/2026, 02:30:00"), with formatToParts as the fallback should ICU ever change it.
    const match = EN_US.exec(this.format.format(unix * 1000));
    if (match) {
      const wall = daysFromCivil(Number(match[3]), Number(match[1]), Number(match[2])) * 86_400
        + Number(match[4]) * 3600 + Number(match[5]) * 60 + Number(match[6]);
      return wall - unix;
    }
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.format.formatToParts(unix * 1000)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value); break;
        case 'minute': minute = Number(part.value); break;
        case 'second': second = Number(part.value); break;
        default: break;
      }
    }
    const wall = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    return wall - unix;
  }
}
