// pod-template-hash: a stable hash of a pod template (canonical JSON, FNV-1a 32-bit, plus the
// collision count) encoded with Kubernetes' label-safe alphabet; and template equality ignoring
// that label, which is how a Deployment finds its current ReplicaSet.
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { canonicalJSON } from '../util/index.js';

export { canonicalJSON };

export const PodTemplateHashLabel = 'pod-template-hash';

const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps each character onto a vowel-free alphabet (no bad words). */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += alphanums[s.charCodeAt(i) % alphanums.length];
  return out;
}

function fnv1a32(bytes: Buffer, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The hash label value for a template (its own pod-template-hash label is ignored). */
export function computeHash(template: V1PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv1a32(Buffer.from(canonicalJSON(withoutHash(template)), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const buf = Buffer.alloc(4);
    buf.writeUInt32LE(collisionCount >>> 0);
    h = fnv1a32(buf, h);
  }
  return safeEncode(String(h));
}

function withoutHash(t: V1PodTemplateSpec | undefined): V1PodTemplateSpec {
  const copy: V1PodTemplateSpec = { ...(t ?? {}) };
  if (copy.metadata?.labels && PodTemplateHashLabel in copy.metadata.labels) {
    const labels = { ...copy.metadata.labels };
    delete labels[PodTemplateHashLabel];
    copy.metadata = { ...copy.metadata, labels };
  }
  return copy;
}

/** Templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined): boolean {
  return canonicalJSON(withoutHash(a)) === canonicalJSON(withoutHash(b));
}
