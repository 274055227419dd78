// The For/Owns builder (controller-runtime's pkg/builder): the wiring of a controller kept apart
// from its reconcile logic. `for(primary)` enqueues the primary object's own key, `owns(child)`
// maps a child to its controller owner's key, `watches(other, map)` maps through a function.
// Handlers only enqueue keys (the queue collapses duplicates); every watched or read informer must
// have synced before workers start.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../log.js';
import { Controller, type Reconciler } from './controller.js';
import type { DeliveryType, Informer } from './informer.js';
import { keyOf, keyString, type ObjectKey } from './keys.js';
import { getControllerOf } from './meta.js';

/** One informer notification; `old` is set on updates. */
export interface WatchEvent<T> {
  type: DeliveryType;
  obj: T;
  old?: T;
}

/** A key to enqueue now, or after `afterMs`. */
export type Enqueue = string | ObjectKey | { key: string | ObjectKey; afterMs: number };

/** Maps an event to the keys to reconcile (none, one or several). */
export type MapFunc<T> = (e: WatchEvent<T>) => Iterable<Enqueue> | Enqueue | undefined;

export interface WatchOptions<T> {
  /** Which notifications count (default all three). */
  on?: DeliveryType[];
  /** Events for which this returns false are ignored. */
  when?: (e: WatchEvent<T>) => boolean;
}

export interface OwnsOptions<T> extends WatchOptions<T> {
  /** The owner's kind in the child's controller ownerReference, e.g. `ReplicaSet`. */
  kind: string;
}

export interface BuilderOptions {
  name: string;
  logger: Logger;
  workers?: number;
}

const allEvents: DeliveryType[] = ['add', 'update', 'delete'];

/** The key of the object's controller owner of `kind` (same namespace), if it has one. */
export function ownerKey(obj: KubernetesObject, kind: string): string | undefined {
  const ref = getControllerOf(obj);
  if (!ref || ref.kind !== kind || !ref.name) return undefined;
  return keyString({ namespace: obj.metadata?.namespace || undefined, name: ref.name });
}

/** Maps an object called `name` to its namespace's key (for controllers keyed by namespace). */
export function namespaceOfNamed(name: string): MapFunc<KubernetesObject> {
  return ({ obj }) => (obj.metadata?.name === name && obj.metadata.namespace ? obj.metadata.namespace : undefined);
}

export class ControllerBuilder {
  private readonly watched: Array<(c: Controller) => void> = [];
  private readonly informers: Informer<KubernetesObject>[] = [];

  constructor(private readonly opts: BuilderOptions) {}

  /** The primary resource: each event enqueues the object's own key. */
  for<T extends KubernetesObject>(informer: Informer<T>, opts: WatchOptions<T> = {}): this {
    return this.watches(informer, (e) => keyOf(e.obj), opts);
  }

  /** A child resource: each event enqueues its controller owner (old and new owner on updates). */
  owns<T extends KubernetesObject>(informer: Informer<T>, opts: OwnsOptions<T>): this {
    return this.watches(informer, (e) => [e.old && ownerKey(e.old, opts.kind), ownerKey(e.obj, opts.kind)].filter((k): k is string => !!k), opts);
  }

  /** Any other resource, mapped to keys by `map`. */
  watches<T extends KubernetesObject>(informer: Informer<T>, map: MapFunc<T>, opts: WatchOptions<T> = {}): this {
    this.reads(informer);
    const on = new Set(opts.on ?? allEvents);
    this.watched.push((c) => {
      const handle = (e: WatchEvent<T>): void => {
        if (!on.has(e.type) || (opts.when && !opts.when(e))) return;
        enqueueAll(c, map(e));
      };
      informer.addEventHandler({
        onAdd: (obj) => handle({ type: 'add', obj }),
        onUpdate: (old, obj) => handle({ type: 'update', obj, old }),
        onDelete: (obj) => handle({ type: 'delete', obj }),
      });
    });
    return this;
  }

  /** Informers the reconciler reads without watching: they too must sync before workers start. */
  reads(...informers: Informer<KubernetesObject>[]): this {
    for (const i of informers) if (!this.informers.includes(i)) this.informers.push(i);
    return this;
  }

  /** Creates the controller and registers its handlers. */
  complete(reconciler: Reconciler): Controller {
    const c = new Controller({ name: this.opts.name, reconciler, logger: this.opts.logger, workers: this.opts.workers, waitFor: this.informers });
    for (const w of this.watched) w(c);
    return c;
  }
}

function enqueueAll(c: Controller, keys: Iterable<Enqueue> | Enqueue | undefined): void {
  if (keys === undefined) return;
  if (typeof keys === 'string' || !(Symbol.iterator in keys)) {
    enqueueOne(c, keys);
    return;
  }
  for (const k of keys) enqueueOne(c, k);
}

function enqueueOne(c: Controller, k: Enqueue): void {
  if (typeof k === 'object' && 'afterMs' in k) c.enqueueAfter(k.key, k.afterMs);
  else c.enqueue(k);
}
