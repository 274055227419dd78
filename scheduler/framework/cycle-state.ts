// Per-attempt scratch space shared by a pod's plugins (PreFilter computes, Filter/Score read).
// Keys are typed so readers get back what writers stored.

export interface StateKey<T> {
  readonly name: string;
  /** Phantom field carrying the value type; never set. */
  readonly __type?: T;
}

export function stateKey<T>(name: string): StateKey<T> {
  return { name };
}

export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins that returned Skip at PreFilter / PreScore in this cycle. */
  readonly skipFilter = new Set<string>();
  readonly skipScore = new Set<string>();

  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key.name, value);
  }
  read<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key.name) as T | undefined;
  }
  /** A shallow copy (values are treated as immutable by plugins). */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v);
    for (const s of this.skipFilter) c.skipFilter.add(s);
    for (const s of this.skipScore) c.skipScore.add(s);
    return c;
  }
}
