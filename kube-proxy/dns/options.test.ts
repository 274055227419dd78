import { describe, expect, it } from 'vitest';
import { parseDnsFlags } from './options.js';

describe('cluster DNS flags', () => {
  it('defaults', () => expect(parseDnsFlags(['--upstream', '1.1.1.1'])).toMatchObject({ listen: '0.0.0.0:53', clusterDomain: 'cluster.local', upstreamTimeoutMs: 2000, logLevel: 'info' }));
  it.each([
    ['1500', 1500],
    ['2s', 2000],
    ['750ms', 750],
  ])('--upstream-timeout=%s is %d ms (milliseconds or a Go duration)', (v, ms) => expect(parseDnsFlags(['--upstream', '1.1.1.1', `--upstream-timeout=${v}`]).upstreamTimeoutMs).toBe(ms));
  it('rejects a bad timeout', () => expect(() => parseDnsFlags(['--upstream-timeout', '2x'])).toThrow(/unknown unit "x"/));
});
