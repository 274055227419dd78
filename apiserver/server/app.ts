// Builds the fastify application: HTTPS (when given a serving certificate), the authentication +
// authorization step before every route, body parsing (JSON, YAML, patch types, protobuf as raw
// bytes, 3 MiB limit), health, version, discovery, OpenAPI and the resource routes. No socket is
// opened here, so tests can drive it with inject().
import type { Server } from 'node:http';
import type { Readable } from 'node:stream';
import { createServer as createHttpsServer } from 'node:https';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import type { RequestFilter } from '../auth/authn/filter.js';
import type { Logger } from '../../apimachinery/log.js';
import { ApiError } from '../../apimachinery/errors.js';
import { aggregated, aggregatedContentType, legacyAPIVersions, legacyGroup, legacyGroupList, legacyResourceList, versionInfo } from '../discovery/discovery.js';
import type { HandlerContext } from '../handlers/context.js';
import { handleResource } from '../handlers/resource.js';
import { sendError } from './errors.js';
import { maxBodyBytes, readBody } from './request/body.js';
import { openapiV2ProtobufType } from '../openapi/v2-proto.js';
import type { ApiServerMetrics } from '../metrics/metrics.js';
import { trackRequest } from '../metrics/requests.js';

export { maxBodyBytes };

export interface OpenAPIServer {
  index(): unknown;
  /** The serialized document for `path` like "apis/apps/v1"; undefined when unknown. */
  document(path: string): string | undefined;
  /** /openapi/v2: the Swagger 2.0 document as JSON and as gnostic protobuf. */
  v2?(): { json: string; protobuf: Uint8Array };
}

export interface AppOptions {
  context: HandlerContext;
  openapi?: OpenAPIServer;
  /** Advertised in /api's serverAddressByClientCIDRs. */
  advertiseAddress: string;
  logger: Logger;
  /** Readiness: resolves true when storage answers. */
  ready: () => Promise<boolean>;
  /** Authentication + authorization of each request (ordinary and upgrade); none: no checks. */
  filter?: RequestFilter;
  /** Prometheus metrics: every request is recorded, GET /metrics serves them. */
  metrics?: ApiServerMetrics;
  /** Serve HTTPS with this certificate (PEM, chain allowed) and key; ask for client certificates signed by clientCA. */
  tls?: { cert: string; key: string; clientCA?: string };
}

const noCache = { 'cache-control': 'no-cache, private' };

