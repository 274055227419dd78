// Facts about this machine the launcher needs before any API client exists (kept free of
// client-node so the CLI and the supervisor start fast): the node IP and whether real pods can run.
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** The first non-internal IPv4 address, else loopback. */
export function detectNodeIP(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('10.244.')) return a.address;
  }
  return '127.0.0.1';
}

/** Real pods need root, runc, conmon and the CNI plugins; otherwise the node is hollow (fake runtime). */
export function realNodeMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  for (const bin of ['/usr/sbin/runc', '/usr/bin/conmon', '/usr/lib/cni/bridge', '/usr/sbin/nft']) {
    if (!existsSync(bin)) return `${bin} is missing`;
  }
  return undefined;
}

