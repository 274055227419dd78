// Listening with a small node:http server until a signal aborts (kube-proxy's health port, the
// controller-manager's metrics port): resolves with the bound port once listening, and `closed`
// once the server has stopped after the abort; and answering a scrape on such a server.
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsScrape } from './registry.js';

export interface Listening {
  port: number;
  closed: Promise<void>;
}

export async function listenUntilAborted(server: Server, host: string, port: number, signal: AbortSignal): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const closed = new Promise<void>((resolve) => {
    const close = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    if (signal.aborted) close();
    else signal.addEventListener('abort', close, { once: true });
  });
  return { port: (server.address() as AddressInfo).port, closed };
}

/** Answers a GET /metrics with a scrape of `source` (500 with the error if rendering fails). */
export function sendScrape(res: ServerResponse, source: { render(): Promise<MetricsScrape> }): void {
  source.render().then(
    (m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body),
    (err: unknown) => res.writeHead(500).end(String(err)),
  );
}
