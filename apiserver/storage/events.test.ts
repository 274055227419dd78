import { describe, expect, it } from 'vitest';
import { filterChange, type Change } from './events.js';
import type { KubeObject } from './types.js';

const o = (app: string, rv: string): KubeObject => ({ metadata: { name: 'a', labels: { app }, resourceVersion: rv } });
const web = (x: KubeObject): boolean => (x.metadata?.labels as Record<string, string>).app === 'web';
const change = (type: Change['type'], now: string, before?: string): Change => ({
  type,
  key: 'k',
  object: o(now, '9'),
  prev: before ? o(before, '5') : undefined,
  rv: '9',
  rvNum: 9,
});

describe('filterChange', () => {
  it.each([
    ['ADDED matching', change('ADDED', 'web'), 'ADDED', 'web'],
    ['ADDED not matching', change('ADDED', 'db'), undefined, undefined],
    ['MODIFIED staying in', change('MODIFIED', 'web', 'web'), 'MODIFIED', 'web'],
    ['MODIFIED entering', change('MODIFIED', 'web', 'db'), 'ADDED', 'web'],
    ['MODIFIED leaving (previous state, new rv)', change('MODIFIED', 'db', 'web'), 'DELETED', 'web'],
    ['MODIFIED staying out', change('MODIFIED', 'db', 'db'), undefined, undefined],
    ['DELETED matching', change('DELETED', 'web'), 'DELETED', 'web'],
    ['DELETED not matching', change('DELETED', 'db'), undefined, undefined],
  ] as const)('%s', (_c, ch, type, app) => {
    const ev = filterChange(ch, web);
    expect(ev?.type).toBe(type);
    if (ev) {
      expect((ev.object.metadata?.labels as Record<string, string>).app).toBe(app);
      expect(ev.object.metadata?.resourceVersion).toBe('9');
      expect(ev.rv).toBe('9');
    }
  });

  it('passes everything through without a filter', () => {
    expect(filterChange(change('MODIFIED', 'db', 'web'))?.type).toBe('MODIFIED');
  });
});
