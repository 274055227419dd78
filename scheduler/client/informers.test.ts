import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeListWatches, type ListWatchSource } from '../../apimachinery/controller/index.js';
import { silentLogger } from '../../apimachinery/log.js';
import { SchedulerCache } from '../cache/cache.js';
import { PodNominator } from '../queue/nominator.js';
import { SchedulingQueue } from '../queue/queue.js';
import { makeNode, makePod } from '../testing/builders.js';
import { EventHandlers } from './handlers.js';
import { SchedulerInformers } from './informers.js';

function setup(items: (src: ListWatchSource<KubernetesObject>) => KubernetesObject[] | Promise<KubernetesObject[]> = () => []) {
  const cache = new SchedulerCache();
  const queue = new SchedulingQueue({ now: () => 0 });
  const handlers = new EventHandlers({ cache, queue, nominator: new PodNominator(), isOurs: () => true });
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: 'http://127.0.0.1:1' }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  const { make, made } = fakeListWatches(items);
  const informers = new SchedulerInformers(kc, handlers, silentLogger(), { makeListWatch: make, minBackoffMs: 500, maxBackoffMs: 4000 });
  const byPath = (path: string, fieldSelector?: string) => made.find((m) => m.src.path === path && m.src.fieldSelector === fieldSelector)!;
  return { cache, queue, informers, made, byPath };
}

describe('SchedulerInformers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts nodes, scheduled pods, pending pods and namespaces in that order, each once the one before synced', async () => {
    // Each list waits until the test releases it: record the order they are asked for in.
    const listed: string[] = [];
    const releases: Array<() => void> = [];
    const { informers } = setup(async (src) => {
      listed.push(`${src.path}${src.fieldSelector ? `?${src.fieldSelector}` : ''}`);
      await new Promise<void>((r) => releases.push(r));
      return [];
    });
    const ac = new AbortController();
    const started = informers.start(ac.signal);
    const want = ['/api/v1/nodes', '/api/v1/pods?spec.nodeName!=', '/api/v1/pods?spec.nodeName=', '/api/v1/namespaces'];
    for (let i = 0; i < want.length; i++) {
      await vi.advanceTimersByTimeAsync(0);
      expect(listed).toEqual(want.slice(0, i + 1));
      expect(informers.synced()).toBe(false);
      releases[i]!();
    }
    expect(await started).toBe(true);
    expect(informers.synced()).toBe(true);
    ac.abort();
    await informers.stop();
  });

  it('routes events to the handlers and restarts a failed watch with backoff instead of a fixed delay', async () => {
    const { informers, byPath, cache, queue } = setup();
    const ac = new AbortController();
    expect(await informers.start(ac.signal)).toBe(true);
    expect(informers.synced()).toBe(true);
    const nodes = byPath('/api/v1/nodes');
    const pending = byPath('/api/v1/pods', 'spec.nodeName=');
    nodes.emit('add', makeNode('n1') as KubernetesObject);
    pending.emit('add', makePod('p') as KubernetesObject);
    expect(cache.nodeCount).toBe(1);
    expect(queue.where('default/p')).toBe('active');

    pending.next = new Error('connection refused');
    pending.emit('error', new Error('watch closed'));
    await vi.advanceTimersByTimeAsync(499);
    expect(pending.starts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pending.starts).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(pending.starts).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(pending.starts).toBe(3);
    await informers.stop();
    expect(pending.stops).toBe(1);
  });
});
