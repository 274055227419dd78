import { describe, expect, it } from 'vitest';
import { EventChannel } from './channel.js';

async function drain<T>(ch: EventChannel<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of ch) out.push(v);
  return out;
}

describe('EventChannel', () => {
  it('delivers pushed items in order and ends after close() once drained', async () => {
    const ch = new EventChannel<number>(10, () => new Error('full'));
    const reading = drain(ch);
    for (let i = 0; i < 5; i++) ch.push(i);
    ch.close();
    expect(await reading).toEqual([0, 1, 2, 3, 4]);
    expect(ch.push(9)).toBe(false);
  });

  it('closes with the overflow error instead of growing past capacity', async () => {
    const ch = new EventChannel<number>(3, () => new Error('too slow'));
    expect([1, 2, 3].map((i) => ch.push(i))).toEqual([true, true, true]);
    expect(ch.push(4)).toBe(false);
    expect(ch.size).toBe(0); // buffered items are released
    await expect(drain(ch)).rejects.toThrow('too slow');
  });

  it('close(err) wakes a waiting consumer with the error', async () => {
    const ch = new EventChannel<number>(3, () => new Error('full'));
    const reading = drain(ch);
    ch.close(new Error('gone'));
    await expect(reading).rejects.toThrow('gone');
  });

  it('keeps order across internal compaction of a long queue', async () => {
    const ch = new EventChannel<number>(10_000, () => new Error('full'));
    const it = ch[Symbol.asyncIterator]();
    const got: number[] = [];
    for (let i = 0; i < 5000; i++) ch.push(i);
    for (let i = 0; i < 3000; i++) got.push((await it.next()).value as number);
    for (let i = 5000; i < 6000; i++) ch.push(i);
    ch.close();
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      got.push(r.value);
    }
    expect(got).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });
});
