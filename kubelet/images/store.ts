// The node's image store under <root>: blobs by digest, unpacked layers by diff_id, and one JSON
// record per image (id = config digest) with its tags, repo digests, layers and runtime config.
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageConfig } from '../runtime/index.js';
import { digestHex } from './manifest.js';
import { formatReference, parseReference } from './reference.js';
import { unpackLayer } from './unpack.js';

export interface LayerRecord { digest: string; diffId: string; size: number }

export interface ImageRecord {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  layers: LayerRecord[];
  config: ImageConfig;
  size: number;
  createdAt: number;
}

export class ImageStore {
  private readonly unpacking = new Map<string, Promise<string>>();

  constructor(readonly root: string) {}

  async init(): Promise<void> {
    for (const d of ['blobs/sha256', 'layers', 'records']) await mkdir(join(this.root, d), { recursive: true });
  }

  blobPath(digest: string): string { return join(this.root, 'blobs', 'sha256', digestHex(digest)); }
  layerDir(diffId: string): string { return join(this.root, 'layers', digestHex(diffId)); }
  private recordPath(id: string): string { return join(this.root, 'records', `${digestHex(id)}.json`); }

  async hasBlob(digest: string): Promise<boolean> { return exists(this.blobPath(digest)); }
  async hasLayer(diffId: string): Promise<boolean> { return exists(this.layerDir(diffId)); }

  async writeBlob(digest: string, data: Buffer): Promise<void> {
    const p = this.blobPath(digest);
    await writeFile(`${p}.tmp`, data);
    await rename(`${p}.tmp`, p);
  }

  /** Unpacks a stored layer blob unless already present; concurrent calls share one unpack. */
  async ensureLayer(blobDigest: string, diffId: string, signal?: AbortSignal): Promise<string> {
    const dir = this.layerDir(diffId);
    if (await exists(dir)) return dir;
    let p = this.unpacking.get(diffId);
    if (!p) {
      p = unpackLayer(this.blobPath(blobDigest), dir, diffId, signal).then(() => dir)
        .finally(() => this.unpacking.delete(diffId));
      this.unpacking.set(diffId, p);
    }
    return p;
  }

  async list(): Promise<ImageRecord[]> {
    const out: ImageRecord[] = [];
    for (const f of await readdir(join(this.root, 'records'))) {
      if (!f.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(await readFile(join(this.root, 'records', f), 'utf8')) as ImageRecord);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return out;
  }

  /** Finds an image by id ("sha256:…" or bare hex), by name:tag, or by name@digest. */
  async find(ref: string): Promise<ImageRecord | undefined> {
    const records = await this.list();
    const id = /^[a-f0-9]{64}$/.test(ref) ? `sha256:${ref}` : ref;
    if (/^sha256:[a-f0-9]{64}$/.test(id)) return records.find((r) => r.id === id);
    let parsed;
    try { parsed = parseReference(ref); } catch { return undefined; }
    if (parsed.digest) {
      const want = `${parsed.name}@${parsed.digest}`;
      return records.find((r) => r.repoDigests.includes(want));
    }
    const want = formatReference(parsed);
    return records.find((r) => r.repoTags.includes(want));
  }

  /** Saves a record, merging names with an existing one of the same id; a tag moves to this image. */
  async put(rec: ImageRecord): Promise<ImageRecord> {
    const all = await this.list();
    const old = all.find((r) => r.id === rec.id);
    const merged: ImageRecord = old
      ? { ...rec, repoTags: union(old.repoTags, rec.repoTags), repoDigests: union(old.repoDigests, rec.repoDigests) }
      : rec;
    for (const other of all) {
      if (other.id === rec.id) continue;
      const tags = other.repoTags.filter((t) => !rec.repoTags.includes(t));
      if (tags.length !== other.repoTags.length) await this.write({ ...other, repoTags: tags });
    }
    await this.write(merged);
    return merged;
  }

  private async write(rec: ImageRecord): Promise<void> {
    const p = this.recordPath(rec.id);
    await writeFile(`${p}.tmp`, JSON.stringify(rec, null, 1));
    await rename(`${p}.tmp`, p);
  }

  /**
   * Deletes an image record, then blobs and layers no other image uses. Layers in `inUse` (diff_ids
   * under a container's rootfs) are kept.
   */
  async remove(id: string, inUse: ReadonlySet<string> = new Set()): Promise<void> {
    await rm(this.recordPath(id), { force: true });
    const rest = await this.list();
    const keepBlobs = new Set<string>();
    const keepLayers = new Set<string>(inUse);
    for (const r of rest) {
      keepBlobs.add(r.id);
      for (const l of r.layers) { keepBlobs.add(l.digest); keepLayers.add(l.diffId); }
    }
    for (const f of await readdir(join(this.root, 'blobs', 'sha256'))) {
      if (!keepBlobs.has(`sha256:${f}`)) await rm(join(this.root, 'blobs', 'sha256', f), { force: true });
    }
    for (const f of await readdir(join(this.root, 'layers'))) {
      if (!keepLayers.has(`sha256:${f}`) && /^[a-f0-9]{64}$/.test(f)) {
        await rm(join(this.root, 'layers', f), { recursive: true, force: true });
      }
    }
  }
}

function union(a: string[], b: string[]): string[] { return [...new Set([...a, ...b])]; }

async function exists(p: string): Promise<boolean> {
  try { await stat(p); return true; } catch { return false; }
}
