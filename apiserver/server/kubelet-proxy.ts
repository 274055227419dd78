// The API server side of pods/log, exec, attach and portforward: find the node's kubelet
// (Node.status.addresses InternalIP + daemonEndpoints.kubeletEndpoint.Port) and forward. Logs are
// an HTTP GET streamed back chunk by chunk; exec/attach/portforward are upgrades, proxied as raw
// bytes in both directions (WebSocket or SPDY alike). routeUpgrades() lets upgrade requests reach
// the fastify routes at all (Node hands them to the 'upgrade' event, not to 'request').
// With a client certificate (--kubelet-client-certificate/--kubelet-client-key) kubelets are dialled
// over HTTPS presenting it; --kubelet-certificate-authority verifies their serving certificates.
import { readFileSync } from 'node:fs';
import { request as httpRequest, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../apimachinery/log.js';
import { isObj, type Obj } from '../../apimachinery/objects.js';
import type { HandlerContext } from '../handlers/context.js';

export interface KubeletAddress { host: string; port: number }

/** The API server's TLS settings towards kubelets (PEM file paths, as the flags give them). */
export interface KubeletClientConfig {
  clientCertificate?: string;
  clientKey?: string;
  certificateAuthority?: string;
}

/** TLS options for dialling kubelets, or undefined for plain HTTP (no client certificate and no CA). */
export function kubeletTLS(c: KubeletClientConfig | undefined): ConnectionOptions | undefined {
  if (!c || (!c.clientCertificate && !c.certificateAuthority)) return undefined;
  if (!c.clientCertificate !== !c.clientKey) throw new Error('--kubelet-client-certificate and --kubelet-client-key go together');
  return {
    ...(c.clientCertificate ? { cert: readFileSync(c.clientCertificate, 'utf8'), key: readFileSync(c.clientKey!, 'utf8') } : {}),
    ...(c.certificateAuthority ? { ca: readFileSync(c.certificateAuthority, 'utf8'), rejectUnauthorized: true } : { rejectUnauthorized: false }),
  };
}

type ProxyFn = NonNullable<HandlerContext['kubeletProxy']>;

/** Where the node's kubelet listens, or undefined when the Node does not say. */
export function kubeletAddress(node: Obj): KubeletAddress | undefined {
  const status = isObj(node.status) ? node.status : {};
  const addrs = Array.isArray(status.addresses) ? status.addresses.filter(isObj) : [];
  const pick = (t: string): string | undefined => addrs.find((a) => a.type === t && typeof a.address === 'string')?.address as string | undefined;
  const host = pick('InternalIP') ?? pick('ExternalIP') ?? pick('Hostname');
  const de = isObj(status.daemonEndpoints) && isObj(status.daemonEndpoints.kubeletEndpoint) ? status.daemonEndpoints.kubeletEndpoint : {};
  const port = typeof de.Port === 'number' && de.Port > 0 ? de.Port : undefined;
  return host && port ? { host, port } : undefined;
}

/** The container a request means: ?container=, else the default-container annotation, else the first. */
export function containerFor(pod: Obj, query: Record<string, unknown>): string {
  if (typeof query.container === 'string' && query.container) return query.container;
  const meta = isObj(pod.metadata) ? pod.metadata : {};
  const ann = isObj(meta.annotations) ? meta.annotations['kubectl.kubernetes.io/default-container'] : undefined;
  if (typeof ann === 'string' && ann) return ann;
  const spec = isObj(pod.spec) ? pod.spec : {};
  const first = Array.isArray(spec.containers) && isObj(spec.containers[0]) ? spec.containers[0].name : undefined;
  return typeof first === 'string' ? first : '';
}

/** The kubelet path (with the client's query string) for a subresource request. */
export function kubeletPath(pod: Obj, subresource: string, container: string, rawUrl: string): string {
  const meta = isObj(pod.metadata) ? pod.metadata : {};
  const ns = encodeURIComponent(String(meta.namespace ?? ''));
  const name = encodeURIComponent(String(meta.name ?? ''));
  const q = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?')) : '';
  const c = encodeURIComponent(container);
  switch (subresource) {
    case 'log': return `/containerLogs/${ns}/${name}/${c}${q}`;
    case 'portforward': return `/portForward/${ns}/${name}${q}`;
    default: return `/${subresource}/${ns}/${name}/${c}${q}`;
  }
}

function statusBody(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function fail(res: ServerResponse, socket: Duplex, upgrade: boolean, code: number, message: string): void {
  const reason = code === 503 ? 'ServiceUnavailable' : code === 502 ? 'BadGateway' : 'InternalError';
  const body = statusBody(code, reason, message);
  if (upgrade) {
    socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return;
  }
  if (!res.headersSent) res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(body);
}

const HOP_HEADERS = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol',
  'sec-websocket-extensions', 'x-stream-protocol-version', 'user-agent', 'content-length', 'content-type'];

/** Proxies an upgrade: replays the request head to the kubelet, then pipes raw bytes both ways. */
function proxyUpgrade(req: IncomingMessage, addr: KubeletAddress, path: string, log: Logger, res: ServerResponse, tls: ConnectionOptions | undefined): Promise<void> {
  const client = req.socket;
  return new Promise((resolve) => {
    const upstream: Socket = tls
      ? tlsConnect({ ...tls, host: addr.host, port: addr.port, ...(isIP(addr.host) ? {} : { servername: addr.host }) })
      : connect({ host: addr.host, port: addr.port });
    const done = (): void => {
      client.destroy();
      upstream.destroy();
      resolve();
    };
    upstream.once('error', (err) => {
      if (!upstream.bytesRead) fail(res, client, true, 503, `error dialing backend: ${err.message}`);
      log.debug({ err: err.message }, 'kubelet upgrade proxy error');
      done();
    });
    upstream.once(tls ? 'secureConnect' : 'connect', () => {
      const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${addr.host}:${addr.port}`];
      for (const h of HOP_HEADERS) {
        const v = req.headers[h];
        if (v !== undefined) lines.push(`${h}: ${Array.isArray(v) ? v.join(', ') : v}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.pipe(client);
      client.pipe(upstream);
      client.once('close', done);
      upstream.once('close', done);
    });
  });
}

/** Streams the kubelet's log response back; follow streams stay open until either side ends. */
function proxyLog(req: IncomingMessage, res: ServerResponse, addr: KubeletAddress, path: string, tls: ConnectionOptions | undefined): Promise<void> {
  return new Promise((resolve) => {
    const o = { host: addr.host, port: addr.port, path, method: 'GET', headers: { accept: '*/*' } };
    const up = (tls ? httpsRequest : httpRequest)({ ...o, ...(tls ?? {}), agent: false }, (kres) => {
      res.writeHead(kres.statusCode ?? 502, {
        'Content-Type': kres.headers['content-type'] ?? 'text/plain',
        'Cache-Control': 'no-cache, private',
        'Transfer-Encoding': 'chunked',
      });
      res.flushHeaders();
      kres.pipe(res);
      kres.once('end', () => resolve());
      kres.once('error', () => { res.destroy(); resolve(); });
    });
    up.once('error', (err) => {
      fail(res, req.socket, false, 503, `error dialing backend: ${err.message}`);
      resolve();
    });
    res.once('close', () => { up.destroy(); resolve(); });
    up.end();
  });
}

/** The HandlerContext.kubeletProxy implementation (HTTPS towards kubelets when `client` says so). */
export function newKubeletProxy(log: Logger, client?: KubeletClientConfig): ProxyFn {
  const tls = kubeletTLS(client);
  return async ({ node, pod, subresource, query, req, res }) => {
    const upgrade = typeof req.headers.upgrade === 'string' && req.headers.upgrade !== '';
    const addr = kubeletAddress(node);
    const nodeName = isObj(node.metadata) ? String(node.metadata.name) : '';
    if (!addr) {
      fail(res, req.socket, upgrade, 503, `node "${nodeName}" has no kubelet address (InternalIP and daemonEndpoints.kubeletEndpoint.Port)`);
      return;
    }
    const path = kubeletPath(pod, subresource, containerFor(pod, query), req.url ?? '');
    if (subresource === 'log') {
      await proxyLog(req, res, addr, path, tls);
      return;
    }
    if (!upgrade) {
      fail(res, req.socket, false, 400, `${subresource} needs a connection upgrade (WebSocket v5.channel.k8s.io or SPDY/3.1)`);
      return;
    }
    await proxyUpgrade(req, addr, path, log, res, tls);
  };
}

/**
 * Routes HTTP upgrade requests (exec/attach/portforward) through the fastify app: without an
 * 'upgrade' listener Node would parse the WebSocket frames that follow as HTTP. Errors the routes
 * answer before hijacking go out on the socket as ordinary responses.
 */
export function routeUpgrades(server: Server, app: { routing(req: IncomingMessage, res: ServerResponse): void }): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (head.length) socket.unshift(head);
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.once('finish', () => socket.end());
    socket.on('error', () => socket.destroy());
    app.routing(req, res);
  });
}
