// kube-proxy's run(): informers on Services, EndpointSlices and Nodes → batched rule syncs through
// the nftables writer, the health endpoint, and (optionally) the built-in service load balancer.
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../apimachinery/client.js';
import { newLogger, type Logger } from '../apimachinery/log.js';
import { healthReport, serveHealthz } from './healthz.js';
import type { ServicePort } from './model/index.js';
import { ServiceHealthServer, serviceHealthChecks } from './servicehealth.js';
import { newProxyInformers, proxyApi } from './informers.js';
import { ensureRouteLocalnet, nodeFacts, wantsLocalhostNodePorts } from './node.js';
import type { KubeProxyOptions } from './options.js';
import { ProxyMetrics } from './metrics.js';
import { cleanupRules, Proxier } from './proxier.js';
import { SyncRunner } from './runner.js';
import { clientStatusWriter, newServiceLBController } from './servicelb/index.js';
import { NftCli, type NftWriter } from './nft/writer.js';

export interface KubeProxyDeps {
  logger?: Logger;
  writer?: NftWriter;
  kubeConfig?: KubeConfig;
}

export interface RunningProxy {
  proxier?: Proxier;
  /** The healthCheckNodePort listeners. */
  serviceHealth?: ServiceHealthServer;
  /** Port of /healthz when it is served. */
  healthzPort?: number;
  /** Resolves when everything has stopped after `signal` aborted (or at once after --cleanup). */
  done: Promise<void>;
}

export async function run(opts: KubeProxyOptions, signal: AbortSignal, deps: KubeProxyDeps = {}): Promise<RunningProxy> {
  const log = deps.logger ?? newLogger({ component: 'kube-proxy', level: opts.logLevel });
  const writer = deps.writer ?? new NftCli();
  if (opts.cleanup) {
    await cleanupRules(writer, signal, opts.nftTable);
    log.info('removed kube-proxy rules');
    return { done: Promise.resolve() };
  }

  const kc = deps.kubeConfig ?? loadKubeConfig({ kubeconfig: opts.kubeconfig, server: opts.master, userAgent: 'kube-proxy' });
  const api = proxyApi(kc);
  const inf = newProxyInformers(kc, log, api);
  const facts = (): ReturnType<typeof nodeFacts> => ({ ...nodeFacts(opts.nodePortAddresses, opts.clusterCIDR), nodeName: opts.hostname });
  if (wantsLocalhostNodePorts(facts())) ensureRouteLocalnet(log);

  const health = { lastSyncAt: () => proxier.lastSyncAt, now: () => Date.now(), staleAfterMs: 2 * opts.syncPeriodMs + 10_000 };
  const serviceHealth = new ServiceHealthServer({ host: opts.healthCheckBindAddress, proxyHealthy: () => healthReport(health).healthy, logger: log });
  const onSynced = (ports: ServicePort[]): void => {
    serviceHealth.sync(serviceHealthChecks(ports, opts.hostname)).catch((err: unknown) => log.warn({ err: String(err) }, 'service health sync failed'));
  };
  const metrics = new ProxyMetrics({ processMetrics: true });
  const proxier = new Proxier({ services: inf.services.store, slices: inf.slices.store, writer, facts, logger: log, table: opts.nftTable, onSynced, metrics });
  const runner = new SyncRunner((): Promise<void> => proxier.sync(signal), {
    coalesceMs: opts.minSyncPeriodMs,
    periodMs: opts.syncPeriodMs,
    retryMs: Math.min(1000, opts.syncPeriodMs),
    logger: log,
  });
  const poke = { onAdd: () => runner.request(), onUpdate: () => runner.request(), onDelete: () => runner.request() };
  inf.services.addEventHandler(poke);
  inf.slices.addEventHandler(poke);

  const tasks: Promise<void>[] = [inf.services.run(signal), inf.slices.run(signal), inf.nodes.run(signal)];
  let healthzPort: number | undefined;
  if (opts.healthzBindAddress !== 'off') {
    const h = await serveHealthz(opts.healthzBindAddress, health, signal, metrics);
    healthzPort = h.port;
    tasks.push(h.closed);
  }
  if (opts.serviceLB) {
    tasks.push(newServiceLBController(inf.services, inf.nodes, clientStatusWriter(kc, api.core), log).run(signal));
  }
  tasks.push(
    (async (): Promise<void> => {
      const synced = await Promise.all([inf.services.waitForSync(signal), inf.slices.waitForSync(signal)]);
      if (!synced.every(Boolean)) return;
      log.info({ node: opts.hostname, mode: opts.proxyMode }, 'caches synced; programming rules');
      await runner.run(signal);
    })().finally(() => serviceHealth.close()),
  );
  return { proxier, serviceHealth, healthzPort, done: Promise.all(tasks).then(() => undefined) };
}
