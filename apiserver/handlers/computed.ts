// Read-only resources computed on each request rather than stored (registry Computed: core/v1
// componentstatuses): get and list, with label and field selectors and Table output.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { type Obj, isObj } from '../../apimachinery/objects.js';
import { type ResourceInfo, groupVersion } from '../registry/resources.js';
import type { Computed } from '../registry/strategy/types.js';
import type { HandlerContext } from './context.js';
import type { Query } from './query.js';
import { buildFilter, includeObject, sendJson, wantsTable } from './read.js';

export async function handleComputed(ctx: HandlerContext, info: ResourceInfo, computed: Computed, verb: string, name: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (verb !== 'get' && verb !== 'list') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
  if (!ctx.computed) throw new ApiError('ServiceUnavailable', `${info.plural} are not served by this server`);
  const q = req.query as Query;
  const all: Obj[] = (await computed.items(ctx.computed)).map((o) => ({ apiVersion: groupVersion(info), kind: info.kind, ...o }));
  const table = wantsTable(req.headers.accept);
  const opts = { now: new Date(), includeObject: includeObject(q) };
  if (verb === 'get') {
    const obj = all.find((o) => isObj(o.metadata) && o.metadata.name === name);
    if (!obj) throw errors.notFound(info.plural, name ?? '', info.group);
    return sendJson(reply, 200, table ? ctx.engines.toTable(info, [obj], opts) : obj);
  }
  const filter = buildFilter(ctx, info, q);
  const items: Obj[] = filter ? all.filter(filter) : all;
  if (table) return sendJson(reply, 200, ctx.engines.toTable(info, items, { ...opts, listMeta: {} }));
  sendJson(reply, 200, { kind: info.listKind, apiVersion: groupVersion(info), metadata: {}, items });
}
