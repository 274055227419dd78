// Integration: pulls from a private docker-registry built by test/images.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { startTestRegistry, testRegistryUnavailable, type TestRegistry } from '../../test/images.js';
import { ImageManager } from './service.js';
import type { FetchFn } from './registry.js';

const unavailable = testRegistryUnavailable() ?? (process.getuid?.() !== 0 ? 'needs root (layer ownership, overlay mounts)' : undefined);
if (unavailable) console.warn(`skipping image pull tests: ${unavailable}`);

describe.skipIf(!!unavailable)('ImageManager against a real registry', () => {
  let reg: TestRegistry;
  let dir: string;
  const manager = (sub: string, fetchFn?: FetchFn): ImageManager =>
    new ImageManager({ root: join(dir, sub), log: silentLogger(), fetch: fetchFn });

  beforeAll(async () => {
    reg = await startTestRegistry();
    dir = await mkdtemp(join(tmpdir(), 'k8ts-images-'));
  });
  afterAll(async () => {
    await reg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pulls, verifies and unpacks an image, and finds it by tag, digest and id', async () => {
    const m = manager('a');
    const id = await m.pullImage({ image: reg.image });
    expect(id).toMatch(/^sha256:[a-f0-9]{64}$/);
    const st = await m.imageStatus({ image: reg.image });
    expect(st).toMatchObject({ id, repoTags: [reg.image] });
    const repoDigest = st!.repoDigests[0]!;
    expect(repoDigest).toMatch(new RegExp(`^${reg.registry}/test/busybox@sha256:[a-f0-9]{64}$`));
    expect((await m.imageStatus({ image: repoDigest }))?.id).toBe(id);
    expect((await m.imageStatus({ image: id }))?.id).toBe(id);
    const resolved = await m.resolve(reg.image);
    expect(resolved?.config).toMatchObject({ cmd: ['sh'], env: ['PATH=/bin'] });
    expect(resolved!.layerDirs).toHaveLength(1);
    expect(lstatSync(join(resolved!.layerDirs[0]!, 'bin', 'busybox')).isFile()).toBe(true);
    expect(readFileSync(join(resolved!.layerDirs[0]!, 'etc', 'data', 'a'), 'utf8')).toBe('a\n');
    expect(await m.listImages()).toHaveLength(1);
    expect(await m.imageStatus({ image: `${reg.registry}/test/busybox:2` })).toBeUndefined();
  });

  it('turns whiteouts and opaque markers into overlayfs form', async () => {
    const m = manager('b');
    await m.pullImage({ image: reg.layeredImage });
    const { layerDirs } = (await m.resolve(reg.layeredImage))!;
    expect(layerDirs).toHaveLength(3);
    const [, wh, opq] = layerDirs as [string, string, string];
    const ls = lstatSync(join(wh, 'bin', 'ls'));
    expect(ls.isCharacterDevice() && ls.rdev === 0).toBe(true);
    expect(existsSync(join(wh, 'bin', '.wh.ls'))).toBe(false);
    expect(readdirSync(join(opq, 'etc', 'data'))).toEqual(['c']);
    const xattr = execFileSync('/usr/bin/python3', ['-c',
      'import os,sys; print(os.getxattr(sys.argv[1], "trusted.overlay.opaque").decode())', join(opq, 'etc', 'data')]).toString().trim();
    expect(xattr).toBe('y');
    // Stack them the way the runtime does: ls is gone, /etc/data holds only c.
    const mnt = join(dir, 'mnt');
    await mkdir(join(dir, 'up'));
    await mkdir(join(dir, 'work'));
    await mkdir(mnt);
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o',
      `lowerdir=${[...layerDirs].reverse().join(':')},upperdir=${join(dir, 'up')},workdir=${join(dir, 'work')}`, mnt]);
    try {
      expect(existsSync(join(mnt, 'bin', 'ls'))).toBe(false);
      expect(existsSync(join(mnt, 'bin', 'cat'))).toBe(true);
      expect(readdirSync(join(mnt, 'etc', 'data'))).toEqual(['c']);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('rejects a blob whose content does not match its digest', async () => {
    const corrupt: FetchFn = async (url, init) => {
      const res = await fetch(url, init);
      if (!url.includes('/blobs/') || !res.ok) return res;
      const body = Buffer.from(await res.arrayBuffer());
      body[body.length - 1] ^= 0xff;
      return new Response(body, { status: 200, headers: res.headers });
    };
    await expect(manager('c', corrupt).pullImage({ image: reg.image })).rejects.toThrow(/blob digest mismatch/);
  });

  it('rejects a manifest whose content does not match the pinned digest', async () => {
    const digest = (await manager('a').imageStatus({ image: reg.image }))!.repoDigests[0]!.split('@')[1]!;
    const tamper: FetchFn = async (url, init) => {
      const res = await fetch(url, init);
      if (!url.includes('/manifests/')) return res;
      const text = (await res.text()).replace('"schemaVersion": 2', '"schemaVersion":2');
      const headers = new Headers(res.headers);
      headers.delete('docker-content-digest');
      return new Response(`${text} `, { status: res.status, headers });
    };
    await expect(manager('d', tamper).pullImage({ image: `${reg.registry}/test/busybox@${digest}` }))
      .rejects.toThrow(/manifest digest mismatch/);
  });

  it.each([
    ['unknown tag', 'test/busybox:nope', /manifest unknown/i],
    ['unknown repository', 'test/nothing:1', /manifest unknown/i],
  ])('reports the registry message for %s', async (_n, path, msg) => {
    const err = await manager('e').pullImage({ image: `${reg.registry}/${path}` }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RuntimeError', code: 'NotFound' });
    expect((err as Error).message).toMatch(msg);
  });

  it('answers a Bearer challenge with a token fetched using basic credentials', async () => {
    const seen: string[] = [];
    const realm = 'http://auth.invalid/token';
    const guarded: FetchFn = async (url, init) => {
      const h = new Headers(init?.headers);
      if (url.startsWith(realm)) {
        seen.push(`${url} ${h.get('authorization')}`);
        const ok = h.get('authorization') === `Basic ${Buffer.from('bob:pw').toString('base64')}`;
        return ok ? Response.json({ token: 'tok123' }) : new Response('{"details":"bad credentials"}', { status: 401 });
      }
      if (h.get('authorization') !== 'Bearer tok123') {
        return new Response(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }), {
          status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${realm}",service="test-registry"` } });
      }
      return fetch(url, init);
    };
    const id = await manager('f', guarded).pullImage({ image: reg.image }, { username: 'bob', password: 'pw' });
    expect(id).toMatch(/^sha256:/);
    expect(seen[0]).toBe(`${realm}?service=test-registry&scope=repository%3Atest%2Fbusybox%3Apull Basic ${Buffer.from('bob:pw').toString('base64')}`);
    const err = await manager('g', guarded).pullImage({ image: reg.image }, { username: 'bob', password: 'wrong' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'Unauthorized' });
    expect((err as Error).message).toMatch(/bad credentials/);
  });

  it('loads an OCI layout tar and a docker-save tar to the same image ids', async () => {
    const pulled = (await manager('a').imageStatus({ image: reg.image }))!.id;
    const ociTar = join(dir, 'oci.tar');
    execFileSync('tar', ['-c', '-f', ociTar, '-C', reg.layout, '.']);
    const m = manager('h');
    const ids = await m.loadArchive(ociTar);
    expect(ids).toContain(pulled);
    expect((await m.resolve(pulled))?.config.cmd).toEqual(['sh']);

    // docker save: manifest.json naming config and layer files by path.
    const index = JSON.parse(await readFile(join(reg.layout, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
    const one = index.manifests.find((d) => d.annotations?.['org.opencontainers.image.ref.name'] === '1')!;
    const man = JSON.parse(await readFile(join(reg.layout, 'blobs', 'sha256', one.digest.slice(7)), 'utf8')) as { config: { digest: string }; layers: { digest: string }[] };
    await writeFile(join(reg.layout, 'manifest.json'), JSON.stringify([{ Config: `blobs/sha256/${man.config.digest.slice(7)}`,
      RepoTags: ['busybox:saved'], Layers: man.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`) }]));
    const saveTar = join(dir, 'save.tar');
    execFileSync('tar', ['-c', '-f', saveTar, '-C', reg.layout, 'manifest.json', 'blobs']);
    await rm(join(reg.layout, 'manifest.json'));
    const m2 = manager('i');
    expect(await m2.loadArchive(saveTar)).toEqual([pulled]);
    expect((await m2.imageStatus({ image: 'busybox:saved' }))?.repoTags).toEqual(['docker.io/library/busybox:saved']);
  });

  it('removes an image and its unshared blobs and layers, keeping layers in use', async () => {
    const inUse = new Set<string>();
    const m = new ImageManager({ root: join(dir, 'j'), log: silentLogger(), layersInUse: async () => inUse });
    await m.pullImage({ image: reg.image });
    await m.pullImage({ image: reg.layeredImage });
    const base = (await m.resolve(reg.image))!.layerDirs[0]!;
    const top = (await m.resolve(reg.layeredImage))!.layerDirs;
    await m.removeImage({ image: reg.layeredImage });
    expect(await m.imageStatus({ image: reg.layeredImage })).toBeUndefined();
    expect(existsSync(base)).toBe(true);           // still used by the other image
    expect(existsSync(top[2]!)).toBe(false);
    inUse.add(`sha256:${base.split('/').pop()!}`);
    await m.removeImage({ image: reg.image });
    expect(await m.listImages()).toEqual([]);
    expect(existsSync(base)).toBe(true);           // in use by a container
    expect(readdirSync(join(dir, 'j', 'blobs', 'sha256'))).toEqual([]);
    await m.removeImage({ image: reg.image });     // idempotent
  });
});
