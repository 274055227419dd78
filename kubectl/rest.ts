// A small REST helper over the KubeConfig's transport settings (TLS, tokens, certs via client-node's
// applyToHTTPSOptions): kubectl needs raw Accept headers (Tables, aggregated discovery) and streams (logs).
import type { KubeConfig } from '@kubernetes/client-node';
import type { IncomingMessage } from 'node:http';
import { ServerError, type StatusDetails } from './io.js';

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}

export interface Response {
  status: number;
  contentType: string;
  text: string;
}

export class Rest {
  constructor(readonly kc: KubeConfig) {}

  private server(): string {
    const c = this.kc.getCurrentCluster();
    if (!c) throw new ServerError(0, '', 'no cluster in the current context');
    return c.server.replace(/\/$/, '');
  }

  /** Opens a request and resolves with the response stream (status not checked). */
  async open(path: string, o: RequestOptions = {}): Promise<IncomingMessage> {
    const url = new URL(this.server() + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const opts: import('node:https').RequestOptions = { method: o.method ?? 'GET', headers: { Accept: o.accept ?? 'application/json' } };
    // Like client-go, send credentials only over TLS (plain http gets no auth at all).
    if (url.protocol === 'https:') await this.kc.applyToHTTPSOptions(opts);
    const payload = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (payload !== undefined) {
      opts.headers = { ...opts.headers, 'Content-Type': o.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) };
    }
    const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { ...opts, signal: o.signal }, resolve);
      req.once('error', reject);
      req.end(payload);
    });
  }

  async request(path: string, o: RequestOptions = {}): Promise<Response> {
    const res = await this.open(path, o);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return { status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') };
  }

  /** Requests JSON; a non-2xx answer throws a ServerError built from the Status body. */
  async json<T = Record<string, unknown>>(path: string, o: RequestOptions = {}): Promise<T> {
    const r = await this.request(path, o);
    if (r.status < 200 || r.status > 299) throw statusError(r);
    return JSON.parse(r.text) as T;
  }
}

/** Turns an error response into kubectl's "Error from server (Reason): message". */
export function statusError(r: Response): ServerError {
  try {
    const s = JSON.parse(r.text) as { kind?: string; reason?: string; message?: string; details?: StatusDetails };
    if (s.kind === 'Status') return new ServerError(r.status, s.reason ?? '', s.message ?? '', s.details);
  } catch {
    // not JSON
  }
  return new ServerError(r.status, '', `an error on the server ("${r.text.trim().slice(0, 200)}") has prevented the request from succeeding`);
}
