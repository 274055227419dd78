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
      name: 'unchanged chains and elements untouched',
      prev: table(['a', 'b'], [['m1', 'type inet_service : verdict;']]),
      next: table(['a', 'b'], [['m1', 'type inet_service : verdict;']]),
      has: [],
      lacks: ['flush chain ip t a', 'add rule ip t a counter comment "a"', 'flush map ip t m1', 'add element ip t m1 { 1 : accept }'],
    },
    {
      name: 'stale chain flushed, then deleted',
      prev: table(['a', 'b'], []),
      next: table(['a'], []),
      has: ['flush chain ip t b', 'delete chain ip t b'],
      lacks: ['delete table ip t', 'delete chain ip t a', 'flush chain ip t a'],
    },
    {
      name: 'new chain declared and filled',
      prev: table(['a'], []),
      next: table(['a', 'c'], []),
      has: ['add chain ip t c', 'add rule ip t c counter comment "c"'],
      lacks: ['flush chain ip t a', 'add rule ip t a counter comment "a"'],
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
    // Flushes come before deletes, deletes before additions of rules.
    const firstDelete = lines.findIndex((l) => l.startsWith('delete'));
    const lastFlush = lines.map((l) => l.startsWith('flush')).lastIndexOf(true);
    if (firstDelete >= 0) expect(firstDelete).toBeGreaterThan(lastFlush);
  });

  it('changes map elements one by one: stale deleted by key, changed verdicts replaced, new added', () => {
    const mk = (elements: string[]): NftTable => ({ family: 'ip', name: 't', chains: [], sets: [{ name: 'm', kind: 'map', spec: 'type inet_service : verdict;', elements }] });
    const lines = renderTransaction(mk(['1 : accept', '2 : drop', '4 : accept']), stateOf(mk(['1 : accept', '2 : accept', '3 : accept']))).split('\n');
    expect(lines.filter((l) => l.includes('element'))).toEqual([
      'delete element ip t m { 2 }', 'delete element ip t m { 3 }', 'add element ip t m { 2 : drop }', 'add element ip t m { 4 : accept }',
    ]);
  });

  it('refills a chain that uses a redefined set even when its own rules did not change', () => {
    const mk = (timeout: number): NftTable => ({ family: 'ip', name: 't', chains: [{ name: 'a', rules: ['update @s { ip saddr }'] }],
      sets: [{ name: 's', kind: 'set', spec: `type ipv4_addr; flags dynamic,timeout; timeout ${timeout}s;`, elements: [] }] });
    const lines = renderTransaction(mk(9), stateOf(mk(5))).split('\n');
    expect(lines.indexOf('flush chain ip t a')).toBeLessThan(lines.indexOf('delete set ip t s'));
    expect(lines).toContain('add rule ip t a update @s { ip saddr }');
  });

  it('renders a delete that tolerates a missing table', () => {
    expect(renderDelete('ip', 't')).toBe('add table ip t\ndelete table ip t\n');
  });
});
