import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../apimachinery/log.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { StorageError, type ListResult, type Store, type WatchEvent } from '../../storage/types.js';
import { StoreMirror } from './mirror.js';

/** A store whose list answers from `state` and whose watches replay scripted events, then fail or wait. */
function fakeStore(state: Map<string, Obj>, scripts: (WatchEvent[] | 'compacted')[]) {
  let lists = 0;
  const store = {
    list: async (): Promise<ListResult> => {
      lists++;
      return { items: [...state].map(([key, object]) => ({ key, object, rv: '1' })), rv: String(lists) };
    },
    watch: (_p: string, _o: unknown, signal: AbortSignal): AsyncIterable<WatchEvent> => ({
      async *[Symbol.asyncIterator]() {
        const script = scripts.shift();
        if (script === 'compacted') throw new StorageError('Compacted', _p);
        for (const ev of script ?? []) yield ev;
        await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      },
    }),
  } as unknown as Store;
  return { store, lists: () => lists };
}

const obj = (name: string): Obj => ({ metadata: { name } });
const until = async (f: () => boolean): Promise<void> => {
  while (!f()) await new Promise((r) => setTimeout(r, 5));
};

describe('StoreMirror', () => {
  it('lists, then applies watch events', async () => {
    const { store } = fakeStore(new Map([['/r/a', obj('a')]]), [[{ type: 'ADDED', key: '/r/b', object: obj('b'), rv: '2' }, { type: 'DELETED', key: '/r/a', object: obj('a'), rv: '3' }]]);
    const seen: string[] = [];
    const m = new StoreMirror(store, '/r/', silentLogger(), { upsert: (k) => seen.push(`+${k}`), remove: (k) => seen.push(`-${k}`) });
    const ac = new AbortController();
    await m.start(ac.signal);
    expect([...m.objects.keys()]).toContain('/r/a');
    await until(() => seen.length === 3);
    expect(seen).toEqual(['+/r/a', '+/r/b', '-/r/a']);
    expect([...m.objects.keys()]).toEqual(['/r/b']);
    ac.abort();
  });

  it('relists after a compacted watch, dropping what disappeared meanwhile', async () => {
    const state = new Map([['/r/a', obj('a')]]);
    const { store, lists } = fakeStore(state, ['compacted']);
    const m = new StoreMirror(store, '/r/', silentLogger());
    const ac = new AbortController();
    await m.start(ac.signal);
    state.delete('/r/a');
    state.set('/r/c', obj('c'));
    await until(() => lists() === 2);
    await until(() => m.objects.has('/r/c'));
    expect([...m.objects.keys()]).toEqual(['/r/c']);
    ac.abort();
  });
});
