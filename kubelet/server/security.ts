// The kubelet server's TLS and authorization settings from the kubelet flags (--tls-cert-file,
// --tls-private-key-file, --client-ca-file): PEM files read once at start; with a client CA the
// authorizer asks the API server (SubjectAccessReview through client-node).
import { readFile } from 'node:fs/promises';
import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { sarAuthorizer } from './auth.js';
import type { KubeletServerOptions } from './server.js';

export interface ServerSecurityFlags {
  nodeName: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCAFile?: string;
}

export async function serverSecurity(f: ServerSecurityFlags, kc: KubeConfig, log: Logger): Promise<Pick<KubeletServerOptions, 'tls' | 'authorizer'>> {
  if (!f.tlsCertFile || !f.tlsPrivateKeyFile) return {};
  const [cert, key, clientCA] = await Promise.all([
    readFile(f.tlsCertFile, 'utf8'), readFile(f.tlsPrivateKeyFile, 'utf8'),
    f.clientCAFile ? readFile(f.clientCAFile, 'utf8') : Promise.resolve(undefined),
  ]);
  if (!clientCA) return { tls: { cert, key } };
  return {
    tls: { cert, key, clientCA },
    authorizer: sarAuthorizer({ api: kc.makeApiClient(AuthorizationV1Api), nodeName: f.nodeName, log }),
  };
}
