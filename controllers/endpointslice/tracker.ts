// Which EndpointSlice writes the informer has not shown us yet (Kubernetes' EndpointSliceTracker):
// after creating, updating or deleting a slice, the Service's cached slices are stale until the
// informer delivers that very change. Reconciling from a stale cache would create a duplicate slice
// (the one just created is missing) or undo a write, so the controller waits instead.
import type { V1EndpointSlice } from '@kubernetes/client-node';

interface Pending {
  /** resourceVersion our write returned; undefined for a delete. */
  resourceVersion?: string;
  at: number;
}

export class SliceTracker {
  /** service key → slice name → the write not yet observed. */
  private readonly pending = new Map<string, Map<string, Pending>>();

  constructor(
    private readonly now: () => number,
    /** After this long a write counts as observed anyway (a relist may skip its exact version). */
    private readonly maxWaitMs = 5000,
  ) {}

  wrote(service: string, slice: V1EndpointSlice): void {
    this.set(service, slice.metadata?.name ?? '', { resourceVersion: slice.metadata?.resourceVersion, at: this.now() });
  }

  deleted(service: string, name: string): void {
    this.set(service, name, { at: this.now() });
  }

  /**
   * Whether the service's cached slices miss one of our writes: a written slice not in the cache at
   * the version our write returned, or a deleted one still there. (The informer may deliver a write
   * before the write's own response arrives, so the cache is what is checked, not the events.)
   */
  stale(service: string, cached: (name: string) => V1EndpointSlice | undefined): boolean {
    const bySlice = this.pending.get(service);
    if (!bySlice) return false;
    const now = this.now();
    for (const [name, p] of bySlice) {
      const c = cached(name);
      const seen = p.resourceVersion === undefined ? c === undefined : c?.metadata?.resourceVersion === p.resourceVersion;
      if (seen || now - p.at >= this.maxWaitMs) bySlice.delete(name);
    }
    if (bySlice.size === 0) this.pending.delete(service);
    return bySlice.size > 0;
  }

  forget(service: string): void {
    this.pending.delete(service);
  }

  private set(service: string, name: string, p: Pending): void {
    let bySlice = this.pending.get(service);
    if (!bySlice) this.pending.set(service, (bySlice = new Map()));
    bySlice.set(name, p);
  }
}
