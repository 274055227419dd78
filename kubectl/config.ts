// kubeconfig handling as kubectl does it: --kubeconfig, else KUBECONFIG (several files joined by ':',
// merged first-wins), else ~/.kube/config; --context picks the context; -n overrides its namespace.
import type { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './io.js';

export interface ConfigFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface ClientConfig {
  kc: KubeConfig;
  /** The namespace to use: -n, else the context's, else "default". */
  namespace: string;
  /** True when -n was given explicitly. */
  explicitNamespace: boolean;
}

export async function loadClientConfig(flags: ConfigFlags, env: Readonly<Record<string, string | undefined>>): Promise<ClientConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  const files = flags.kubeconfig
    ? [flags.kubeconfig]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(':').filter((f) => f !== '')
      : [join(env.HOME ?? '', '.kube', 'config')];
  if (flags.kubeconfig && !existsSync(flags.kubeconfig)) throw new CliError(`error: stat ${flags.kubeconfig}: no such file or directory`);
  let loaded = false;
  for (const f of files) {
    if (!existsSync(f)) continue;
    if (!loaded) {
      kc.loadFromFile(f);
      loaded = true;
      continue;
    }
    const extra = new KubeConfig();
    extra.loadFromFile(f);
    mergeFirstWins(kc, extra);
  }
  if (!loaded) kc.loadFromOptions({ clusters: [{ name: 'local', server: 'http://localhost:8080' }], users: [{ name: 'local' }], contexts: [{ name: 'local', cluster: 'local', user: 'local' }], currentContext: 'local' });
  if (flags.context) {
    if (!kc.getContextObject(flags.context)) throw new CliError(`error: context "${flags.context}" does not exist`);
    kc.setCurrentContext(flags.context);
  }
  const ctx = kc.getContextObject(kc.getCurrentContext());
  const namespace = flags.namespace || ctx?.namespace || 'default';
  return { kc, namespace, explicitNamespace: !!flags.namespace };
}

/** kubectl's merge rule: the first file to set a cluster/user/context (or current-context) wins. */
function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  const has = <T extends { name: string }>(list: readonly T[], name: string): boolean => list.some((x) => x.name === name);
  const clusters = [...into.clusters, ...from.clusters.filter((c) => !has(into.clusters, c.name))];
  const users = [...into.users, ...from.users.filter((u) => !has(into.users, u.name))];
  const contexts = [...into.contexts, ...from.contexts.filter((c) => !has(into.contexts, c.name))];
  const current = into.currentContext || from.currentContext;
  into.loadFromOptions({ clusters, users, contexts, currentContext: current });
}
