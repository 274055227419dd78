import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { SchedulerCache } from '../cache/cache.js';
import { Framework } from '../framework/framework.js';
import type { Handle } from '../framework/types.js';
import { EXPLAIN_ANNOTATION } from '../explain/compact.js';
import { ExplainStore } from '../explain/store.js';
import { defaultPlugins, newRegistry } from '../plugins/registry.js';
import { PodNominator } from '../queue/nominator.js';
import { SchedulingQueue } from '../queue/queue.js';
import { makeNode, makePod } from '../testing/builders.js';
import { fakeActions, fakeHandle } from '../testing/harness.js';
import type { PodStatusPatch, PodWriter } from './pod-status.js';
import { PodScheduler } from './schedule-pod.js';
import { Scheduler } from './scheduler.js';
import { withServer } from '../testing/http.js';
import { SchedulerMetrics } from '../server/metrics.js';

function setup(nodes: V1Node[], bound: V1Pod[] = [], bind?: (pod: V1Pod, node: string) => Promise<void>, maxInFlightBinds?: number, explainSuccesses?: boolean, metrics?: SchedulerMetrics) {
  const clock = { t: 1_700_000_000_000 };
  const now = () => clock.t;
  const cache = new SchedulerCache({ now });
  for (const n of nodes) cache.addNode(n);
  for (const p of bound) cache.addPod(p);
  const queue = new SchedulingQueue({ now, ignoredAnnotations: [EXPLAIN_ANNOTATION] });
  const nominator = new PodNominator();
  const actions = fakeActions(bind);
  let fw: Framework | undefined;
  const handle: Handle = { ...fakeHandle({ actions, filters: () => fw! }), nominator };
  fw = new Framework({ schedulerName: 'default-scheduler', plugins: defaultPlugins() }, newRegistry(), handle);
  const statusPatches: [string, PodStatusPatch][] = [];
  const annotations: [string, string][] = [];
  const writer: PodWriter = {
    async patchStatus(pod, patch) {
      statusPatches.push([`${pod.metadata!.namespace}/${pod.metadata!.name}`, patch]);
    },
    async setAnnotation(pod, _key, value) {
      annotations.push([`${pod.metadata!.namespace}/${pod.metadata!.name}`, value]);
    },
  };
  const explain = new ExplainStore(100);
  const sched = new Scheduler({
    cache, queue, frameworks: new Map([['default-scheduler', fw]]), algorithm: new PodScheduler({ nominator, random: () => 0 }),
    nominator, actions, writer, explain, logger: silentLogger(), now, maxInFlightBinds, explainSuccesses, metrics,
  });
  return { sched, cache, queue, actions, statusPatches, annotations, explain, clock, nominator };
}

const signal = new AbortController().signal;

