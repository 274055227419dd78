// Informer core: keeps the Indexer in step with a stream of add/update/delete notifications and
// fans them out to handlers (which should only enqueue keys). Sources: client-node's ListWatch
// (listwatch.ts) or tests pushing objects directly (FakeInformer).
import type { KubernetesObject } from '@kubernetes/client-node';
import { keyOf } from './keys.js';
import { Indexer, type Store } from './store.js';

export interface EventHandler<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export interface Informer<T extends KubernetesObject> {
  readonly store: Store<T>;
  /** Registers handlers; objects already in the store are replayed as adds. */
  addEventHandler(h: EventHandler<T>): void;
  hasSynced(): boolean;
  /** Resolves true once the first list has been stored, false if `signal` aborts first. */
  waitForSync(signal: AbortSignal): Promise<boolean>;
  /** Runs until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
}

export type DeliveryType = 'add' | 'update' | 'delete';

export class InformerBase<T extends KubernetesObject> implements Informer<T> {
  readonly store = new Indexer<T>();
  private readonly handlers: EventHandler<T>[] = [];
  private synced = false;
  private readonly syncWaiters: Array<() => void> = [];

  addEventHandler(h: EventHandler<T>): void {
    this.handlers.push(h);
    if (h.onAdd) for (const o of this.store.list()) h.onAdd(o);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(signal: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** Applies one notification to the store and tells the handlers. */
  deliver(type: DeliveryType, obj: T): void {
    if (type === 'delete') {
      const old = this.store.remove(keyOf(obj));
      const gone = old ?? obj;
      for (const h of this.handlers) h.onDelete?.(gone);
      return;
    }
    const old = this.store.upsert(obj);
    if (old) {
      for (const h of this.handlers) h.onUpdate?.(old, obj);
    } else {
      for (const h of this.handlers) h.onAdd?.(obj);
    }
  }

  /** Replaces the whole store with a fresh list (a relist), emitting the differences. */
  replace(objs: T[]): void {
    const seen = new Set<string>();
    for (const o of objs) {
      seen.add(keyOf(o));
      const prev = this.store.get(keyOf(o));
      if (prev && prev.metadata?.resourceVersion && prev.metadata.resourceVersion === o.metadata?.resourceVersion) continue;
      this.deliver(prev ? 'update' : 'add', o);
    }
    for (const k of this.store.keys()) {
      if (!seen.has(k)) this.deliver('delete', this.store.get(k)!);
    }
  }

  /** Tells the handlers about every cached object again, as an update from itself (a resync). */
  resync(): void {
    for (const o of this.store.list()) for (const h of this.handlers) h.onUpdate?.(o, o);
  }

  markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    for (const w of this.syncWaiters.splice(0)) w();
  }

  run(signal: AbortSignal): Promise<void> {
    this.markSynced();
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

/** An informer fed by the test: `deliver()` / `replace()`; synced as soon as it runs (or on demand). */
export class FakeInformer<T extends KubernetesObject> extends InformerBase<T> {
  constructor(objs: T[] = [], synced = true) {
    super();
    for (const o of objs) this.store.upsert(o);
    if (synced) this.markSynced();
  }
}

/** Waits for all informers to sync; false if `signal` aborted first. */
export async function waitForCacheSync(signal: AbortSignal, ...informers: Informer<KubernetesObject>[]): Promise<boolean> {
  const results = await Promise.all(informers.map((i) => i.waitForSync(signal)));
  return results.every(Boolean);
}
