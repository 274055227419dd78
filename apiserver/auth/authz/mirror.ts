// An in-memory copy of one storage prefix (e.g. /registry/clusterroles/), kept current from the
// store's watch: list once, then watch from the list's revision; on a broken or compacted watch,
// list again. Authorizers read these maps, so no request costs an etcd read.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../apimachinery/log.js';
import type { Obj } from '../../../apimachinery/objects.js';
import type { Store } from '../../storage/types.js';

export interface MirrorListener {
  /** An object appeared or changed (old is its previous state, if any). */
  upsert?(key: string, obj: Obj, old: Obj | undefined): void;
  /** An object left storage. */
  remove?(key: string, old: Obj): void;
}

export class StoreMirror {
  readonly objects = new Map<string, Obj>();

  constructor(
    private readonly store: Store,
    readonly prefix: string,
    private readonly log: Logger,
    private readonly listener: MirrorListener = {},
  ) {}

  /** Lists the prefix, then keeps watching in the background until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const rv = await this.relist();
    void this.follow(rv, signal);
  }

  private async relist(): Promise<string> {
    const list = await this.store.list(this.prefix);
    const seen = new Set<string>();
    for (const s of list.items) {
      seen.add(s.key);
      this.set(s.key, s.object);
    }
    for (const [key, old] of [...this.objects]) {
      if (seen.has(key)) continue;
      this.objects.delete(key);
      this.listener.remove?.(key, old);
    }
    return list.rv;
  }

  private set(key: string, obj: Obj): void {
    const old = this.objects.get(key);
    this.objects.set(key, obj);
    this.listener.upsert?.(key, obj, old);
  }

  private async follow(fromRv: string, signal: AbortSignal): Promise<void> {
    let rv = fromRv;
    let delay = 100;
    while (!signal.aborted) {
      try {
        for await (const ev of this.store.watch(this.prefix, { fromRv: rv }, signal)) {
          delay = 100;
          if (ev.type === 'BOOKMARK') {
            rv = ev.rv;
            continue;
          }
          if (ev.type === 'DELETED') {
            const old = this.objects.get(ev.key);
            this.objects.delete(ev.key);
            if (old) this.listener.remove?.(ev.key, old);
          } else {
            this.set(ev.key, ev.object);
          }
          rv = ev.rv;
        }
        // The stream ended without an error (storage closing): pause before watching again.
        await pause(delay, signal);
      } catch (e) {
        if (signal.aborted) return;
        this.log.warn({ prefix: this.prefix, err: e instanceof Error ? e.message : String(e) }, 'authorization cache watch failed; relisting');
        await pause(delay, signal);
        if (signal.aborted) return;
        delay = Math.min(delay * 2, 5000);
        try {
          rv = await this.relist();
        } catch (err) {
          this.log.warn({ prefix: this.prefix, err: err instanceof Error ? err.message : String(err) }, 'authorization cache relist failed');
        }
      }
    }
  }
}

/** Waits `ms`, or less when `signal` aborts (never throws). */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
