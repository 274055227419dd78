import { describe, expect, it } from 'vitest';
import { MANIFEST_ACCEPT, MediaType, parseManifest, selectPlatform, toImageConfig } from './manifest.js';

const desc = (os: string, architecture: string, n: string) => ({
  mediaType: MediaType.ociManifest, digest: `sha256:${n.repeat(64)}`, size: 1, platform: { os, architecture } });

describe('manifests', () => {
  it('Accept lists all four manifest types', () => {
    for (const t of Object.values(MediaType)) expect(MANIFEST_ACCEPT).toContain(t);
  });

  it.each([
    ['oci index', { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }, undefined, 'index'],
    ['docker list by content-type', { schemaVersion: 2, manifests: [] }, MediaType.dockerList, 'index'],
    ['oci manifest', { schemaVersion: 2, mediaType: MediaType.ociManifest, config: {}, layers: [] }, undefined, 'image'],
    ['docker v2 by content-type', { schemaVersion: 2, config: {}, layers: [] }, `${MediaType.dockerManifest}; charset=utf-8`, 'image'],
  ])('classifies %s', (_n, doc, ct, kind) => {
    expect(parseManifest(Buffer.from(JSON.stringify(doc)), ct).kind).toBe(kind);
  });

  it('rejects schema1', () => {
    const body = Buffer.from(JSON.stringify({ schemaVersion: 1, mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws' }));
    expect(() => parseManifest(body)).toThrow(/schema1/);
  });

  it('selects linux/amd64 from a list', () => {
    const index = { schemaVersion: 2, manifests: [desc('linux', 'arm64', 'a'), desc('linux', 'amd64', 'b'), desc('windows', 'amd64', 'c')] };
    expect(selectPlatform(index, { os: 'linux', architecture: 'amd64' }).digest).toBe(`sha256:${'b'.repeat(64)}`);
    expect(() => selectPlatform(index, { os: 'linux', architecture: 's390x' })).toThrow(/no manifest for linux\/s390x/);
  });

  it('maps the image config', () => {
    expect(toImageConfig({ config: { Entrypoint: null, Cmd: ['sh'], Env: ['PATH=/bin'], WorkingDir: '', User: '1000' } }))
      .toEqual({ entrypoint: undefined, cmd: ['sh'], env: ['PATH=/bin'], workingDir: undefined, user: '1000' });
  });
});
