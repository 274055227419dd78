// The REST helper every command uses. Requests go through client-node's own request machinery
// (RequestContext + IsomorphicFetchHttpLibrary, its node-fetch transport) with an agent carrying the
// kubeconfig's TLS material (CA, client certificate, skip-verify, server name) and its bearer token
// or basic auth — loaded without the generated API so start-up stays fast. Users needing an exec
// plugin or auth provider get their options from client-node's full KubeConfig instead.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Agent } from 'node:http';
import type { Connection } from './kubeconfig.js';
import { CliError, ServerError, type StatusDetails } from './io.js';

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
}

export interface Response {
  status: number;
  contentType: string;
  text: string;
}

interface Prepared {
  agent?: Agent;
  headers: Record<string, string>;
}

export class Rest {
  private prepared?: Promise<Prepared>;

  constructor(
    readonly connection: Connection,
    private readonly fullKubeConfig: () => Promise<KubeConfig>,
  ) {}

  get server(): string {
    return this.connection.server;
  }

  /** Agent and auth headers, computed once. Like client-go, credentials go only over TLS. */
  private prepare(): Promise<Prepared> {
    this.prepared ??= (async (): Promise<Prepared> => {
      const c = this.connection;
      if (!c.server.startsWith('https:')) return { headers: {} };
      if (c.needsFullClient) {
        const kc = await this.fullKubeConfig();
        const o = await kc.applyToFetchOptions({});
        const headers: Record<string, string> = {};
        const h = o.headers as unknown as { forEach(cb: (v: string, k: string) => void): void } | undefined;
        h?.forEach((v, k) => (headers[k] = v));
        return { agent: o.agent as Agent | undefined, headers };
      }
      const { Agent: HttpsAgent } = await import('node:https');
      const agent = new HttpsAgent({ ca: c.ca, cert: c.cert, key: c.key, rejectUnauthorized: !c.insecureSkipTLSVerify, servername: c.tlsServerName, keepAlive: true });
      const headers: Record<string, string> = {};
      if (c.token) headers.Authorization = `Bearer ${c.token}`;
      else if (c.basic) headers.Authorization = `Basic ${Buffer.from(`${c.basic.username}:${c.basic.password}`).toString('base64')}`;
      return { agent, headers };
    })();
    return this.prepared;
  }

  /** The agent and auth headers (for client-node helpers that take fetch options). */
  async fetchOptions(): Promise<Prepared> {
    return this.prepare();
  }

  async request(path: string, o: RequestOptions = {}): Promise<Response> {
    const [{ RequestContext, HttpMethod }, { IsomorphicFetchHttpLibrary }] = await Promise.all([
      import('@kubernetes/client-node/dist/gen/http/http.js'),
      import('@kubernetes/client-node/dist/gen/http/isomorphic-fetch.js'),
    ]);
    const p = await this.prepare();
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const method = (o.method ?? 'GET') as keyof typeof HttpMethod;
    const ctx = new RequestContext(url.toString(), HttpMethod[method]);
    ctx.setHeaderParam('Accept', o.accept ?? 'application/json');
    ctx.setHeaderParam('User-Agent', 'k8ts-kubectl/v1.32.4');
    for (const [k, v] of Object.entries(p.headers)) ctx.setHeaderParam(k, v);
    if (p.agent) ctx.setAgent(p.agent as never);
    if (o.body !== undefined) {
      ctx.setHeaderParam('Content-Type', o.contentType ?? 'application/json');
      ctx.setBody(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
    }
    let res;
    try {
      res = await new IsomorphicFetchHttpLibrary().send(ctx).toPromise();
    } catch (e) {
      throw connectionError(e, url);
    }
    const text = await res.body.text();
    return { status: res.httpStatusCode, contentType: String(res.headers['content-type'] ?? ''), text };
  }

  /** Requests JSON; a non-2xx answer throws a ServerError built from the Status body. */
  async json<T = Record<string, unknown>>(path: string, o: RequestOptions = {}): Promise<T> {
    const r = await this.request(path, o);
    if (r.status < 200 || r.status > 299) throw statusError(r);
    return JSON.parse(r.text) as T;
  }
}

/** kubectl's wording for an unreachable server. */
function connectionError(e: unknown, url: URL): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'ECONNREFUSED') return new CliError(`The connection to the server ${url.host} was refused - did you specify the right host or port?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CliError(`Unable to connect to the server: dial tcp: lookup ${url.hostname}: no such host`);
  return e;
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
