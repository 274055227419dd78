// kubeconfig handling as kubectl does it: --kubeconfig, else KUBECONFIG (several files joined by ':',
// merged first-wins), else ~/.kube/config; --context picks the context; -n overrides its namespace.
// The files are read with the light loader (kubeconfig.ts); client-node's full KubeConfig is built
// from the same merged config only when a command needs it (exec, port-forward, logs -f, watches).
import type { KubeConfig } from '@kubernetes/client-node';
import { CliError } from './io.js';
import { connectionFor, loadConfig, type Connection, type LoadedConfig } from './kubeconfig.js';

export interface ConfigFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface ClientConfig {
  loaded: LoadedConfig;
  /** The context in effect (--context, else current-context). */
  context: string | undefined;
  connection: Connection;
  /** The namespace to use: -n, else the context's, else "default". */
  namespace: string;
  /** True when -n was given explicitly. */
  explicitNamespace: boolean;
  /** client-node's KubeConfig for the same merged config and context (loaded on first use). */
  fullKubeConfig(): Promise<KubeConfig>;
}

export async function loadClientConfig(flags: ConfigFlags, env: Readonly<Record<string, string | undefined>>): Promise<ClientConfig> {
  const loaded = await loadConfig(flags.kubeconfig, env);
  const cfg = loaded.merged;
  if (flags.context && !cfg.contexts.some((c) => c.name === flags.context)) throw new CliError(`error: context "${flags.context}" does not exist`);
  const context = flags.context ?? cfg['current-context'];
  const ctx = cfg.contexts.find((c) => c.name === context)?.context;
  const namespace = flags.namespace || ctx?.namespace || 'default';
  let full: Promise<KubeConfig> | undefined;
  return {
    loaded,
    context,
    connection: connectionFor(cfg, context),
    namespace,
    explicitNamespace: !!flags.namespace,
    fullKubeConfig: () => (full ??= buildKubeConfig(loaded, context)),
  };
}

/** client-node's KubeConfig holding the merged files, with `context` current. */
async function buildKubeConfig(loaded: LoadedConfig, context: string | undefined): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { stringify } = await import('yaml');
  const kc = new KubeConfig();
  if (loaded.merged.clusters.length === 0) {
    kc.loadFromOptions({ clusters: [{ name: 'local', server: 'http://localhost:8080' }], users: [{ name: 'local' }], contexts: [{ name: 'local', cluster: 'local', user: 'local' }], currentContext: 'local' });
    return kc;
  }
  // the merged config has absolute paths already, so loadFromString needs no root directory
  kc.loadFromString(stringify(loaded.merged, { aliasDuplicateObjects: false }));
  if (context) kc.setCurrentContext(context);
  return kc;
}
