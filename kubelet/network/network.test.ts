import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { bridgeConfig, podIPFromResult, portmapConfig } from './config.js';
import { invokePlugin } from './cni.js';
import { createNetns, deleteNetns, netnsExists } from './netns.js';
import { PodNetwork } from './podnetwork.js';

describe('CNI configs', () => {
  it('bridge: k8ts0, gateway, masquerade, hairpin, host-local over the pod CIDR', () => {
    expect(bridgeConfig({ podCIDR: '10.244.1.0/24', stateDir: '/s' }, '/s/networks')).toEqual({
      cniVersion: '1.0.0', name: 'k8ts', type: 'bridge', bridge: 'k8ts0', isGateway: true, ipMasq: true, hairpinMode: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.1.0/24' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: '/s/networks' },
    });
  });
  it('portmap: chained with prevResult and runtimeConfig.portMappings', () => {
    const prev = { cniVersion: '1.0.0', ips: [{ address: '10.244.1.5/24' }] };
    expect(portmapConfig('k8ts', [{ hostPort: 8080, containerPort: 80, protocol: 'TCP' }], prev)).toMatchObject({
      type: 'portmap', capabilities: { portMappings: true }, prevResult: prev,
      runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } });
  });
  it.each([
    ['v4', [{ address: '10.244.1.5/24' }], '10.244.1.5'],
    ['v6 first', [{ address: 'fd00::5/64' }, { address: '10.244.1.6/24' }], '10.244.1.6'],
    ['none', [], undefined],
  ])('pod IP from result: %s', (_n, ips, want) => {
    expect(podIPFromResult({ cniVersion: '1.0.0', ips })).toBe(want);
  });
});

const unavailable = process.getuid?.() !== 0 ? 'needs root'
  : !existsSync('/usr/lib/cni/bridge') ? 'CNI plugins are not installed' : undefined;
if (unavailable) console.warn(`skipping CNI tests: ${unavailable}`);

describe.skipIf(!!unavailable)('PodNetwork with the real plugins', () => {
  let dir: string;
  const bridge = `k8tsn${process.pid % 10000}`;
  const name = `k8ts-nt-${process.pid}`;
  const ns = `k8ts-nettest-${process.pid}`;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'k8ts-cni-')); });
  afterAll(async () => {
    await deleteNetns(ns);
    if (existsSync(`/sys/class/net/${bridge}`)) execFileSync('ip', ['link', 'delete', bridge]);
    await rm(dir, { recursive: true, force: true });
  });

  it('sets up lo + eth0 with an IP, and DEL (before the netns goes) frees everything', async () => {
    const net = new PodNetwork({ podCIDR: '10.244.251.0/24', stateDir: dir, bridge, networkName: name }, silentLogger());
    const path = await createNetns(ns);
    const id = 'feedface'.repeat(4);
    const st = await net.setUp({ id, netns: path, podName: 'p', podNamespace: 'default' });
    expect(st.ip).toMatch(/^10\.244\.251\.\d+$/);
    const addrs = execFileSync('ip', ['-n', ns, '-o', '-4', 'addr'], { encoding: 'utf8' });
    expect(addrs).toContain('lo');
    expect(addrs).toContain(`${st.ip}/24`);
    expect((await net.status(id))?.ip).toBe(st.ip);
    expect(execFileSync('iptables-save', [], { encoding: 'utf8' })).toContain(id);
    await net.tearDown(id, path);
    await net.tearDown(id, path); // idempotent
    await deleteNetns(ns);
    expect(await netnsExists(ns)).toBe(false);
    expect(execFileSync('iptables-save', [], { encoding: 'utf8' })).not.toContain(id);
    expect(readdirSync(join(dir, 'networks', name)).filter((f) => /^\d+\./.test(f))).toEqual([]);
    expect(execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })).not.toMatch(new RegExp(`master ${bridge}`));
    expect(await net.status(id)).toBeUndefined();
  });

  it('reports the plugin message when ADD fails', async () => {
    await expect(invokePlugin({ command: 'ADD', containerId: 'x', netns: '/run/netns/does-not-exist', ifName: 'eth0',
      binDir: '/usr/lib/cni', config: bridgeConfig({ podCIDR: '10.244.252.0/24', stateDir: dir, bridge, networkName: name }, join(dir, 'n2')) }))
      .rejects.toThrow(/CNI bridge ADD \(eth0\) failed: .*does-not-exist/);
  });
});
