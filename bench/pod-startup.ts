// bench/pod-startup: N pods created at once on one runc node (API server, kubelet on runc + conmon
// + CNI, image from a loopback registry) → per-pod time from create to Running as seen by a watch,
// p50 and p99, printed beside bare `runc run -d` of the same image on the same machine in the same
// run, and where the time goes per pod: the wall time of each step (sandbox: /dev/shm, netns, CNI
// ADD, pod files, conmon + runc create, runc start; container: overlay rootfs, spec, conmon + runc
// create; pod: the whole sync, the status write), p50/p99 over the pods, from the kubelet's debug
// logs. Needs root, runc, conmon, the CNI plugins, etcd and the registry tools.
//   node dist/bench/pod-startup.js [--pods 30] [--log-level debug]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreV1Api, Watch, type V1Pod } from '@kubernetes/client-node';
import pino from 'pino';
import { newLogger } from '../apimachinery/log.js';
import { ImageManager, RuncRuntime, run, runcVersion } from '../kubelet/index.js';
import { startEnvtest } from '../test/envtest.js';
import { startTestRegistry } from '../test/images.js';
import { testOptions } from '../test/kubelet/helpers.js';
import { pct } from './common.js';

const { values } = parseArgs({ options: { pods: { type: 'string', default: '30' }, baseline: { type: 'string', default: '11' }, 'log-level': { type: 'string' } } });
const N = Number(values.pods);


/** Bare runc: a busybox rootfs, `runc run -d` of `sleep`, timed to return; deleted after each. */
function runcBaseline(dir: string, n: number): number[] {
  const bundle = join(dir, 'bundle');
  mkdirSync(join(bundle, 'rootfs', 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(bundle, 'rootfs', 'bin', 'busybox'));
  execFileSync('runc', ['spec', '--bundle', bundle]);
  const spec = JSON.parse(execFileSync('cat', [join(bundle, 'config.json')]).toString()) as { process: { args: string[]; terminal: boolean } };
  spec.process.args = ['/bin/busybox', 'sleep', '3600'];
  spec.process.terminal = false;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = `k8ts-bench-${process.pid}-${i}`;
    const t = performance.now();
    execFileSync('runc', ['run', '-d', '--bundle', bundle, id], { stdio: 'ignore' });
    times.push(performance.now() - t);
    execFileSync('runc', ['delete', '-f', id], { stdio: 'ignore' });
  }
  return times;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/pod-startup needs root (runc)');
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-pods-'));
  const reg = await startTestRegistry();
  // The API server runs as its own process, as in a cluster: its CPU is not the kubelet's event loop.
  const api = await startEnvtest({ process: true });
  const ac = new AbortController();
  const bridge = `k8tb${process.pid % 10000}`;
  const steps = new Map<string, number[]>();
  const echo = values['log-level'] ? newLogger({ component: 'kubelet', level: values['log-level'], destination: 2 }) : undefined;
  const kinds: Record<string, string> = { 'sandbox running': 'sandbox', 'container created': 'container', 'pod synced; status written': 'pod' };
  const log = pino({ level: 'debug' }, { write(line: string): void {
    if (echo) process.stderr.write(line);
    const j = JSON.parse(line) as { msg?: string; ms?: Record<string, number>; phase?: string };
    const kind = kinds[j.msg ?? ''];
    if (!kind || !j.ms || (kind === 'pod' && j.phase !== 'Running')) return;
    for (const [k, v] of Object.entries(j.ms)) steps.set(`${kind} ${k}`, [...(steps.get(`${kind} ${k}`) ?? []), v]);
  } });
  const images = new ImageManager({ root: join(dir, 'images'), log });
  await images.init();
  const podCIDR = '10.244.250.0/24';
  const rt = await RuncRuntime.create({ root: join(dir, 'runtime'), log, images, network: { podCIDR, bridge, networkName: `k8tb-${process.pid}` } });
  const k = await run(testOptions({ nodeName: 'bench-1', rootDir: dir, runtime: 'runc', podCIDR, plegPeriodMs: 200 }), ac.signal,
    { log, kubeConfig: api.kubeConfig(), runtime: { name: 'runc', runtime: rt, images, version: `runc://${await runcVersion()}` } });
  try {
    const core = api.kubeConfig().makeApiClient(CoreV1Api);
    // Pull once so the figures are about starting pods, not the first download.
    await images.pullImage({ image: reg.image });
    const created = new Map<string, number>();
    const running = new Map<string, number>();
    const watch = await new Watch(api.kubeConfig()).watch('/api/v1/namespaces/default/pods', {}, (type: string, p: V1Pod) => {
      const name = p.metadata?.name ?? '';
      if (p.status?.phase === 'Running' && !running.has(name)) running.set(name, performance.now());
    }, () => undefined);
    await Promise.all(Array.from({ length: N }, async (_, i) => {
      const name = `bench-${i}`;
      created.set(name, performance.now());
      await core.createNamespacedPod({ namespace: 'default', body: {
        metadata: { name }, spec: { nodeName: 'bench-1', terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: reg.image, command: ['sleep', '3600'] }] } } });
    }));
    const deadline = Date.now() + 120_000;
    while (running.size < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    watch.abort();
    const lat = [...created].filter(([n]) => running.has(n)).map(([n, t]) => running.get(n)! - t);
    const bare = runcBaseline(dir, Number(values.baseline));
    console.log(`bench/pod-startup: ${N} pods created at once on one runc node (2-core machine)`);
    console.log(`${'metric'.padEnd(36)} ${'k8ts pods'.padStart(12)} ${'bare runc run -d'.padStart(18)}`);
    console.log(`${'p50 (ms)'.padEnd(36)} ${pct(lat, 50).toFixed(0).padStart(12)} ${pct(bare, 50).toFixed(0).padStart(18)}`);
    console.log(`${'p99 (ms)'.padEnd(36)} ${pct(lat, 99).toFixed(0).padStart(12)} ${pct(bare, 99).toFixed(0).padStart(18)}`);
    console.log(`${'running / created'.padEnd(36)} ${`${running.size}/${N}`.padStart(12)}`);
    console.log('\nwhere the time goes (wall ms per pod, all pods at once)');
    console.log(`${'step'.padEnd(36)} ${'p50'.padStart(12)} ${'p99'.padStart(18)}`);
    for (const [k, xs] of steps) console.log(`${k.padEnd(36)} ${pct(xs, 50).toFixed(0).padStart(12)} ${pct(xs, 99).toFixed(0).padStart(18)}`);
    for (let i = 0; i < N; i++) await core.deleteNamespacedPod({ name: `bench-${i}`, namespace: 'default', gracePeriodSeconds: 0 }).catch(() => undefined);
  } finally {
    ac.abort();
    await k.done;
    for (const s of await rt.listPodSandbox()) await rt.removePodSandbox(s.id).catch(() => undefined);
    await api.stop();
    await reg.stop();
    if (existsSync(`/sys/class/net/${bridge}`)) execFileSync('ip', ['link', 'delete', bridge]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
