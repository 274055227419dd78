import { describe, expect, it } from 'vitest';
import { SchedulerCache } from '../cache/cache.js';
import { Snapshot } from '../cache/snapshot.js';
import { PodNominator } from '../queue/nominator.js';
import { SchedulingQueue } from '../queue/queue.js';
import { makeNode, makePod } from '../testing/builders.js';
import { EventHandlers } from './handlers.js';

function setup() {
  const cache = new SchedulerCache();
  const queue = new SchedulingQueue({ now: () => 0 });
  const nominator = new PodNominator();
  const h = new EventHandlers({ cache, queue, nominator, isOurs: (p) => (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' });
  const snap = () => {
    const s = new Snapshot();
    cache.updateSnapshot(s);
    return s;
  };
  return { cache, queue, nominator, h, snap };
}

describe('EventHandlers', () => {
  it('queues our pending pods only', () => {
    const { h, queue } = setup();
    h.onPod(makePod('mine'));
    h.onPod(makePod('theirs', { spec: { schedulerName: 'other' } }));
    expect(queue.where('default/mine')).toBe('active');
    expect(queue.where('default/theirs')).toBeUndefined();
  });

  it('a bound pod leaves the queue and enters the cache; deleting it frees the node', () => {
    const { h, queue, snap } = setup();
    h.onNode(makeNode('n1'));
    h.onPod(makePod('p', { cpu: '1' }));
    h.onPod(makePod('p', { cpu: '1', node: 'n1' }));
    expect(queue.where('default/p')).toBeUndefined();
    expect(snap().get('n1')!.requested.cpu).toBe(1000);
    h.onPodDelete(makePod('p', { cpu: '1', node: 'n1' }));
    expect(snap().get('n1')!.pods).toHaveLength(0);
  });

  it('finished pods release their resources', () => {
    const { h, snap } = setup();
    h.onNode(makeNode('n1'));
    h.onPod(makePod('job', { cpu: '1', node: 'n1' }));
    const done = makePod('job', { cpu: '1', node: 'n1' });
    done.status = { phase: 'Succeeded' };
    h.onPod(done);
    expect(snap().get('n1')!.pods).toHaveLength(0);
  });

  it('node heartbeats do not retry unschedulable pods; label changes do', async () => {
    const { h, queue } = setup();
    h.onNode(makeNode('n1'));
    h.onPod(makePod('p'));
    const info = await queue.pop(new AbortController().signal);
    queue.addUnschedulable(info, queue.schedulingCycle, { plugins: ['NodeAffinity'] });
    const hb = makeNode('n1');
    hb.status!.conditions = [{ type: 'Ready', status: 'True', lastHeartbeatTime: new Date() }];
    h.onNode(hb);
    expect(queue.where('default/p')).toBe('unschedulable');
    h.onNode(makeNode('n1', { labels: { zone: 'a' } }));
    expect(queue.where('default/p')).not.toBe('unschedulable');
  });

  it('tracks nominations and namespace labels', () => {
    const { h, nominator } = setup();
    const p = makePod('p');
    p.status = { nominatedNodeName: 'n1' };
    h.onPod(p);
    expect(nominator.nominatedPodsForNode('n1')).toHaveLength(1);
    h.onPodDelete(p);
    expect(nominator.nominatedPodsForNode('n1')).toHaveLength(0);
    h.onNamespace({ metadata: { name: 'team', labels: { a: 'b' } } });
    expect(h.labels('team')).toEqual({ a: 'b' });
  });
});
