// End to end on this machine: the real `kubectl port-forward` through our API server to the kubelet
// on runc, into the pod's network namespace: busybox httpd in a pod serves a page through the local
// port, two connections at once, and a closed pod port gives kubectl's error. Needs root, etcd,
// runc + conmon + CNI, kubectl and the test image tools; skips with the reason otherwise.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApiServer } from '../envtest.js';
import { httpBodyRaw, httpResponse, kubectlPortForward } from '../portforward.js';
import type { TestRegistry } from '../images.js';
import { eventually, pod } from './helpers.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from './runcenv.js';

// The kubelet enters the pod's network namespace with nsenter and relays through python3.
const httpText = async (port: number): Promise<string> => (await httpResponse(port)).toString();

const unavailable = runcUnavailable() ?? ['/usr/bin/python3', '/usr/bin/nsenter'].map((p) => (existsSync(p) ? undefined : `${p} is missing`)).find(Boolean);

describe.skipIf(!!unavailable)(`kubectl port-forward into a runc pod${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;
  let reg: TestRegistry;
  let api: TestApiServer;
  let core: CoreV1Api;
  const forwards: ChildProcess[] = [];

  beforeAll(async () => {
    env = await startRuncEnv();
    ({ reg, api, core } = env);
    node = await startInProcessNode(env, 'pf-runc');
    await core.createNamespacedPod({ namespace: 'default', body: pod('httpd', 'pf-runc', {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'web', image: reg.image, command: ['sh', '-c',
        'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && yes abcdefghij | head -c 4194304 > /www/big && exec httpd -f -p 8080 -h /www'] }],
    }) });
    await eventually('httpd Running', async () => (await core.readNamespacedPod({ name: 'httpd', namespace: 'default' })).status?.phase === 'Running', 60_000);
  }, 180_000);

  afterAll(async () => {
    for (const c of forwards) if (c.exitCode === null) c.kill('SIGKILL');
    await core?.deleteNamespacedPod({ name: 'httpd', namespace: 'default' }).catch(() => undefined);
    await node?.stop();
    await env?.stop();
  }, 60_000);

  it('serves the pod\'s page through the local port: two connections at once, 4 MiB intact', async () => {
    const f = await kubectlPortForward(api, ['pod/httpd', '0:8080']);
    forwards.push(f.child);
    expect(f.output()).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 8080/);
    const page = await eventually('the page', async () => {
      const r = await httpText(f.localPort);
      return r.includes('200 OK') ? r : undefined;
    });
    expect(page).toContain('hello from httpd');
    const [a, b] = await Promise.all([httpText(f.localPort), httpText(f.localPort)]);
    expect(a).toContain('hello from httpd');
    expect(b).toContain('hello from httpd');
    // 4 MiB through the relay in the pod's netns, the API server and kubectl, byte for byte.
    const big = await httpBodyRaw(f.localPort, '/big');
    expect(big.length).toBe(4 << 20);
    expect(big.equals(Buffer.from('abcdefghij\n'.repeat(Math.ceil((4 << 20) / 11))).subarray(0, 4 << 20))).toBe(true);
    // The page comes from inside the pod's network namespace: the host's own :8080 does not serve it.
    expect(await httpText(8080).catch((e: Error) => e.message)).not.toContain('hello from httpd');
    f.child.kill('SIGTERM');
    await f.exited;
  }, 90_000);

  it('gives kubectl\'s error for a closed pod port', async () => {
    const f = await kubectlPortForward(api, ['pod/httpd', '0:9']);
    forwards.push(f.child);
    expect(await httpText(f.localPort)).toBe('');
    await eventually('kubectl to print the error', async () => f.output().includes('error forwarding port 9 to pod default/httpd'));
    expect(f.output()).toContain('failed to connect to localhost:9 inside the pod network namespace');
    expect(f.output()).toMatch(/Connection refused/);
    // kubectl 1.32 closes the connection itself after an error-stream message (client-go
    // portforward.go), printing "lost connection to pod"; the pod keeps serving a new forward.
    await f.exited;
    const again = await kubectlPortForward(api, ['pod/httpd', '0:8080']);
    forwards.push(again.child);
    expect(await httpText(again.localPort)).toContain('hello from httpd');
    again.child.kill('SIGTERM');
    await again.exited;
  }, 90_000);
});
