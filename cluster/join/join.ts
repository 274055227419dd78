// Joining a node, step by step (as `kubeadm join` + kubelet TLS bootstrapping): discover and pin
// the cluster CA by its hash, authenticate with the bootstrap token, get the node's client
// certificate through a CSR (signer kubernetes.io/kube-apiserver-client-kubelet), write the node's
// kubeconfig, get the kubelet's serving certificate (signer kubernetes.io/kubelet-serving; a
// self-signed one when the cluster does not sign those), start the node's supervisor and wait
// until the Node is Ready.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { issueCert, newCA, newKeyAndCSR, writeKubeconfigFile } from '../../apimachinery/pki/index.js';
import type { ClusterPaths } from '../common/paths.js';
import { CLIENT_KUBELET_SIGNER, KUBELET_SERVING_SIGNER, requestCertificate } from './csr.js';
import { discoverClusterCA } from './discovery.js';
import { currentNetns, kubeletTakesTLSFlags, saveNodeConfig, waitOwnNodeReady, type JoinedNodeConfig } from './node.js';
import { tokenString, type BootstrapToken } from './token.js';

export interface JoinOptions {
  server: string;
  token: BootstrapToken;
  caHash: string;
  nodeName: string;
  /** The node's InternalIP; default: the local address that reaches the API server. */
  nodeIP?: string;
  clusterCIDR: string;
  clusterDNS: string;
  runtime: 'runc' | 'fake';
  hollowReason?: string;
}

export interface JoinHooks {
  progress(what: string): void;
  warn(what: string): void;
  /** Starts the node's supervisor (detached) once its config and credentials are written. */
  startSupervisor(): void;
  /** How long each wait may take (CSR signing, Ready); default 120 s. */
  timeoutMs?: number;
  /** How long to wait for a kubelet-serving certificate before self-signing; default 10 s. */
  servingTimeoutMs?: number;
}

function kubeConfigFor(server: string, caPem: string, user: { token?: string; certPem?: string; keyPem?: string }): KubeConfig {
  const kc = new KubeConfig();
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  kc.loadFromOptions({
    clusters: [{ name: 'k8ts', server, caData: b64(caPem) }],
    users: [{ name: 'node', ...(user.token ? { token: user.token } : {}), ...(user.certPem ? { certData: b64(user.certPem), keyData: b64(user.keyPem ?? '') } : {}) }],
    contexts: [{ name: 'k8ts', cluster: 'k8ts', user: 'node' }],
    currentContext: 'k8ts',
  });
  return kc;
}

/** The local address the kernel uses to reach `server` (the node's IP as the cluster sees it). */
export function localAddressTowards(server: string): Promise<string> {
  const url = new URL(server);
  return new Promise((resolve, reject) => {
    const s = connect({ host: url.hostname, port: Number(url.port || 443), timeout: 10_000 });
    s.once('connect', () => { const a = s.localAddress ?? ''; s.destroy(); resolve(a.replace(/^::ffff:/, '')); });
    s.once('timeout', () => { s.destroy(); reject(new Error(`connecting to ${url.host} timed out`)); });
    s.once('error', reject);
  });
}

