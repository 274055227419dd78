// Request instrumentation: what Kubernetes' metrics call each request (verb in upper case, APPLY for
// server-side apply, CONNECT for exec/attach/portforward/proxy, LIST/WATCH for collections; the
// scope; dry_run) and the raw-response hook that times it, watches included.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRequestInfo } from '../server/request/request-info.js';
import type { ApiServerMetrics, RequestLabels } from './metrics.js';

const connectSubresources = new Set(['exec', 'attach', 'portforward', 'proxy']);
/** Non-resource paths recorded under their own subresource label, as Kubernetes does for its handlers. */
const namedPaths = new Set(['/healthz', '/livez', '/readyz', '/version', '/metrics', '/openapi/v2', '/openapi/v3']);

export function requestLabels(method: string, url: string): RequestLabels {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1)));
  const ri = parseRequestInfo(method, path, query);
  const dryRun = query.dryRun ? 'All' : '';
  if (!ri) return { verb: method, dryRun, group: '', version: '', resource: '', subresource: namedPaths.has(path) ? path : '', scope: '' };
  let verb: string = ri.verb.toUpperCase();
  if (ri.verb === 'create') verb = 'POST';
  else if (ri.verb === 'update') verb = 'PUT';
  if (ri.subresource && connectSubresources.has(ri.subresource)) verb = 'CONNECT';
  const scope = ri.name !== undefined ? 'resource' : ri.namespace !== undefined ? 'namespace' : 'cluster';
  return { verb, dryRun, group: ri.group, version: ri.version, resource: ri.resource, subresource: ri.subresource ?? '', scope };
}

const isApply = (req: IncomingMessage): boolean => (req.headers['content-type'] ?? '').startsWith('application/apply-patch');
const mutating = (method: string | undefined): boolean => method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';

/** Call at the start of each request: counts it in flight, and when its response closes records its verb, labels, code and duration. */
export function trackRequest(metrics: ApiServerMetrics, req: IncomingMessage, res: ServerResponse): void {
  const start = process.hrtime.bigint();
  const writes = mutating(req.method);
  metrics.requestStarted(writes);
  const done = (): void => {
    metrics.requestEnded(writes);
    const labels = requestLabels(req.method ?? 'GET', req.url ?? '/');
    if (labels.verb === 'PATCH' && isApply(req)) labels.verb = 'APPLY';
    metrics.observeRequest(labels, res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
  };
  res.once('close', done);
}
