// EtcdStore over a 3-member etcd cluster on loopback: it keeps working when a member goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EtcdCluster } from '../../cluster/etcd.js';
import { etcdAvailable, etcdSkipReason, withEtcdCluster } from '../../test/etcd.js';
import { EtcdStore } from './etcd-store.js';
import type { WatchEvent } from './types.js';

describe.skipIf(!etcdAvailable)(`EtcdStore on a 3-member cluster${etcdSkipReason}`, () => {
  let cluster: EtcdCluster;
  let store: EtcdStore;
  beforeAll(async () => {
    cluster = await withEtcdCluster(3);
    store = new EtcdStore({ endpoints: cluster.endpoints });
  });
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  it('forms a cluster with every member reachable', async () => {
    expect(cluster.endpoints).toHaveLength(3);
    for (const m of cluster.members) {
      const res = await fetch(`${m.endpoints[0]}/health`);
      expect(await res.json()).toMatchObject({ health: 'true' });
    }
  });

  it('writes, reads and watches; all of it keeps working after one member stops', async () => {
    const ac = new AbortController();
    try {
      const a = await store.create('/registry/ha/a', { metadata: { name: 'a' } });
      expect((await store.get('/registry/ha/a'))?.rv).toBe(a.rv);
      const it = store.watch('/registry/ha/', { fromRv: a.rv }, ac.signal)[Symbol.asyncIterator]();
      const pending = it.next();
      await cluster.members[0]!.stop();
      const writes: string[] = [];
      for (let i = 0; i < 10; i++) writes.push((await store.create(`/registry/ha/o${i}`, { metadata: { name: `o${i}` } })).rv);
      expect((await store.list('/registry/ha/')).items).toHaveLength(11);
      const got: WatchEvent[] = [(await pending).value as WatchEvent];
      while (got.length < 10) {
        const r = await it.next();
        if (r.done) break;
        got.push(r.value);
      }
      expect(got.map((e) => e.rv)).toEqual(writes);
    } finally {
      ac.abort();
    }
  });
});
