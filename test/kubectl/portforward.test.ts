// Our `port-forward` through the API server to the kubelet (client-node's PortForward), on the fake
// runtime whose pod network is the host loopback: the "Forwarding from" lines as the real kubectl
// prints them, two connections at once, "Handling connection for", and a pod that is not running.
// Gated on the kubelet's port-forward working: if the real kubectl cannot forward either, skipped.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { main } from '../../kubectl/index.js';
import { run, type RunningKubelet } from '../../kubelet/index.js';
import { FakeImageService, FakeRuntime } from '../../kubelet/runtime/fake/index.js';
import { etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, startEnvtest, type TestApiServer } from '../envtest.js';
import { eventually, pod, testOptions } from '../kubelet/helpers.js';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { kubectlPath } from '../envtest.js';

/** The real kubectl port-forward, resolved once it prints its first "Forwarding from" line. */
function kubectlPortForward(env: TestApiServer, args: string[]): Promise<{ localPort: number; stop: () => Promise<void> }> {
  const child = spawn(kubectlPath ?? 'kubectl', ['port-forward', ...args], { env: { ...process.env, KUBECONFIG: env.kubeconfigPath, KUBECACHEDIR: join(env.dir, 'cache'), HOME: env.dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m) resolve({ localPort: Number(m[1]), stop: async () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`kubectl port-forward exited: ${out}`)));
  });
}

/** One HTTP/1.0 GET over a fresh connection; the body. */
function httpGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    let data = '';
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.0\r\nHost: x\r\n\r\n`));
    sock.on('data', (d: Buffer) => (data += d.toString()));
    sock.on('end', () => resolve(data.slice(data.indexOf('\r\n\r\n') + 4)));
    sock.on('error', reject);
  });
}

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`port-forward with the mini-kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let dir: string;
  let ac: AbortController;
  let k: RunningKubelet;
  let web: Server;
  let webPort: number;
  let kubeletForwards = false;

  beforeAll(async () => {
    env = await startEnvtest();
    dir = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-pf-'));
    web = createServer((req, res) => res.end(`hello from ${req.url}`));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
    webPort = (web.address() as AddressInfo).port;
    ac = new AbortController();
    const runtime = new FakeRuntime({ podCIDR: '10.252.0.0/24', portForwardHost: '127.0.0.1' });
    k = await run(testOptions({ nodeName: 'pf-2', rootDir: dir, podCIDR: '10.252.0.0/24' }), ac.signal,
      { log: silentLogger(), kubeConfig: env.kubeConfig(), runtime: { name: 'fake', runtime, images: new FakeImageService(), version: 'fake://0.1.0' } });
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: 'default', body: pod('web', 'pf-2') });
    await core.createNamespacedPod({ namespace: 'default', body: pod('parked', 'no-such-node') });
    await eventually('pod Running', async () => (await core.readNamespacedPod({ name: 'web', namespace: 'default' })).status?.phase === 'Running');
    // the gate: does the kubelet side forward for the real kubectl?
    try {
      const f = await kubectlPortForward(env, ['pod/web', `0:${webPort}`]);
      kubeletForwards = (await httpGet(f.localPort, '/gate')) === 'hello from /gate';
      await f.stop();
    } catch {
      kubeletForwards = false;
    }
  }, 90_000);

  afterAll(async () => {
    ac?.abort();
    await k?.done;
    await env?.stop();
    web?.closeAllConnections();
    await new Promise<void>((r) => (web ? web.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs ours in-process until `stop` aborts it; resolves the local port once it listens. */
  const forward = (args: string[]): { port: Promise<number>; output: () => string; stop: () => Promise<number> } => {
    const stopper = new AbortController();
    let out = '';
    let listening!: (p: number) => void;
    const port = new Promise<number>((r) => (listening = r));
    const done = main(['port-forward', ...args], {
      stdout: (s) => {
        out += s;
        const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
        if (m) listening(Number(m[1]));
      },
      stderr: (s) => (out += s),
      readStdin: async () => '',
      env: { KUBECONFIG: env.kubeconfigPath, HOME: env.dir },
      signal: stopper.signal,
    });
    return { port, output: () => out, stop: async () => (stopper.abort(), done) };
  };

  it('forwards local connections to the pod port, printing what kubectl prints', async (ctx) => {
    if (!kubeletForwards) return ctx.skip();
    const f = forward(['pod/web', `0:${webPort}`]);
    const port = await f.port;
    expect(await httpGet(port, '/one')).toBe('hello from /one');
    expect(await Promise.all([httpGet(port, '/a'), httpGet(port, '/b')])).toEqual(['hello from /a', 'hello from /b']);
    expect(await f.stop()).toBe(0);
    const lines = f.output().split('\n');
    expect(lines[0]).toBe(`Forwarding from 127.0.0.1:${port} -> ${webPort}`);
    expect(lines[1]).toBe(`Forwarding from [::1]:${port} -> ${webPort}`);
    expect(lines.filter((l) => l === `Handling connection for ${port}`)).toHaveLength(3);
  });

  it('refuses a pod that is not running, like kubectl', async () => {
    const theirs = await env.kubectl(['port-forward', 'pod/parked', '8080:80']);
    let stderr = '';
    const code = await main(['port-forward', 'pod/parked', '8080:80'], { stdout: () => undefined, stderr: (s) => (stderr += s), readStdin: async () => '', env: { KUBECONFIG: env.kubeconfigPath, HOME: env.dir } });
    expect({ code, stderr }).toEqual({ code: theirs.code, stderr: theirs.stderr });
  });
});
