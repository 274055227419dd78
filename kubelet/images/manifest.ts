// OCI / Docker v2 manifest and image-config shapes, media types, and platform selection.
import { createHash } from 'node:crypto';
import { RuntimeError } from '../host/index.js';
import type { ImageConfig } from '../runtime/index.js';

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** Without all four, registries 404 OCI manifests and turn Docker ones into schema1. */
export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerList, MediaType.ociManifest,
  MediaType.dockerManifest].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface IndexManifest { schemaVersion: number; mediaType?: string; manifests: Descriptor[] }
export interface ImageManifest { schemaVersion: number; mediaType?: string; config: Descriptor; layers: Descriptor[] }

/** The parts of an image config blob we use. */
export interface ImageConfigBlob {
  architecture?: string;
  os?: string;
  config?: { Entrypoint?: string[] | null; Cmd?: string[] | null; Env?: string[] | null;
    WorkingDir?: string; User?: string };
  rootfs?: { type: string; diff_ids: string[] };
}

export function sha256Digest(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export function digestHex(digest: string): string {
  if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new RuntimeError('InvalidArgument', `unsupported digest "${digest}"`);
  return digest.slice('sha256:'.length);
}

export type ParsedManifest = { kind: 'index'; index: IndexManifest } | { kind: 'image'; manifest: ImageManifest };

/** Classifies a manifest by its media type (Content-Type, then the document's own field). */
export function parseManifest(body: Buffer, contentType?: string): ParsedManifest {
  let doc: unknown;
  try { doc = JSON.parse(body.toString('utf8')); } catch { throw new RuntimeError('ImagePull', 'manifest is not JSON'); }
  if (typeof doc !== 'object' || doc === null) throw new RuntimeError('ImagePull', 'manifest is not an object');
  const d = doc as Record<string, unknown>;
  const mt = (typeof d.mediaType === 'string' ? d.mediaType : undefined) ?? contentType?.split(';')[0]?.trim();
  if (mt === MediaType.ociIndex || mt === MediaType.dockerList || (mt === undefined && Array.isArray(d.manifests))) {
    if (!Array.isArray(d.manifests)) throw new RuntimeError('ImagePull', 'index without manifests');
    return { kind: 'index', index: d as unknown as IndexManifest };
  }
  if (mt === MediaType.ociManifest || mt === MediaType.dockerManifest || (mt === undefined && d.config)) {
    if (typeof d.config !== 'object' || !Array.isArray(d.layers)) throw new RuntimeError('ImagePull', 'manifest without config/layers');
    return { kind: 'image', manifest: d as unknown as ImageManifest };
  }
  throw new RuntimeError('ImagePull', `unsupported manifest media type "${mt ?? 'none'}" (schema1 images are not supported)`);
}

export function hostPlatform(): { os: string; architecture: string } {
  const arch = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[process.arch];
  return { os: 'linux', architecture: arch ?? process.arch };
}

/** Picks the manifest for our platform (linux/amd64 here) from an index or manifest list. */
export function selectPlatform(index: IndexManifest, want = hostPlatform()): Descriptor {
  const found = index.manifests.find((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture);
  if (!found) {
    const have = index.manifests.map((m) => `${m.platform?.os ?? '?'}/${m.platform?.architecture ?? '?'}`).join(', ');
    throw new RuntimeError('ImagePull', `no manifest for ${want.os}/${want.architecture} (have: ${have || 'none'})`);
  }
  return found;
}

export function toImageConfig(blob: ImageConfigBlob): ImageConfig {
  const c = blob.config ?? {};
  return {
    entrypoint: c.Entrypoint ?? undefined,
    cmd: c.Cmd ?? undefined,
    env: c.Env ?? undefined,
    workingDir: c.WorkingDir || undefined,
    user: c.User || undefined,
  };
}
