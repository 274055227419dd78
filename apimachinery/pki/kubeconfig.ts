// Kubeconfig files for the cluster's clients: the server URL with the CA's data, and either a
// client certificate + key or a bearer token. A plain-HTTP server (tests, benches, `k8ts up
// --insecure`) gets no CA and insecure-skip-tls-verify, without which client-node refuses http://.
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  /** PEM of the CA that signed the server's certificate (required for https://). */
  caPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  token?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const cluster = o.cluster ?? 'k8ts';
  const user = o.user ?? 'k8ts-user';
  const creds: Record<string, string> = {};
  if (o.clientCertPem !== undefined) creds['client-certificate-data'] = b64(o.clientCertPem);
  if (o.clientKeyPem !== undefined) creds['client-key-data'] = b64(o.clientKeyPem);
  if (o.token !== undefined) creds.token = o.token;
  let trust: Record<string, string | boolean>;
  if (o.server.startsWith('http://')) trust = { 'insecure-skip-tls-verify': true };
  else if (o.caPem !== undefined) trust = { 'certificate-authority-data': b64(o.caPem) };
  else throw new Error(`kubeconfig for ${o.server}: the CA's PEM is needed to trust an https server`);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: o.server, ...trust } }],
    users: [{ name: user, user: creds }],
    contexts: [{ name: cluster, context: { cluster, user, ...(o.namespace ? { namespace: o.namespace } : {}) } }],
    'current-context': cluster,
  });
}

/** Writes a kubeconfig atomically (readers never see half a file), mode 0600: it holds a key. */
export function writeKubeconfigFile(path: string, o: KubeconfigOptions): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, kubeconfigYaml(o), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
