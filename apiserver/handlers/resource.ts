// The entry point for every /api and /apis resource request: resolve the resource, check scope,
// dispatch on verb and subresource.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { findResource, moduleFor } from '../registry/resources.js';
import { parseRequestInfo } from '../server/request/request-info.js';
import type { HandlerContext } from './context.js';
import { handleGet, handleList, handleWatch } from './read.js';
import { handleCreate, handleUpdate, handlePatch, handleDelete, handleDeleteCollection } from './write.js';
import { handleCreateVia, handleSubresource } from './subresources.js';
import { handleReview, isCreateOnly } from './reviews.js';
import { handleComputed } from './computed.js';

const notFoundResource = (): ApiError => new ApiError('NotFound', 'the server could not find the requested resource');
const methodNotAllowed = (): ApiError => errors.methodNotAllowed('the server does not allow this method on the requested resource');

export async function handleResource(ctx: HandlerContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const path = req.url.split('?')[0];
  const ri = parseRequestInfo(req.method, path, req.query as Record<string, unknown>);
  const info = ri && findResource(ri.group, ri.version, ri.resource);
  if (!ri || !info) throw notFoundResource();
  if (!info.namespaced && ri.namespace !== undefined) throw notFoundResource();
  const ns = info.namespaced ? ri.namespace : undefined;
  if (ri.subresource) {
    if (!info.subresources.includes(ri.subresource) || !ri.name) throw notFoundResource();
    return handleSubresource(ctx, info, ns, ri.name, ri.subresource, req, reply);
  }
  const mod = moduleFor(info);
  if (mod.warning) void reply.header('warning', `299 - ${JSON.stringify(mod.warning)}`);
  const computed = mod.computed;
  if (computed) return handleComputed(ctx, info, computed, ri.verb, ri.name, req, reply);
  if (isCreateOnly(info)) {
    if (ri.verb !== 'create' || ri.name) throw methodNotAllowed();
    const via = mod.createVia;
    if (via) return handleCreateVia(ctx, info, ns, via, req, reply);
    return handleReview(ctx, info, ns, req, reply);
  }
  if (info.namespaced && ns === undefined && ri.verb !== 'list' && ri.verb !== 'watch')
    throw methodNotAllowed();
  switch (ri.verb) {
    case 'get':
      if (!ri.name) throw methodNotAllowed();
      return handleGet(ctx, info, ns, ri.name, req, reply);
    case 'list':
      return handleList(ctx, info, ns, req, reply);
    case 'watch':
      return handleWatch(ctx, info, ns, ri.name, req, reply);
    case 'create':
      if (ri.name) throw methodNotAllowed();
      return handleCreate(ctx, info, ns, req, reply);
    case 'update':
      if (!ri.name) throw methodNotAllowed();
      return handleUpdate(ctx, info, ns, ri.name, req, reply);
    case 'patch':
      if (!ri.name) throw methodNotAllowed();
      return handlePatch(ctx, info, ns, ri.name, req, reply);
    case 'delete':
      if (!ri.name) throw methodNotAllowed();
      return handleDelete(ctx, info, ns, ri.name, req, reply);
    case 'deletecollection':
      return handleDeleteCollection(ctx, info, ns, req, reply);
  }
}
