import type { V1Container, V1Probe } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { FakeRuntime } from '../runtime/fake/index.js';
import { ProbeManager } from './manager.js';
import type { ProbeOutcome } from './prober.js';

describe('ProbeManager', () => {
  let outcomes: boolean[];
  let calls: string[];
  let changes: number;
  let pm: ProbeManager;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    outcomes = [];
    calls = [];
    changes = 0;
    pm = new ProbeManager({
      runtime: new FakeRuntime({ podCIDR: '10.0.0.0/24' }), log: silentLogger(), onChange: () => changes++, now: () => Date.now(),
      run: async (p: V1Probe): Promise<ProbeOutcome> => {
        calls.push(p === container.startupProbe ? 'startup' : p === container.readinessProbe ? 'readiness' : 'liveness');
        return { ok: outcomes.shift() ?? true, output: '' };
      },
    });
  });
  afterEach(() => { pm.stopAll(); vi.useRealTimers(); });

  let container: V1Container;
  const add = (c: V1Container): void => {
    container = c;
    pm.add({ podUid: 'u', containerId: 'c1', container: c, startedAt: 0, podIP: '10.0.0.2' });
  };

  it('waits initialDelaySeconds, then turns ready after successThreshold successes', async () => {
    add({ name: 'a', readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 5, periodSeconds: 2, successThreshold: 2 } });
    expect(pm.state('c1', container)).toEqual({ ready: false, started: true });
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['readiness']);
    expect(pm.state('c1', container).ready).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(pm.state('c1', container).ready).toBe(true);
    expect(changes).toBe(1);
  });

  it('fails liveness only after failureThreshold consecutive failures', async () => {
    add({ name: 'a', livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 1, failureThreshold: 3 } });
    outcomes = [false, false, true, false, false, false];
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(4000);
    expect(pm.failure('c1', container)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1000);
    expect(pm.failure('c1', container)).toBe('Container a failed liveness probe, will be restarted');
  });

  it('holds readiness and liveness until the startup probe succeeds, then stops probing startup', async () => {
    add({ name: 'a', startupProbe: { exec: { command: ['x'] }, periodSeconds: 1, failureThreshold: 10 },
      readinessProbe: { exec: { command: ['y'] }, periodSeconds: 1 } });
    outcomes = [false, true];
    await vi.advanceTimersByTimeAsync(0);
    expect(pm.state('c1', container)).toEqual({ ready: false, started: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(pm.state('c1', container).started).toBe(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls.filter((c) => c === 'startup')).toHaveLength(2);
    expect(calls.filter((c) => c === 'readiness').length).toBeGreaterThanOrEqual(1);
    expect(pm.state('c1', container)).toEqual({ ready: true, started: true });
  });

  it('reports a startup probe that used up its failureThreshold', async () => {
    add({ name: 'a', startupProbe: { exec: { command: ['x'] }, periodSeconds: 1, failureThreshold: 2 } });
    outcomes = [false, false];
    await vi.advanceTimersByTimeAsync(1000);
    expect(pm.failure('c1', container)).toBe('Container a failed startup probe, will be restarted');
  });

  it('stops workers of containers that are gone', async () => {
    add({ name: 'a', readinessProbe: { exec: { command: ['y'] }, periodSeconds: 1 } });
    await vi.advanceTimersByTimeAsync(0);
    pm.retain('u', new Set());
    const n = calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.length).toBe(n);
  });
});
