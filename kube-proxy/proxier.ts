// The proxier: reads the informer caches, builds the table (pure), writes it (thin writer) and
// remembers what it wrote so the next write can be incremental. Any failed write makes the next
// one a full rebuild.
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import type { Lister } from '../apimachinery/controller/index.js';
import type { Logger } from '../apimachinery/log.js';
import { buildServicePorts, type ServicePort } from './model/index.js';
import { buildTable, TableName, type NodeFacts } from './nft/rules.js';
import { renderDelete, renderTransaction, stateOf, type TableState } from './nft/table.js';
import type { NftWriter } from './nft/writer.js';
import type { ProxyMetrics } from './metrics.js';

export interface ProxierOptions {
  services: Lister<V1Service>;
  slices: Lister<V1EndpointSlice>;
  writer: NftWriter;
  /** Node facts, read at every sync (local addresses may change). */
  facts: () => NodeFacts;
  logger: Logger;
  now?: () => number;
  /** Our nftables table (default k8ts-proxy); tests give each cluster its own. */
  table?: string;
  /** Called with the service ports of every successful write (service health checks). */
  onSynced?: (ports: ServicePort[]) => void;
  /** Sync duration and last-sync time. */
  metrics?: Pick<ProxyMetrics, 'observeSync'>;
}

export class Proxier {
  private prev?: TableState;
  /** Time of the last successful write (0 = never). */
  lastSyncAt = 0;
  syncs = 0;

  constructor(private readonly opts: ProxierOptions) {}

  async sync(signal?: AbortSignal): Promise<void> {
    const start = (this.opts.now ?? Date.now)();
    const ports = buildServicePorts(this.opts.services.list(), this.opts.slices.list());
    const table = buildTable(ports, this.opts.facts());
    table.name = this.opts.table ?? TableName;
    const next = stateOf(table);
    const script = renderTransaction(table, this.prev, next);
    try {
      await this.opts.writer.apply(script, signal);
    } catch (err) {
      this.prev = undefined;
      throw err;
    }
    this.prev = next;
    this.syncs++;
    this.lastSyncAt = (this.opts.now ?? Date.now)();
    this.opts.metrics?.observeSync((this.lastSyncAt - start) / 1000, this.lastSyncAt);
    this.opts.onSynced?.(ports);
    this.opts.logger.debug({ servicePorts: ports.length, chains: table.chains.length, ms: this.lastSyncAt - start }, 'rules synced');
  }

  /** Removes our table (shutdown is NOT a cleanup: kube-proxy leaves rules in place on exit). */
  async cleanup(signal?: AbortSignal): Promise<void> {
    await this.opts.writer.apply(renderDelete('ip', this.opts.table ?? TableName), signal);
    this.prev = undefined;
  }
}

/** `--cleanup`: delete everything kube-proxy created, without needing an API server. */
export async function cleanupRules(writer: NftWriter, signal?: AbortSignal, table = TableName): Promise<void> {
  await writer.apply(renderDelete('ip', table), signal);
}
