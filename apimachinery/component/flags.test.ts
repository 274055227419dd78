import { describe, expect, it } from 'vitest';
import { boolFlag, durationFlag, logFlags, logLevelOf, parseBool, parseFlags } from './index.js';

describe('parseBool (Go strconv.ParseBool)', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('%s is true', (s) => expect(parseBool(s)).toBe(true));
  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('%s is false', (s) => expect(parseBool(s)).toBe(false));
  it.each(['', 'yes', 'no', 'tRUE', 'maybe', ' true'])('%j is an error', (s) => expect(() => parseBool(s)).toThrow(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`));
});

const defs = {
  'leader-elect': { type: 'boolean' },
  kubeconfig: { type: 'string' },
  'service-account-issuer': { type: 'string', multiple: true },
  ...logFlags,
} as const;

describe('parseFlags', () => {
  it.each([
    { name: 'nothing', argv: [], want: {} },
    { name: 'bare boolean', argv: ['--leader-elect'], want: { 'leader-elect': true } },
    { name: 'boolean =false', argv: ['--leader-elect=false'], want: { 'leader-elect': false } },
    { name: 'boolean =F', argv: ['--leader-elect=F'], want: { 'leader-elect': false } },
    { name: 'boolean =1', argv: ['--leader-elect=1'], want: { 'leader-elect': true } },
    { name: 'last boolean wins', argv: ['--leader-elect', '--leader-elect=false'], want: { 'leader-elect': false } },
    { name: '--flag=value', argv: ['--kubeconfig=/k'], want: { kubeconfig: '/k' } },
    { name: '--flag value', argv: ['--kubeconfig', '/k'], want: { kubeconfig: '/k' } },
    { name: 'repeated', argv: ['--service-account-issuer=a', '--service-account-issuer', 'b'], want: { 'service-account-issuer': ['a', 'b'] } },
    { name: 'logging', argv: ['--v=4', '--log-level', 'warn'], want: { v: '4', 'log-level': 'warn' } },
  ])('$name', ({ argv, want }) => expect(parseFlags(argv, defs).values).toEqual(want));

  it.each([
    { name: 'unknown flag', argv: ['--bogus'], err: /Unknown option '--bogus'/ },
    { name: 'bad boolean', argv: ['--leader-elect=maybe'], err: 'invalid argument "maybe" for "--leader-elect" flag: strconv.ParseBool: parsing "maybe": invalid syntax (want true or false)' },
    { name: 'boolean takes no separate word', argv: ['--leader-elect', 'false'], err: /positional/ },
    { name: 'string without value', argv: ['--kubeconfig'], err: /argument missing/ },
  ])('rejects $name', ({ argv, err }) => expect(() => parseFlags(argv, defs)).toThrow(err));

  it('passes positionals through when asked, and words after -- untouched', () => {
    expect(parseFlags(['a', '--leader-elect', '--', '--leader-elect'], defs, { positionals: true })).toEqual({ values: { 'leader-elect': true }, positionals: ['a', '--leader-elect'] });
  });
});

describe('durationFlag', () => {
  it.each([
    [undefined, 7, 7],
    ['40s', 7, 40_000],
    ['1m30s', 7, 90_000],
    ['0', 7, 0],
  ])('%s (default %d) = %d', (v, dflt, want) => expect(durationFlag('x', v, dflt)).toBe(want));
  it('names the flag and Go\'s reason', () => expect(() => durationFlag('sync-period', '30', 0)).toThrow('invalid argument "30" for "--sync-period" flag: time: missing unit in duration "30"'));
});

describe('logLevelOf', () => {
  it.each([
    [{}, undefined],
    [{ v: '2' }, 'info'],
    [{ v: '4' }, 'debug'],
    [{ 'log-level': 'warn' }, 'warn'],
    [{ v: '6', 'log-level': 'error' }, 'error'],
  ])('%j → %s', (values, want) => expect(logLevelOf(values)).toBe(want));
});

describe('boolFlag (a boolean taken as a string flag)', () => {
  it.each([
    [undefined, true, true],
    ['false', true, false],
    ['T', false, true],
  ])('%s (default %s) = %s', (v, dflt, want) => expect(boolFlag('service-lb', v, dflt)).toBe(want));
  it('names the flag', () => expect(() => boolFlag('service-lb', 'yes', true)).toThrow('invalid argument "yes" for "--service-lb" flag'));
});
