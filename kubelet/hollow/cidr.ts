// Pod CIDRs for hollow nodes: the i-th /24 inside a larger range (e.g. 10.64.0.0/10 → 10.64.0.0/24,
// 10.64.1.0/24, …), used when the controller-manager has not assigned Node.spec.podCIDR.
function toInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw new Error(`bad IPv4 address ${ip}`);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

const toIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export function nthSubnet24(cidr: string, i: number): string {
  const [addr, bits] = cidr.split('/');
  const len = Number(bits);
  if (!addr || !Number.isInteger(len) || len < 0 || len > 24) throw new Error(`bad pod CIDR ${cidr} (need a prefix of /24 or shorter)`);
  const count = 2 ** (24 - len);
  if (i < 0 || i >= count) throw new Error(`pod CIDR ${cidr} has only ${count} /24 subnets, node ${i} needs more`);
  const base = (toInt(addr) & (len === 0 ? 0 : (~0 << (32 - len)) >>> 0)) >>> 0;
  return `${toIp(base + i * 256)}/24`;
}
