import { ZONE_NAMES } from './zone-names.generated';

/**
 * The checks the Kubernetes API server applies to a CronJob's `spec.timeZone`
 * (`validateTimeZone` in pkg/apis/batch/validation), in its order:
 *   1. non-empty;
 *   2. every `/`-separated part is 1-14 characters of `A-Za-z.-_0-9+`, is not `.` or `..` and
 *      does not start with `-`;
 *   3. not `Local` in any case;
 *   4. Go's `time.LoadLocation` succeeds, which is an exact-case lookup in the IANA database
 *      the API server embeds. Node's `Intl` is not used for this: it also accepts lower-case
 *      names that Kubernetes rejects.
 */

const PART = /^[A-Za-z.\-_0-9+]{1,14}$/;
const KNOWN = new Set(ZONE_NAMES);

/** Returns undefined when Kubernetes accepts the zone, else the API server's reason. */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (timeZone.length === 0) {
    return 'timeZone must be nil or non-empty string';
  }
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !PART.test(part)) {
      return `unknown time zone ${timeZone}`;
    }
  }
  if (timeZone.toLowerCase() === 'local') {
    return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  }
  if (timeZone.includes('..')) {
    // Go's LoadLocation refuses any name containing "..", before looking anything up.
    return 'time: invalid location name';
  }
  if (!KNOWN.has(timeZone)) {
    return `unknown time zone ${timeZone}`;
  }
  return undefined;
}

/** All zone names Kubernetes accepts, sorted. */
export function knownTimeZones(): readonly string[] {
  return ZONE_NAMES;
}
