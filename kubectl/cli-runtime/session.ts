// One command's connection to the cluster: the REST helper, the namespace in effect, discovery
// (from kubectl-style disk cache when fresh, else fetched once), and client-node's full KubeConfig
// for the commands that need it.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClientConfig } from './config.js';
import { cacheFile, readCache, writeCache } from './discocache.js';
import { discover, type ApiResource } from './discovery.js';
import { Rest } from './rest.js';

export class Session {
  readonly rest: Rest;
  readonly namespace: string;
  readonly explicitNamespace: boolean;
  private discovered?: Promise<ApiResource[]>;
  private readonly cache: string | undefined;
  /** True when the resources in use came from the disk cache (so a miss may just be stale). */
  usedCache = false;

  constructor(
    readonly config: ClientConfig,
    env: Readonly<Record<string, string | undefined>> = {},
  ) {
    this.rest = new Rest(config.connection, config.fullKubeConfig);
    this.namespace = config.namespace;
    this.explicitNamespace = config.explicitNamespace;
    this.cache = cacheFile(config.connection.server, env);
  }

  resources(): Promise<ApiResource[]> {
    if (!this.discovered) {
      const cached = readCache(this.cache);
      if (cached) {
        this.usedCache = true;
        this.discovered = Promise.resolve(cached);
      } else this.discovered = this.fetch();
    }
    return this.discovered;
  }

  /** Discovery from the server now (and into the cache), e.g. after a type was not found. */
  refresh(): Promise<ApiResource[]> {
    this.usedCache = false;
    this.discovered = this.fetch();
    return this.discovered;
  }

  private async fetch(): Promise<ApiResource[]> {
    const list = await discover(this.rest);
    writeCache(this.cache, list);
    return list;
  }

  /** client-node's KubeConfig (exec, port-forward, log streaming, watches); loads the full client. */
  kubeConfig(): Promise<KubeConfig> {
    return this.config.fullKubeConfig();
  }
}