export function buildApp(opts: AppOptions) {
  const tls = opts.tls;
  // Client certificates are checked by the authenticator (socket.authorized), not refused at the
  // handshake: a client without one may still present a token.
  const serverFactory = tls
    ? (handler: Parameters<typeof createHttpsServer>[1]): Server =>
        createHttpsServer({ cert: tls.cert, key: tls.key, ca: tls.clientCA, requestCert: tls.clientCA !== undefined, rejectUnauthorized: false }, handler) as unknown as Server
    : undefined;
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: maxBodyBytes,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: false,
    serverFactory,
    // Malformed URLs (bad percent escapes) are answered before routing: as a Status too.
    frameworkErrors: (err, req, reply) => sendError(err, req, reply),
  });
  app.decorateRequest('user', undefined);
  const metrics = opts.metrics;
  if (metrics) {
    app.addHook('onRequest', (req, reply, done) => {
      trackRequest(metrics, req.raw, reply.raw);
      done();
    });
  }
  if (opts.filter) {
    const filter = opts.filter;
    app.addHook('onRequest', async (req) => {
      req.user = await filter(req.raw);
    });
  }
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (req: FastifyRequest, payload: Readable) => {
    const length = req.headers['content-length'];
    return readBody(payload, length === undefined ? undefined : Number(length));
  });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => sendError(new ApiError('NotFound', 'the server could not find the requested resource'), req, reply));

  const json = (body: unknown): string => JSON.stringify(body);

  for (const path of ['/healthz', '/livez', '/readyz']) {
    app.get(path, async (_req, reply) => {
      const ok = path === '/livez' ? true : await opts.ready();
      return reply.code(ok ? 200 : 500).type('text/plain; charset=utf-8').send(ok ? 'ok' : 'storage not ready');
    });
  }
  if (metrics) {
    app.get('/metrics', async (_req, reply) => {
      const { contentType, body } = await metrics.render();
      return reply.header('content-type', contentType).send(body);
    });
  }
  // Kubernetes serves its discovery roots with a trailing slash as well (the Python client asks for /version/).
  const withSlash = (path: string): string[] => [path, `${path}/`];
  for (const p of withSlash('/version')) app.get(p, async (_req, reply) => reply.headers({ ...noCache, 'content-type': 'application/json' }).send(json(versionInfo)));

  const wantsAggregated = (accept: string | undefined): boolean => (accept ?? '').includes('as=APIGroupDiscoveryList');
  for (const p of withSlash('/api')) app.get(p, async (req, reply) => {
    if (wantsAggregated(req.headers.accept)) return reply.headers({ ...noCache, 'content-type': aggregatedContentType }).send(json(aggregated('api')));
    return reply.headers({ ...noCache, 'content-type': 'application/json' }).send(json(legacyAPIVersions(opts.advertiseAddress)));
  });
  for (const p of withSlash('/apis')) app.get(p, async (req, reply) => {
    if (wantsAggregated(req.headers.accept)) return reply.headers({ ...noCache, 'content-type': aggregatedContentType }).send(json(aggregated('apis')));
    return reply.headers({ ...noCache, 'content-type': 'application/json' }).send(json(legacyGroupList()));
  });
  for (const p of withSlash('/api/v1')) app.get(p, async (_req, reply) => reply.headers({ ...noCache, 'content-type': 'application/json' }).send(json(legacyResourceList('', 'v1'))));
  for (const p of withSlash('/apis/:group')) app.get<{ Params: { group: string } }>(p, async (req, reply) => {
    const g = legacyGroup(req.params.group);
    if (!g) throw new ApiError('NotFound', 'the server could not find the requested resource');
    return reply.headers({ ...noCache, 'content-type': 'application/json' }).send(json(g));
  });
  for (const p of withSlash('/apis/:group/:version')) app.get<{ Params: { group: string; version: string } }>(p, async (req, reply) => {
    const l = legacyResourceList(req.params.group, req.params.version);
    if (!l) throw new ApiError('NotFound', 'the server could not find the requested resource');
    return reply.headers({ ...noCache, 'content-type': 'application/json' }).send(json(l));
  });

  if (opts.openapi) {
    const openapi = opts.openapi;
    app.get('/openapi/v3', async (_req, reply) => reply.headers({ ...noCache, 'content-type': 'application/json' }).send(json(openapi.index())));
    app.get('/openapi/v3/*', async (req, reply) => {
      const path = req.url.split('?')[0].replace(/^\/openapi\/v3\//, '');
      const doc = openapi.document(path);
      if (!doc) throw new ApiError('NotFound', 'the server could not find the requested resource');
      // Documents are addressed by content hash: clients may cache them for long.
      return reply.headers({ 'cache-control': 'public, immutable', 'content-type': 'application/json' }).send(doc);
    });
    const v2 = openapi.v2?.bind(openapi);
    if (v2) {
      app.get('/openapi/v2', async (req, reply) => {
        const served = v2();
        if ((req.headers.accept ?? '').includes(openapiV2ProtobufType)) return reply.headers({ ...noCache, 'content-type': openapiV2ProtobufType }).send(Buffer.from(served.protobuf));
        return reply.headers({ ...noCache, 'content-type': 'application/json' }).send(served.json);
      });
    }
  }

  const ctx = opts.context;
  const resource = async (req: Parameters<typeof handleResource>[1], reply: Parameters<typeof handleResource>[2]) => handleResource(ctx, req, reply);
  for (const prefix of ['/api/*', '/apis/*']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: prefix, handler: resource });
  }
  return app;
}
