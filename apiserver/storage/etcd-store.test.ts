// EtcdStore specifics beyond the conformance suite: direct watches (slow consumers, bookmarks) and
// watches that survive an etcd restart, for both stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdMember } from '../../cluster/etcd.js';
import { freePorts } from '../../cluster/common/ports.js';
import { etcdAvailable, etcdSkipReason, withEtcd, type TestEtcd } from '../../test/etcd.js';
import { EtcdStore } from './etcd-store.js';
import { CachedStore } from './watch-cache.js';
import type { Store, WatchEvent } from './types.js';

async function next(it: AsyncIterator<WatchEvent>, timeoutMs = 15_000): Promise<WatchEvent> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      it.next(),
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('no event in time')), timeoutMs))),
    ]);
    if (r.done) throw new Error('watch ended');
    return r.value;
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!etcdAvailable)(`EtcdStore direct watch${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  beforeAll(async () => {
    etcd = await withEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('ends a watcher whose buffer overflows with a too-slow Compacted error', async () => {
    const store = new EtcdStore({ endpoints: etcd.endpoints, watchBufferSize: 3 });
    const ac = new AbortController();
    try {
      const rv = await store.currentRevision();
      const it = store.watch('/registry/slow/', { fromRv: rv }, ac.signal)[Symbol.asyncIterator]();
      let writesDone: () => void = () => undefined;
      const written = new Promise<void>((r) => (writesDone = r));
      // reads one event, then stops reading until all writes are done
      const consumer = (async (): Promise<unknown> => {
        try {
          for (let n = 0; ; n++) {
            if ((await it.next()).done) return 'ended';
            if (n === 0) await written;
          }
        } catch (err) {
          return err;
        }
      })();
      for (let i = 0; i < 10; i++) await store.create(`/registry/slow/o${i}`, { metadata: { name: `o${i}` } });
      writesDone();
      expect(await consumer).toMatchObject({ code: 'Compacted', message: expect.stringMatching(/too slow/) });
    } finally {
      ac.abort();
      await store.close();
    }
  });

  it('sends BOOKMARKs at the injected interval once past the start', async () => {
    const store = new EtcdStore({ endpoints: etcd.endpoints, bookmarkIntervalMs: 30 });
    const ac = new AbortController();
    try {
      const a = await store.create('/registry/bm/a', { metadata: { name: 'a' } });
      const it = store.watch('/registry/bm/', { fromRv: '0', bookmarks: true }, ac.signal)[Symbol.asyncIterator]();
      expect(await next(it)).toMatchObject({ type: 'ADDED', rv: a.rv }); // synthetic: the watch is running
      const b = await store.create('/registry/bm/b', { metadata: { name: 'b' } });
      expect(await next(it)).toMatchObject({ type: 'ADDED', rv: b.rv });
      expect(await next(it)).toMatchObject({ type: 'BOOKMARK', rv: b.rv });
    } finally {
      ac.abort();
      await store.close();
    }
  });

  it('close() ends open watches', async () => {
    const store = new EtcdStore({ endpoints: etcd.endpoints });
    const it = store.watch('/registry/closing/', { fromRv: await store.currentRevision() }, new AbortController().signal)[
      Symbol.asyncIterator
    ]();
    const pending = it.next();
    await new Promise((r) => setImmediate(r));
    await store.close();
    expect((await pending).done).toBe(true);
  });
});

describe.skipIf(!etcdAvailable)(`watches survive an etcd restart${etcdSkipReason}`, () => {
  let dir: string;
  let ports: number[];
  let etcd: EtcdMember | undefined;
  const start = async (): Promise<EtcdMember> =>
    (etcd = await startEtcd({
      dataDir: join(dir, 'data'),
      logFile: join(dir, 'etcd.log'),
      clientPort: ports[0],
      peerPort: ports[1],
      metricsPort: ports[2],
    }));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-etcd-restart-'));
    ports = await freePorts(3);
    await start();
  });
  afterAll(async () => {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['EtcdStore', (e: string[]): Store => new EtcdStore({ endpoints: e })],
    ['CachedStore', (e: string[]): Store => new CachedStore(new EtcdStore({ endpoints: e }))],
  ])('%s: no event is lost or repeated across the restart', async (_name, make) => {
    const store = make(etcd!.endpoints);
    const ac = new AbortController();
    try {
      const p = `/registry/restart-${_name}/`;
      const a = await store.create(`${p}a`, { metadata: { name: 'a' } });
      const it = store.watch(p, { fromRv: a.rv }, ac.signal)[Symbol.asyncIterator]();
      const firstEv = next(it);
      const b = await store.create(`${p}b`, { metadata: { name: 'b' } });
      expect((await firstEv).rv).toBe(b.rv);
      await etcd!.stop();
      await start();
      // a write straight after the restart, possibly before the watch has reconnected
      const writer = new EtcdStore({ endpoints: etcd!.endpoints });
      const c = await writer.create(`${p}c`, { metadata: { name: 'c' } });
      await writer.close();
      const ev = await next(it, 30_000);
      expect([ev.type, ev.rv]).toEqual(['ADDED', c.rv]);
    } finally {
      ac.abort();
      await store.close();
    }
  });
});
