import { describe, expect, it } from 'vitest';
import { formatReference, parseReference, registryHost, registryScheme } from './reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['bare name', 'busybox', 'docker.io', 'library/busybox', 'latest', undefined, 'docker.io/library/busybox:latest'],
    ['tag', 'busybox:1.36', 'docker.io', 'library/busybox', '1.36', undefined, 'docker.io/library/busybox:1.36'],
    ['user repo', 'bitnami/nginx', 'docker.io', 'bitnami/nginx', 'latest', undefined, 'docker.io/bitnami/nginx:latest'],
    ['registry with port', '127.0.0.1:5000/test/busybox:1', '127.0.0.1:5000', 'test/busybox', '1', undefined, '127.0.0.1:5000/test/busybox:1'],
    ['localhost', 'localhost/app', 'localhost', 'app', 'latest', undefined, 'localhost/app:latest'],
    ['dotted host', 'registry.k8s.io/pause:3.9', 'registry.k8s.io', 'pause', '3.9', undefined, 'registry.k8s.io/pause:3.9'],
    ['digest only', `busybox@${D}`, 'docker.io', 'library/busybox', undefined, D, `docker.io/library/busybox@${D}`],
    ['tag and digest', `quay.io/a/b:v1@${D}`, 'quay.io', 'a/b', 'v1', D, `quay.io/a/b:v1@${D}`],
    ['index.docker.io', 'index.docker.io/library/busybox', 'docker.io', 'library/busybox', 'latest', undefined, 'docker.io/library/busybox:latest'],
  ])('%s', (_n, input, registry, repository, tag, digest, canonical) => {
    const r = parseReference(input);
    expect(r).toMatchObject({ registry, repository, tag, digest });
    expect(formatReference(r)).toBe(canonical);
  });

  it.each([
    ['uppercase repo', 'Busybox'],
    ['bad digest', 'busybox@sha256:123'],
    ['empty', ''],
    ['bad tag', 'busybox:-x'],
  ])('rejects %s', (_n, input) => {
    expect(() => parseReference(input)).toThrow(/invalid image reference/);
  });
});

describe('registry endpoint', () => {
  it.each([
    ['127.0.0.1:5000', [], 'http'],
    ['127.9.9.9', [], 'http'],
    ['localhost:5000', [], 'http'],
    ['[::1]:5000', [], 'http'],
    ['docker.io', [], 'https'],
    ['10.0.0.5:5000', [], 'https'],
    ['10.0.0.5:5000', ['10.0.0.5:5000'], 'http'],
  ])('%s (insecure %j) → %s', (reg, insecure, scheme) => {
    expect(registryScheme(reg, insecure)).toBe(scheme);
  });
  it('uses registry-1.docker.io for docker.io', () => {
    expect(registryHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryHost('quay.io')).toBe('quay.io');
  });
});
