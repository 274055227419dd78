import type { KubernetesObject } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log.js';
import { ControllerBuilder, ownerKey } from './builder.js';
import type { Controller, Result } from './controller.js';
import { TerminalError } from './errors.js';
import { FakeInformer } from './informer.js';
import { keyString, type ObjectKey } from './keys.js';

const obj = (name: string, extra: Partial<KubernetesObject['metadata']> = {}): KubernetesObject => ({
  metadata: { namespace: 'ns', name, uid: `uid-${name}`, resourceVersion: '1', ...extra },
});
const owned = (name: string, owner: string, kind = 'ReplicaSet', rv = '1'): KubernetesObject =>
  obj(name, { resourceVersion: rv, ownerReferences: [{ apiVersion: 'apps/v1', kind, name: owner, uid: `uid-${owner}`, controller: true }] });

/** Takes every key queued right now, in order, marking each done. */
async function drain(c: Controller): Promise<string[]> {
  const out: string[] = [];
  while (c.queue.len() > 0) {
    const k = await c.queue.get();
    out.push(k!);
    c.queue.done(k!);
  }
  return out;
}

const noop = { reconcile: async (): Promise<void> => undefined };

describe('ownerKey', () => {
  it.each([
    ['controller owner of the kind', owned('p', 'rs'), 'ReplicaSet', 'ns/rs'],
    ['other kind', owned('p', 'd', 'Deployment'), 'ReplicaSet', undefined],
    ['no owner', obj('p'), 'ReplicaSet', undefined],
    ['owner that is not the controller', obj('p', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u' }] }), 'ReplicaSet', undefined],
  ])('%s', (_n, o, kind, want) => {
    expect(ownerKey(o, kind)).toBe(want);
  });
});

describe('ControllerBuilder', () => {
  it('for(): primary events enqueue their own key, collapsed while queued', async () => {
    const primary = new FakeInformer<KubernetesObject>();
    const c = new ControllerBuilder({ name: 't', logger: silentLogger() }).for(primary).complete(noop);
    primary.deliver('add', obj('a'));
    primary.deliver('update', obj('a', { resourceVersion: '2' }));
    primary.deliver('add', obj('b'));
    primary.deliver('delete', obj('a'));
    expect(await drain(c)).toEqual(['ns/a', 'ns/b']);
  });

  it('owns(): children map to their controller owner; an update moving owners enqueues both', async () => {
    const primary = new FakeInformer<KubernetesObject>();
    const children = new FakeInformer<KubernetesObject>();
    const c = new ControllerBuilder({ name: 't', logger: silentLogger() }).for(primary).owns(children, { kind: 'ReplicaSet' }).complete(noop);
    children.deliver('add', owned('p1', 'rs1'));
    children.deliver('add', owned('p2', 'rs1'));
    children.deliver('add', owned('p3', 'd1', 'Deployment'));
    children.deliver('add', obj('orphan'));
    expect(await drain(c)).toEqual(['ns/rs1']);
    children.deliver('update', owned('p1', 'rs2', 'ReplicaSet', '2'));
    expect(await drain(c)).toEqual(['ns/rs1', 'ns/rs2']);
    children.deliver('delete', owned('p2', 'rs1'));
    expect(await drain(c)).toEqual(['ns/rs1']);
  });

  it('watches(): maps through the function, honours `on`, `when` and delayed keys', async () => {
    vi.useFakeTimers();
    try {
      const other = new FakeInformer<KubernetesObject>();
      const c = new ControllerBuilder({ name: 't', logger: silentLogger() })
        .watches(other, (e) => [{ name: `${e.type}-${e.obj.metadata?.name}` }, { key: 'later', afterMs: 100 }], {
          on: ['add', 'delete'],
          when: (e) => e.obj.metadata?.name !== 'skip',
        })
        .complete(noop);
      other.deliver('add', obj('x'));
      other.deliver('update', obj('x', { resourceVersion: '2' }));
      other.deliver('add', obj('skip'));
      other.deliver('delete', obj('x'));
      expect(await drain(c)).toEqual(['add-x', 'delete-x']);
      expect(c.queue.pendingDelayed()).toBe(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(await drain(c)).toEqual(['later']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for every watched and read informer to sync before workers start', async () => {
    const watched = new FakeInformer<KubernetesObject>([], false);
    const read = new FakeInformer<KubernetesObject>([], false);
    const seen: string[] = [];
    const c = new ControllerBuilder({ name: 't', logger: silentLogger() })
      .for(watched)
      .reads(read)
      .complete({ reconcile: async (k) => void seen.push(keyString(k)) });
    c.enqueue('ns/a');
    const ac = new AbortController();
    const running = c.run(ac.signal);
    await new Promise((r) => setImmediate(r));
    watched.markSynced();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([]);
    read.markSynced();
    await vi.waitFor(() => expect(seen).toEqual(['ns/a']));
    ac.abort();
    await running;
  });
});

describe('a built controller reconciles levels', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function built(fn: (k: ObjectKey) => Promise<Result | void>) {
    const primary = new FakeInformer<KubernetesObject>();
    const calls: string[] = [];
    const c = new ControllerBuilder({ name: 't', logger: silentLogger() })
      .for(primary)
      .complete({ reconcile: async (k) => (calls.push(keyString(k)), fn(k)) });
    return { primary, c, calls };
  }

  it('requeueAfterMs brings the key back after that delay, without counting a failure', async () => {
    const { primary, c, calls } = built(async () => ({ requeueAfterMs: 5000 }));
    primary.deliver('add', obj('a'));
    const s = new AbortController().signal;
    await c.processNext(s);
    expect(c.queue.numRequeues('ns/a')).toBe(0);
    await vi.advanceTimersByTimeAsync(4999);
    expect(c.queue.len()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await c.processNext(s);
    expect(calls).toEqual(['ns/a', 'ns/a']);
  });

  it.each([
    ['a terminal error is not retried', new TerminalError('bad spec'), 0],
    ['NotFound means done', Object.assign(new Error('gone'), { code: 404 }), 0],
    ['another error is retried rate-limited', new Error('boom'), 1],
  ])('%s', async (_n, err, wantDelayed) => {
    const { primary, c } = built(async () => {
      throw err;
    });
    primary.deliver('add', obj('a'));
    await c.processNext(new AbortController().signal);
    expect(c.queue.pendingDelayed()).toBe(wantDelayed);
    expect(c.queue.numRequeues('ns/a')).toBe(wantDelayed);
  });
});
