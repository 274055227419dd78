// The informer's local cache (client-go cache.Indexer): objects by `namespace/name`, a built-in
// namespace index and any number of named indexes. Objects in it are shared: copy before mutating.
import type { KubernetesObject } from '@kubernetes/client-node';
import { keyOf } from './keys.js';

/** Maps an object to the index values it should be found under. */
export type IndexFunc<T> = (obj: T) => string[];

export const NamespaceIndex = 'namespace';

/** Read-only view controllers use (a "lister"). */
export interface Lister<T extends KubernetesObject> {
  get(key: string): T | undefined;
  getByName(namespace: string | undefined, name: string): T | undefined;
  list(): T[];
  listNamespace(namespace: string): T[];
  byIndex(index: string, value: string): T[];
}

/** A lister that can also grow indexes (what informers expose to controllers). */
export interface Store<T extends KubernetesObject> extends Lister<T> {
  addIndex(name: string, fn: IndexFunc<T>): void;
  hasIndex(name: string): boolean;
}

export class Indexer<T extends KubernetesObject> implements Store<T> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  /** index name → value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor() {
    this.addIndex(NamespaceIndex, (o) => [o.metadata?.namespace ?? '']);
  }

  /** Registers an index; existing objects are indexed at once. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.indexFuncs.has(name)) throw new Error(`index ${name} already exists`);
    this.indexFuncs.set(name, fn);
    this.indices.set(name, new Map());
    for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
  }

  hasIndex(name: string): boolean {
    return this.indexFuncs.has(name);
  }

  /** Stores the object; returns the previous one under the same key. */
  upsert(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexFuncs) this.indexOne(name, fn, key, obj);
    return old;
  }

  /** Removes the object with this key; returns what was stored. */
  remove(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listNamespace(namespace: string): T[] {
    return this.byIndex(NamespaceIndex, namespace);
  }

  byIndex(index: string, value: string): T[] {
    const idx = this.indices.get(index);
    if (!idx) throw new Error(`index ${index} does not exist`);
    const keys = idx.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) {
      const o = this.items.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  private indexOne(name: string, fn: IndexFunc<T>, key: string, obj: T): void {
    const idx = this.indices.get(name)!;
    for (const v of fn(obj)) {
      let set = idx.get(v);
      if (!set) idx.set(v, (set = new Set()));
      set.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const idx = this.indices.get(name)!;
      for (const v of fn(obj)) {
        const set = idx.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) idx.delete(v);
      }
    }
  }
}