describe('Scheduler.scheduleOne', () => {
  it('binds to the least allocated node and reports Scheduled', async () => {
    const s = setup([makeNode('n1'), makeNode('n2')], [makePod('busy', { node: 'n1', cpu: '3' })]);
    s.queue.add(makePod('p', { cpu: '1' }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.actions.bound).toEqual([['default/p', 'n2']]);
    expect(s.actions.events).toEqual([{ pod: 'default/p', type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/p to n2' }]);
    expect(s.queue.where('default/p')).toBeUndefined();
    const [a] = s.explain.forPod('default', 'p');
    expect(a!.result).toBe('Scheduled');
    expect(a!.scores.map((x) => x.node)).toEqual(['n2', 'n1']);
    expect(a!.scores[0]!.plugins).toHaveProperty('NodeResourcesFit');
  });

  it('counts attempts by result and profile, and pending pods per queue, on /metrics', async () => {
    const metrics = new SchedulerMetrics();
    const s = setup([makeNode('n1', { cpu: '1' })], [], undefined, undefined, undefined, metrics);
    metrics.setPendingPods(() => ({ ...s.queue.stats() }));
    await withServer({ explain: s.explain, metrics }, async (url) => {
    const scrape = async (): Promise<string> => (await fetch(`${url}/metrics`)).text();
    expect(await scrape()).toContain('scheduler_pending_pods{queue="active"} 0');
    s.queue.add(makePod('fits', { cpu: '1' }));
    expect(await scrape()).toContain('scheduler_pending_pods{queue="active"} 1');
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    s.queue.add(makePod('big', { cpu: '2' }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    const body = await scrape();
    expect(body).toContain('scheduler_schedule_attempts_total{result="scheduled",profile="default-scheduler"} 1');
    expect(body).toContain('scheduler_schedule_attempts_total{result="unschedulable",profile="default-scheduler"} 1');
    expect(body).toContain('scheduler_scheduling_attempt_duration_seconds_count{result="scheduled",profile="default-scheduler"} 1');
    expect(body).toContain('scheduler_pending_pods{queue="unschedulable"} 1');
    expect(body).toContain('scheduler_pending_pods{queue="active"} 0');
    });
  });

  it('with explainSuccesses off, records failures only', async () => {
    const s = setup([makeNode('n1', { cpu: '1' })], [], undefined, undefined, false);
    s.queue.add(makePod('fits', { cpu: '1' }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    s.queue.add(makePod('big', { cpu: '2' }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.actions.bound).toEqual([['default/fits', 'n1']]);
    expect(s.explain.forPod('default', 'fits')).toEqual([]);
    expect(s.explain.forPod('default', 'big').map((a) => a.result)).toEqual(['Unschedulable']);
  });

  it('run() retries a pod within a tenth of a second of its backoff ending', async () => {
    vi.useFakeTimers();
    try {
      const s = setup([makeNode('small', { cpu: '1' })]);
      s.queue.add(makePod('p', { cpu: '2' }));
      await s.sched.scheduleOne(signal);
      expect(s.queue.where('default/p')).toBe('unschedulable');
      s.cache.addNode(makeNode('big', { cpu: '4' }));
      s.queue.moveAllToActiveOrBackoff('NodeAdd');
      expect(s.queue.where('default/p')).toBe('backoff');
      const ac = new AbortController();
      const loop = s.sched.run(ac.signal);
      s.clock.t += 1001; // the 1 s backoff is over
      await vi.advanceTimersByTimeAsync(150);
      await s.sched.idle();
      expect(s.actions.bound).toEqual([['default/p', 'big']]);
      ac.abort();
      s.queue.close();
      await vi.advanceTimersByTimeAsync(10);
      await loop;
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts the assumed pod before the bind finishes (no double booking)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = setup([makeNode('n1', { cpu: '2' })], [], () => gate);
    s.queue.add(makePod('a', { cpu: '2' }));
    s.queue.add(makePod('b', { cpu: '2' }));
    await s.sched.scheduleOne(signal);
    await s.sched.scheduleOne(signal);
    expect(s.actions.events.map((e) => e.reason)).toEqual(['FailedScheduling']);
    expect(s.actions.events[0]!.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
    release();
    await s.sched.idle();
    expect(s.actions.bound).toEqual([['default/a', 'n1']]);
  });

  it('waits for a bind slot before popping the next pod when maxInFlightBinds binds are outstanding', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = setup([makeNode('n1'), makeNode('n2')], [], () => gate, 1);
    s.queue.add(makePod('a', { cpu: '1' }));
    s.queue.add(makePod('b', { cpu: '1' }));
    await s.sched.scheduleOne(signal);
    const second = s.sched.scheduleOne(signal);
    await new Promise((r) => setTimeout(r, 10));
    expect(s.queue.where('default/b')).toBe('active'); // not popped while a's bind is outstanding
    release();
    await second;
    await s.sched.idle();
    expect(s.actions.bound.map(([p]) => p)).toEqual(['default/a', 'default/b']);
  });

  it('a failed bind forgets the assumption and requeues with backoff', async () => {
    let failures = 1;
    const s = setup([makeNode('n1', { cpu: '2' })], [], async () => {
      if (failures-- > 0) throw new Error('conflict');
    });
    s.queue.add(makePod('a', { cpu: '2' }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.cache.isAssumed('default/a')).toBe(false);
    expect(s.queue.where('default/a')).toBe('backoff');
    expect(s.actions.events.at(-1)).toMatchObject({ reason: 'FailedScheduling', message: 'Binding rejected: conflict' });
    expect(s.explain.forPod('default', 'a').map((x) => x.result)).toEqual(['Scheduled', 'BindError']);
    // the room is free again for the retry
    s.clock.t += 1000;
    s.queue.flushBackoffCompleted();
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.explain.forPod('default', 'a').at(-1)!.result).toBe('Scheduled');
  });

  it('unschedulable: event, PodScheduled=False condition, annotation and unschedulable queue', async () => {
    const s = setup([makeNode('n1'), makeNode('n2', { labels: { zone: 'b' }, cpu: '1' }), makeNode('n3', { labels: { zone: 'b' }, cpu: '1' })]);
    s.queue.add(makePod('p', { cpu: '2', spec: { nodeSelector: { zone: 'b' } } }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    const want =
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. " +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(s.actions.events).toEqual([{ pod: 'default/p', type: 'Warning', reason: 'FailedScheduling', message: want }]);
    expect(s.statusPatches).toHaveLength(1);
    const [, patch] = s.statusPatches[0]!;
    expect(patch.status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: want })]);
    expect(patch.status.nominatedNodeName).toBeUndefined(); // nothing to clear
    const ann = JSON.parse(s.annotations[0]![1]);
    expect(ann.nodes).toEqual({
      n1: "NodeAffinity: node(s) didn't match Pod's node affinity/selector",
      n2: 'NodeResourcesFit: Insufficient cpu',
      n3: 'NodeResourcesFit: Insufficient cpu',
    });
    expect(s.queue.where('default/p')).toBe('unschedulable');
    const [a] = s.explain.forPod('default', 'p');
    expect(a!.filtered).toHaveLength(3);
    expect(a!.postFilter).toMatch(/^preemption: /);
  });

  it('does not rewrite an unchanged condition or annotation on the next identical failure', async () => {
    const s = setup([makeNode('n1', { cpu: '1' })]);
    const pod = makePod('p', { cpu: '2' });
    s.queue.add(pod);
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    // the pod as the API server now has it
    const updated = structuredClone(pod);
    updated.status = { ...updated.status, conditions: s.statusPatches[0]![1].status.conditions };
    updated.metadata!.annotations = { [EXPLAIN_ANNOTATION]: s.annotations[0]![1] };
    s.queue.update(updated);
    s.queue.moveAllToActiveOrBackoff('NodeAdd');
    s.clock.t += 1000;
    s.queue.flushBackoffCompleted();
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.actions.events).toHaveLength(2);
    expect(s.statusPatches).toHaveLength(1);
    expect(s.annotations).toHaveLength(1);
  });

  it('no nodes at all', async () => {
    const s = setup([]);
    s.queue.add(makePod('p'));
    await s.sched.scheduleOne(signal);
    expect(s.actions.events[0]!.message).toBe('no nodes available to schedule pods');
  });

  it('preempts a lower-priority pod, nominates the node, then schedules there once it is gone', async () => {
    const victim = makePod('victim', { node: 'n1', cpu: '2', priority: 0 });
    const s = setup([makeNode('n1', { cpu: '2' })], [victim]);
    s.queue.add(makePod('vip', { cpu: '2', priority: 1000 }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.actions.deleted).toEqual(['default/victim']);
    expect(s.actions.events.map((e) => e.reason)).toEqual(['Preempted', 'FailedScheduling']);
    expect(s.actions.events[1]!.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    expect(s.statusPatches[0]![1].status.nominatedNodeName).toBe('n1');
    expect(s.nominator.nominatedPodsForNode('n1').map((p) => p.metadata!.name)).toEqual(['vip']);
    // a lower-priority newcomer may not take the room made for vip (vip is still backing off)
    s.cache.removePod(victim);
    s.queue.add(makePod('small', { cpu: '1', priority: 0 }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.actions.bound).toEqual([]);
    expect(s.explain.forPod('default', 'small')[0]!.filtered).toEqual([expect.objectContaining({ node: 'n1', reasons: ['Insufficient cpu'] })]);
    s.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
    s.clock.t += 1000;
    s.queue.flushBackoffCompleted();
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.actions.bound).toEqual([['default/vip', 'n1']]);
  });

  it('pods for another scheduler are ignored', async () => {
    const s = setup([makeNode('n1')]);
    s.queue.add(makePod('p', { spec: { schedulerName: 'other' } }));
    await s.sched.scheduleOne(signal);
    await s.sched.idle();
    expect(s.actions.bound).toEqual([]);
    expect(s.actions.events).toEqual([]);
  });

  it('breaks score ties at random', () => {
    const algo = new PodScheduler({ random: () => 0.99 });
    expect(algo.selectHost([{ node: 'a', total: 5, plugins: {} }, { node: 'b', total: 5, plugins: {} }, { node: 'c', total: 1, plugins: {} }])).toBe('a');
    const algo2 = new PodScheduler({ random: () => 0 });
    expect(algo2.selectHost([{ node: 'a', total: 5, plugins: {} }, { node: 'b', total: 5, plugins: {} }])).toBe('b');
  });
});
