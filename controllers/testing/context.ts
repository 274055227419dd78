// Test wiring: a ControllerContext over a FakeCluster with one FakeRecorder, and `settle()` to run
// controllers' queued keys until nothing is left (no timers involved).
import { FakeRecorder, type Controller } from '../../apimachinery/controller/index.js';
import { silentLogger } from '../../apimachinery/log.js';
import type { ControllerContext } from '../runtime/index.js';
import { FakeCluster } from './cluster.js';

export interface TestContext {
  cluster: FakeCluster;
  recorder: FakeRecorder;
  ctx: ControllerContext;
}

export function testContext(cluster = new FakeCluster()): TestContext {
  const recorder = new FakeRecorder();
  return {
    cluster,
    recorder,
    ctx: { informers: cluster, clients: cluster.clients, recorder: () => recorder, logger: silentLogger(), clock: cluster.clock },
  };
}

/** Processes queued keys of all controllers until every queue is empty (bounded). */
export async function settle(controllers: Controller[], maxSteps = 1000, onStep?: () => void): Promise<number> {
  const signal = new AbortController().signal;
  let steps = 0;
  for (;;) {
    const ready = controllers.filter((c) => c.queue.len() > 0);
    if (ready.length === 0) return steps;
    for (const c of ready) {
      await c.processNext(signal);
      onStep?.();
      if (++steps > maxSteps) throw new Error(`did not settle within ${maxSteps} steps`);
    }
  }
}
