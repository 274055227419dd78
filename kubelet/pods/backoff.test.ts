import { describe, expect, it } from 'vitest';
import { Backoff, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS } from './backoff.js';

describe('Backoff', () => {
  it('starts at 10s, doubles, and caps at 5 minutes', () => {
    let now = 0;
    const b = new Backoff({ initialMs: CRASHLOOP_INITIAL_MS, maxMs: CRASHLOOP_MAX_MS, now: () => now });
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) { seen.push(b.next('k')); now += 1000; }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('says how long is left since a failure and forgets keys idle for 2×max', () => {
    let now = 1_000_000;
    const b = new Backoff({ initialMs: 10_000, maxMs: 300_000, now: () => now });
    expect(b.remaining('k', now)).toBe(0);
    b.next('k');
    b.next('k');
    expect(b.remaining('k', now)).toBe(20_000);
    now += 15_000;
    expect(b.remaining('k', now - 15_000)).toBe(5_000);
    now += 600_001;
    expect(b.next('k')).toBe(10_000);
  });

  it('resets by key and by prefix', () => {
    const b = new Backoff({ initialMs: 1, maxMs: 8 });
    b.next('uid/a'); b.next('uid/a'); b.next('uid/b'); b.next('other/a');
    b.reset('uid/a');
    expect(b.get('uid/a')).toBe(0);
    b.resetPrefix('uid/');
    expect(b.get('uid/b')).toBe(0);
    expect(b.get('other/a')).toBe(1);
  });
});
