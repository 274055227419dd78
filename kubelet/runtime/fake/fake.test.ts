import { describe, expect, it } from 'vitest';
import { FakeImageService, FakeRuntime, Ipam } from './index.js';
import type { PodSandboxConfig } from '../index.js';

const pod = (name: string, labels: Record<string, string> = {}): PodSandboxConfig =>
  ({ metadata: { name, namespace: 'default', uid: name }, labels, logDirectory: `/var/log/pods/${name}` });

describe('FakeRuntime', () => {
  const setup = (): { rt: FakeRuntime; clock: { t: number } } => {
    const clock = { t: 1000 };
    return { rt: new FakeRuntime({ podCIDR: '10.244.3.0/24', now: () => clock.t }), clock };
  };

  it('gives sandboxes IPs from the pod CIDR and frees them on stop', async () => {
    const { rt } = setup();
    const a = await rt.runPodSandbox(pod('a'));
    const b = await rt.runPodSandbox(pod('b'));
    expect((await rt.podSandboxStatus(a)).network.ip).toBe('10.244.3.2');
    expect((await rt.podSandboxStatus(b))).toMatchObject({ state: 'SANDBOX_READY', network: { ip: '10.244.3.3' } });
    await rt.stopPodSandbox(a);
    expect((await rt.podSandboxStatus(a))).toMatchObject({ state: 'SANDBOX_NOTREADY', network: { ip: undefined } });
    expect(await rt.listPodSandbox({ state: 'SANDBOX_READY' })).toHaveLength(1);
    await rt.removePodSandbox(a);
    await rt.removePodSandbox(a);
    await expect(rt.podSandboxStatus(a)).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('runs containers at once and reports exits', async () => {
    const { rt, clock } = setup();
    const sb = await rt.runPodSandbox(pod('p'));
    const id = await rt.createContainer(sb, { metadata: { name: 'c' }, image: { image: 'busybox' }, logPath: 'c/0.log', labels: { app: 'x' } }, pod('p'));
    expect((await rt.containerStatus(id)).state).toBe('CONTAINER_CREATED');
    clock.t = 2000;
    await rt.startContainer(id);
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'CONTAINER_RUNNING', startedAt: 2000, logPath: '/var/log/pods/p/c/0.log' });
    expect(await rt.listContainers({ labelSelector: { app: 'x' }, state: 'CONTAINER_RUNNING' })).toHaveLength(1);
    clock.t = 3000;
    rt.exitContainer(id, 137, 'OOMKilled');
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 137, reason: 'OOMKilled', finishedAt: 3000 });
    await expect(rt.startContainer(id)).rejects.toMatchObject({ code: 'FailedPrecondition' });
  });

  it.each([
    ['execSync', (rt: FakeRuntime, id: string) => rt.execSync(id)],
    ['exec', (rt: FakeRuntime, id: string) => rt.exec(id)],
  ])('%s answers with a canned error', async (_n, call) => {
    const { rt } = setup();
    const sb = await rt.runPodSandbox(pod('p'));
    const id = await rt.createContainer(sb, { metadata: { name: 'c' }, image: { image: 'busybox' } }, pod('p'));
    await expect(call(rt, id)).rejects.toThrow(/not supported by the hollow/);
  });

  it('stopping a sandbox ends its containers', async () => {
    const { rt } = setup();
    const sb = await rt.runPodSandbox(pod('p'));
    const id = await rt.createContainer(sb, { metadata: { name: 'c' }, image: { image: 'busybox' } }, pod('p'));
    await rt.startContainer(id);
    await rt.stopPodSandbox(sb);
    expect((await rt.containerStatus(id)).state).toBe('CONTAINER_EXITED');
    await expect(rt.createContainer(sb, { metadata: { name: 'd' }, image: { image: 'busybox' } }, pod('p'))).rejects.toMatchObject({ code: 'FailedPrecondition' });
  });
});

describe('Ipam', () => {
  it.each([
    ['/30 has one usable pod address', '10.0.0.0/30', 1],
    ['/29', '10.0.0.8/29', 5],
  ])('%s', (_n, cidr, n) => {
    const ipam = new Ipam(cidr);
    for (let i = 0; i < n; i++) ipam.allocate();
    expect(() => ipam.allocate()).toThrow(/exhausted/);
  });
  it('reuses released addresses after a full round', () => {
    const ipam = new Ipam('10.0.0.0/29');
    const got = [ipam.allocate(), ipam.allocate()];
    ipam.release(got[0]!);
    expect(ipam.allocate()).toBe('10.0.0.4');
  });
});

describe('FakeImageService', () => {
  it('pulls, lists and removes without a registry', async () => {
    const s = new FakeImageService();
    const id = await s.pullImage({ image: 'nginx:1' });
    expect(id).toMatch(/^sha256:/);
    expect((await s.imageStatus({ image: 'nginx:1' }))?.id).toBe(id);
    await s.removeImage({ image: id });
    expect(await s.listImages()).toEqual([]);
  });
});
