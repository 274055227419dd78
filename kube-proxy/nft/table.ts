// An nftables table as data (chains with rule text, sets and verdict maps) and its rendering as
// one `nft -f` transaction. The first write replaces the whole table; later writes flush and refill
// our chains and maps in place so the dynamic affinity sets keep their entries.

export interface BaseChain {
  type: 'nat' | 'filter';
  hook: 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
  /** Numeric: nft 1.0.6 rejects `dstnat - 10` style expressions. */
  priority: number;
}

export interface NftChain {
  name: string;
  base?: BaseChain;
  rules: string[];
}

export interface NftSet {
  name: string;
  /** The body of the definition, e.g. `type ipv4_addr; flags dynamic,timeout; timeout 10800s;`. */
  spec: string;
  kind: 'set' | 'map';
  /** Static elements (maps); dynamic sets have none. */
  elements: string[];
}

export interface NftTable {
  family: 'ip';
  name: string;
  chains: NftChain[];
  sets: NftSet[];
}

/** What a previous successful write left in the kernel: each chain's definition and rules, each
 * set's or map's definition, and each map's elements. */
export interface TableState {
  /** Chain name → its base spec and rules (one string, compared whole). */
  chains: Map<string, string>;
  /** Set or map name → `kind spec`. */
  sets: Map<string, string>;
  /** Map name → its static elements. */
  elements: Map<string, Set<string>>;
}

export function stateOf(t: NftTable): TableState {
  return {
    chains: new Map(t.chains.map((c) => [c.name, `${chainSpec(c)}\n${c.rules.join('\n')}`])),
    sets: new Map(t.sets.map((s) => [s.name, `${s.kind} ${s.spec}`])),
    elements: new Map(t.sets.map((s) => [s.name, new Set(s.elements)])),
  };
}

function chainSpec(c: NftChain): string {
  if (!c.base) return '';
  const b = c.base;
  return ` { type ${b.type} hook ${b.hook} priority ${b.priority}; policy accept; }`;
}

/** The key of a map element (`key : verdict` → `key`). */
const elementKey = (e: string): string => {
  const i = e.indexOf(' : ');
  return i < 0 ? e : e.slice(0, i);
};

/**
 * The transaction that makes the kernel hold exactly `t`. Without `prev` (first write, or after a
 * failed write) the table is deleted and rebuilt. With it, only the difference is written:
 * changed chains are flushed and refilled, new ones added, stale ones flushed and deleted once no
 * map element points at them; map elements are added and deleted one by one; sets whose
 * definition is unchanged (the dynamic affinity sets) keep their entries. One endpoint change in
 * a large table therefore touches a handful of lines, not the whole table. `next` is stateOf(t),
 * for callers that keep it anyway.
 */
export function renderTransaction(t: NftTable, prev?: TableState, next: TableState = stateOf(t)): string {
  const T = `${t.family} ${t.name}`;
  const out: string[] = [`add table ${T}`];
  if (!prev) {
    out.push(`delete table ${T}`, `add table ${T}`);
    for (const s of t.sets) out.push(`add ${s.kind} ${T} ${s.name} { ${s.spec} }`);
    for (const c of t.chains) out.push(`add chain ${T} ${c.name}${chainSpec(c)}`);
    for (const c of t.chains) for (const r of c.rules) out.push(`add rule ${T} ${c.name} ${r}`);
    for (const s of t.sets) for (const e of s.elements) out.push(`add element ${T} ${s.name} { ${e} }`);
    return out.join('\n') + '\n';
  }
  const want = next;
  const flushes: string[] = [];
  const deletes: string[] = [];
  const adds: string[] = [];
  const staleSets: string[] = [];
  // Sets and maps: new or redefined ones are (re)created; a redefined one is deleted first.
  for (const s of t.sets) {
    const had = prev.sets.get(s.name);
    if (had === `${s.kind} ${s.spec}`) continue;
    if (had !== undefined) deletes.push(`delete ${had.split(' ', 1)[0]} ${T} ${s.name}`);
    adds.push(`add ${s.kind} ${T} ${s.name} { ${s.spec} }`);
  }
  for (const [name, had] of prev.sets) if (!want.sets.has(name)) staleSets.push(`delete ${had.split(' ', 1)[0]} ${T} ${name}`);
  // Chains: declare new ones, flush changed and stale ones. A chain using a set that is being
  // redefined counts as changed (its rules must let go of the old set before it is deleted).
  const redefined = t.sets.filter((s) => prev.sets.has(s.name) && prev.sets.get(s.name) !== `${s.kind} ${s.spec}`).map((s) => `@${s.name}`);
  const changed = new Set<string>();
  for (const c of t.chains) {
    const had = prev.chains.get(c.name);
    if (had === undefined) out.push(`add chain ${T} ${c.name}${chainSpec(c)}`);
    else if (had !== want.chains.get(c.name) || redefined.some((r) => c.rules.some((x) => x.includes(r)))) {
      changed.add(c.name);
      flushes.push(`flush chain ${T} ${c.name}`);
    }
  }
  for (const name of prev.chains.keys()) if (!want.chains.has(name)) flushes.push(`flush chain ${T} ${name}`);
  // Map elements: delete the ones that went away or changed verdict (in maps that stay), add new.
  const elementDeletes: string[] = [];
  const elementAdds: string[] = [];
  for (const s of t.sets) {
    const kept = prev.sets.get(s.name) === `${s.kind} ${s.spec}`;
    const had = kept ? (prev.elements.get(s.name) ?? new Set<string>()) : new Set<string>();
    const now = want.elements.get(s.name)!;
    for (const e of had) if (!now.has(e)) elementDeletes.push(`delete element ${T} ${s.name} { ${elementKey(e)} }`);
    for (const e of now) if (!had.has(e)) elementAdds.push(`add element ${T} ${s.name} { ${e} }`);
  }
  out.push(...flushes, ...elementDeletes, ...deletes, ...adds);
  for (const c of t.chains) {
    if (prev.chains.has(c.name) && !changed.has(c.name)) continue;
    for (const r of c.rules) out.push(`add rule ${T} ${c.name} ${r}`);
  }
  out.push(...elementAdds);
  for (const name of prev.chains.keys()) if (!want.chains.has(name)) out.push(`delete chain ${T} ${name}`);
  out.push(...staleSets);
  return out.join('\n') + '\n';
}

/** The transaction that removes the table (used by --cleanup and on shutdown). */
export function renderDelete(family: string, name: string): string {
  // `add` first so deleting a table that is not there is not an error.
  return `add table ${family} ${name}\ndelete table ${family} ${name}\n`;
}
