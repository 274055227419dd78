// One command's connection to the cluster: the REST helper, the namespace in effect, and discovery
// fetched at most once.
import type { KubeConfig } from '@kubernetes/client-node';
import { discover, type ApiResource } from './discovery.js';
import { Rest } from './rest.js';

export class Session {
  readonly rest: Rest;
  private discovered?: Promise<ApiResource[]>;

  constructor(
    readonly kc: KubeConfig,
    readonly namespace: string,
    readonly explicitNamespace: boolean,
  ) {
    this.rest = new Rest(kc);
  }

  resources(): Promise<ApiResource[]> {
    this.discovered ??= discover(this.rest);
    return this.discovered;
  }
}
