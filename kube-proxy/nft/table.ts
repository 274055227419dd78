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

/** What a previous successful write left in the kernel: chain names and set name → spec. */
export interface TableState {
  chains: Set<string>;
  sets: Map<string, string>;
}

export function stateOf(t: NftTable): TableState {
  return { chains: new Set(t.chains.map((c) => c.name)), sets: new Map(t.sets.map((s) => [s.name, `${s.kind} ${s.spec}`])) };
}

function chainSpec(c: NftChain): string {
  if (!c.base) return '';
  const b = c.base;
  return ` { type ${b.type} hook ${b.hook} priority ${b.priority}; policy accept; }`;
}

/**
 * The transaction that makes the kernel hold exactly `t`. Without `prev` (first write, or after a
 * failed write) the table is deleted and rebuilt; with it, chains and maps are flushed and
 * refilled, stale chains and sets deleted, and unchanged affinity sets left alone.
 */
export function renderTransaction(t: NftTable, prev?: TableState): string {
  const T = `${t.family} ${t.name}`;
  const out: string[] = [];
  out.push(`add table ${T}`);
  if (!prev) {
    out.push(`delete table ${T}`, `add table ${T}`);
  }
  const want = stateOf(t);
  if (prev) {
    // Empty everything that may reference a chain or set before anything is deleted.
    for (const name of prev.chains) out.push(`flush chain ${T} ${name}`);
    for (const [name, spec] of prev.sets) if (spec.startsWith('map ')) out.push(`flush map ${T} ${name}`);
    for (const name of prev.chains) if (!want.chains.has(name)) out.push(`delete chain ${T} ${name}`);
    for (const [name, spec] of prev.sets) {
      const [kind] = spec.split(' ', 1);
      if (want.sets.get(name) !== spec) out.push(`delete ${kind} ${T} ${name}`);
    }
  }
  for (const s of t.sets) {
    const keep = prev?.sets.get(s.name) === `${s.kind} ${s.spec}`;
    if (!keep) out.push(`add ${s.kind} ${T} ${s.name} { ${s.spec} }`);
  }
  for (const c of t.chains) out.push(`add chain ${T} ${c.name}${chainSpec(c)}`);
  for (const c of t.chains) for (const r of c.rules) out.push(`add rule ${T} ${c.name} ${r}`);
  for (const s of t.sets) for (const e of s.elements) out.push(`add element ${T} ${s.name} { ${e} }`);
  return out.join('\n') + '\n';
}

/** The transaction that removes the table (used by --cleanup and on shutdown). */
export function renderDelete(family: string, name: string): string {
  // `add` first so deleting a table that is not there is not an error.
  return `add table ${family} ${name}\ndelete table ${family} ${name}\n`;
}
