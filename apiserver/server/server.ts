// run(): the API server process body. Opens storage (etcd + watch cache), builds the registry and
// the HTTP app, bootstraps system objects, listens, and shuts down cleanly when `signal` aborts.
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { newLogger, type Logger } from '../../apimachinery/log.js';
import { ServiceAllocators } from '../registry/allocators.js';
import { Registry } from '../registry/rest.js';
import type { Store } from '../storage/types.js';
import { openStorage } from './storage.js';
import { buildEngines, buildOpenAPI, schemaValidator } from './engines.js';
import { buildApp } from './app.js';
import { newKubeletProxy, routeUpgrades } from './kubelet-proxy.js';
import { loadDefinitions } from '../openapi/index.js';
import { SchemaValidator } from '../validation/index.js';
import { resources } from '../registry/resources.js';
import { bootstrap } from './bootstrap.js';
import type { ApiServerOptions } from '../options.js';

export interface RunningApiServer {
  url: string;
  port: number;
  store: Store;
  /** Resolves when the server has stopped (after `signal` aborts). */
  done: Promise<void>;
}

export async function run(opts: ApiServerOptions, signal: AbortSignal, logger?: Logger): Promise<RunningApiServer> {
  const log = logger ?? newLogger({ component: 'kube-apiserver', level: opts.logLevel });
  const store = openStorage(opts.etcdServers, log);
  const allocators = new ServiceAllocators(store, { serviceCIDR: opts.serviceClusterIPRange, nodePortRange: opts.serviceNodePortRange });
  const defs = await loadDefinitions();
  const validator = new SchemaValidator(defs);
  const engines = await buildEngines(validator);
  const registry = new Registry(store, allocators, { validate: schemaValidator(validator), managedFields: engines.managedFields });
  const openapi = buildOpenAPI(defs);
  const app = buildApp({
    context: { registry, engines, log, kubeletProxy: newKubeletProxy(log) },
    openapi,
    advertiseAddress: `${opts.advertiseAddress}:${opts.securePort}`,
    logger: log,
    ready: async () => {
      try {
        await store.currentRevision();
        return true;
      } catch {
        return false;
      }
    },
  });
  routeUpgrades(app.server, app);
  await bootstrap(registry, { kubernetesServiceIP: allocators.nthIP(1), advertiseAddress: opts.advertiseAddress, port: opts.securePort }, log);
  await app.listen({ host: opts.bindAddress, port: opts.securePort });
  const port = (app.server.address() as AddressInfo).port;
  if (opts.portFile) writeFileSync(opts.portFile, String(port));
  const url = `http://${opts.bindAddress === '0.0.0.0' ? '127.0.0.1' : opts.bindAddress}:${port}`;
  log.info({ url, etcd: opts.etcdServers }, 'API server listening');
  // Compile the schema validators now rather than on a first request (pod templates take ~0.5 s).
  setImmediate(() => validator.precompile(resources.map((r) => ({ group: r.group, version: r.version, kind: r.kind }))));
  const done = new Promise<void>((resolve) => {
    const stop = async (): Promise<void> => {
      log.info('API server stopping');
      // Watches are long-lived: close every socket rather than waiting for them.
      app.server.closeAllConnections();
      await app.close();
      await store.close();
      resolve();
    };
    if (signal.aborted) void stop();
    else signal.addEventListener('abort', () => void stop(), { once: true });
  });
  return { url, port, store, done };
}
