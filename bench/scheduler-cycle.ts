// bench/scheduler-cycle: the scheduler's own work with the API taken out. N synthetic nodes and M
// pending pods are fed to the real queue, cache, framework and plugins through the informer event
// handlers; binds and events complete instantly and each bound pod comes back as an informer update
// would. Prints pods/s with and without recording explanations of successful attempts, interleaved
// runs, so the cost of leaving explanations on is measured (issue #4: at most 10% of throughput).
// The end-to-end figure through the API server is bench/scheduler.
//   npm run build && node dist/bench/scheduler-cycle.js [--nodes 5000] [--pods 10000] [--rounds 2]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { silentLogger } from '../apimachinery/log.js';
import { assemble, resolveConfig } from '../scheduler/index.js';
import { makeNode, makePod } from '../scheduler/testing/index.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '5000' }, pods: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '2' } } });
const N = Number(values.nodes);
const M = Number(values.pods);
const ROUNDS = Number(values.rounds);

function offlineKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'none', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'none' }],
    contexts: [{ name: 'none', cluster: 'none', user: 'none' }],
    currentContext: 'none',
  });
  return kc;
}

interface Run {
  podsPerSec: number;
  /** Pods per second of this process's CPU time: steadier than wall time on a shared machine. */
  podsPerCpuSec: number;
  recorded: number;
}

async function runOnce(explainSuccesses: boolean): Promise<Run> {
  const parts = assemble(resolveConfig(undefined, 'default-scheduler'), offlineKubeConfig(), 'bench', silentLogger(), { explainSuccesses, maxInFlightBinds: 64 });
  for (let i = 0; i < N; i++) {
    parts.handlers.onNode(makeNode(`n-${i}`, { cpu: '32', memory: '128Gi', pods: '250', labels: { 'topology.kubernetes.io/zone': `z-${i % 3}` } }));
  }
  let bound = 0;
  let allBound!: () => void;
  const done = new Promise<void>((r) => (allBound = r));
  parts.actions.event = () => undefined;
  parts.actions.bind = async (pod: V1Pod, node: string) => {
    // The informer's update for the bound pod, as the API server's watch would deliver it.
    queueMicrotask(() => parts.handlers.onPod({ ...pod, spec: { ...pod.spec!, nodeName: node } }));
    if (++bound === M) allBound();
  };
  for (let i = 0; i < M; i++) parts.handlers.onPod(makePod(`p-${i}`, { cpu: '100m', memory: '100Mi', labels: { app: 'bench' } }));
  const ac = new AbortController();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const loop = parts.scheduler.run(ac.signal);
  await done;
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  ac.abort();
  parts.queue.close();
  await loop;
  return { podsPerSec: M / seconds, podsPerCpuSec: M / cpuSeconds, recorded: parts.explain.size() };
}

async function main(): Promise<void> {
  const on: Run[] = [];
  const off: Run[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = await runOnce(true);
    const b = await runOnce(false);
    on.push(a);
    off.push(b);
    console.log(`round ${r + 1}: explanations on ${Math.round(a.podsPerSec)} pods/s (${Math.round(a.podsPerCpuSec)} per CPU-s, ${a.recorded} kept), off ${Math.round(b.podsPerSec)} pods/s (${Math.round(b.podsPerCpuSec)} per CPU-s, ${b.recorded} kept)`);
  }
  const best = (xs: Run[], f: (r: Run) => number): number => Math.max(...xs.map(f));
  const wall = (r: Run): number => r.podsPerSec;
  const cpu = (r: Run): number => r.podsPerCpuSec;
  console.log(`\nscheduler without the API: ${N} nodes, ${M} pods (best of ${ROUNDS}; wall-clock pods/s, and pods per CPU-second of the scheduler)`);
  console.log(`  explanations on   ${Math.round(best(on, wall))} pods/s   ${Math.round(best(on, cpu))} pods/CPU-s`);
  console.log(`  explanations off  ${Math.round(best(off, wall))} pods/s   ${Math.round(best(off, cpu))} pods/CPU-s`);
  console.log(`  cost of explanations: ${((1 - best(on, cpu) / best(off, cpu)) * 100).toFixed(1)}% of CPU throughput (goal ≤ 10%); goal for the whole path: ≥ 1000 pods/s at 5000 nodes`);
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
