import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { silentLogger } from '../log.js';
import { Recorder, objectReference, type EventSink } from './events.js';
import type { Clock } from './clock.js';

class MemSink implements EventSink {
  readonly events = new Map<string, CoreV1Event>();
  creates = 0;
  patches = 0;
  async create(ns: string, ev: CoreV1Event): Promise<CoreV1Event> {
    this.creates++;
    this.events.set(`${ns}/${ev.metadata.name}`, structuredClone(ev));
    return ev;
  }
  async patch(ns: string, name: string, p: { count: number; lastTimestamp: string }): Promise<CoreV1Event> {
    this.patches++;
    const ev = this.events.get(`${ns}/${name}`);
    if (!ev) throw new ApiError('NotFound', 'gone');
    ev.count = p.count;
    ev.lastTimestamp = new Date(p.lastTimestamp);
    return ev;
  }
}

function setup() {
  const clock = { t: Date.parse('2025-01-01T00:00:00Z'), now: () => clock.t, setTimeout, clearTimeout } as Clock & { t: number };
  const sink = new MemSink();
  const rec = new Recorder({ component: 'deployment-controller', sink, logger: silentLogger(), clock });
  const ref = objectReference({ metadata: { name: 'web', namespace: 'default', uid: 'u1' } }, 'apps/v1', 'Deployment');
  return { clock, sink, rec, ref };
}

describe('Recorder', () => {
  it('writes a full core/v1 Event', async () => {
    const { sink, rec, ref } = setup();
    rec.event(ref, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-abc to 3 from 0');
    await rec.flush();
    const [ev] = [...sink.events.values()];
    expect(ev).toMatchObject({
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'u1', apiVersion: 'apps/v1' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-abc to 3 from 0',
      type: 'Normal',
      source: { component: 'deployment-controller' },
      count: 1,
    });
    expect(ev!.metadata.namespace).toBe('default');
    expect(ev!.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    expect(ev!.firstTimestamp).toEqual(new Date('2025-01-01T00:00:00Z'));
  });

  it('aggregates repeats by incrementing count and moving lastTimestamp', async () => {
    const { sink, rec, ref, clock } = setup();
    rec.event(ref, 'Warning', 'FailedCreate', 'quota');
    clock.t += 5000;
    rec.event(ref, 'Warning', 'FailedCreate', 'quota');
    rec.event(ref, 'Warning', 'FailedCreate', 'quota');
    rec.event(ref, 'Warning', 'FailedCreate', 'other message');
    await rec.flush();
    expect(sink.creates).toBe(2);
    expect(sink.patches).toBe(2);
    const quota = [...sink.events.values()].find((e) => e.message === 'quota')!;
    expect(quota.count).toBe(3);
    expect(quota.lastTimestamp).toEqual(new Date('2025-01-01T00:00:05Z'));
    expect(quota.firstTimestamp).toEqual(new Date('2025-01-01T00:00:00Z'));
  });

  it('creates a new event when the aggregated one has expired', async () => {
    const { sink, rec, ref } = setup();
    rec.event(ref, 'Normal', 'R', 'm');
    await rec.flush();
    sink.events.clear();
    rec.event(ref, 'Normal', 'R', 'm');
    await rec.flush();
    expect(sink.creates).toBe(2);
    expect([...sink.events.values()][0]!.count).toBe(1);
  });

  it('puts events of cluster-scoped objects in default', async () => {
    const { sink, rec } = setup();
    rec.event(objectReference({ metadata: { name: 'node1', uid: 'n' } }, 'v1', 'Node'), 'Normal', 'NodeNotReady', 'x');
    await rec.flush();
    expect([...sink.events.keys()][0]).toMatch(/^default\/node1\./);
  });

  it('never throws when the sink fails', async () => {
    const rec = new Recorder({
      component: 'c',
      logger: silentLogger(),
      sink: { create: async () => Promise.reject(new Error('down')), patch: async () => Promise.reject(new Error('down')) },
    });
    rec.event({ name: 'x', kind: 'Pod' }, 'Normal', 'R', 'm');
    await expect(rec.flush()).resolves.toBeUndefined();
  });

  it('drops events for one object past a burst of 25 and lets one through per 5 minutes (spam filter)', async () => {
    const { clock, sink, rec, ref } = setup();
    const other = objectReference({ metadata: { name: 'db', namespace: 'default', uid: 'u2' } }, 'apps/v1', 'Deployment');
    for (let i = 0; i < 40; i++) rec.event(ref, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`);
    rec.event(other, 'Normal', 'SuccessfulCreate', 'Created pod: db-0');
    await rec.flush();
    expect(sink.creates).toBe(26);
    clock.t += 299_000;
    rec.event(ref, 'Normal', 'SuccessfulCreate', 'Created pod: web-late');
    clock.t += 2_000;
    rec.event(ref, 'Normal', 'SuccessfulCreate', 'Created pod: web-refilled');
    rec.event(ref, 'Normal', 'SuccessfulCreate', 'Created pod: web-again');
    await rec.flush();
    const messages = [...sink.events.values()].map((e) => e.message);
    expect(messages).toContain('Created pod: web-refilled');
    expect(messages).not.toContain('Created pod: web-late');
    expect(messages).not.toContain('Created pod: web-again');
    expect(messages).not.toContain('Created pod: web-25');
    expect(messages).toContain('Created pod: web-24');
  });
});
