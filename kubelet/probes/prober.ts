// Runs one probe (or lifecycle handler) against a container: exec through the runtime, httpGet and
// tcpSocket to the pod IP. The outcome is a value; only programming errors throw.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { V1Container, V1ExecAction, V1HTTPGetAction, V1TCPSocketAction } from '@kubernetes/client-node';
import type { RuntimeService } from '../runtime/index.js';
import { errorMessage } from '../host/index.js';

export interface ProbeOutcome { ok: boolean; output: string }

export interface Handler {
  exec?: V1ExecAction;
  httpGet?: V1HTTPGetAction;
  tcpSocket?: V1TCPSocketAction;
  grpc?: unknown;
  sleep?: { seconds: number };
}

export interface ProbeTarget {
  runtime: RuntimeService;
  containerId: string;
  container: V1Container;
  podIP?: string;
}

/** A port given as a number, a numeric string, or the name of a container port. */
export function resolvePort(port: number | string | undefined, container: V1Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function httpGet(a: V1HTTPGetAction, t: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const port = resolvePort(a.port as number | string, t.container);
  const host = a.host || t.podIP;
  if (!port || !host) return Promise.resolve({ ok: false, output: `cannot resolve ${host ?? '<no pod IP>'}:${String(a.port)}` });
  const https = (a.scheme ?? 'HTTP').toUpperCase() === 'HTTPS';
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
  for (const h of a.httpHeaders ?? []) headers[h.name] = h.value;
  return new Promise((resolve) => {
    const req = (https ? httpsRequest : httpRequest)({
      host, port, path: a.path || '/', method: 'GET', headers, timeout: timeoutMs, ...(https ? { rejectUnauthorized: false } : {}),
    }, (res) => {
      const code = res.statusCode ?? 0;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { if (body.length < 1024) body += d; });
      res.on('end', () => resolve({ ok: code >= 200 && code < 400, output: code >= 400 ? `HTTP probe failed with statuscode: ${code}` : body }));
      res.on('error', (e) => resolve({ ok: false, output: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`Get "http://${host}:${port}${a.path ?? '/'}": context deadline exceeded`)));
    req.on('error', (e) => resolve({ ok: false, output: e.message }));
    req.end();
  });
}

function tcp(a: V1TCPSocketAction, t: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const port = resolvePort(a.port as number | string, t.container);
  const host = a.host || t.podIP;
  if (!port || !host) return Promise.resolve({ ok: false, output: `cannot resolve ${host ?? '<no pod IP>'}:${String(a.port)}` });
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: timeoutMs });
    s.once('connect', () => { s.destroy(); resolve({ ok: true, output: '' }); });
    s.once('timeout', () => { s.destroy(); resolve({ ok: false, output: `dial tcp ${host}:${port}: i/o timeout` }); });
    s.once('error', (e) => resolve({ ok: false, output: `dial tcp ${host}:${port}: ${e.message}` }));
  });
}

async function exec(a: V1ExecAction, t: ProbeTarget, timeoutSec: number): Promise<ProbeOutcome> {
  try {
    const r = await t.runtime.execSync(t.containerId, a.command ?? [], timeoutSec);
    const output = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
    return { ok: r.exitCode === 0, output: r.exitCode === 0 ? output : `command ${JSON.stringify(a.command)} exited with ${r.exitCode}: ${output}` };
  } catch (err) {
    return { ok: false, output: errorMessage(err) };
  }
}

/** Runs a probe or lifecycle handler once. */
export async function runHandler(h: Handler, t: ProbeTarget, timeoutSec: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  if (h.exec) return exec(h.exec, t, timeoutSec);
  if (h.httpGet) return httpGet(h.httpGet, t, timeoutSec * 1000);
  if (h.tcpSocket) return tcp(h.tcpSocket, t, timeoutSec * 1000);
  if (h.sleep) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, h.sleep!.seconds * 1000);
      signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
    return { ok: true, output: '' };
  }
  return { ok: false, output: 'unsupported probe handler (grpc probes are not implemented)' };
}
