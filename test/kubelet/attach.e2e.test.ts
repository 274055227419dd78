// End to end on this machine: `kubectl attach` and `kubectl run -i --rm` through our API server to
// the kubelet on runc, attached to the container's stdio through conmon's attach socket: output
// attach to a running container, stdin into a stdin/stdinOnce container (which then exits), and
// run -i --rm. Needs root, etcd, runc + conmon + CNI, kubectl and the test image tools.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlPath, type TestApiServer } from '../envtest.js';
import type { TestRegistry } from '../images.js';
import { eventually, pod } from './helpers.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from './runcenv.js';

// Attach relays conmon's attach socket through python3 (Node cannot open SOCK_SEQPACKET).
const unavailable = runcUnavailable() ?? (existsSync('/usr/bin/python3') ? undefined : '/usr/bin/python3 is missing');

describe.skipIf(!!unavailable)(`kubectl attach to runc containers${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;
  let reg: TestRegistry;
  let api: TestApiServer;
  let core: CoreV1Api;
  const running = (name: string): Promise<boolean> => eventually(`${name} Running`, async () =>
    (await core.readNamespacedPod({ name, namespace: 'default' })).status?.phase === 'Running', 60_000);

  beforeAll(async () => {
    env = await startRuncEnv();
    ({ reg, api, core } = env);
    node = await startInProcessNode(env, 'at-runc');
  }, 180_000);

  afterAll(async () => {
    for (const name of ['ticker', 'reader']) await core?.deleteNamespacedPod({ name, namespace: 'default' }).catch(() => undefined);
    await node?.stop();
    await env?.stop();
  }, 60_000);

  it('attaches to the output of a running container', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('ticker', 'at-runc', {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: reg.image, command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done'] }],
    }) });
    await running('ticker');
    const child = spawn(kubectlPath ?? 'kubectl', ['attach', 'ticker'], {
      env: { ...process.env, KUBECONFIG: api.kubeconfigPath, KUBECACHEDIR: join(api.dir, 'cache'), HOME: api.dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    // Lines written after attaching arrive live (two of them, so not just a replay of one).
    await eventually('two live ticks', async () => (out.match(/tick-\d+\n/g) ?? []).length >= 2);
    child.kill('SIGTERM');
    await exited;
    // Detaching leaves the container running.
    const p = await core.readNamespacedPod({ name: 'ticker', namespace: 'default' });
    expect(p.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
  }, 90_000);

  it('sends stdin to a stdin/stdinOnce container, which ends when the attach closes its stdin', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('reader', 'at-runc', {
      restartPolicy: 'Never', terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: reg.image, stdin: true, stdinOnce: true,
        command: ['sh', '-c', 'while read l; do echo "got:$l"; done; echo stdin-closed'] }],
    }) });
    await running('reader');
    const r = await api.kubectl(['attach', '-i', 'reader'], { input: 'one\ntwo\n', timeoutMs: 60_000 });
    expect(r.stdout).toBe('got:one\ngot:two\nstdin-closed\n');
    expect(r.code).toBe(0);
    await eventually('reader Succeeded', async () => (await core.readNamespacedPod({ name: 'reader', namespace: 'default' })).status?.phase === 'Succeeded');
  }, 90_000);

  it('runs kubectl run -i --rm: attach, output, then the pod is deleted', async () => {
    // No scheduler here: --overrides binds the pod to our node.
    const r = await api.kubectl(['run', 'once', '-i', '--rm', '--restart=Never', `--image=${reg.image}`,
      '--overrides={"apiVersion":"v1","spec":{"nodeName":"at-runc"}}', '--', 'sh', '-c', 'read x; echo "hi $x"'],
      { input: 'there\n', timeoutMs: 90_000 });
    expect(r.stdout, r.stderr).toContain('hi there\n');
    expect(r.stdout).toContain('pod "once" deleted');
    expect(r.code).toBe(0);
  }, 120_000);
  it('attaches to a tty container (kubectl run -it --rm without a local terminal)', async () => {
    const r = await api.kubectl(['run', 'tty', '-it', '--rm', '--restart=Never', `--image=${reg.image}`,
      '--overrides={"apiVersion":"v1","spec":{"nodeName":"at-runc"}}', '--', 'sh', '-c', 'read x; echo "tty:$x"; [ -t 0 ] && echo is-a-tty'],
    { input: 'yes\n', timeoutMs: 90_000 });
    // The container's terminal (conmon's pty) answers: its output, and `[ -t 0 ]` holds inside.
    expect(r.stdout, r.stderr).toMatch(/tty:yes\r?\n/);
    expect(r.stdout).toContain('is-a-tty');
    expect(r.code).toBe(0);
  }, 120_000);
});
