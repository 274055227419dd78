import { describe, expect, it } from 'vitest';
import { StartGate } from './gate.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('StartGate', () => {
  it('runs at most `limit` at once and serves urgent work before the rest, FIFO within each', async () => {
    const gate = new StartGate(2);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const job = (name: string, urgent: boolean): Promise<void> => gate.run(urgent, () => {
      order.push(name);
      return new Promise<void>((r) => releases.set(name, r));
    });
    const all = [job('s1', false), job('s2', false), job('s3', false), job('s4', false), job('c1', true), job('c2', true)];
    await tick();
    expect(order).toEqual(['s1', 's2']);
    expect(gate.waiting).toBe(4);
    releases.get('s1')!();
    await tick(); await tick();
    expect(order).toEqual(['s1', 's2', 'c1']);
    releases.get('s2')!(); releases.get('c1')!();
    await tick(); await tick();
    expect(order).toEqual(['s1', 's2', 'c1', 'c2', 's3']);
    for (const n of ['c2', 's3']) releases.get(n)!();
    await tick(); await tick();
    releases.get('s4')!();
    await Promise.all(all);
    expect(order).toEqual(['s1', 's2', 'c1', 'c2', 's3', 's4']);
    expect(gate.waiting).toBe(0);
  });

  it('frees the slot when the work fails; a limit of 0 means no gate', async () => {
    const gate = new StartGate(1);
    await expect(gate.run(false, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await gate.run(false, async () => 'ok')).toBe('ok');
    expect(await new StartGate(0).run(true, async () => 7)).toBe(7);
  });
});
