import { describe, expect, it } from 'vitest';
import { makePod } from '../testing/builders.js';
import { SchedulingQueue } from './queue.js';

function setup() {
  const clock = { t: 0 };
  const q = new SchedulingQueue({ now: () => clock.t, ignoredAnnotations: ['scheduler.k8ts.io/explain'] });
  return { q, clock };
}
const signal = new AbortController().signal;

async function failOnce(q: SchedulingQueue, plugins: string[] = ['NodeResourcesFit'], error = false) {
  const info = await q.pop(signal);
  q.addUnschedulable(info, q.schedulingCycle, { plugins, error });
  return info;
}

describe('SchedulingQueue', () => {
  it('pops by priority, then FIFO', async () => {
    const { q, clock } = setup();
    q.add(makePod('low1', { priority: 1 }));
    clock.t = 1;
    q.add(makePod('high', { priority: 10 }));
    clock.t = 2;
    q.add(makePod('low2', { priority: 1 }));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop(signal)).key);
    expect(order).toEqual(['default/high', 'default/low1', 'default/low2']);
  });

  it('pop waits for a pod and stops on abort', async () => {
    const { q } = setup();
    const p = q.pop(signal);
    q.add(makePod('a'));
    expect((await p).key).toBe('default/a');
    const ac = new AbortController();
    const waiting = q.pop(ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it.each([
    { attempts: 1, backoff: 1000 },
    { attempts: 2, backoff: 2000 },
    { attempts: 3, backoff: 4000 },
    { attempts: 4, backoff: 8000 },
    { attempts: 5, backoff: 10_000 },
    { attempts: 8, backoff: 10_000 },
  ])('backoff after attempt $attempts is $backoff ms', async ({ attempts, backoff }) => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    for (let i = 0; i < attempts; i++) {
      await failOnce(q, [], true); // errors always go to backoff
      if (i < attempts - 1) {
        clock.t += 60_000;
        q.flushBackoffCompleted();
      }
    }
    expect(q.where('default/a')).toBe('backoff');
    clock.t += backoff - 1;
    q.flushBackoffCompleted();
    expect(q.where('default/a')).toBe('backoff');
    clock.t += 1;
    q.flushBackoffCompleted();
    expect(q.where('default/a')).toBe('active');
  });

  it('unschedulable pods wait for a helpful event', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    await failOnce(q, ['NodeResourcesFit']);
    expect(q.where('default/a')).toBe('unschedulable');
    q.moveAllToActiveOrBackoff('AssignedPodAdd'); // can't help a resource shortage
    expect(q.where('default/a')).toBe('unschedulable');
    q.moveAllToActiveOrBackoff('AssignedPodDelete');
    expect(q.where('default/a')).toBe('backoff'); // still within its 1 s backoff
    clock.t += 1000;
    q.flushBackoffCompleted();
    expect(q.where('default/a')).toBe('active');
  });

  it('an event after the backoff moves straight to active', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    await failOnce(q, ['TaintToleration']);
    clock.t += 5000;
    q.moveAllToActiveOrBackoff('NodeAdd');
    expect(q.where('default/a')).toBe('active');
  });

  it('an event during the attempt sends the failed pod to backoff, not unschedulable', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    const info = await q.pop(signal);
    q.moveAllToActiveOrBackoff('NodeAdd');
    q.addUnschedulable(info, q.schedulingCycle, { plugins: ['NodeResourcesFit'] });
    expect(q.where('default/a')).toBe('backoff');
  });

  it('retries unschedulable pods after 5 minutes', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    await failOnce(q);
    clock.t += 5 * 60_000 - 1;
    q.flushUnschedulableLeftover();
    expect(q.where('default/a')).toBe('unschedulable');
    clock.t += 1;
    q.flushUnschedulableLeftover();
    expect(q.where('default/a')).toBe('active');
  });

  it('a spec change retries an unschedulable pod; our explain annotation does not', async () => {
    const { q, clock } = setup();
    q.add(makePod('a'));
    await failOnce(q);
    clock.t += 2000;
    const annotated = makePod('a');
    annotated.metadata!.annotations = { 'scheduler.k8ts.io/explain': '{}' };
    q.update(annotated);
    expect(q.where('default/a')).toBe('unschedulable');
    q.update(makePod('a', { cpu: '1' }));
    expect(q.where('default/a')).toBe('active');
  });

  it('deleted pods leave every sub-queue, including while in flight', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    const info = await q.pop(signal);
    q.delete(makePod('a'));
    q.addUnschedulable(info, q.schedulingCycle);
    expect(q.where('default/a')).toBeUndefined();
    q.add(makePod('b'));
    q.delete(makePod('b'));
    expect(q.stats()).toEqual({ active: 0, backoff: 0, unschedulable: 0, gated: 0, inFlight: 0 });
  });

  it('gated pods wait until their schedulingGates are removed', () => {
    const { q } = setup();
    q.add(makePod('a', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } }));
    expect(q.where('default/a')).toBe('gated');
    q.update(makePod('a'));
    expect(q.where('default/a')).toBe('active');
  });

  it('done() releases an in-flight pod', async () => {
    const { q } = setup();
    q.add(makePod('a'));
    await q.pop(signal);
    expect(q.where('default/a')).toBe('inFlight');
    q.done('default/a');
    expect(q.where('default/a')).toBeUndefined();
  });
});
