// ClusterIP and NodePort allocation without races: each allocated value is a key created with an
// etcd transaction (create-if-absent), so two API servers can never hand out the same one.
import { randomInt } from 'node:crypto';
import { errors, fieldErrors } from '../../../../apimachinery/errors.js';
import { type Store, StorageError } from '../../../storage/types.js';

export interface Range {
  first: number;
  size: number;
}

export function parseCIDR(cidr: string): Range {
  const [ip, bitsStr] = cidr.split('/');
  const bits = Number(bitsStr);
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255)) || !(bits >= 8 && bits <= 30))
    throw new Error(`invalid CIDR ${cidr}`);
  const base = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { first: (base & mask) >>> 0, size: 2 ** (32 - bits) };
}

export function ipToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (nums.some((x) => !(x >= 0 && x <= 255))) return undefined;
  return ((nums[0] << 24) >>> 0) + (nums[1] << 16) + (nums[2] << 8) + nums[3];
}

/** Hands out values of a range by creating one key per value under `prefix`. */
class KeyAllocator {
  constructor(
    private readonly store: Store,
    private readonly prefix: string,
    private readonly lo: number,
    private readonly hi: number, // inclusive
    private readonly show: (n: number) => string,
  ) {}

  async allocate(owner: string): Promise<number> {
    const span = this.hi - this.lo + 1;
    const start = randomInt(span);
    for (let i = 0; i < span; i++) {
      const n = this.lo + ((start + i) % span);
      if (await this.tryClaim(n, owner)) return n;
    }
    throw errors.internal(`range ${this.show(this.lo)}-${this.show(this.hi)} is full`);
  }

  contains(n: number): boolean {
    return n >= this.lo && n <= this.hi;
  }

  async tryClaim(n: number, owner: string): Promise<boolean> {
    try {
      await this.store.create(this.prefix + this.show(n), { owner });
      return true;
    } catch (e) {
      if (e instanceof StorageError && e.code === 'KeyExists') return false;
      throw e;
    }
  }

  async release(n: number): Promise<void> {
    try {
      await this.store.delete(this.prefix + this.show(n));
    } catch (e) {
      if (!(e instanceof StorageError && e.code === 'KeyNotFound')) throw e;
    }
  }
}

export interface AllocatorOptions {
  serviceCIDR: string;
  nodePortRange: string; // "30000-32767"
}

export class ServiceAllocators {
  private readonly ips: KeyAllocator;
  private readonly ports: KeyAllocator;
  readonly serviceRange: Range;

  constructor(store: Store, opts: AllocatorOptions) {
    this.serviceRange = parseCIDR(opts.serviceCIDR);
    const r = this.serviceRange;
    this.ips = new KeyAllocator(store, '/registry/ranges/serviceips/', r.first + 1, r.first + r.size - 2, ipToString);
    const [lo, hi] = opts.nodePortRange.split('-').map(Number);
    this.ports = new KeyAllocator(store, '/registry/ranges/servicenodeports/', lo, hi, String);
  }

  /** The n-th address of the service range (1 → the `kubernetes` Service, 10 → kube-dns). */
  nthIP(n: number): string {
    return ipToString(this.serviceRange.first + n);
  }

  async allocateIP(owner: string, requested?: string): Promise<string> {
    if (requested === undefined || requested === '') return ipToString(await this.ips.allocate(owner));
    const n = ipToNumber(requested);
    if (n === undefined || !this.ips.contains(n))
      throw errors.invalid('Service', owner, [fieldErrors.invalid('spec.clusterIPs', [requested], 'failed to allocate IP ' + requested + ': provided IP is not in the valid range. The range of valid IPs is ' + ipToString(this.serviceRange.first) + '/' + (32 - Math.log2(this.serviceRange.size)))]);
    if (!(await this.ips.tryClaim(n, owner)))
      throw errors.invalid('Service', owner, [fieldErrors.invalid('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: provided IP is already allocated`)]);
    return requested;
  }

  async releaseIP(ip: string): Promise<void> {
    const n = ipToNumber(ip);
    if (n !== undefined && this.ips.contains(n)) await this.ips.release(n);
  }

  /** `field` names the requested port in errors, e.g. spec.ports[1].nodePort or spec.healthCheckNodePort. */
  async allocatePort(owner: string, requested?: number, field = 'spec.ports[0].nodePort'): Promise<number> {
    if (requested === undefined || requested === 0) return this.ports.allocate(owner);
    if (!this.ports.contains(requested))
      throw errors.invalid('Service', owner, [fieldErrors.invalid(field, requested, 'provided port is not in the valid range. The range of valid ports is 30000-32767')]);
    if (!(await this.ports.tryClaim(requested, owner)))
      throw errors.invalid('Service', owner, [fieldErrors.invalid(field, requested, 'provided port is already allocated')]);
    return requested;
  }

  async releasePort(port: number): Promise<void> {
    if (this.ports.contains(port)) await this.ports.release(port);
  }
}
