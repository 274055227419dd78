// FakeImageService: a hollow ImageService; "pulling" records the reference and returns a stable id
// derived from it, so hollow kubelets report images without touching a registry or the disk.
import { createHash } from 'node:crypto';
import type { Image, ImageService, ImageSpec } from '../index.js';

export class FakeImageService implements ImageService {
  private readonly images = new Map<string, Image>();

  async pullImage(image: ImageSpec): Promise<string> {
    const id = `sha256:${createHash('sha256').update(image.image).digest('hex')}`;
    this.images.set(image.image, { id, repoTags: [image.image], repoDigests: [], size: 1 << 20, username: '' });
    return id;
  }

  async listImages(filter?: { image?: ImageSpec }): Promise<Image[]> {
    const all = [...this.images.values()];
    return filter?.image ? all.filter((i) => i.repoTags.includes(filter.image!.image) || i.id === filter.image!.image) : all;
  }

  async imageStatus(image: ImageSpec): Promise<Image | undefined> {
    return (await this.listImages({ image }))[0];
  }

  async removeImage(image: ImageSpec): Promise<void> {
    for (const [k, v] of this.images) if (k === image.image || v.id === image.image) this.images.delete(k);
  }
}
