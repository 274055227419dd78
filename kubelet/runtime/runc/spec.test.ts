import { describe, expect, it } from 'vitest';
import { buildSpec, capabilitySet, DEFAULT_CAPABILITIES, mergeArgs, mergeEnv, userMounts, type SpecInput } from './spec.js';

describe('capabilitySet', () => {
  it.each([
    ['default set includes NET_RAW', false, undefined, (c: string[]) => expect(c).toEqual(DEFAULT_CAPABILITIES)],
    ['drop one', false, { dropCapabilities: ['NET_RAW'] }, (c: string[]) => expect(c).not.toContain('CAP_NET_RAW')],
    ['drop ALL, add one', false, { dropCapabilities: ['ALL'], addCapabilities: ['NET_BIND_SERVICE'] },
      (c: string[]) => expect(c).toEqual(['CAP_NET_BIND_SERVICE'])],
    ['add with CAP_ prefix', false, { addCapabilities: ['CAP_NET_ADMIN'] }, (c: string[]) => expect(c).toContain('CAP_NET_ADMIN')],
    ['privileged gets all', true, { dropCapabilities: ['ALL'] }, (c: string[]) => expect(c).toContain('CAP_SYS_ADMIN')],
  ])('%s', (_n, privileged, caps, check) => {
    expect(DEFAULT_CAPABILITIES).toContain('CAP_NET_RAW');
    check(capabilitySet(privileged, caps));
  });
});

describe('mergeArgs (Kubernetes command/args over Entrypoint/Cmd)', () => {
  it.each([
    ['image defaults', undefined, undefined, ['/ep'], ['c1'], ['/ep', 'c1']],
    ['args replace Cmd', undefined, ['a'], ['/ep'], ['c1'], ['/ep', 'a']],
    ['command replaces both', ['sh'], undefined, ['/ep'], ['c1'], ['sh']],
    ['command + args', ['sh'], ['-c', 'x'], ['/ep'], ['c1'], ['sh', '-c', 'x']],
    ['nothing at all', undefined, undefined, undefined, undefined, []],
  ])('%s', (_n, command, args, ep, cmd, want) => {
    expect(mergeArgs(command, args, ep, cmd)).toEqual(want);
  });
});

describe('mergeEnv', () => {
  it('container env wins, PATH defaulted, extras added', () => {
    expect(mergeEnv(['A=1', 'B=2'], [{ key: 'B', value: '3' }], { HOSTNAME: 'p' }))
      .toEqual(['A=1', 'B=3', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=p']);
    expect(mergeEnv(['PATH=/bin'], undefined)).toEqual(['PATH=/bin']);
  });
});

describe('buildSpec', () => {
  const base: SpecInput = { args: ['sh'], env: [], cwd: '/', uid: 0, gid: 0, terminal: false, rootfs: 'rootfs',
    readonlyRootfs: false, namespaces: [{ type: 'mount' }], mounts: [], cgroupsPath: '/k8ts/p/c', privileged: false };

  it('maps resources to cgroup settings', () => {
    const s = buildSpec({ ...base, resources: { memoryLimitInBytes: 64 << 20, cpuShares: 512, cpuQuota: 50000, cpuPeriod: 100000, pidsLimit: 100, oomScoreAdj: 500 } });
    expect(s.linux.resources).toMatchObject({ memory: { limit: 64 << 20 }, cpu: { shares: 512, quota: 50000, period: 100000 }, pids: { limit: 100 } });
    expect(s.process.oomScoreAdj).toBe(500);
    expect(s.linux.cgroupsPath).toBe('/k8ts/p/c');
  });

  it.each([
    ['unprivileged', false, 'ro', true],
    ['privileged', true, 'rw', false],
  ])('%s: sysfs %s, masked paths %s', (_n, privileged, sysfs, masked) => {
    const s = buildSpec({ ...base, privileged });
    expect(s.mounts.find((m) => m.destination === '/sys')!.options).toContain(sysfs);
    expect(!!s.linux.maskedPaths).toBe(masked);
  });

  it('lets a volume replace a base mount and maps readonly/propagation', () => {
    const vol = userMounts([{ hostPath: '/h', containerPath: '/dev/shm', readonly: true, propagation: 'PROPAGATION_HOST_TO_CONTAINER' }]);
    expect(vol[0]).toEqual({ destination: '/dev/shm', type: 'bind', source: '/h', options: ['rbind', 'rslave', 'ro'] });
    const s = buildSpec({ ...base, mounts: [...vol, { destination: '/proc', type: 'bind', source: '/x', options: [] }] });
    expect(s.mounts.filter((m) => m.destination === '/proc')).toEqual([{ destination: '/proc', type: 'bind', source: '/x', options: [] }]);
  });
});
