import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod, V1Volume } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { setUpVolumes, tearDownPodDir, type VolumeSources } from './render.js';
import { writeAtomic } from './atomic.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const src: VolumeSources = {
  configMap: async (_ns, n) => (n === 'cfg' ? { data: { 'a.conf': 'A', 'b.conf': 'B' } } : undefined),
  secret: async (_ns, n) => (n === 'tls' ? { data: { 'tls.key': b64('KEY') } } : undefined),
  // The caller resolves downward API items (pods/env.ts); here: fieldRefs only, named after the pod.
  downwardValue: (p, item) => (item.fieldRef ? `${item.fieldRef.fieldPath} of ${p.metadata?.name}` : undefined),
};
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'k8ts-vol-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const pod = (volumes: V1Volume[]): V1Pod => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u', labels: { app: 'x' } }, spec: { containers: [{ name: 'c' }], volumes } });
const mode = (p: string): number => statSync(p).mode & 0o777;

describe('setUpVolumes', () => {
  it('writes configMap items with modes and secret keys (defaultMode) through ..data', async () => {
    const podDir = tmp();
    const r = await setUpVolumes(pod([
      { name: 'conf', configMap: { name: 'cfg', items: [{ key: 'a.conf', path: 'sub/a', mode: 0o600 }] } },
      { name: 'certs', secret: { secretName: 'tls', defaultMode: 0o400 } },
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path: join(podDir, 'hostdir'), type: 'DirectoryOrCreate' } },
    ]), src, { podDir, materialize: true });
    if (!r.ok) throw new Error(r.message);
    const conf = r.paths.get('conf')!;
    expect(readFileSync(join(conf, 'sub/a'), 'utf8')).toBe('A');
    expect(existsSync(join(conf, 'b.conf'))).toBe(false);
    expect(mode(join(conf, 'sub/a'))).toBe(0o600);
    expect(readlinkSync(join(conf, 'sub'))).toBe('..data/sub');
    const certs = r.paths.get('certs')!;
    expect(readFileSync(join(certs, 'tls.key'), 'utf8')).toBe('KEY');
    expect(mode(join(certs, 'tls.key'))).toBe(0o400);
    expect(statSync(r.paths.get('scratch')!).isDirectory()).toBe(true);
    expect(statSync(join(podDir, 'hostdir')).isDirectory()).toBe(true);
    await tearDownPodDir(podDir);
    expect(existsSync(podDir)).toBe(false);
  });

  it('renders downwardAPI and projected volumes', async () => {
    const podDir = tmp();
    const r = await setUpVolumes(pod([
      { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
      { name: 'all', projected: { sources: [{ configMap: { name: 'cfg', items: [{ key: 'b.conf', path: 'b' }] } }, { secret: { name: 'tls' } },
        { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } },
    ]), src, { podDir, materialize: true });
    if (!r.ok) throw new Error(r.message);
    expect(readFileSync(join(r.paths.get('info')!, 'labels'), 'utf8')).toBe('metadata.labels of p');
    expect(readFileSync(join(r.paths.get('info')!, 'name'), 'utf8')).toBe('metadata.name of p');
    const all = r.paths.get('all')!;
    expect([readFileSync(join(all, 'b'), 'utf8'), readFileSync(join(all, 'tls.key'), 'utf8'), readFileSync(join(all, 'ns'), 'utf8')]).toEqual(['B', 'KEY', 'metadata.namespace of p']);
  });

  it.each([
    ['a missing configMap', { name: 'v', configMap: { name: 'nope' } }, 'MountVolume.SetUp failed for volume "v" : configmap "nope" not found'],
    ['a missing secret', { name: 'v', secret: { secretName: 'nope' } }, 'MountVolume.SetUp failed for volume "v" : secret "nope" not found'],
    ['a missing key', { name: 'v', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'z' }] } }, 'MountVolume.SetUp failed for volume "v" : couldn\'t find key zz in ConfigMap ns/cfg'],
    ['a downward API item the caller cannot resolve', { name: 'v', downwardAPI: { items: [{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }] } }, 'MountVolume.SetUp failed for volume "v" : unsupported downward API item cpu'],
    ['a hostPath Directory that is absent', { name: 'v', hostPath: { path: '/nonexistent/k8ts', type: 'Directory' } }, 'MountVolume.SetUp failed for volume "v" : hostPath type check failed: /nonexistent/k8ts is not a directory'],
  ] as [string, V1Volume, string][])('reports %s', async (_n, v, message) => {
    expect(await setUpVolumes(pod([v]), src, { podDir: tmp(), materialize: true })).toEqual({ ok: false, message });
  });

  it('accepts an optional missing configMap as an empty volume', async () => {
    const r = await setUpVolumes(pod([{ name: 'v', configMap: { name: 'nope', optional: true } }]), src, { podDir: tmp(), materialize: true });
    expect(r.ok).toBe(true);
  });

  it('touches nothing for hollow nodes', async () => {
    const podDir = join(tmp(), 'pod');
    const r = await setUpVolumes(pod([{ name: 'v', configMap: { name: 'nope' } }]), src, { podDir, materialize: false });
    expect(r.ok).toBe(true);
    expect(existsSync(podDir)).toBe(false);
  });
});

describe('writeAtomic', () => {
  it('replaces the whole set: removed keys disappear, old data dirs are removed', async () => {
    const d = tmp();
    await writeAtomic(d, [{ path: 'a', content: Buffer.from('1'), mode: 0o644 }, { path: 'b', content: Buffer.from('2'), mode: 0o644 }]);
    await writeAtomic(d, [{ path: 'a', content: Buffer.from('3'), mode: 0o644 }]);
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('3');
    expect(existsSync(join(d, 'b'))).toBe(false);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(d).filter((n) => n.startsWith('..') && n !== '..data')).toHaveLength(1);
  });

  it('rejects paths escaping the volume', async () => {
    await expect(writeAtomic(tmp(), [{ path: '../x', content: Buffer.from(''), mode: 0o644 }])).rejects.toThrow(/invalid path/);
  });
});
