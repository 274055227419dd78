// Integration: the real kubectl's port-forward through our API server to the kubelet, on the fake
// runtime whose "pod network" is the host loopback (FakeRuntime portForwardHost): SPDY/3.1 inside a
// WebSocket (kubectl's default) and the direct SPDY upgrade (KUBECTL_PORT_FORWARD_WEBSOCKETS=false),
// concurrent connections, a closed port, and client-node's PortForward (v4.channel.k8s.io).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CoreV1Api, PortForward } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { run, type RunningKubelet } from '../../kubelet/index.js';
import { FakeImageService, FakeRuntime } from '../../kubelet/runtime/fake/index.js';
import { etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlPath, kubectlSkipReason, startEnvtest, type TestApiServer } from '../envtest.js';
import { eventually, pod, testOptions } from './helpers.js';

interface Forward { child: ChildProcess; localPort: number; output(): string; exited: Promise<number | null> }

/** Spawns `kubectl port-forward` and resolves once it prints its "Forwarding from" line. */
function kubectlPortForward(env: TestApiServer, args: string[], extraEnv: Record<string, string> = {}): Promise<Forward> {
  const child = spawn(kubectlPath ?? 'kubectl', ['port-forward', ...args], {
    env: { ...process.env, KUBECONFIG: env.kubeconfigPath, KUBECACHEDIR: join(env.dir, 'cache'), HOME: env.dir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m) resolve({ child, localPort: Number(m[1]), output: () => out, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`kubectl port-forward exited (${code}): ${out}`)));
  });
}

/** One HTTP GET over a fresh TCP connection (no keep-alive), returning the body. */
function httpGet(port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    let data = '';
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.0\r\nHost: x\r\n\r\n`));
    sock.on('data', (d: Buffer) => (data += d.toString()));
    sock.on('end', () => resolve(data.slice(data.indexOf('\r\n\r\n') + 4)));
    sock.on('error', reject);
  });
}

/** 8 MiB of bytes that differ along the way: many SPDY frames, both framings cut mid-frame. */
const BIG = Buffer.alloc(8 << 20);
for (let i = 0; i < BIG.length; i += 4) BIG.writeUInt32BE((i * 2654435761) >>> 0, i);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function httpGetRaw(port: number, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.0\r\nHost: x\r\n\r\n`));
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(all.subarray(all.indexOf('\r\n\r\n') + 4));
    });
    sock.on('error', reject);
  });
}

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`port-forward through the API server and the kubelet${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let dir: string;
  let ac: AbortController;
  let k: RunningKubelet;
  let web: Server;
  let webPort: number;
  let closedPort: number;
  const forwards: ChildProcess[] = [];

  beforeAll(async () => {
    env = await startEnvtest();
    dir = mkdtempSync(join(tmpdir(), 'k8ts-pf-'));
    web = createServer((req, res) => {
      if (req.url !== '/upload') { res.end(req.url === '/big' ? BIG : `hello from ${req.url}`); return; }
      const h = createHash('sha256');
      req.on('data', (d: Buffer) => h.update(d));
      req.on('end', () => res.end(h.digest('hex')));
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
    webPort = (web.address() as AddressInfo).port;
    // A port nothing listens on: a privileged one (tests only listen on ephemeral ports; a freed
    // ephemeral port could be taken by a concurrent test before we dial it).
    closedPort = 9;
    const refused = await new Promise<boolean>((r) => {
      const s = connect(closedPort, '127.0.0.1');
      s.once('connect', () => { s.destroy(); r(false); });
      s.once('error', () => r(true));
    });
    if (!refused) throw new Error('127.0.0.1:9 accepts connections on this machine; the closed-port case needs a closed port');
    ac = new AbortController();
    const runtime = new FakeRuntime({ podCIDR: '10.251.0.0/24', portForwardHost: '127.0.0.1' });
    k = await run(testOptions({ nodeName: 'pf-1', rootDir: dir, podCIDR: '10.251.0.0/24' }), ac.signal,
      { log: silentLogger(), kubeConfig: env.kubeConfig(), runtime: { name: 'fake', runtime, images: new FakeImageService(), version: 'fake://0.1.0' } });
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: 'default', body: pod('web', 'pf-1') });
    await eventually('pod Running', async () => (await core.readNamespacedPod({ name: 'web', namespace: 'default' })).status?.phase === 'Running');
  }, 90_000);

  afterAll(async () => {
    for (const c of forwards) c.kill('SIGKILL');
    ac?.abort();
    await k?.done;
    await env?.stop();
    web?.closeAllConnections();
    await new Promise<void>((r) => (web ? web.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const mode of ['websocket', 'spdy'] as const) {
    it(`forwards with kubectl over ${mode === 'websocket' ? 'SPDY inside a WebSocket' : 'a direct SPDY/3.1 upgrade'}: two connections at once, 8 MiB each way`, async () => {
      const f = await kubectlPortForward(env, ['pod/web', `0:${webPort}`, '-v=4'], mode === 'spdy' ? { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } : {});
      forwards.push(f.child);
      expect(await httpGet(f.localPort, '/one')).toBe('hello from /one');
      const [a, b] = await Promise.all([httpGet(f.localPort, '/a'), httpGet(f.localPort, '/b')]);
      expect([a, b]).toEqual(['hello from /a', 'hello from /b']);
      const big = await httpGetRaw(f.localPort, '/big');
      expect(big.length).toBe(BIG.length);
      expect(sha(big)).toBe(sha(BIG));
      const up = await fetch(`http://127.0.0.1:${f.localPort}/upload`, { method: 'POST', body: BIG });
      expect(await up.text()).toBe(sha(BIG));
      expect(f.output()).toContain('Handling connection for');
      // -v=4 shows which transport was used: no fallback from the WebSocket to SPDY.
      if (mode === 'websocket') expect(f.output()).toContain('negotiated protocol: portforward.k8s.io');
      expect(f.output()).not.toContain('fallback to secondary dialer');
      f.child.kill('SIGTERM');
      await f.exited;
    }, 60_000);
  }

  it('reports a closed pod port on the error stream, as kubectl prints it', async () => {
    const f = await kubectlPortForward(env, ['pod/web', `0:${closedPort}`]);
    forwards.push(f.child);
    expect(await httpGet(f.localPort)).toBe('');
    await eventually('kubectl to print the error', async () => f.output().includes(`error forwarding port ${closedPort} to pod default/web`));
    expect(f.output()).toMatch(/an error occurred forwarding \d+ -> \d+/);
    // kubectl 1.32 then closes the SPDY connection itself ("lost connection to pod") and exits.
    expect(await f.exited).not.toBe(0);
    expect(f.output()).toContain('lost connection to pod');
  }, 60_000);

  it('serves client-node PortForward (v4.channel.k8s.io): port prefix, data both ways', async () => {
    const pf = new PortForward(env.kubeConfig());
    const output = new PassThrough();
    const errors = new PassThrough();
    const input = new PassThrough();
    let got = '';
    output.on('data', (d: Buffer) => (got += d.toString()));
    let errText = '';
    errors.on('data', (d: Buffer) => (errText += d.toString()));
    const ws = await pf.portForward('default', 'web', [webPort], output, errors, input);
    input.write('GET /client-node HTTP/1.0\r\nHost: x\r\n\r\n');
    await eventually('the response', async () => got.includes('hello from /client-node'));
    expect(got.startsWith('HTTP/1.1 200')).toBe(true);
    expect(errText).toBe('');
    (ws as { close(): void }).close();
  }, 30_000);
});
