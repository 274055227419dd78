// Controller expectations (client-go's ControllerExpectations + UIDTrackingControllerExpectations):
// after issuing N creates / deletes for a key, the controller waits until its informer has observed
// them (or 5 minutes pass) before acting on that key again, so a slow cache never causes a
// second create or delete of the same pods.
import { realClock, type Clock } from './clock.js';

export const ExpectationsTimeoutMs = 5 * 60 * 1000;

interface Record {
  add: number;
  del: number;
  /** Keys of objects whose deletion we expect (deletions are only counted once each). */
  deleting: Set<string>;
  timestamp: number;
}

export class Expectations {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly clock: Clock = realClock,
    private readonly timeoutMs = ExpectationsTimeoutMs,
  ) {}

  /** True when the controller may sync `key`: nothing pending, all observed, or expired. */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.del <= 0) return true;
    return this.clock.now() - r.timestamp > this.timeoutMs;
  }

  /** Whether the record for `key` has been pending so long that it expired. */
  expired(key: string): boolean {
    const r = this.records.get(key);
    return !!r && this.clock.now() - r.timestamp > this.timeoutMs;
  }

  /** Sets (replaces) the expectations for a key. */
  expect(key: string, creates: number, deleteKeys: string[] = []): void {
    this.records.set(key, {
      add: creates,
      del: deleteKeys.length,
      deleting: new Set(deleteKeys),
      timestamp: this.clock.now(),
    });
  }

  expectCreations(key: string, n: number): void {
    this.expect(key, n);
  }

  expectDeletions(key: string, deleteKeys: string[]): void {
    this.expect(key, 0, deleteKeys);
  }

  /** An add of an object controlled by `key` was observed (or a create failed and won't be seen). */
  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.add--;
  }

  /** The deletion of `objKey` was observed (or will not happen); counted once per object. */
  deletionObserved(key: string, objKey: string): void {
    const r = this.records.get(key);
    if (!r || !r.deleting.delete(objKey)) return;
    r.del--;
  }

  /** Pending counts, for logs and tests. */
  pending(key: string): { add: number; del: number } | undefined {
    const r = this.records.get(key);
    return r ? { add: r.add, del: r.del } : undefined;
  }

  delete(key: string): void {
    this.records.delete(key);
  }
}
