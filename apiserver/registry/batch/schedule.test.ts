import { describe, expect, it } from 'vitest';
import { nextScheduleTime, scheduleError, timeZoneError } from './schedule.js';

describe('scheduleError (robfig/cron ParseStandard)', () => {
  it.each<[string, string | undefined]>([
    ['*/1 * * * *', undefined],
    ['0 3 * * 1-5', undefined],
    ['15,45 */2 1 jan,JUL sun', undefined],
    ['5/15 * * * ?', undefined],
    ['@hourly', undefined],
    ['@midnight', undefined],
    ['@every 1h30m', undefined],
    ['CRON_TZ=UTC 0 * * * *', undefined],
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 * * * *', 'expected exactly 5 fields, found 6: [0 0 * * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every 1x', 'failed to parse duration @every 1x: time: unknown unit "x" in duration "1x"'],
    ['TZ=Mars/Base * * * * *', 'provided bad location Mars/Base: unknown time zone Mars/Base'],
  ])('%j', (spec, want) => {
    expect(scheduleError(spec)).toBe(want);
  });
});

describe('timeZoneError (time.LoadLocation)', () => {
  it.each<[string, string | undefined]>([
    ['Europe/Paris', undefined],
    ['UTC', undefined],
    ['Etc/GMT+5', undefined],
    ['Europe/Pariss', 'unknown time zone Europe/Pariss'],
  ])('%s', (zone, want) => {
    expect(timeZoneError(zone)).toBe(want);
  });
});

describe('nextScheduleTime (croner)', () => {
  const after = new Date('2026-03-10T10:07:30Z');
  it.each<[string, string | undefined, string]>([
    ['*/15 * * * *', undefined, '2026-03-10T10:15:00.000Z'],
    ['@hourly', undefined, '2026-03-10T11:00:00.000Z'],
    ['0 3 * * *', 'Europe/Paris', '2026-03-11T02:00:00.000Z'],
    ['CRON_TZ=Asia/Tokyo 0 0 * * *', undefined, '2026-03-10T15:00:00.000Z'],
    ['@every 90s', undefined, '2026-03-10T10:09:00.000Z'],
  ])('%s in %s', (spec, tz, want) => {
    expect(nextScheduleTime(spec, tz, after)?.toISOString()).toBe(want);
  });
});
