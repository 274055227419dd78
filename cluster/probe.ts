// Readiness probes of the launcher: GET a health endpoint (/readyz, /health, /healthz) until it
// answers 200, over HTTPS checked against the cluster CA when one is given. One kept-alive
// connection per wait: several waiters poll the API server while it starts, and a TLS handshake
// per poll would cost it (and them) CPU exactly when it is busiest.
import { Agent as HttpAgent, get as httpGet } from 'node:http';
import { Agent as HttpsAgent, get as httpsGet } from 'node:https';

export interface ProbeOptions {
  /** PEM CA to check an https:// server's certificate against. */
  ca?: string;
  timeoutMs?: number;
  /** Pause between attempts (ms). */
  intervalMs?: number;
}

/** One GET; resolves to the status code, or 0 when nothing answered. */
export function probeOnce(url: string, opts: { ca?: string; signal?: AbortSignal; agent?: HttpAgent } = {}): Promise<number> {
  return new Promise((resolve) => {
    const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(2000)]) : AbortSignal.timeout(2000);
    const req = url.startsWith('https:') ? httpsGet(url, { ca: opts.ca, signal, agent: opts.agent as HttpsAgent | undefined }) : httpGet(url, { signal, agent: opts.agent });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', () => resolve(0));
    });
    req.once('error', () => resolve(0));
  });
}

export async function waitHealthy(url: string, signal: AbortSignal, opts: ProbeOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const agent = url.startsWith('https:') ? new HttpsAgent({ keepAlive: true, maxSockets: 1, ca: opts.ca }) : new HttpAgent({ keepAlive: true, maxSockets: 1 });
  try {
    for (;;) {
      if (signal.aborted) throw new Error('aborted');
      if ((await probeOnce(url, { ca: opts.ca, signal, agent })) === 200) return;
      if (Date.now() > deadline) throw new Error(`${url} did not become ready in ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 20));
    }
  } finally {
    agent.destroy();
  }
}
