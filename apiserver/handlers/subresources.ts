// Subresources, dispatched through the resource module (registry/strategy/types.ts Subresource):
// status, writes through a subresource (scale, binding, finalize, approval), deletion through a
// POSTed body (eviction), the token request, and the kubelet-served pods/log|exec|attach|portforward.
// Each subresource type is implemented once here for every resource that declares it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { type Obj, isObj, clone, ensure } from '../../apimachinery/objects.js';
import { type ResourceInfo, findResource, moduleFor } from '../registry/resources.js';
import type { CreateVia, TypeRef, WriteSubresource } from '../registry/strategy/types.js';
import { decodeBody, expectObject, mediaType } from '../server/request/decode.js';
import type { HandlerContext } from './context.js';
import { type Query, dryRun, fieldManager } from './query.js';
import { sendJson, handleGet } from './read.js';
import { handleUpdate, handlePatch } from './write.js';
import { handleTokenRequest } from './reviews.js';

const success201 = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

function gvkOf(t: TypeRef): { group: string; version: string; kind: string } {
  const [group, version] = t.apiVersion.includes('/') ? t.apiVersion.split('/') : ['', t.apiVersion];
  return { group, version, kind: t.kind };
}

const notAllowed = (): never => {
  throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
};

async function handleWrite(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, subName: string, sub: WriteSubresource, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const m = req.method;
  if (m === 'GET' && sub.get) {
    if (!sub.view) return handleGet(ctx, info, ns, name, req, reply);
    return sendJson(reply, 200, sub.view(await ctx.registry.get(info, ns, name)));
  }
  if (!(sub.methods as readonly string[]).includes(m)) return notAllowed();
  const q = req.query as Query;
  const type = mediaType(req.headers['content-type']);
  const body = decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object;
  const typed = (): Obj => {
    const o = expectObject(body, sub.body.apiVersion, sub.body.kind);
    sub.checkBody?.(o, name);
    return o;
  };
  const early = sub.checkFirst && m !== 'PATCH' ? typed() : undefined;
  const result = await ctx.registry.update(
    info,
    ns,
    name,
    (live) => {
      if (!live) throw errors.notFound(info.plural, name, info.group);
      const input = m === 'PATCH' ? ctx.engines.patch(type, sub.view ? sub.view(live) : clone(live), body, gvkOf(sub.body)) : (early ?? typed());
      const next = sub.apply(clone(live), input, name);
      const rv = isObj(input.metadata) ? input.metadata.resourceVersion : undefined;
      const nm = ensure(next, 'metadata');
      if (sub.bodyPrecondition && m === 'PUT' && typeof rv === 'string' && rv !== '') nm.resourceVersion = rv;
      else delete nm.resourceVersion;
      return next;
    },
    {
      dryRun: sub.dryRun ? dryRun(q) : undefined,
      fieldManager: sub.fieldManager ? fieldManager(q, req.headers['user-agent']) : undefined,
      internal: sub.internal,
      managedSubresource: subName,
      user: req.user,
      validateSchema: sub.validateSchema,
    },
  );
  if (sub.response === 'created') return sendJson(reply, 201, success201);
  sendJson(reply, 200, sub.view ? sub.view(result.object) : result.object);
}

/** Deletion through a POSTed body whose deleteOptions apply (pods/eviction). */
async function handleDeleteBody(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, bodyType: TypeRef, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body = decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object;
  expectObject(body, bodyType.apiVersion, bodyType.kind);
  const opts = isObj(body.deleteOptions) ? body.deleteOptions : {};
  await ctx.registry.delete(info, ns, name, {
    gracePeriodSeconds: typeof opts.gracePeriodSeconds === 'number' ? opts.gracePeriodSeconds : undefined,
    preconditions: isObj(opts.preconditions) ? (opts.preconditions as { uid?: string; resourceVersion?: string }) : undefined,
    dryRun: Array.isArray(opts.dryRun) && opts.dryRun.length > 0,
    user: req.user,
  });
  sendJson(reply, 201, success201);
}

async function handleKubeletSubresource(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, sub: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const pod = await ctx.registry.get(info, ns, name);
  const nodeName = isObj(pod.spec) ? pod.spec.nodeName : undefined;
  if (typeof nodeName !== 'string' || nodeName === '') {
    const c = isObj(pod.spec) && Array.isArray(pod.spec.containers) && isObj(pod.spec.containers[0]) ? String(pod.spec.containers[0].name) : '';
    throw errors.badRequest(`container "${c}" in pod "${name}" is waiting to start: ContainerCreating`);
  }
  if (!ctx.kubeletProxy) throw new ApiError('ServiceUnavailable', `no kubelet proxy is configured to reach node "${nodeName}"`);
  const nodeInfo = findResource('', 'v1', 'nodes')!;
  const node = await ctx.registry.get(nodeInfo, undefined, nodeName);
  reply.hijack();
  await ctx.kubeletProxy({ node, pod, subresource: sub, query: req.query as Query, req: req.raw, res: reply.raw });
}

/** A create-only resource served through another's subresource (bindings → pods/binding); the body names the target. */
export async function handleCreateVia(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, via: CreateVia, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body = expectObject(decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object, info.group ? `${info.group}/${info.version}` : info.version, info.kind);
  const name = isObj(body.metadata) && typeof body.metadata.name === 'string' ? body.metadata.name : '';
  if (name === '')
    throw errors.invalid(info.kind, '', [{ field: 'metadata.name', type: 'FieldValueRequired', message: 'Required value: name or generateName is required' }], info.group);
  const target = findResource(via.group, via.version, via.plural);
  if (!target) throw new ApiError('NotFound', 'the server could not find the requested resource');
  return handleSubresource(ctx, target, target.namespaced ? ns : undefined, name, via.subresource, req, reply);
}

/** Dispatches a request on `info/name/sub` through the subresource the resource's module declares. */
export async function handleSubresource(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, sub: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const m = req.method;
  const def = moduleFor(info).subresources?.[sub];
  if (!def) throw errors.notFound(`${info.plural}/${sub}`, name, info.group);
  switch (def.type) {
    case 'status':
      if (m === 'GET') return handleGet(ctx, info, ns, name, req, reply);
      if (m === 'PUT') return handleUpdate(ctx, info, ns, name, req, reply, 'status');
      if (m === 'PATCH') return handlePatch(ctx, info, ns, name, req, reply, 'status');
      return notAllowed();
    case 'write':
      return handleWrite(ctx, info, ns, name, sub, def, req, reply);
    case 'delete':
      if (m === 'POST') return handleDeleteBody(ctx, info, ns, name, def.body, req, reply);
      return notAllowed();
    case 'token':
      return handleTokenRequest(ctx, info, ns, name, req, reply);
    case 'kubelet':
      return handleKubeletSubresource(ctx, info, ns, name, sub, req, reply);
  }
}
