// create, update (PUT), patch (json / merge / strategic / apply), delete and deletecollection.
// Field validation (Strict / Warn / Ignore) happens here, on the decoded body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../apimachinery/errors.js';
import { type Obj, isObj, nowRFC3339 } from '../../apimachinery/objects.js';
import { type ResourceInfo, groupVersion, moduleFor } from '../registry/resources.js';
import type { DeleteOptions } from '../registry/rest.js';
import { decodeBody, decodeObject, expectObject, mediaType } from '../server/request/decode.js';
import type { GVK, HandlerContext } from './context.js';
import { type Query, str, bool, int, dryRun, fieldManager, fieldValidation } from './query.js';
import { sendJson, buildFilter } from './read.js';

function gvkOf(info: ResourceInfo): GVK {
  return { group: info.group, version: info.version, kind: info.kind };
}

function warningHeader(texts: string[]): Record<string, string> {
  if (texts.length === 0) return {};
  return { warning: texts.map((t) => `299 - ${JSON.stringify(t)}`).join(', ') };
}

/** Unknown / duplicate field handling; returns warnings for Warn, throws for Strict. */
function checkFields(ctx: HandlerContext, info: ResourceInfo, q: Query, o: Obj, rawJson?: string): string[] {
  const mode = fieldValidation(q);
  if (mode === 'Ignore') return [];
  const problems: string[] = [];
  for (const f of ctx.engines.unknownFields?.(gvkOf(info), o) ?? []) problems.push(`unknown field "${f}"`);
  if (rawJson) for (const f of ctx.engines.duplicateFields?.(rawJson) ?? []) problems.push(`duplicate field "${f}"`);
  if (problems.length === 0) return [];
  if (mode === 'Strict') throw errors.badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${problems.join(', ')}`);
  return problems;
}

function decodeFor(ctx: HandlerContext, info: ResourceInfo, req: FastifyRequest): { object: Obj; rawJson?: string } {
  return decodeObject(req.headers['content-type'], req.body, ctx.engines.protobuf, groupVersion(info), info.kind);
}

export async function handleCreate(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const q = req.query as Query;
  const { object, rawJson } = decodeFor(ctx, info, req);
  const bodyNs = isObj(object.metadata) ? object.metadata.namespace : undefined;
  if (info.namespaced && bodyNs !== undefined && bodyNs !== '' && bodyNs !== ns)
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const warnings = checkFields(ctx, info, q, object, rawJson);
  const created = await ctx.registry.create(info, ns, object, { dryRun: dryRun(q), fieldManager: fieldManager(q, req.headers['user-agent']), user: req.user });
  sendJson(reply, 201, created, warningHeader(warnings));
}

export async function handleUpdate(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply, subresource?: 'status'): Promise<void> {
  const q = req.query as Query;
  const { object, rawJson } = decodeFor(ctx, info, req);
  const warnings = checkFields(ctx, info, q, object, rawJson);
  const allowCreate = moduleFor(info).allowCreateOnUpdate === true;
  const result = await ctx.registry.update(info, ns, name, () => object, {
    dryRun: dryRun(q),
    fieldManager: fieldManager(q, req.headers['user-agent']),
    subresource,
    allowCreate,
    user: req.user,
  });
  sendJson(reply, result.created ? 201 : 200, result.object, warningHeader(warnings));
}

/** PATCH on the object or its status subresource. apply-patch creates missing objects. */
export async function handlePatch(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply, subresource?: 'status'): Promise<void> {
  const q = req.query as Query;
  const type = mediaType(req.headers['content-type']);
  const manager = fieldManager(q, req.headers['user-agent']);
  const isApply = type === 'application/apply-patch+yaml';
  if (isApply && str(q, 'fieldManager') === undefined) throw errors.badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
  const decoded = decodeBody(req.headers['content-type'], req.body, undefined);
  const body = decoded.object;
  let warnings: string[] = [];
  const gvk = gvkOf(info);
  const result = await ctx.registry.update(
    info,
    ns,
    name,
    (live) => {
      let next: Obj;
      if (isApply) {
        const applied = expectObject(body, groupVersion(info), info.kind);
        warnings = checkFields(ctx, info, q, applied, decoded.rawJson);
        next = ctx.engines.apply({ live, applied, manager, force: bool(q, 'force'), gvk, now: nowRFC3339() });
      } else {
        if (!live) throw errors.notFound(info.plural, name, info.group);
        next = ctx.engines.patch(type, live, body, gvk);
        warnings = checkFields(ctx, info, q, next);
        // A resourceVersion inside the patch is a precondition; otherwise the write is unconditional.
        const patchRv = isObj(body) && isObj(body.metadata) ? body.metadata.resourceVersion : undefined;
        if (isObj(next.metadata) && patchRv === undefined) delete next.metadata.resourceVersion;
      }
      return next;
    },
    { dryRun: dryRun(q), fieldManager: isApply ? undefined : manager, subresource, allowCreate: isApply && !subresource, user: req.user },
  );
  sendJson(reply, result.created ? 201 : 200, result.object, warningHeader(warnings));
}

export function deleteOptions(req: FastifyRequest): DeleteOptions {
  const q = req.query as Query;
  let body: Obj = {};
  const raw = req.body;
  if (Buffer.isBuffer(raw) && raw.length > 0) {
    const decoded = decodeBody(req.headers['content-type'] ?? 'application/json', raw, undefined);
    if (!isObj(decoded.object)) throw errors.badRequest('DeleteOptions must be an object');
    body = decoded.object;
  }
  const grace = typeof body.gracePeriodSeconds === 'number' ? body.gracePeriodSeconds : int(q, 'gracePeriodSeconds');
  const policy = (body.propagationPolicy ?? str(q, 'propagationPolicy')) as string | undefined;
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy))
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`);
  const orphan = body.orphanDependents ?? (str(q, 'orphanDependents') !== undefined ? bool(q, 'orphanDependents') : undefined);
  const pre = isObj(body.preconditions) ? body.preconditions : {};
  const dry = Array.isArray(body.dryRun) ? body.dryRun.length > 0 : dryRun(q);
  if (orphan !== undefined && policy !== undefined) throw errors.badRequest('orphanDependents and propagationPolicy cannot be both set');
  const propagation = (policy ?? (orphan === true ? 'Orphan' : orphan === false ? 'Background' : undefined)) as DeleteOptions['propagationPolicy'];
  if (grace !== undefined && grace < 0) throw errors.badRequest('gracePeriodSeconds must be >= 0');
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: propagation,
    preconditions: { uid: pre.uid as string | undefined, resourceVersion: pre.resourceVersion as string | undefined },
    dryRun: dry,
    user: req.user,
  };
}

export async function handleDelete(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  // The deleted object, or the object now carrying deletionTimestamp when deletion is graceful.
  const result = await ctx.registry.delete(info, ns, name, deleteOptions(req));
  sendJson(reply, 200, result.object);
}

export async function handleDeleteCollection(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const q = req.query as Query;
  const opts = deleteOptions(req);
  const list = await ctx.registry.list(info, ns, { filter: buildFilter(ctx, info, q) });
  const items: Obj[] = [];
  for (const s of list.items) {
    const m = isObj(s.object.metadata) ? s.object.metadata : {};
    try {
      const r = await ctx.registry.delete(info, typeof m.namespace === 'string' ? m.namespace : undefined, String(m.name), opts);
      items.push(r.object);
    } catch (e) {
      if (!(e instanceof Error && (e as { reason?: string }).reason === 'NotFound')) throw e;
    }
  }
  sendJson(reply, 200, { kind: info.listKind, apiVersion: groupVersion(info), metadata: { resourceVersion: list.rv }, items });
}
