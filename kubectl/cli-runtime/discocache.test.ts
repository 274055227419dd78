import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheFile, readCache, writeCache } from './discocache.js';
import type { ApiResource } from './discovery.js';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-discocache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pods: ApiResource = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', shortNames: ['po'], namespaced: true, verbs: ['get'], categories: ['all'] };

describe('discovery cache', () => {
  it('lives under KUBECACHEDIR, else ~/.kube/cache, one file per host and port', () => {
    expect(cacheFile('https://127.0.0.1:6443', { KUBECACHEDIR: '/c', HOME: '/h' })).toBe('/c/k8ts-discovery/127.0.0.1_6443.json');
    expect(cacheFile('http://localhost', { HOME: '/h' })).toBe('/h/.kube/cache/k8ts-discovery/localhost_80.json');
    expect(cacheFile('https://h', {})).toBeUndefined();
  });

  it('is used for six hours, then ignored', () => {
    const f = cacheFile('http://127.0.0.1:1', { KUBECACHEDIR: dir });
    writeCache(f, [pods], 1_000_000);
    expect(readCache(f, 1_000_000 + 3600_000)).toEqual([pods]);
    expect(readCache(f, 1_000_000 + 7 * 3600_000)).toBeUndefined();
    expect(readCache(join(dir, 'missing.json'))).toBeUndefined();
  });
});
