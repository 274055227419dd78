// Pod CIDR allocation (IPv4): the cluster CIDR cut into /maskSize blocks handed out lowest first.
// The allocator is rebuilt from the Nodes' existing spec.podCIDR, so restarts never hand out a block twice.

export interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(s: string): Cidr {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`invalid IPv4 CIDR ${JSON.stringify(s)}`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`invalid IPv4 CIDR ${JSON.stringify(s)}`);
  const ip = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ip & mask) >>> 0, prefix };
}

export function formatCidr(c: Cidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

export class CidrAllocator {
  private readonly cluster: Cidr;
  private readonly size: number;
  private readonly used = new Set<number>();
  private next = 0;

  constructor(clusterCidr: string, readonly maskSize: number) {
    this.cluster = parseCidr(clusterCidr);
    if (maskSize < this.cluster.prefix || maskSize > 32) {
      throw new Error(`--node-cidr-mask-size ${maskSize} must be between ${this.cluster.prefix} and 32`);
    }
    this.size = 2 ** (maskSize - this.cluster.prefix);
  }

  get capacity(): number {
    return this.size;
  }

  get allocated(): number {
    return this.used.size;
  }

  /** The block index of a CIDR inside the cluster CIDR, or undefined if it is not one of ours. */
  private index(cidr: string): number | undefined {
    let c: Cidr;
    try {
      c = parseCidr(cidr);
    } catch {
      return undefined;
    }
    if (c.prefix !== this.maskSize) return undefined;
    const offset = c.base - this.cluster.base;
    const step = 2 ** (32 - this.maskSize);
    if (offset < 0 || offset % step !== 0) return undefined;
    const i = offset / step;
    return i < this.size ? i : undefined;
  }

  /** Marks an existing allocation as taken; false if the CIDR is not a block of the cluster CIDR. */
  occupy(cidr: string): boolean {
    const i = this.index(cidr);
    if (i === undefined) return false;
    this.used.add(i);
    return true;
  }

  release(cidr: string): void {
    const i = this.index(cidr);
    if (i !== undefined) this.used.delete(i);
  }

  /** The next free block, or undefined when the range is exhausted. */
  allocate(): string | undefined {
    for (let n = 0; n < this.size; n++) {
      const i = (this.next + n) % this.size;
      if (this.used.has(i)) continue;
      this.used.add(i);
      this.next = (i + 1) % this.size;
      return formatCidr({ base: (this.cluster.base + i * 2 ** (32 - this.maskSize)) >>> 0, prefix: this.maskSize });
    }
    return undefined;
  }
}
