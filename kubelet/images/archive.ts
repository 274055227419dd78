// Loading image archives into the store: an OCI image layout in a tar (oci-layout + index.json +
// blobs/sha256), or a `docker save` tar (manifest.json with Config/RepoTags/Layers). Every blob's
// digest is verified; layers are unpacked like pulled ones.
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, normalize } from 'node:path';
import { runOk, RuntimeError } from '../host/index.js';
import { MediaType, parseManifest, selectPlatform, sha256Digest, toImageConfig, type Descriptor,
  type ImageConfigBlob } from './manifest.js';
import { formatReference, parseReference } from './reference.js';
import type { ImageStore, LayerRecord } from './store.js';

async function fileDigest(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return `sha256:${h.digest('hex')}`;
}

function inside(root: string, rel: string): string {
  const p = normalize(join(root, rel));
  if (!p.startsWith(`${root}/`)) throw new RuntimeError('InvalidArgument', `archive path escapes: ${rel}`);
  return p;
}

function normalizeTag(name: string): string | undefined {
  try {
    const r = parseReference(name);
    return r.tag ? formatReference({ ...r, digest: undefined }) : undefined;
  } catch { return undefined; }
}

interface Candidate { configPath: string; layerPaths: string[]; tags: string[]; repoDigests: string[] }

export async function loadArchive(store: ImageStore, path: string, signal?: AbortSignal): Promise<string[]> {
  const tmp = await mkdtemp(join(store.root, 'archive-'));
  try {
    await runOk('tar', ['-x', '-f', path, '-C', tmp, '--no-same-owner'], { signal });
    const isOci = await stat(join(tmp, 'oci-layout')).then(() => true, () => false);
    const candidates = isOci ? await ociCandidates(tmp) : await dockerCandidates(tmp);
    if (candidates.length === 0) throw new RuntimeError('InvalidArgument', `${path}: no images in archive`);
    const ids: string[] = [];
    for (const c of candidates) ids.push(await importOne(store, c, signal));
    return ids;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function importOne(store: ImageStore, c: Candidate, signal?: AbortSignal): Promise<string> {
  const configBuf = await readFile(c.configPath);
  const id = sha256Digest(configBuf);
  const config = JSON.parse(configBuf.toString('utf8')) as ImageConfigBlob;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== c.layerPaths.length) {
    throw new RuntimeError('InvalidArgument', `image ${id}: ${c.layerPaths.length} layers but ${diffIds.length} diff_ids`);
  }
  const layers: LayerRecord[] = [];
  for (const [i, lp] of c.layerPaths.entries()) {
    const digest = await fileDigest(lp);
    const size = (await stat(lp)).size;
    if (!(await store.hasBlob(digest))) await copyFile(lp, store.blobPath(digest));
    await store.ensureLayer(digest, diffIds[i]!, signal);
    layers.push({ digest, diffId: diffIds[i]!, size });
  }
  await store.writeBlob(id, configBuf);
  await store.put({ id, repoTags: c.tags, repoDigests: c.repoDigests, layers, config: toImageConfig(config),
    size: layers.reduce((n, l) => n + l.size, 0), createdAt: Date.now() });
  return id;
}

async function ociCandidates(root: string): Promise<Candidate[]> {
  const blob = (d: string): string => inside(root, join('blobs', 'sha256', d.replace(/^sha256:/, '')));
  const readVerified = async (d: string): Promise<Buffer> => {
    const b = await readFile(blob(d));
    if (sha256Digest(b) !== d) throw new RuntimeError('InvalidArgument', `blob ${d}: digest mismatch`);
    return b;
  };
  const index = parseManifest(await readFile(join(root, 'index.json')), MediaType.ociIndex);
  if (index.kind !== 'index') throw new RuntimeError('InvalidArgument', 'index.json is not an index');
  const out: Candidate[] = [];
  const visit = async (desc: Descriptor, names: string[]): Promise<void> => {
    const m = parseManifest(await readVerified(desc.digest), desc.mediaType);
    if (m.kind === 'index') {
      await visit(selectPlatform(m.index), names);
      return;
    }
    const cfg = m.manifest.config.digest;
    if ((await fileDigest(blob(cfg))) !== cfg) throw new RuntimeError('InvalidArgument', `config ${cfg}: digest mismatch`);
    const layerPaths = m.manifest.layers.map((l) => blob(l.digest));
    for (const [i, l] of m.manifest.layers.entries()) {
      if ((await fileDigest(layerPaths[i]!)) !== l.digest) throw new RuntimeError('InvalidArgument', `layer ${l.digest}: digest mismatch`);
    }
    const tags = names.map(normalizeTag).filter((t): t is string => !!t);
    const repoDigests = tags.map((t) => `${parseReference(t).name}@${desc.digest}`);
    out.push({ configPath: blob(cfg), layerPaths, tags, repoDigests });
  };
  for (const d of index.index.manifests) {
    const a = d.annotations ?? {};
    const names = [a['io.containerd.image.name'], a['org.opencontainers.image.ref.name']]
      .filter((n): n is string => !!n && (n.includes('/') || n.includes(':')));
    await visit(d, names);
  }
  return out;
}

async function dockerCandidates(root: string): Promise<Candidate[]> {
  let doc: unknown;
  try { doc = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')); } catch {
    throw new RuntimeError('InvalidArgument', 'archive is neither an OCI layout nor a docker save tar');
  }
  if (!Array.isArray(doc)) throw new RuntimeError('InvalidArgument', 'manifest.json is not a list');
  return (doc as { Config: string; RepoTags?: string[] | null; Layers: string[] }[]).map((e) => ({
    configPath: inside(root, e.Config),
    layerPaths: e.Layers.map((l) => inside(root, l)),
    tags: (e.RepoTags ?? []).map(normalizeTag).filter((t): t is string => !!t),
    repoDigests: [],
  }));
}
