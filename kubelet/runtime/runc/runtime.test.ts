// Integration: real runc + conmon + overlayfs + CNI against images from a private test registry.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../apimachinery/log.js';
import { startTestRegistry, testRegistryUnavailable, type TestRegistry } from '../../../test/images.js';
import { ImageManager } from '../../images/index.js';
import type { ContainerConfig, PodSandboxConfig } from '../index.js';
import { RuncRuntime } from './runtime.js';

function why(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const p of ['/usr/sbin/runc', '/usr/bin/conmon', '/usr/lib/cni/bridge', '/usr/lib/cni/host-local']) {
    if (!existsSync(p)) return `${p} is missing`;
  }
  return testRegistryUnavailable();
}
const unavailable = why();
if (unavailable) console.warn(`skipping runc runtime tests: ${unavailable}`);

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
const snapshot = (): { mounts: string; netns: string; links: string; iptables: string } => ({
  mounts: readFileSync('/proc/self/mounts', 'utf8'),
  netns: existsSync('/run/netns') ? readdirSync('/run/netns').join('\n') : '',
  links: sh('ip', ['-o', 'link']),
  iptables: sh('iptables-save', []),
});

describe.skipIf(!!unavailable)('RuncRuntime', () => {
  let reg: TestRegistry;
  let dir: string;
  let rt: RuncRuntime;
  let images: ImageManager;
  let imageId: string;
  const octet = 200 + Math.floor(Math.random() * 50);
  const bridge = `k8tst${process.pid % 10000}`;
  const network = { podCIDR: `10.244.${octet}.0/24`, bridge, networkName: `k8ts-test-${process.pid}` };
  const sandboxes: string[] = [];

  const podConfig = (name: string, extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig => ({
    metadata: { name, namespace: 'default', uid: `uid-${name}` }, logDirectory: join(dir, 'logs', name), ...extra,
  });
  const ctrConfig = (name: string, command: string[], extra: Partial<ContainerConfig> = {}): ContainerConfig => ({
    metadata: { name }, image: { image: imageId }, command, logPath: `${name}/0.log`, ...extra,
  });
  const runPod = async (name: string, extra?: Partial<PodSandboxConfig>): Promise<{ id: string; cfg: PodSandboxConfig }> => {
    const cfg = podConfig(name, extra);
    const id = await rt.runPodSandbox(cfg);
    sandboxes.push(id);
    return { id, cfg };
  };
  const runCtr = async (sb: { id: string; cfg: PodSandboxConfig }, c: ContainerConfig): Promise<string> => {
    const id = await rt.createContainer(sb.id, c, sb.cfg);
    await rt.startContainer(id);
    return id;
  };
  const waitExited = async (id: string, ms = 10_000): Promise<Awaited<ReturnType<RuncRuntime['containerStatus']>>> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const st = await rt.containerStatus(id);
      if (st.state === 'CONTAINER_EXITED' || Date.now() > deadline) return st;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  let before: ReturnType<typeof snapshot>;

  beforeAll(async () => {
    reg = await startTestRegistry();
    dir = await mkdtemp(join(tmpdir(), 'k8ts-runtime-'));
    before = snapshot();
    images = new ImageManager({ root: join(dir, 'images'), log: silentLogger() });
    imageId = await images.pullImage({ image: reg.image });
    rt = await RuncRuntime.create({ root: join(dir, 'rt'), log: silentLogger(), images, network });
  });

  afterAll(async () => {
    for (const id of sandboxes) await rt?.removePodSandbox(id).catch(() => undefined);
    await reg?.stop();
    if (existsSync(`/sys/class/net/${bridge}`)) sh('ip', ['link', 'delete', bridge]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs a sandbox and a container isolated as a pod', async () => {
    const marker = join(dir, 'host-only-marker');
    await writeFile(marker, 'x');
    const sb = await runPod('web');
    const st = await rt.podSandboxStatus(sb.id);
    expect(st.state).toBe('SANDBOX_READY');
    expect(st.network.ip).toMatch(new RegExp(`^10\\.244\\.${octet}\\.\\d+$`));
    const id = await runCtr(sb, ctrConfig('app', ['sleep', '3600']));
    const cs = await rt.containerStatus(id);
    expect(cs).toMatchObject({ state: 'CONTAINER_RUNNING', podSandboxId: sb.id, imageRef: imageId });
    expect(cs.pid).toBeGreaterThan(1);
    const run = async (...cmd: string[]): Promise<string> => {
      const r = await rt.execSync(id, cmd, 10);
      expect(r.exitCode, `${cmd.join(' ')}: ${r.stderr.toString()}`).toBe(0);
      return r.stdout.toString();
    };
    expect((await run('cat', '/proc/1/cmdline')).split('\0').filter(Boolean)).toEqual(['sleep', '3600']);
    expect((await run('hostname')).trim()).toBe('web');
    expect((await run('cat', '/etc/hostname')).trim()).toBe('web');
    expect(await run('cat', '/etc/hosts')).toContain(`${st.network.ip}\tweb`);
    const links = (await run('ip', '-o', 'link')).trim().split('\n').map((l) => l.split(':')[1]!.trim().split('@')[0]);
    expect(links.sort()).toEqual(['eth0', 'lo']);
    expect(await run('ip', '-o', '-4', 'addr', 'show', 'eth0')).toContain(`${st.network.ip}/24`);
    expect((await rt.execSync(id, ['ls', marker], 5)).exitCode).not.toBe(0);
    expect((await rt.execSync(id, ['ls', '/work'], 5)).exitCode).not.toBe(0);
    // CAP_NET_RAW is in the default set: ping works (to the bridge gateway).
    expect((await rt.execSync(id, ['ping', '-c', '1', '-W', '2', `10.244.${octet}.1`], 10)).exitCode).toBe(0);
    // Another container shares net, ipc, uts and /dev/shm but has its own pid namespace.
    const id2 = await runCtr(sb, ctrConfig('side', ['sleep', '3600']));
    await run('sh', '-c', 'echo shared > /dev/shm/x');
    expect((await rt.execSync(id2, ['cat', '/dev/shm/x'], 5)).stdout.toString()).toBe('shared\n');
    const p1 = (await rt.containerStatus(id)).pid!;
    const p2 = (await rt.containerStatus(id2)).pid!;
    for (const n of ['net', 'ipc', 'uts']) expect(sh('readlink', [`/proc/${p1}/ns/${n}`])).toBe(sh('readlink', [`/proc/${p2}/ns/${n}`]));
    for (const n of ['pid', 'mnt']) expect(sh('readlink', [`/proc/${p1}/ns/${n}`])).not.toBe(sh('readlink', [`/proc/${p2}/ns/${n}`]));
    const list = await rt.listContainers({ podSandboxId: sb.id, state: 'CONTAINER_RUNNING' });
    expect(list.map((c) => c.id).sort()).toEqual([id, id2].sort());
  });

  it('reports an exit code and writes CRI-format logs', async () => {
    const sb = await runPod('job');
    const id = await runCtr(sb, ctrConfig('main', ['sh', '-c', 'echo hello; echo oops >&2; exit 3']));
    const st = await waitExited(id);
    expect(st).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 3, reason: 'Error' });
    expect(st.finishedAt).toBeGreaterThanOrEqual(st.startedAt);
    expect(st.logPath).toBe(join(dir, 'logs', 'job', 'main', '0.log'));
    const lines = readFileSync(st.logPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d) stdout F hello$/);
    expect(lines[1]).toMatch(/ stderr F oops$/);
    const ok = await runCtr(sb, ctrConfig('ok', ['true']));
    expect(await waitExited(ok)).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('reports OOMKilled (137) when the memory limit is hit', async () => {
    const sb = await runPod('hog');
    const id = await runCtr(sb, ctrConfig('hog', ['sh', '-c', 'x=aaaaaaaa; while true; do x=$x$x; done'], {
      linux: { resources: { memoryLimitInBytes: 32 << 20 } } }));
    expect(await waitExited(id, 30_000)).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 137, reason: 'OOMKilled' });
  });

  it('stops with SIGTERM, and with SIGKILL after the timeout when TERM is ignored', async () => {
    const sb = await runPod('stopper');
    const polite = await runCtr(sb, ctrConfig('polite', ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done']));
    const stubborn = await runCtr(sb, ctrConfig('stubborn', ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done']));
    // Exit code 0 shows TERM ended the polite one (a KILL after the 10 s timeout would give 137);
    // the stubborn one got KILL, and not before its 1 s timeout ran out. No upper bound on wall
    // time: that measures the machine's load, not the runtime.
    await rt.stopContainer(polite, 10);
    expect(await rt.containerStatus(polite)).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 0 });
    const t = Date.now();
    await rt.stopContainer(stubborn, 1);
    expect(Date.now() - t).toBeGreaterThanOrEqual(1000);
    expect(await rt.containerStatus(stubborn)).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 137 });
    await rt.stopContainer(stubborn, 1); // idempotent
  });

  it('execs with exit codes, timeouts, stdin and a tty', async () => {
    const sb = await runPod('execpod');
    const id = await runCtr(sb, ctrConfig('c', ['sleep', '3600'], {
      mounts: [{ hostPath: dir, containerPath: '/host', readonly: true }] }));
    expect((await rt.execSync(id, ['hostname'], 5)).stdout.toString()).toBe('execpod\n');
    expect((await rt.execSync(id, ['sh', '-c', 'exit 7'], 5)).exitCode).toBe(7);
    await expect(rt.execSync(id, ['sleep', '30'], 1)).rejects.toMatchObject({ code: 'DeadlineExceeded' });
    expect((await rt.execSync(id, ['ls', '/host/rt'], 5)).exitCode).toBe(0);
    expect((await rt.execSync(id, ['touch', '/host/x'], 5)).exitCode).not.toBe(0);
    const s = await rt.exec(id, ['cat'], { stdin: true });
    const out: Buffer[] = [];
    s.stdout.on('data', (b: Buffer) => out.push(b));
    s.stdin!.end('ping\n');
    expect(await s.exit).toBe(0);
    expect(Buffer.concat(out).toString()).toBe('ping\n');
    const t = await rt.exec(id, ['sh', '-c', 'test -t 0 && test -t 1 && echo tty-ok'], { tty: true });
    t.resize({ width: 100, height: 40 });
    const tout: Buffer[] = [];
    t.stdout.on('data', (b: Buffer) => tout.push(b));
    expect(await t.exit).toBe(0);
    expect(Buffer.concat(tout).toString()).toContain('tty-ok');
    // An interactive shell on a tty, resized once its prompt shows.
    const i = await rt.exec(id, ['sh'], { tty: true, stdin: true });
    let text = '';
    const prompt = new Promise<void>((resolve) => i.stdout.on('data', (b: Buffer) => {
      text += b.toString();
      if (text.includes('# ')) resolve();
    }));
    await prompt;
    i.resize({ width: 123, height: 45 });
    await new Promise((r) => setImmediate(r));
    i.stdin!.write('stty size; exit 4\n');
    expect(await i.exit).toBe(4);
    expect(text).toContain('45 123');
  });

  it('re-adopts running and exited containers after a restart', async () => {
    const sb = await runPod('adopt');
    const running = await runCtr(sb, ctrConfig('run', ['sleep', '3600']));
    const done = await runCtr(sb, ctrConfig('done', ['sh', '-c', 'exit 5']));
    await waitExited(done);
    const rt2 = await RuncRuntime.create({ root: join(dir, 'rt'), log: silentLogger(), images, network });
    const list = await rt2.listContainers({ podSandboxId: sb.id });
    expect(Object.fromEntries(list.map((c) => [c.id, c.state]))).toEqual({
      [running]: 'CONTAINER_RUNNING', [done]: 'CONTAINER_EXITED' });
    expect((await rt2.containerStatus(done)).exitCode).toBe(5);
    expect((await rt2.podSandboxStatus(sb.id)).state).toBe('SANDBOX_READY');
    expect((await rt2.execSync(running, ['hostname'], 5)).stdout.toString()).toBe('adopt\n');
    await rt2.stopContainer(running, 0);
    expect((await rt.containerStatus(running)).state).toBe('CONTAINER_EXITED');
  });

  it('runs hostNetwork pods in the node network and UTS namespaces', async () => {
    const sb = await runPod('hostnet', { linux: { securityContext: { namespaceOptions: { network: 'NODE' } } } });
    const st = await rt.podSandboxStatus(sb.id);
    expect(st).toMatchObject({ state: 'SANDBOX_READY', linux: { namespaces: { options: { network: 'NODE' } } } });
    const id = await runCtr(sb, ctrConfig('h', ['sleep', '3600']));
    const pid = (await rt.containerStatus(id)).pid!;
    for (const n of ['net', 'uts']) expect(sh('readlink', [`/proc/${pid}/ns/${n}`])).toBe(sh('readlink', [`/proc/self/ns/${n}`]));
    expect(sh('readlink', [`/proc/${pid}/ns/mnt`])).not.toBe(sh('readlink', ['/proc/self/ns/mnt']));
    expect((await rt.execSync(id, ['ip', '-o', '-4', 'addr'], 5)).stdout.toString()).toContain(st.network.ip!);
  });

  it('cleans up after failed creates', async () => {
    const sandboxesBefore = (await rt.listPodSandbox()).length;
    await expect(rt.runPodSandbox(podConfig('badsysctl', { linux: { sysctls: { 'net.ipv4.no_such_knob': '1' } } })))
      .rejects.toMatchObject({ code: 'Internal' });
    expect(await rt.listPodSandbox()).toHaveLength(sandboxesBefore);
    const sb = await runPod('failing');
    const before = (await rt.listContainers()).length;
    await expect(rt.createContainer(sb.id, { ...ctrConfig('x', ['sh']), image: { image: 'nope:1' } }, sb.cfg))
      .rejects.toMatchObject({ code: 'NotFound' });
    await expect(rt.createContainer(sb.id, ctrConfig('y', ['/no/such/binary']), sb.cfg)).rejects.toThrow(/no such file|not found/i);
    expect(await rt.listContainers()).toHaveLength(before);
    expect(readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((l) => l.includes(join(dir, 'rt', 'containers')))).toHaveLength(
      (await rt.listContainers()).length);
  });

  it('reopens the log after rotation', async () => {
    const sb = await runPod('rotator');
    const id = await runCtr(sb, ctrConfig('ticker', ['sh', '-c', 'while true; do echo tick; sleep 0.1; done']));
    const { logPath } = await rt.containerStatus(id);
    const until = async (pred: () => boolean): Promise<void> => {
      const deadline = Date.now() + 5000;
      while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('tick'));
    execFileSync('mv', [logPath, `${logPath}.1`]);
    await rt.reopenContainerLog(id);
    await until(() => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('tick'));
    expect(readFileSync(logPath, 'utf8')).toMatch(/ stdout F tick\n/);
    await rt.stopContainer(id, 0);
    await expect(rt.reopenContainerLog(id)).rejects.toMatchObject({ code: 'FailedPrecondition' });
  });

  it('leaves nothing behind after removing every sandbox', async () => {
    const withPort = await runPod('ported', { portMappings: [{ containerPort: 80, hostPort: 30000 + (process.pid % 2000), protocol: 'TCP' }] });
    await runCtr(withPort, ctrConfig('srv', ['sleep', '3600']));
    const ip = (await rt.podSandboxStatus(withPort.id)).network.ip!;
    expect(sh('iptables-save', [])).toContain(withPort.id);
    const ips = await Promise.all(sandboxes.map(async (id) => (await rt.podSandboxStatus(id)).network.ip));
    for (const id of sandboxes) await rt.removePodSandbox(id);
    for (const id of sandboxes) await rt.removePodSandbox(id); // idempotent
    expect(await rt.listPodSandbox()).toEqual([]);
    expect(await rt.listContainers()).toEqual([]);
    const after = snapshot();
    const rootDir = join(dir, 'rt');
    expect(after.mounts.split('\n').filter((l) => l.includes(rootDir))).toEqual([]);
    for (const id of sandboxes) {
      expect(after.netns).not.toContain(id);
      expect(after.iptables).not.toContain(id);
      for (const c of ['memory', 'cpu', 'pids', 'freezer']) expect(existsSync(`/sys/fs/cgroup/${c}/k8ts/pod-${id}`)).toBe(false);
    }
    for (const a of [...ips, ip]) if (a) expect(after.iptables).not.toMatch(new RegExp(`\\b${a.replace(/\./g, '\\.')}\\b`));
    const veths = (s: string): string[] => s.split('\n').filter((l) => l.includes(`master ${bridge}`));
    expect(veths(after.links)).toEqual([]);
    const allocDir = join(rootDir, 'cni', 'networks', network.networkName);
    expect(readdirSync(allocDir).filter((f) => /^\d+\./.test(f))).toEqual([]);
    expect(readdirSync(join(rootDir, 'containers'))).toEqual([]);
    expect(readdirSync(join(rootDir, 'sandboxes'))).toEqual([]);
    expect(readdirSync(join(rootDir, 'exits'))).toEqual([]);
    // Other tests on the machine create and delete namespaces meanwhile: compare only ours.
    const ours = (list: string): string[] => list.split('\n').filter((n) => sandboxes.some((id) => n.includes(id)));
    expect(ours(after.netns)).toEqual(ours(before.netns));
    sandboxes.length = 0;
  });
});
