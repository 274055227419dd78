// What this machine offers: cpu, memory, pods, ephemeral-storage (statfs of the root dir) and the
// system info the Node reports (kernel, OS image, architecture, machine/boot ids).
import { readFile, statfs } from 'node:fs/promises';
import { arch, availableParallelism, freemem, platform, release, totalmem } from 'node:os';

export interface HostFacts {
  cpu: number;
  memoryBytes: number;
  freeMemoryBytes: number;
  diskBytes: number;
  diskAvailableBytes: number;
  kernelVersion: string;
  osImage: string;
  architecture: string;
  operatingSystem: string;
  machineID: string;
  bootID: string;
}

/** Go's GOARCH names for Node's kubernetes.io/arch label. */
export function goArch(nodeArch: string): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };
  return map[nodeArch] ?? nodeArch;
}

async function osImage(): Promise<string> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
  return m?.[1] ?? 'Linux';
}

const firstLine = async (p: string): Promise<string> => (await readFile(p, 'utf8').catch(() => '')).trim();

/** Measures the host; `dir` is the filesystem whose size is the node's ephemeral storage. */
export async function measureHost(dir: string): Promise<HostFacts> {
  const fs = await statfs(dir).catch(() => undefined);
  return {
    cpu: availableParallelism(),
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    diskBytes: fs ? fs.blocks * fs.bsize : 0,
    diskAvailableBytes: fs ? fs.bavail * fs.bsize : 0,
    kernelVersion: release(),
    osImage: await osImage(),
    architecture: goArch(arch()),
    operatingSystem: platform(),
    machineID: await firstLine('/etc/machine-id'),
    bootID: await firstLine('/proc/sys/kernel/random/boot_id'),
  };
}

/** Fixed facts for hollow nodes: no syscalls, the same for every node. */
export function hollowHostFacts(): HostFacts {
  return {
    cpu: 4, memoryBytes: 16 * 1024 ** 3, freeMemoryBytes: 16 * 1024 ** 3, diskBytes: 100 * 1024 ** 3,
    diskAvailableBytes: 100 * 1024 ** 3, kernelVersion: release(), osImage: 'k8ts hollow node', architecture: goArch(arch()),
    operatingSystem: 'linux', machineID: '', bootID: '',
  };
}

/** Eviction thresholds the real kubelet subtracts from capacity: memory.available 100Mi, nodefs 10%. */
export const EVICTION_MEMORY_BYTES = 100 * 1024 * 1024;
export const EVICTION_DISK_FRACTION = 0.1;

export interface Resources { capacity: Record<string, string>; allocatable: Record<string, string> }

/** capacity/allocatable as quantity strings; `overrides` (e.g. --capacity cpu=8) win over measurements. */
export function nodeResources(h: HostFacts, maxPods: number, overrides: Record<string, string> = {}): Resources {
  const memKi = Math.floor(h.memoryBytes / 1024);
  const capacity: Record<string, string> = {
    cpu: String(h.cpu),
    memory: `${memKi}Ki`,
    pods: String(maxPods),
    'ephemeral-storage': `${Math.floor(h.diskBytes / 1024)}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
  };
  const allocatable: Record<string, string> = {
    ...capacity,
    memory: `${Math.max(0, memKi - EVICTION_MEMORY_BYTES / 1024)}Ki`,
    'ephemeral-storage': String(Math.floor(h.diskBytes * (1 - EVICTION_DISK_FRACTION))),
  };
  for (const [k, v] of Object.entries(overrides)) {
    capacity[k] = v;
    allocatable[k] = v;
  }
  return { capacity, allocatable };
}
