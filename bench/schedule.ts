/**
 * Next-run computations per second: CronSchedule (exact Kubernetes/robfig semantics) against
 * croner (the fastest popular npm cron library) on the same schedules, zones and start instants,
 * in the same run. Also counts how many of these schedules croner answers differently.
 *
 * Run: npx ts-node --project tsconfig.dev.json bench/schedule.ts
 */
import { Cron } from 'croner';
import { CronSchedule } from '../src/schedule/cron-schedule';
import { DIFFERENTIAL_ZONES, generateCases } from '../test/schedule/cases';

const RUNS_PER_SCHEDULE = 50;
const ROUNDS = 3;

const COMMON = [
  '15 1 * * *', '*/15 * * * *', '0 2 * * 1-5', '0 * * * *', '*/5 * * * *', '30 2 * * *', '30 1 * * *', '0 0 1 * *',
  '0 9-17 * * 1-5', '0 0 * * 0', '45 23 * * *', '0 */6 * * *', '0 3 1,15 * *', '*/10 8-18 * * 1-5', '0 0 1 1 *', '* * * * *',
];

interface Subject {
  readonly expression: string;
  readonly zone: string;
  readonly start: Date;
}

function subjects(): Subject[] {
  const start = new Date('2026-03-01T00:00:00Z');
  const out: Subject[] = [];
  for (const zone of DIFFERENTIAL_ZONES) {
    for (const expression of COMMON) out.push({ expression, zone, start });
  }
  // Generated valid five-field schedules (no descriptors: croner reads @every differently).
  for (const c of generateCases(2000, 99)) {
    if (c.expr.startsWith('@')) continue;
    try {
      CronSchedule.parse(c.expr, c.zone);
      out.push({ expression: c.expr, zone: c.zone, start: new Date(c.startMs) });
    } catch {
      // invalid for Kubernetes: not a benchmark subject
    }
    if (out.length >= 400) break;
  }
  return out;
}

function cronerFor(s: Subject): Cron | undefined {
  try {
    return new Cron(s.expression, { timezone: s.zone, paused: true, legacyMode: true });
  } catch {
    return undefined;
  }
}

function main(): void {
  const all = subjects();
  // Disagreements (informational), on every subject: same start, 20 runs, any differing instant.
  let disagree = 0;
  let compared = 0;
  let cronerRejects = 0;
  for (const s of all) {
    const cron = cronerFor(s);
    if (!cron) {
      cronerRejects++;
      continue;
    }
    compared++;
    const a = CronSchedule.parse(s.expression, s.zone).nextRuns(s.start, 20).map((d) => d.getTime());
    const b = cron.nextRuns(20, s.start).map((d) => d.getTime());
    if (a.length !== b.length || a.some((t, i) => t !== b[i])) disagree++;
  }

  // Speed, on the common schedules both libraries accept (generated oddities can make croner
  // search for seconds, which would measure its worst case rather than typical use).
  const timed = all.slice(0, COMMON.length * DIFFERENTIAL_ZONES.length);
  const ours = timed.map((s) => ({ s, schedule: CronSchedule.parse(s.expression, s.zone) }));
  const theirs = timed.map((s) => ({ s, cron: cronerFor(s)! }));

  const timeOurs = (): number => {
    let n = 0;
    const t0 = process.hrtime.bigint();
    for (const { s, schedule } of ours) n += schedule.nextRuns(s.start, RUNS_PER_SCHEDULE).length;
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
  const timeCroner = (): number => {
    let n = 0;
    const t0 = process.hrtime.bigint();
    for (const { s, cron } of theirs) n += cron.nextRuns(RUNS_PER_SCHEDULE, s.start).length;
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
  // Warm up both (JIT, zone tables, croner's formatter caches), then alternate rounds.
  timeOurs();
  timeCroner();
  const oursRates: number[] = [];
  const cronerRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    oursRates.push(timeOurs());
    cronerRates.push(timeCroner());
  }
  // croner's fastest path has no timezone option (it then uses the process zone, set to UTC
  // here): compare it with our Etc/UTC schedules too, so the headline ratio is not only about
  // croner's time zone handling.
  process.env.TZ = 'UTC';
  const utcOurs = ours.filter(({ s }) => s.zone === 'Etc/UTC');
  const utcTheirs = utcOurs.map(({ s }) => ({ s, cron: new Cron(s.expression, { paused: true, legacyMode: true }) }));
  const rate = (f: () => number): number => {
    f();
    const rates = [0, 1, 2].map(() => f());
    return rates.sort((a, b) => a - b)[1];
  };
  const utcOursRate = rate(() => {
    let n = 0;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < 20; k++) for (const { s, schedule } of utcOurs) n += schedule.nextRuns(s.start, RUNS_PER_SCHEDULE).length;
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
  });
  const utcCronerRate = rate(() => {
    let n = 0;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < 20; k++) for (const { s, cron } of utcTheirs) n += cron.nextRuns(RUNS_PER_SCHEDULE, s.start).length;
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
  });

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const oursRate = median(oursRates);
  const cronerRate = median(cronerRates);
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`speed: ${timed.length} schedules (${COMMON.length} common x ${DIFFERENTIAL_ZONES.length} zones), ${RUNS_PER_SCHEDULE} next runs each from 2026-03-01 (croner with a timezone option), median of ${ROUNDS} rounds`);
  console.log(`CronSchedule.nextRuns: ${fmt(oursRate)} runs/s`);
  console.log(`croner nextRuns:       ${fmt(cronerRate)} runs/s`);
  console.log(`ratio (ours / croner): ${(oursRate / cronerRate).toFixed(2)}x (target >= 1.00)`);
  console.log(`UTC only, croner without a timezone option (its fastest path): ours ${fmt(utcOursRate)} runs/s, croner ${fmt(utcCronerRate)} runs/s, `
    + `ratio ${(utcOursRate / utcCronerRate).toFixed(2)}x`);
  console.log(`agreement (informational): croner differs from Kubernetes on ${disagree} of ${compared} schedules (first 20 runs; ${all.length} subjects incl. generated), and rejects ${cronerRejects} more that Kubernetes accepts`);
}

main();
