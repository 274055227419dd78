// bench/controllers: the controller-manager at scale. Against one etcd + API server process, first
// the API server's raw pod create rate (the same client-node client, pods created straight through
// the API), then — with 100 hollow nodes, the scheduler and the controller-manager as their own
// processes — the time for a 1000-replica Deployment to become Available and for a rolling update
// of it to complete.
//   npm run build && node dist/bench/controllers.js [--replicas 1000] [--nodes 100] [--raw 1000]
//     [--cm-log-level debug] [--cm-cpu-prof DIR]   (the controller-manager's log goes to ./controllers.log)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppsV1Api, CoreV1Api, type V1Deployment } from '@kubernetes/client-node';
import { entry } from '../cluster/index.js';
import { startEnvtest, type TestApiServer } from '../test/envtest.js';
import { pool } from './common.js';

const { values } = parseArgs({ options: { replicas: { type: 'string', default: '1000' }, nodes: { type: 'string', default: '100' }, raw: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '32' }, 'cm-log-level': { type: 'string', default: 'warn' }, 'cm-cpu-prof': { type: 'string' } } });
const REPLICAS = Number(values.replicas);
const NODES = Number(values.nodes);
const RAW = Number(values.raw);
const C = Number(values.concurrency);

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function until(what: string, f: () => Promise<boolean>, ms: number, stepMs = 250): Promise<number> {
  const start = performance.now();
  while (!(await f().catch(() => false))) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return (performance.now() - start) / 1000;
}

function component(name: string, args: string[], stdoutFile?: string, nodeArgs: string[] = []): ChildProcess {
  const p = spawn(process.execPath, [...nodeArgs, entry(name), ...args], { stdio: ['ignore', stdoutFile ? openSync(stdoutFile, 'w') : 'ignore', 'inherit'] });
  p.once('exit', (code, sig) => {
    if (code !== 0 && sig !== 'SIGTERM' && sig !== 'SIGKILL') out(`${name} exited: code ${code} signal ${sig}`);
  });
  return p;
}

const container = { name: 'app', image: 'nginx:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } };

async function main(): Promise<void> {
  const env: TestApiServer = await startEnvtest({ process: true });
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-cm-'));
  try {
    const kc = env.kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    for (const name of ['default', 'kube-system', 'kube-node-lease', 'raw']) await core.createNamespace({ body: { metadata: { name } } }).catch(() => undefined);

    // 1. Raw create rate: pods straight through the API (bound to a node that does not exist, so
    //    nothing acts on them), then removed before the components start.
    let failures = 0;
    const rawS = await pool(RAW, C, async (i) => {
      await core.createNamespacedPod({ namespace: 'raw', body: { metadata: { name: `raw-${i}`, labels: { app: 'raw' } }, spec: { nodeName: 'nowhere', containers: [container] } } })
        .catch(() => failures++);
    });
    out(`raw pod creates: ${RAW} in ${rawS.toFixed(2)} s = ${(RAW / rawS).toFixed(0)}/s (concurrency ${C}, ${failures} failures)`);
    await core.deleteCollectionNamespacedPod({ namespace: 'raw', gracePeriodSeconds: 0 });

    // 2. Components as processes: hollow nodes, scheduler, controller-manager.
    const kubeconfig = ['--kubeconfig', env.kubeconfigPath];
    children.push(component('kubelet', [...kubeconfig, '--runtime', 'fake', '--hollow-nodes', String(NODES), '--node-name', 'bench', '--root-dir', dir, '--node-ip', '127.0.0.1', '--log-level', 'warn']));
    const nodesS = await until(`${NODES} Ready nodes`, async () => (await core.listNode()).items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === NODES, 120_000);
    out(`${NODES} hollow nodes Ready after ${nodesS.toFixed(1)} s`);
    children.push(component('scheduler', [...kubeconfig, '--leader-elect=false', '--secure-port', '0', '--log-level', 'warn']));
    children.push(component('controllers', [...kubeconfig, '--leader-elect=false', '--log-level', values['cm-log-level']!], 'controllers.log',
      values['cm-cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cm-cpu-prof']] : []));

    // 3. A 1000-replica Deployment until Available with every replica available.
    const labels = { app: 'big' };
    const body: V1Deployment = {
      metadata: { name: 'big' },
      spec: { replicas: REPLICAS, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container], terminationGracePeriodSeconds: 0 } } },
    };
    await apps.createNamespacedDeployment({ namespace: 'default', body });
    // Milestones from the Deployment's own status (cheap reads, unlike listing 1000 pods).
    let t0 = performance.now();
    let milestones: { pods?: number; ready?: number } = {};
    const complete = async (): Promise<boolean> => {
      const d = await apps.readNamespacedDeployment({ name: 'big', namespace: 'default' });
      const s = d.status ?? {};
      const t = (performance.now() - t0) / 1000;
      if (s.observedGeneration !== d.metadata?.generation) return false;
      if (milestones.pods === undefined && (s.updatedReplicas ?? 0) >= REPLICAS) milestones.pods = t;
      if (milestones.ready === undefined && (s.updatedReplicas ?? 0) >= REPLICAS && (s.readyReplicas ?? 0) >= REPLICAS) milestones.ready = t;
      return s.observedGeneration === d.metadata?.generation && s.replicas === REPLICAS && s.updatedReplicas === REPLICAS && s.availableReplicas === REPLICAS &&
        s.conditions?.some((c) => c.type === 'Available' && c.status === 'True') === true;
    };
    const createS = await until('the Deployment Available', complete, 600_000);
    out(`${REPLICAS}-replica Deployment on ${NODES} hollow nodes Available after ${createS.toFixed(1)} s (${(REPLICAS / createS).toFixed(0)} pods/s)`);
    out(`  status: ${REPLICAS} pods counted after ${milestones.pods?.toFixed(1)} s, ${REPLICAS} ready after ${milestones.ready?.toFixed(1)} s`);

    // 4. A rolling update (default 25% surge / 25% unavailable) to a new image.
    t0 = performance.now();
    milestones = {};
    await apps.patchNamespacedDeployment({ name: 'big', namespace: 'default', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:2.0' }] });
    const rollS = await until('the rolling update', complete, 600_000);
    out(`rolling update of ${REPLICAS} replicas complete after ${rollS.toFixed(1)} s (${(REPLICAS / rollS).toFixed(0)} pods replaced/s)`);
    out(`  status: ${REPLICAS} new pods counted after ${milestones.pods?.toFixed(1)} s, ready after ${milestones.ready?.toFixed(1)} s`);
    const pods = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=big' })).items.filter((p) => !p.metadata?.deletionTimestamp);
    out(`live pods after the update: ${pods.length}, all nginx:2.0: ${pods.every((p) => p.spec?.containers[0]?.image === 'nginx:2.0')}`);
    // Who else was writing to the API server: Events by component (each one or more writes).
    const events = (await core.listNamespacedEvent({ namespace: 'default' })).items;
    const by = new Map<string, number>();
    for (const e of events) by.set(e.source?.component ?? e.reportingComponent ?? '?', (by.get(e.source?.component ?? e.reportingComponent ?? '?') ?? 0) + (e.count ?? 1));
    out(`events recorded in default (by component, counting repeats): ${[...by].map(([k, v]) => `${k}=${v}`).join(' ')}`);
  } finally {
    for (const c of children.reverse()) {
      // SIGTERM first (a clean exit writes --cpu-prof profiles), SIGKILL after 5 s.
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await env.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
