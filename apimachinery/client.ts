// Client set-up shared by every component: one KubeConfig, built from --kubeconfig / KUBECONFIG or
// from a server URL (tests, in-process). Components talk to the API only through client-node.
import { KubeConfig } from '@kubernetes/client-node';

export interface ClientOptions {
  /** Path to a kubeconfig file (--kubeconfig). */
  kubeconfig?: string;
  /** API server URL; used when no kubeconfig is given (e.g. http://127.0.0.1:6443). */
  server?: string;
  /** Bearer token for `server` (TLS only: client-go sends no credentials over plain HTTP). */
  token?: string;
  /** Identity for logs and the User-Agent. */
  userAgent?: string;
}

export function loadKubeConfig(opts: ClientOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  const file = opts.kubeconfig ?? process.env.KUBECONFIG;
  if (file && !opts.server) {
    kc.loadFromFile(file);
    return kc;
  }
  const server = opts.server ?? 'http://127.0.0.1:6443';
  kc.loadFromOptions({
    clusters: [{ name: 'k8ts', server, skipTLSVerify: server.startsWith('http://') }],
    users: [{ name: 'k8ts', token: opts.token }],
    contexts: [{ name: 'k8ts', cluster: 'k8ts', user: 'k8ts', namespace: 'default' }],
    currentContext: 'k8ts',
  });
  return kc;
}
