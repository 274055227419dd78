// The incremental transaction: what is flushed, deleted and (re)added given the previous write.
import { describe, expect, it } from 'vitest';
import { renderDelete, renderTransaction, stateOf, type NftTable } from './table.js';

function table(chains: string[], sets: Array<[string, string]>): NftTable {
  return {
    family: 'ip',
    name: 't',
    chains: chains.map((name) => ({ name, rules: [`counter comment "${name}"`] })),
    sets: sets.map(([name, spec]) => ({ name, kind: name.startsWith('m') ? 'map' : 'set', spec, elements: name.startsWith('m') ? ['1 : accept'] : [] })),
  };
}

describe('renderTransaction', () => {
  it('rebuilds the whole table on the first write', () => {
    const out = renderTransaction(table(['a'], [['s1', 'type ipv4_addr;']])).split('\n');
    expect(out.slice(0, 3)).toEqual(['add table ip t', 'delete table ip t', 'add table ip t']);
    expect(out).toContain('add set ip t s1 { type ipv4_addr; }');
  });

  it.each([
    {
      name: 'stale chain deleted after every chain is flushed',
      prev: table(['a', 'b'], []),
      next: table(['a'], []),
      has: ['flush chain ip t a', 'flush chain ip t b', 'delete chain ip t b', 'add rule ip t a counter comment "a"'],
      lacks: ['delete table ip t', 'delete chain ip t a'],
    },
    {
      name: 'unchanged set kept (affinity entries survive)',
      prev: table(['a'], [['s1', 'type ipv4_addr; timeout 5s;']]),
      next: table(['a'], [['s1', 'type ipv4_addr; timeout 5s;']]),
      has: [],
      lacks: ['delete set ip t s1', 'add set ip t s1 { type ipv4_addr; timeout 5s; }'],
    },
    {
      name: 'changed set replaced',
      prev: table(['a'], [['s1', 'type ipv4_addr; timeout 5s;']]),
      next: table(['a'], [['s1', 'type ipv4_addr; timeout 9s;']]),
      has: ['delete set ip t s1', 'add set ip t s1 { type ipv4_addr; timeout 9s; }'],
      lacks: [],
    },
    {
      name: 'maps flushed and refilled',
      prev: table(['a'], [['m1', 'type inet_service : verdict;']]),
      next: table(['a'], [['m1', 'type inet_service : verdict;']]),
      has: ['flush map ip t m1', 'add element ip t m1 { 1 : accept }'],
      lacks: ['delete map ip t m1'],
    },
    {
      name: 'stale set deleted',
      prev: table(['a'], [['s1', 'type ipv4_addr;']]),
      next: table(['a'], []),
      has: ['delete set ip t s1'],
      lacks: [],
    },
  ])('$name', ({ prev, next, has, lacks }) => {
    const lines = renderTransaction(next, stateOf(prev)).split('\n');
    for (const l of has) expect(lines).toContain(l);
    for (const l of lacks) expect(lines).not.toContain(l);
    // Flushes come before deletes, deletes before additions.
    const firstDelete = lines.findIndex((l) => l.startsWith('delete'));
    const lastFlush = lines.map((l) => l.startsWith('flush')).lastIndexOf(true);
    if (firstDelete >= 0) expect(firstDelete).toBeGreaterThan(lastFlush);
  });

  it('renders a delete that tolerates a missing table', () => {
    expect(renderDelete('ip', 't')).toBe('add table ip t\ndelete table ip t\n');
  });
});
