// A scripted stand-in for client-node's ListWatch, for tests of informer lifecycles: each start()
// lists through the informer's list function and replays the items as adds (or fails with `next`);
// `emit` plays watch events and errors. `fakeListWatches()` hands out one per informer, by path.
import type { KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { ListWatchLike, ListWatchSource, MakeListWatch } from './listwatch.js';

type Verb = 'add' | 'update' | 'delete' | 'error';

export class FakeListWatch implements ListWatchLike<KubernetesObject> {
  starts = 0;
  stops = 0;
  /** Set to make the next start() fail with it. */
  next: Error | undefined;
  private readonly handlers = new Map<Verb, Array<(o?: unknown) => void>>();

  constructor(
    readonly src: ListWatchSource<KubernetesObject>,
    private readonly list: () => Promise<KubernetesListObject<KubernetesObject>>,
  ) {}

  on(verb: Verb, cb: (o: never) => void): void {
    const hs = this.handlers.get(verb) ?? [];
    hs.push(cb as (o?: unknown) => void);
    this.handlers.set(verb, hs);
  }

  emit(verb: Verb, o?: unknown): void {
    for (const h of this.handlers.get(verb) ?? []) h(o);
  }

  async start(): Promise<void> {
    this.starts++;
    if (this.next) throw this.next;
    const l = await this.list();
    for (const o of l.items) this.emit('add', o);
  }

  async stop(): Promise<void> {
    this.stops++;
  }
}

/**
 * A MakeListWatch that records every FakeListWatch it makes. With `items`, lists return those
 * (no API call); otherwise the informer's own list function is called.
 */
export function fakeListWatches(items?: (src: ListWatchSource<KubernetesObject>) => KubernetesObject[] | Promise<KubernetesObject[]>): { make: MakeListWatch; made: FakeListWatch[] } {
  const made: FakeListWatch[] = [];
  const make = <T extends KubernetesObject>(_kc: KubeConfig, src: ListWatchSource<T>, list: () => Promise<KubernetesListObject<T>>): ListWatchLike<T> => {
    const s = src as unknown as ListWatchSource<KubernetesObject>;
    const listFn = items ? async () => ({ items: await items(s) }) : (list as unknown as () => Promise<KubernetesListObject<KubernetesObject>>);
    const lw = new FakeListWatch(s, listFn);
    made.push(lw);
    return lw as unknown as ListWatchLike<T>;
  };
  return { make, made };
}
