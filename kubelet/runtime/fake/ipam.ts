// A tiny in-memory IPv4 allocator over a pod CIDR for the hollow runtime (.1 is the gateway).
import { RuntimeError } from '../../host/index.js';

function toInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw new RuntimeError('InvalidArgument', `bad IPv4 address ${ip}`);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

function toIp(n: number): string { return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'); }

export class Ipam {
  private readonly first: number;
  private readonly last: number;
  private readonly used = new Set<number>();
  private next: number;

  constructor(cidr: string) {
    const [addr, bits] = cidr.split('/');
    const len = Number(bits);
    if (!addr || !Number.isInteger(len) || len < 8 || len > 30) throw new RuntimeError('InvalidArgument', `bad pod CIDR ${cidr}`);
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    const base = (toInt(addr) & mask) >>> 0;
    this.first = base + 2;
    this.last = base + (2 ** (32 - len)) - 2;
    this.next = this.first;
  }

  /** The next free address (round-robin, so a released one is not handed out again at once). */
  allocate(): string {
    const size = this.last - this.first + 1;
    for (let i = 0; i < size; i++) {
      const n = this.first + ((this.next - this.first + i) % size);
      if (!this.used.has(n)) {
        this.used.add(n);
        this.next = n + 1 > this.last ? this.first : n + 1;
        return toIp(n);
      }
    }
    throw new RuntimeError('Internal', 'pod CIDR exhausted');
  }

  release(ip: string): void { this.used.delete(toInt(ip)); }
}
