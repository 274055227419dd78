// A bounded ring of recent scheduling attempts, looked up by pod. Writing is O(1); reading scans the
// ring (it is small and reads are rare: the HTTP endpoint and the CLI).
import type { Attempt } from './types.js';

export class ExplainStore {
  private readonly ring: (Attempt | undefined)[];
  private next = 0;

  constructor(readonly capacity = 1000) {
    if (capacity < 1) throw new Error('ExplainStore capacity must be at least 1');
    this.ring = new Array<Attempt | undefined>(capacity);
  }

  record(a: Attempt): void {
    this.ring[this.next] = a;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Attempts still held for `namespace/name`, oldest first. */
  forPod(namespace: string, name: string): Attempt[] {
    const key = `${namespace}/${name}`;
    const out: Attempt[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const a = this.ring[(this.next + i) % this.capacity];
      if (a && a.pod === key) out.push(a);
    }
    return out;
  }

  size(): number {
    return this.ring.reduce((n, a) => n + (a ? 1 : 0), 0);
  }
}
