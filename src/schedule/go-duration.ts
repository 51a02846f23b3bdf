import { goTimeQuote } from './go-strings';

/**
 * Go's `time.ParseDuration`, which robfig/cron uses for `@every <duration>`. Kubernetes accepts
 * exactly what it accepts (`1h30m`, `1.5h`, `300ms`, `-5m`, `0`), so this follows its grammar,
 * its overflow limits and its error texts. Values are nanoseconds as bigint because a Go
 * duration is an int64 and fractions are computed in float64 the way Go does.
 */

const NS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const LIMIT = 2n ** 63n;

/** Nanoseconds, or Go's error text. */
export type DurationResult = { nanos: bigint; error?: undefined } | { nanos?: undefined; error: string };

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export function parseGoDuration(text: string): DurationResult {
  const invalidDuration = (): DurationResult => ({ error: `time: invalid duration ${goTimeQuote(text)}` });
  let rest = text;
  let negative = false;
  if (rest !== '' && (rest[0] === '-' || rest[0] === '+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') {
    return { nanos: 0n };
  }
  if (rest === '') {
    return invalidDuration();
  }
  let total = 0n;
  while (rest !== '') {
    if (!(rest[0] === '.' || isDigit(rest[0]))) {
      return invalidDuration();
    }
    // Whole part: Go rejects (rather than saturates) an integer beyond 2^63.
    let i = 0;
    let whole = 0n;
    while (isDigit(rest[i])) {
      if (whole > LIMIT / 10n) {
        return invalidDuration();
      }
      whole = whole * 10n + BigInt(rest.charCodeAt(i) - 48);
      if (whole > LIMIT) {
        return invalidDuration();
      }
      i++;
    }
    const hadWhole = i > 0;
    rest = rest.slice(i);
    // Fraction: Go keeps accumulating digits until precision would overflow, then ignores the rest.
    let fraction = 0n;
    let scale = 1;
    let hadFraction = false;
    if (rest !== '' && rest[0] === '.') {
      rest = rest.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(rest[j])) {
        if (!overflow) {
          if (fraction > (LIMIT - 1n) / 10n) {
            overflow = true;
          } else {
            const next = fraction * 10n + BigInt(rest.charCodeAt(j) - 48);
            if (next > LIMIT) {
              overflow = true;
            } else {
              fraction = next;
              scale *= 10;
            }
          }
        }
        j++;
      }
      hadFraction = j > 0;
      rest = rest.slice(j);
    }
    if (!hadWhole && !hadFraction) {
      return invalidDuration();
    }
    let k = 0;
    while (k < rest.length && rest[k] !== '.' && !isDigit(rest[k])) {
      k++;
    }
    if (k === 0) {
      return { error: `time: missing unit in duration ${goTimeQuote(text)}` };
    }
    const unitText = rest.slice(0, k);
    rest = rest.slice(k);
    const unit = NS_PER_UNIT.get(unitText);
    if (unit === undefined) {
      return { error: `time: unknown unit ${goTimeQuote(unitText)} in duration ${goTimeQuote(text)}` };
    }
    if (whole > LIMIT / unit) {
      return invalidDuration();
    }
    let value = whole * unit;
    if (fraction > 0n) {
      // Same float64 steps as Go: float64(f) * (float64(unit) / scale), truncated.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > LIMIT) {
        return invalidDuration();
      }
    }
    total += value;
    if (total > LIMIT) {
      return invalidDuration();
    }
  }
  if (negative) {
    return { nanos: -total };
  }
  if (total > LIMIT - 1n) {
    return invalidDuration();
  }
  return { nanos: total };
}

/**
 * A whole number of seconds written the way Go's `Duration.String` would, minus zero parts:
 * `5400` -> `1h30m`, `90` -> `1m30s`, `86400` -> `24h`.
 */
export function formatSeconds(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  let out = '';
  if (hours > 0) out += `${hours}h`;
  if (minutes > 0) out += `${minutes}m`;
  if (seconds > 0 || out === '') out += `${seconds}s`;
  return out;
}
