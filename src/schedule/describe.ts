import { formatSeconds } from './go-duration';
import { neverMatches } from './next';
import { FieldSet, ParsedSchedule, SpecSchedule } from './parser';

/**
 * Plain-English wording of a schedule. Common shapes get a readable phrase ("at 01:15 every
 * day", "every 15 minutes", "on Monday through Friday"); anything else falls back to listing
 * the allowed values of each field, which is always literally true. Day-of-month and
 * day-of-week are worded with robfig's rule: both restricted means either may match.
 */

const MONTH_NAMES = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function values(field: FieldSet): number[] {
  const out: number[] = [];
  field.allowed.forEach((v, i) => {
    if (v === 1) out.push(i);
  });
  return out;
}

function isFull(field: FieldSet, min: number, max: number): boolean {
  for (let v = min; v <= max; v++) {
    if (field.allowed[v] !== 1) return false;
  }
  return true;
}

/** "a, b and c". */
function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Compresses sorted values into "a through b" runs (three or more consecutive values). */
function ranges(list: number[], name: (v: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < list.length;) {
    let j = i;
    while (j + 1 < list.length && list[j + 1] === list[j] + 1) j++;
    if (j - i >= 2) {
      parts.push(`${name(list[i])} through ${name(list[j])}`);
    } else {
      for (let k = i; k <= j; k++) parts.push(name(list[k]));
    }
    i = j + 1;
  }
  return joinWords(parts);
}

/** The step when the values are start, start+step, ... up to the field end, else undefined. */
function regularStep(list: number[], max: number): { start: number; step: number } | undefined {
  if (list.length < 2) return undefined;
  const step = list[1] - list[0];
  for (let i = 2; i < list.length; i++) {
    if (list[i] - list[i - 1] !== step) return undefined;
  }
  return list[list.length - 1] + step > max ? { start: list[0], step } : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

function timePhrase(spec: SpecSchedule): { text: string; interval: boolean } {
  const minutes = values(spec.minute);
  const hours = values(spec.hour);
  const allHours = hours.length === 24;
  if (allHours) {
    if (minutes.length === 60) return { text: 'every minute', interval: true };
    if (minutes.length === 1) {
      return { text: minutes[0] === 0 ? 'every hour, on the hour' : `every hour at minute ${minutes[0]}`, interval: true };
    }
    const step = regularStep(minutes, 59);
    // "every N minutes" is only true when N divides the hour, so the gap over :00 is N too.
    if (step && 60 % step.step === 0 && step.start < step.step) {
      return { text: step.start === 0 ? `every ${step.step} minutes` : `every ${step.step} minutes from minute ${step.start}`, interval: true };
    }
    return { text: `every hour at minutes ${joinWords(minutes.map(String))}`, interval: true };
  }
  if (minutes.length === 60) {
    return { text: `every minute during hour${hours.length > 1 ? 's' : ''} ${ranges(hours, (h) => `${pad(h)}:00-${pad(h)}:59`)}`, interval: false };
  }
  if (hours.length * minutes.length <= 6) {
    const times: string[] = [];
    for (const h of hours) for (const m of minutes) times.push(`${pad(h)}:${pad(m)}`);
    return { text: `at ${joinWords(times)}`, interval: false };
  }
  const minuteText = minutes.length === 1 ? `minute ${minutes[0]}` : `minutes ${joinWords(minutes.map(String))}`;
  const hourStep = regularStep(hours, 23);
  const hourText = hourStep && hourStep.step > 1
    ? `every ${hourStep.step} hours from ${pad(hourStep.start)}:00`
    : `hours ${ranges(hours, String)}`;
  return { text: `at ${minuteText} past ${hourText}`, interval: false };
}

function dayPhrase(spec: SpecSchedule): string | undefined {
  const domFull = isFull(spec.dayOfMonth, 1, 31);
  const dowFull = isFull(spec.dayOfWeek, 0, 6);
  const doms = values(spec.dayOfMonth);
  const dows = values(spec.dayOfWeek);
  const domText = () => `on day${doms.length > 1 ? 's' : ''} ${ranges(doms, String)} of the month`;
  const dowText = () => `on ${ranges(dows, (d) => WEEKDAY_NAMES[d])}`;
  if (spec.dayOfMonth.star || spec.dayOfWeek.star) {
    // robfig: either field unrestricted (a star, which always covers the whole range) means
    // both must match, so the other field alone decides.
    if (domFull && dowFull) return undefined;
    return domFull ? dowText() : domText();
  }
  // Both restricted: a day matches if either matches.
  if (domFull || dowFull) return undefined;
  return `${domText()} and ${dowText()}`;
}

function monthPhrase(spec: SpecSchedule): string | undefined {
  if (isFull(spec.month, 1, 12)) return undefined;
  return `in ${ranges(values(spec.month), (m) => MONTH_NAMES[m])}`;
}

/** The schedule in plain words followed by its time zone. */
export function describeSchedule(parsed: ParsedSchedule, timeZone: string): string {
  if (parsed.kind === 'every') {
    return `every ${formatSeconds(parsed.delaySeconds)} (fixed interval from controller start), ${timeZone}`;
  }
  if (neverMatches(parsed)) {
    return `never (a field lists no values), ${timeZone}`;
  }
  const time = timePhrase(parsed);
  const day = dayPhrase(parsed);
  const month = monthPhrase(parsed);
  const parts = [time.text];
  if (day) {
    parts.push(day);
  } else if (!time.interval) {
    parts.push('every day');
  }
  if (month) parts.push(month);
  return `${parts.join(' ')}, ${timeZone}`;
}
