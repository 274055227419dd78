// Per-pod files shared by every container of a sandbox: /etc/hostname, /etc/hosts, /etc/resolv.conf
// (bind-mounted from the sandbox dir), and a tmpfs for /dev/shm so containers share IPC memory.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DNSConfig } from '../index.js';
import { isMountpoint, unmount } from './rootfs.js';
import { runOk } from '../../host/index.js';

export interface PodFiles { hostname: string; hosts: string; resolvConf: string; shm: string }

export function podFilePaths(sandboxDir: string): PodFiles {
  return { hostname: join(sandboxDir, 'hostname'), hosts: join(sandboxDir, 'hosts'),
    resolvConf: join(sandboxDir, 'resolv.conf'), shm: join(sandboxDir, 'shm') };
}

export function resolvConf(dns: DNSConfig): string {
  const lines: string[] = [];
  if (dns.searches?.length) lines.push(`search ${dns.searches.join(' ')}`);
  for (const s of dns.servers ?? []) lines.push(`nameserver ${s}`);
  if (dns.options?.length) lines.push(`options ${dns.options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

export function hostsFile(hostname: string, ip: string | undefined): string {
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...(ip ? [`${ip}\t${hostname}`] : []),
    '',
  ].join('\n');
}

/** Writes hostname/hosts/resolv.conf; hostNetwork pods get the host's hosts and resolv.conf. */
export async function writePodFiles(p: PodFiles, o: { hostname: string; ip?: string; dns?: DNSConfig; hostNetwork: boolean }): Promise<void> {
  await writeFile(p.hostname, `${o.hostname}\n`);
  if (o.hostNetwork) await copyFile('/etc/hosts', p.hosts);
  else await writeFile(p.hosts, hostsFile(o.hostname, o.ip));
  const dns = o.dns;
  if (dns && (dns.servers?.length || dns.searches?.length || dns.options?.length)) {
    await writeFile(p.resolvConf, resolvConf(dns));
  } else {
    await writeFile(p.resolvConf, await readFile('/etc/resolv.conf').catch(() => Buffer.from('')));
  }
}

export async function mountShm(p: PodFiles, sizeBytes = 64 << 20): Promise<void> {
  await mkdir(p.shm, { recursive: true });
  if (await isMountpoint(p.shm)) return;
  await runOk('mount', ['-t', 'tmpfs', '-o', `nosuid,nodev,noexec,mode=1777,size=${sizeBytes}`, 'shm', p.shm]);
}

export async function unmountShm(p: PodFiles): Promise<void> { await unmount(p.shm); }
