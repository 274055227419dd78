// The cluster's PKI under $K8TS_HOME/pki (made once, reused on later starts) and one kubeconfig
// per component identity in $K8TS_HOME. The API server's and the kubelet's serving certificates
// are re-issued when the node's IP or name is not among their SANs any more.
import { generateKeyPair } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { certIPs, issueCert, loadCA, newCA, writeKubeconfigFile, type CA, type CertUsage } from '../apimachinery/pki/index.js';
import type { ClusterConfig } from './common/config.js';

/** The first address of the default Service CIDR (10.96.0.0/12): the `kubernetes` Service. */
export const kubernetesServiceIP = '10.96.0.1';

export interface ClusterPKI {
  dir: string;
  caCert: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  kubeletClientCert: string;
  kubeletClientKey: string;
  saKey: string;
  saPub: string;
  kubeletServingCert: string;
  kubeletServingKey: string;
  kubeconfigs: { admin: string; controllerManager: string; scheduler: string; kubeProxy: string; kubelet: string };
}

export function pkiLayout(cfg: ClusterConfig): ClusterPKI {
  const dir = join(cfg.paths.home, 'pki');
  const home = cfg.paths.home;
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    apiserverCert: join(dir, 'apiserver.crt'),
    apiserverKey: join(dir, 'apiserver.key'),
    kubeletClientCert: join(dir, 'apiserver-kubelet-client.crt'),
    kubeletClientKey: join(dir, 'apiserver-kubelet-client.key'),
    saKey: join(dir, 'sa.key'),
    saPub: join(dir, 'sa.pub'),
    kubeletServingCert: join(dir, 'kubelet.crt'),
    kubeletServingKey: join(dir, 'kubelet.key'),
    kubeconfigs: {
      admin: cfg.paths.kubeconfig,
      controllerManager: join(home, 'controller-manager.kubeconfig'),
      scheduler: join(home, 'scheduler.kubeconfig'),
      kubeProxy: join(home, 'kube-proxy.kubeconfig'),
      kubelet: join(home, `kubelet-${cfg.nodeName}.kubeconfig`),
    },
  };
}

interface Leaf {
  base: string;
  cn: string;
  o?: string[];
  sans?: string[];
  /** IPs the existing certificate must cover to be kept (default: every IP in sans). */
  requiredIPs?: string[];
  usage: CertUsage;
}

/** Issues `base`.crt/.key unless they exist and (for serving certs) cover every wanted IP. */
async function ensureLeaf(ca: CA, dir: string, leaf: Leaf, chain = false): Promise<{ certPem: string; keyPem: string }> {
  const crt = join(dir, `${leaf.base}.crt`);
  const key = join(dir, `${leaf.base}.key`);
  if (existsSync(crt) && existsSync(key)) {
    const [certPem, keyPem] = await Promise.all([readFile(crt, 'utf8'), readFile(key, 'utf8')]);
    const wantIPs = leaf.requiredIPs ?? (leaf.sans ?? []).filter((s) => /^\d+\.\d+\.\d+\.\d+$/.test(s));
    const have = new Set(certIPs(certPem));
    if (wantIPs.every((ip) => have.has(ip))) return { certPem, keyPem };
  }
  const pair = await issueCert({ ca, cn: leaf.cn, o: leaf.o, sans: leaf.sans, usage: leaf.usage, days: 365 });
  await writeFile(key, pair.keyPem, { mode: 0o600 });
  // A serving cert file carries the CA after it, so clients see the whole chain.
  await writeFile(crt, chain ? pair.certPem + ca.certPem : pair.certPem);
  return pair;
}

/** The host's IPv4 addresses outside the pod network. */
function hostIPv4s(): string[] {
  return Object.values(networkInterfaces()).flatMap((as) => (as ?? []).filter((a) => a.family === 'IPv4' && !a.address.startsWith('10.244.')).map((a) => a.address));
}

async function ensureServiceAccountKey(p: ClusterPKI): Promise<void> {
  if (existsSync(p.saKey) && existsSync(p.saPub)) return;
  const { privateKey, publicKey } = await promisify(generateKeyPair)('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await writeFile(p.saKey, privateKey, { mode: 0o600 });
  await writeFile(p.saPub, publicKey);
}

/** Creates what is missing (or stale) under pki/ and (re)writes every component's kubeconfig. */
export async function ensureClusterPKI(cfg: ClusterConfig): Promise<ClusterPKI> {
  const p = pkiLayout(cfg);
  await mkdir(p.dir, { recursive: true, mode: 0o700 });
  const ca = existsSync(p.caCert) && existsSync(p.caKey) ? await loadCA(p.dir) : await newCA(p.dir, 'k8ts-ca');
  // Every address the host has now (agents in other network namespaces reach it through bridges),
  // but only the node IP, loopback and the Service IP are required of an existing certificate.
  const required = ['127.0.0.1', cfg.nodeIP, kubernetesServiceIP];
  const apiSANs = [...required, ...hostIPv4s(), 'localhost', cfg.nodeName, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  const node = `system:node:${cfg.nodeName}`;
  const [, , admin, cm, sched, proxy, kubelet] = await Promise.all([
    ensureLeaf(ca, p.dir, { base: 'apiserver', cn: 'kube-apiserver', sans: apiSANs, requiredIPs: required, usage: 'server' }, true),
    ensureLeaf(ca, p.dir, { base: 'apiserver-kubelet-client', cn: 'kube-apiserver-kubelet-client', o: ['kube-apiserver-kubelet-client'], usage: 'client' }),
    ensureLeaf(ca, p.dir, { base: 'admin', cn: 'kubernetes-admin', o: ['system:masters'], usage: 'client' }),
    ensureLeaf(ca, p.dir, { base: 'controller-manager', cn: 'system:kube-controller-manager', usage: 'client' }),
    ensureLeaf(ca, p.dir, { base: 'scheduler', cn: 'system:kube-scheduler', usage: 'client' }),
    ensureLeaf(ca, p.dir, { base: 'kube-proxy', cn: 'system:kube-proxy', usage: 'client' }),
    ensureLeaf(ca, p.dir, { base: `kubelet-client-${cfg.nodeName}`, cn: node, o: ['system:nodes'], usage: 'client' }),
    ensureLeaf(ca, p.dir, { base: 'kubelet', cn: node, o: ['system:nodes'], sans: [cfg.nodeIP, '127.0.0.1', cfg.nodeName, 'localhost'], usage: 'server' }, true),
    ensureServiceAccountKey(p),
  ]);
  const server = `https://127.0.0.1:${cfg.apiPort}`;
  const kc = (path: string, user: string, pair: { certPem: string; keyPem: string }): void =>
    writeKubeconfigFile(path, { server, caPem: ca.certPem, clientCertPem: pair.certPem, clientKeyPem: pair.keyPem, user, namespace: 'default' });
  kc(p.kubeconfigs.admin, 'kubernetes-admin', admin);
  kc(p.kubeconfigs.controllerManager, 'system:kube-controller-manager', cm);
  kc(p.kubeconfigs.scheduler, 'system:kube-scheduler', sched);
  kc(p.kubeconfigs.kubeProxy, 'system:kube-proxy', proxy);
  kc(p.kubeconfigs.kubelet, node, kubelet);
  return p;
}
