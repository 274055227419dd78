// Service health checks (kube-proxy's healthcheck server): for every LoadBalancer Service with
// externalTrafficPolicy Local, an HTTP server on its spec.healthCheckNodePort answers 200 while
// this node has ready endpoints for it and 503 otherwise, so a load balancer sends traffic only to
// nodes that can serve it without SNAT. Body and headers as kube-proxy writes them.
import { createServer, type Server } from 'node:http';
import type { Logger } from '../apimachinery/log.js';
import { localEndpoints, type ServicePort } from './model/index.js';

export interface ServiceHealth {
  namespace: string;
  name: string;
  /** Distinct ready (or, failing that, serving-terminating) endpoint IPs on this node. */
  localEndpoints: number;
}

/** healthCheckNodePort → the Service behind it and its local endpoint count. Pure. */
export function serviceHealthChecks(ports: ServicePort[], nodeName: string): Map<number, ServiceHealth> {
  const ips = new Map<number, { h: ServiceHealth; ips: Set<string> }>();
  for (const sp of ports) {
    if (sp.healthCheckNodePort === undefined) continue;
    let e = ips.get(sp.healthCheckNodePort);
    if (!e) ips.set(sp.healthCheckNodePort, (e = { h: { namespace: sp.namespace, name: sp.name, localEndpoints: 0 }, ips: new Set() }));
    for (const ep of localEndpoints(sp.endpoints, nodeName)) e.ips.add(ep.ip);
  }
  return new Map([...ips].map(([port, e]) => [port, { ...e.h, localEndpoints: e.ips.size }]));
}

export interface ServiceHealthServerOptions {
  /** Address the health ports listen on (kube-proxy: every node address). */
  host: string;
  /** Whether the proxy itself is healthy (its rules are fresh). */
  proxyHealthy: () => boolean;
  logger: Logger;
}

/** Keeps one listener per wanted healthCheckNodePort; `sync` opens and closes them. */
export class ServiceHealthServer {
  private readonly servers = new Map<number, Server>();
  private want = new Map<number, ServiceHealth>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly opts: ServiceHealthServerOptions) {}

  /** The ports currently listened on (tests). */
  ports(): number[] {
    return [...this.servers.keys()].sort((a, b) => a - b);
  }

  /** Serves exactly these ports from now on (calls are applied in order, never concurrently). */
  sync(want: Map<number, ServiceHealth>): Promise<void> {
    this.chain = this.chain.then(() => this.apply(want));
    return this.chain;
  }

  private async apply(want: Map<number, ServiceHealth>): Promise<void> {
    if (this.closed) return;
    this.want = want;
    for (const [port, srv] of this.servers) {
      if (!want.has(port)) {
        this.servers.delete(port);
        await close(srv);
      }
    }
    for (const port of want.keys()) {
      if (this.servers.has(port)) continue;
      const srv = createServer((req, res) => {
        const h = this.want.get(port);
        if (!h) return void res.writeHead(404).end();
        const healthy = this.opts.proxyHealthy();
        const body = { service: { namespace: h.namespace, name: h.name }, localEndpoints: h.localEndpoints, serviceProxyHealthy: healthy };
        res.writeHead(h.localEndpoints > 0 && healthy ? 200 : 503, {
          'Content-Type': 'application/json',
          'X-Content-Type-Options': 'nosniff',
          'X-Load-Balancing-Endpoint-Weight': String(h.localEndpoints),
        });
        res.end(JSON.stringify(body));
      });
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(port, this.opts.host || undefined, () => resolve());
        });
        this.servers.set(port, srv);
      } catch (err) {
        // A port taken by something else: log and try again at the next sync, as kube-proxy does.
        this.opts.logger.warn({ port, err: err instanceof Error ? err.message : String(err) }, 'cannot serve healthCheckNodePort');
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
    const all = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(all.map(close));
  }
}

function close(srv: Server): Promise<void> {
  return new Promise((resolve) => {
    srv.close(() => resolve());
    srv.closeAllConnections();
  });
}
