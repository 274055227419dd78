// Kubeconfig files for the cluster's clients: the server URL with the CA's data, and either a
// client certificate + key or a bearer token.
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  /** PEM of the CA that signed the server's certificate. */
  caPem: string;
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
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: o.server, 'certificate-authority-data': b64(o.caPem) } }],
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
