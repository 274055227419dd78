// Image references as Docker/Kubernetes read them: "busybox" → docker.io/library/busybox:latest,
// "host:5000/a/b:tag", "name@sha256:…". Also which URL scheme a registry is reached with.
import { RuntimeError } from '../host/index.js';

export interface ImageReference {
  /** "docker.io", "quay.io", "127.0.0.1:5000". */
  registry: string;
  /** "library/busybox". */
  repository: string;
  tag?: string;
  digest?: string;
  /** registry/repository */
  name: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOMAIN = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

export function parseReference(ref: string): ImageReference {
  const bad = (why: string): RuntimeError => new RuntimeError('InvalidArgument', `invalid image reference "${ref}": ${why}`);
  if (!ref || ref.length > 4096) throw bad('empty or too long');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad('digest must be sha256:<64 hex>');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`bad tag "${tag}"`);
  }
  let registry = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
      if (!DOMAIN.test(first)) throw bad(`bad registry "${first}"`);
      registry = first;
      path = rest.slice(slash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  for (const c of path.split('/')) {
    if (!COMPONENT.test(c)) throw bad(`bad repository component "${c}"`);
  }
  if (!tag && !digest) tag = 'latest';
  return { registry, repository: path, tag, digest, name: `${registry}/${path}` };
}

/** Canonical string: name:tag, name@digest, or name:tag@digest. */
export function formatReference(r: ImageReference): string {
  return `${r.name}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** The host to talk to (Docker Hub's API lives on registry-1.docker.io). */
export function registryHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

/** Plain HTTP for loopback registries and those listed as insecure; HTTPS otherwise. */
export function registryScheme(registry: string, insecureRegistries: readonly string[] = []): 'http' | 'https' {
  if (insecureRegistries.includes(registry)) return 'http';
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0]!;
  if (host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)) return 'http';
  return 'https';
}
