// CronJob schedules as Kubernetes reads them: robfig/cron's standard parser (five fields, names for
// months and weekdays, `*`/`?`, ranges, steps, lists, the @hourly-style descriptors and @every) with
// its exact error messages, which kube-apiserver returns as spec.schedule's Invalid detail; time zones
// as Go's time.LoadLocation names them. Next run times come from croner, which reads the same syntax.
import { Cron } from 'croner';
import { parseGoDurationNs } from '../../../apimachinery/goduration.js';

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const months = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const weekdays = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
/** minute, hour, day of month, month, day of week. */
const fieldBounds: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 0, max: 6, names: weekdays },
];

const descriptors = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

class ScheduleError extends Error {}

/** Go's strconv.Atoi error text for a value that is not a base-10 int. */
function atoi(s: string): number {
  const syntax = `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  if (!/^[+-]?\d+$/.test(s)) throw new ScheduleError(syntax);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1) throw new ScheduleError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function mustParseInt(expr: string): number {
  let n: number;
  try {
    n = atoi(expr);
  } catch (e) {
    throw new ScheduleError(`failed to parse int from ${expr}: ${(e as Error).message}`);
  }
  if (n < 0) throw new ScheduleError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** robfig's getRange: one comma-separated part of a field. */
function checkRange(expr: string, r: Bounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new ScheduleError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = r.max;
  } else if (rangeAndStep.length > 2) {
    throw new ScheduleError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new ScheduleError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new ScheduleError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new ScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new ScheduleError(`step of range should be a positive number: ${expr}`);
}

/** Go's strings.Fields. */
function fields(s: string): string[] {
  return s.split(/\s+/).filter((f) => f !== '');
}

/** The schedule with a TZ=/CRON_TZ= prefix removed, and that zone. */
function splitZone(spec: string): { zone?: string; rest: string } {
  if (!spec.startsWith('TZ=') && !spec.startsWith('CRON_TZ=')) return { rest: spec };
  const space = spec.indexOf(' ');
  const eq = spec.indexOf('=');
  const zone = space < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, space);
  const err = timeZoneError(zone);
  if (err !== undefined) throw new ScheduleError(`provided bad location ${zone}: ${err}`);
  return { zone, rest: space < 0 ? '' : spec.slice(space).trim() };
}

function check(spec: string): void {
  if (spec.length === 0) throw new ScheduleError('empty spec string');
  const { rest } = splitZone(spec);
  if (rest.startsWith('@')) {
    if (descriptors.has(rest)) return;
    if (rest.startsWith('@every ')) {
      try {
        parseGoDurationNs(rest.slice('@every '.length));
      } catch (e) {
        throw new ScheduleError(`failed to parse duration ${rest}: ${(e as Error).message}`);
      }
      return;
    }
    throw new ScheduleError(`unrecognized descriptor: ${rest}`);
  }
  const fs = fields(rest);
  if (fs.length !== 5) throw new ScheduleError(`expected exactly 5 fields, found ${fs.length}: [${fs.join(' ')}]`);
  fs.forEach((f, i) => {
    for (const part of f.split(',').filter((p) => p !== '')) checkRange(part, fieldBounds[i]!);
  });
}

/** robfig/cron ParseStandard's error message for `spec`, undefined when it parses. */
export function scheduleError(spec: string): string | undefined {
  try {
    check(spec);
    return undefined;
  } catch (e) {
    if (e instanceof ScheduleError) return e.message;
    throw e;
  }
}

/** Go's time.LoadLocation error ("unknown time zone X"), undefined for a known IANA zone, UTC or "". */
export function timeZoneError(zone: string): string | undefined {
  if (zone === '' || zone === 'UTC') return undefined;
  if (zone !== 'Local') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return undefined;
    } catch {
      // fall through
    }
  }
  return zone === 'Local' ? undefined : `unknown time zone ${zone}`;
}

/** The first time after `after` that a valid schedule fires, in `timeZone` (a TZ= prefix wins); undefined if never. */
export function nextScheduleTime(spec: string, timeZone: string | undefined, after: Date): Date | undefined {
  const { zone, rest } = splitZone(spec);
  const tz = zone ?? timeZone;
  if (rest.startsWith('@every ')) {
    // robfig's Every rounds the interval down to whole seconds (at least one) and counts from `after`.
    const ms = Math.max(1000, Math.floor(Number(parseGoDurationNs(rest.slice(7))) / 1e9) * 1000);
    return new Date(Math.floor(after.getTime() / 1000) * 1000 + ms);
  }
  const pattern = rest === '@midnight' ? '@daily' : rest;
  const next = new Cron(pattern, { paused: true, legacyMode: true, ...(tz ? { timezone: tz } : {}) }).nextRun(after);
  return next ?? undefined;
}
