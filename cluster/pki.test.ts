// The launcher's PKI: made once, reused, serving certs re-issued when the node IP changes, one
// kubeconfig per identity.
import { afterAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ClusterConfig } from './common/config.js';
import { clusterPaths } from './common/paths.js';
import { ensureClusterPKI } from './pki.js';


function config(home: string, nodeIP: string): ClusterConfig {
  return { paths: clusterPaths(home), nodeIP, nodeName: 'node-a', apiPort: 16443, etcdClientPort: 1, etcdPeerPort: 2, kubeletPort: 3, schedulerPort: 4, proxyHealthzPort: 5, dnsPort: 6, secure: true, kubeletTLS: true };
}

interface Kc { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] }

describe('ensureClusterPKI', () => {
  const home = mkdtempSync(join(tmpdir(), 'k8ts-pki-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const read = (f: string): string => readFileSync(join(home, 'pki', f), 'utf8');

  it('creates the CA, serving certs with SANs, and one kubeconfig per identity', async () => {
    const p = await ensureClusterPKI(config(home, '192.0.2.10'));
    const api = new X509Certificate(read('apiserver.crt'));
    for (const san of ['IP Address:127.0.0.1', 'IP Address:192.0.2.10', 'IP Address:10.96.0.1', 'DNS:kubernetes.default.svc.cluster.local', 'DNS:kubernetes', 'DNS:localhost']) expect(api.subjectAltName).toContain(san);
    // Agents in other network namespaces reach the host through its other addresses.
    for (const a of Object.values(networkInterfaces()).flat()) if (a && a.family === 'IPv4' && !a.address.startsWith('10.244.')) expect(api.subjectAltName).toContain(`IP Address:${a.address}`);
    // The serving cert file carries the CA after it.
    expect(read('apiserver.crt').endsWith(read('ca.crt'))).toBe(true);
    expect(new X509Certificate(read('kubelet.crt')).subjectAltName).toContain('IP Address:192.0.2.10');
    expect(new X509Certificate(read('apiserver-kubelet-client.crt')).subject.split('\n')).toEqual(['O=kube-apiserver-kubelet-client', 'CN=kube-apiserver-kubelet-client']);
    expect(statSync(p.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(p.saKey).mode & 0o777).toBe(0o600);
    const identities: [string, string[]][] = [
      [p.kubeconfigs.admin, ['O=system:masters', 'CN=kubernetes-admin']],
      [p.kubeconfigs.controllerManager, ['CN=system:kube-controller-manager']],
      [p.kubeconfigs.scheduler, ['CN=system:kube-scheduler']],
      [p.kubeconfigs.kubeProxy, ['CN=system:kube-proxy']],
      [p.kubeconfigs.kubelet, ['O=system:nodes', 'CN=system:node:node-a']],
    ];
    for (const [file, subject] of identities) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('insecure-skip-tls-verify');
      const kc = parse(text) as Kc;
      expect(kc.clusters[0]?.cluster.server).toBe('https://127.0.0.1:16443');
      expect(Buffer.from(kc.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString()).toBe(read('ca.crt'));
      const cert = new X509Certificate(Buffer.from(kc.users[0]?.user['client-certificate-data'] ?? '', 'base64'));
      expect(cert.subject.split('\n')).toEqual(subject);
      expect(cert.checkIssued(new X509Certificate(read('ca.crt')))).toBe(true);
    }
    expect(p.kubeconfigs.kubelet).toBe(join(home, 'kubelet-node-a.kubeconfig'));
  });

  it('reuses everything on a later start with the same node IP', async () => {
    const files = ['ca.crt', 'ca.key', 'apiserver.crt', 'kubelet.crt', 'admin.crt', 'sa.key'].map((f) => [f, read(f)] as const);
    await ensureClusterPKI(config(home, '192.0.2.10'));
    for (const [f, text] of files) expect(read(f)).toBe(text);
  });

  it('re-issues the serving certs (only) when the node IP changed', async () => {
    const ca = read('ca.crt');
    const admin = read('admin.crt');
    const oldApi = read('apiserver.crt');
    await ensureClusterPKI(config(home, '192.0.2.77'));
    expect(read('ca.crt')).toBe(ca);
    expect(read('admin.crt')).toBe(admin);
    expect(read('apiserver.crt')).not.toBe(oldApi);
    expect(new X509Certificate(read('apiserver.crt')).subjectAltName).toContain('IP Address:192.0.2.77');
    expect(new X509Certificate(read('kubelet.crt')).subjectAltName).toContain('IP Address:192.0.2.77');
  });
});
