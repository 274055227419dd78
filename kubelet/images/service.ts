// The ImageService: pulls from registries into the local ImageStore, lists/inspects/removes images,
// loads archives, and resolves images to unpacked layer dirs for the runtime (LocalImages).
import type { Logger } from 'pino';
import { RuntimeError } from '../host/index.js';
import type { AuthConfig, Image, ImageService, ImageSpec, LocalImages, ResolvedImage } from '../runtime/index.js';
import { loadArchive } from './archive.js';
import { parseManifest, selectPlatform, toImageConfig, type ImageConfigBlob, type ImageManifest } from './manifest.js';
import { formatReference, parseReference } from './reference.js';
import { RegistrySession, type RegistryOptions } from './registry.js';
import { ImageStore, type ImageRecord, type LayerRecord } from './store.js';

export interface ImageManagerOptions extends RegistryOptions {
  /** Directory of the image store (e.g. <kubelet root>/images). */
  root: string;
  log: Logger;
  /** diff_ids of layers under live container rootfs: never deleted by removeImage. */
  layersInUse?: () => Promise<Set<string>>;
}

export class ImageManager implements ImageService, LocalImages {
  readonly store: ImageStore;
  private readonly pulls = new Map<string, Promise<string>>();

  constructor(private readonly opts: ImageManagerOptions) {
    this.store = new ImageStore(opts.root);
  }

  async init(): Promise<void> { await this.store.init(); }

  pullImage(image: ImageSpec, auth?: AuthConfig, signal?: AbortSignal): Promise<string> {
    const ref = parseReference(image.image);
    const key = formatReference(ref);
    let p = this.pulls.get(key);
    if (!p) {
      p = this.pull(image.image, auth, signal).finally(() => this.pulls.delete(key));
      this.pulls.set(key, p);
    }
    return p;
  }

  private async pull(image: string, auth: AuthConfig | undefined, signal?: AbortSignal): Promise<string> {
    const ref = parseReference(image);
    const log = this.opts.log.child({ image: formatReference(ref) });
    const started = Date.now();
    const session = new RegistrySession(ref, auth, this.opts);
    await session.ping(signal);
    const top = await session.manifest(ref.digest ?? ref.tag ?? 'latest', signal);
    let parsed = parseManifest(top.body, top.contentType);
    if (parsed.kind === 'index') {
      const desc = selectPlatform(parsed.index);
      const m = await session.manifest(desc.digest, signal);
      parsed = parseManifest(m.body, m.contentType ?? desc.mediaType);
      if (parsed.kind !== 'image') throw new RuntimeError('ImagePull', `nested index at ${desc.digest} is not supported`);
    }
    const manifest: ImageManifest = parsed.manifest;
    const configBuf = await session.blobBuffer(manifest.config.digest, signal);
    const config = JSON.parse(configBuf.toString('utf8')) as ImageConfigBlob;
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) {
      throw new RuntimeError('ImagePull', `manifest has ${manifest.layers.length} layers but config lists ${diffIds.length} diff_ids`);
    }
    await this.store.init();
    const layers: LayerRecord[] = [];
    for (const [i, layer] of manifest.layers.entries()) {
      const diffId = diffIds[i]!;
      if (!(await this.store.hasLayer(diffId))) {
        if (!(await this.store.hasBlob(layer.digest))) {
          await session.blobToFile(layer.digest, this.store.blobPath(layer.digest), signal);
        }
        await this.store.ensureLayer(layer.digest, diffId, signal);
      }
      layers.push({ digest: layer.digest, diffId, size: layer.size });
    }
    await this.store.writeBlob(manifest.config.digest, configBuf);
    const rec = await this.store.put({
      id: manifest.config.digest,
      repoTags: ref.tag ? [`${ref.name}:${ref.tag}`] : [],
      repoDigests: [`${ref.name}@${ref.digest ?? top.digest}`],
      layers,
      config: toImageConfig(config),
      size: layers.reduce((n, l) => n + l.size, 0),
      createdAt: Date.now(),
    });
    log.info({ id: rec.id, layers: layers.length, ms: Date.now() - started }, 'pulled image');
    return rec.id;
  }

  async listImages(filter?: { image?: ImageSpec }): Promise<Image[]> {
    if (filter?.image?.image) {
      const one = await this.imageStatus(filter.image);
      return one ? [one] : [];
    }
    return (await this.store.list()).map(toImage);
  }

  async imageStatus(image: ImageSpec): Promise<Image | undefined> {
    const rec = await this.store.find(image.image);
    return rec ? toImage(rec) : undefined;
  }

  async removeImage(image: ImageSpec): Promise<void> {
    const rec = await this.store.find(image.image);
    if (!rec) return;
    const inUse = this.opts.layersInUse ? await this.opts.layersInUse() : new Set<string>();
    await this.store.remove(rec.id, inUse);
    this.opts.log.info({ id: rec.id }, 'removed image');
  }

  async resolve(image: string): Promise<ResolvedImage | undefined> {
    const rec = await this.store.find(image);
    if (!rec) return undefined;
    return { id: rec.id, layerDirs: rec.layers.map((l) => this.store.layerDir(l.diffId)), config: rec.config };
  }

  /** Loads an OCI-layout tar or a `docker save` tar; returns the ids of the images it held. */
  async loadArchive(path: string, signal?: AbortSignal): Promise<string[]> {
    await this.store.init();
    return loadArchive(this.store, path, signal);
  }
}

function toImage(r: ImageRecord): Image {
  const user = r.config.user?.split(':')[0] ?? '';
  const uid = /^\d+$/.test(user) ? Number(user) : undefined;
  return { id: r.id, repoTags: r.repoTags, repoDigests: r.repoDigests, size: r.size,
    uid, username: uid === undefined ? user : '' };
}