/** Runs the whole join; throws with the reason on any failure (DiscoveryError for a wrong CA). */
export async function joinNode(paths: ClusterPaths, o: JoinOptions, hooks: JoinHooks): Promise<JoinedNodeConfig> {
  const timeout = hooks.timeoutMs ?? 120_000;
  const pkiDir = join(paths.home, 'pki');
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 });

  hooks.progress(`checking ${o.server} against the CA hash`);
  const caPem = await discoverClusterCA(o.server, o.caHash, AbortSignal.timeout(30_000));
  const caFile = join(pkiDir, 'ca.crt');
  writeFileSync(caFile, caPem);
  const nodeIP = o.nodeIP ?? await localAddressTowards(o.server);
  const node = `system:node:${o.nodeName}`;
  const kubeconfig = join(paths.home, `kubelet-${o.nodeName}.kubeconfig`);

  if (!existsSync(kubeconfig)) {
    hooks.progress(`requesting the node's client certificate (${node})`);
    const boot = kubeConfigFor(o.server, caPem, { token: tokenString(o.token) });
    const { keyPem, csrPem } = await newKeyAndCSR(node, ['system:nodes']);
    const { certPem } = await requestCertificate(boot, {
      namePrefix: `node-csr-${o.nodeName}`, csrPem, signerName: CLIENT_KUBELET_SIGNER, usages: ['digital signature', 'client auth'],
    }, AbortSignal.timeout(timeout));
    writeKubeconfigFile(kubeconfig, { server: o.server, caPem, clientCertPem: certPem, clientKeyPem: keyPem, user: node, namespace: 'default' });
  }
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);

  const tls = { certFile: join(pkiDir, 'kubelet.crt'), keyFile: join(pkiDir, 'kubelet.key'), clientCAFile: caFile };
  // Only a kubelet that serves HTTPS with our certificate (--tls-cert-file) needs one.
  if (kubeletTakesTLSFlags() && (!existsSync(tls.certFile) || !existsSync(tls.keyFile))) {
    hooks.progress('requesting the kubelet serving certificate');
    const pair = await servingCertificate(kc, o.nodeName, nodeIP, join(pkiDir, 'kubelet-ca'), hooks);
    writeFileSync(tls.keyFile, pair.keyPem, { mode: 0o600 });
    writeFileSync(tls.certFile, pair.certPem);
  }

  const cfg: JoinedNodeConfig = { nodeName: o.nodeName, nodeIP, kubeconfig, runtime: o.runtime, clusterCIDR: o.clusterCIDR, clusterDNS: o.clusterDNS, netns: currentNetns(),
    ...(existsSync(tls.certFile) ? { tls } : {}) };
  saveNodeConfig(paths, cfg);
  hooks.progress(`starting kubelet${o.runtime === 'runc' ? ' and kube-proxy' : ''}`);
  hooks.startSupervisor();
  await waitOwnNodeReady(kc, o.nodeName, AbortSignal.timeout(timeout));
  return cfg;
}

/**
 * The kubelet's serving certificate: a CSR for signer kubernetes.io/kubelet-serving made with the
 * node's own credential (as the kubelet's serverTLSBootstrap does); if the cluster does not sign
 * it in time, a self-signed one (its own CA in pki/kubelet-ca/), which the API server accepts unless it
 * runs with --kubelet-certificate-authority.
 */
async function servingCertificate(kc: KubeConfig, nodeName: string, nodeIP: string, selfCADir: string, hooks: JoinHooks): Promise<{ certPem: string; keyPem: string }> {
  const sans = [nodeName, nodeIP];
  const { keyPem, csrPem } = await newKeyAndCSR(`system:node:${nodeName}`, ['system:nodes'], { sans });
  try {
    const { certPem } = await requestCertificate(kc, {
      namePrefix: `node-serving-${nodeName}`, csrPem, signerName: KUBELET_SERVING_SIGNER, usages: ['digital signature', 'server auth'],
    }, AbortSignal.timeout(hooks.servingTimeoutMs ?? 10_000));
    return { certPem, keyPem };
  } catch (e) {
    hooks.warn(`no kubelet-serving certificate from the cluster (${(e as Error).message}); the kubelet uses a self-signed one`);
    const ca = await newCA(selfCADir, `${nodeName}-ca@${Math.floor(Date.now() / 1000)}`);
    const pair = await issueCert({ ca, cn: `system:node:${nodeName}`, o: ['system:nodes'], sans, usage: 'server' });
    return { certPem: pair.certPem + ca.certPem, keyPem: pair.keyPem };
  }
}

/** The node's CA file (for tests and status). */
export const nodeCAFile = (paths: ClusterPaths): string => join(paths.home, 'pki', 'ca.crt');
export const readNodeCA = (paths: ClusterPaths): string => readFileSync(nodeCAFile(paths), 'utf8');
