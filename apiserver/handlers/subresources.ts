// Subresources: status, scale (autoscaling/v1 Scale over spec.replicas), pods/binding,
// pods/eviction, namespaces/finalize, certificatesigningrequests/approval, and the kubelet-served pods/log|exec|attach|portforward.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { selectorToString, type LabelSelector } from '../../apimachinery/labels.js';
import { type Obj, isObj, clone, ensure, nowRFC3339 } from '../../apimachinery/objects.js';
import { type ResourceInfo, findResource } from '../registry/resources.js';
import { mergeCSRConditions } from '../registry/strategy.js';
import { decodeBody, expectObject, mediaType } from '../server/request/decode.js';
import type { HandlerContext } from './context.js';
import { type Query, dryRun, fieldManager } from './query.js';
import { sendJson, handleGet } from './read.js';
import { handleUpdate, handlePatch } from './write.js';
import { handleTokenRequest } from './reviews.js';

function toScale(o: Obj): Obj {
  const m = isObj(o.metadata) ? o.metadata : {};
  const spec = isObj(o.spec) ? o.spec : {};
  const status = isObj(o.status) ? o.status : {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 0 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorToString(spec.selector as LabelSelector | undefined) },
  };
}

async function handleScale(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.method === 'GET') return sendJson(reply, 200, toScale(await ctx.registry.get(info, ns, name)));
  const q = req.query as Query;
  const type = mediaType(req.headers['content-type']);
  const body = decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object;
  const gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  const result = await ctx.registry.update(
    info,
    ns,
    name,
    (live) => {
      if (!live) throw errors.notFound(info.plural, name, info.group);
      const current = toScale(live);
      const scale = req.method === 'PUT' ? expectObject(body, 'autoscaling/v1', 'Scale') : ctx.engines.patch(type, current, body, gvk);
      const replicas = isObj(scale.spec) ? scale.spec.replicas : undefined;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
        throw errors.invalid('Scale', name, [{ field: 'spec.replicas', type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` }], 'autoscaling');
      const next = clone(live);
      ensure(next, 'spec').replicas = replicas;
      const rv = isObj(scale.metadata) ? scale.metadata.resourceVersion : undefined;
      const m = ensure(next, 'metadata');
      if (typeof rv === 'string' && rv !== '' && req.method === 'PUT') m.resourceVersion = rv;
      else delete m.resourceVersion;
      return next;
    },
    { dryRun: dryRun(q), fieldManager: fieldManager(q, req.headers['user-agent']), managedSubresource: 'scale', user: req.user },
  );
  sendJson(reply, 200, toScale(result.object));
}

async function handleBinding(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body = expectObject(decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object, 'v1', 'Binding');
  const target = isObj(body.target) ? body.target : undefined;
  const node = target && typeof target.name === 'string' ? target.name : '';
  if (!node) throw errors.invalid('Binding', name, [{ field: 'target.name', type: 'FieldValueRequired', message: 'Required value' }]);
  await ctx.registry.update(
    info,
    ns,
    name,
    (live) => {
      if (!live) throw errors.notFound('pods', name);
      const spec = ensure(live, 'spec');
      const m = ensure(live, 'metadata');
      if (m.deletionTimestamp !== undefined) throw errors.conflict('pods', name, 'pod is being deleted, cannot be assigned to a host');
      if (spec.nodeName) throw errors.conflict('pods', name, `pod ${name} is already assigned to node "${String(spec.nodeName)}"`);
      spec.nodeName = node;
      const status = ensure(live, 'status');
      const conds = (Array.isArray(status.conditions) ? status.conditions : []).filter((c) => !(isObj(c) && c.type === 'PodScheduled'));
      conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowRFC3339() });
      status.conditions = conds;
      delete m.resourceVersion;
      return live;
    },
    { fieldManager: fieldManager(req.query as Query, req.headers['user-agent']), internal: true, managedSubresource: 'binding', user: req.user, validateSchema: false },
  );
  sendJson(reply, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

async function handleEviction(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body = decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object;
  expectObject(body, 'policy/v1', 'Eviction');
  const opts = isObj(body.deleteOptions) ? body.deleteOptions : {};
  await ctx.registry.delete(info, ns, name, {
    gracePeriodSeconds: typeof opts.gracePeriodSeconds === 'number' ? opts.gracePeriodSeconds : undefined,
    preconditions: isObj(opts.preconditions) ? (opts.preconditions as { uid?: string; resourceVersion?: string }) : undefined,
    dryRun: Array.isArray(opts.dryRun) && opts.dryRun.length > 0,
    user: req.user,
  });
  sendJson(reply, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

async function handleFinalize(ctx: HandlerContext, info: ResourceInfo, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body = expectObject(decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object, 'v1', 'Namespace');
  const finalizers = isObj(body.spec) && Array.isArray(body.spec.finalizers) ? body.spec.finalizers : [];
  const result = await ctx.registry.update(
    info,
    undefined,
    name,
    (live) => {
      if (!live) throw errors.notFound('namespaces', name);
      ensure(live, 'spec').finalizers = finalizers;
      delete ensure(live, 'metadata').resourceVersion;
      return live;
    },
    { fieldManager: fieldManager(req.query as Query, req.headers['user-agent']), internal: true, managedSubresource: 'finalize', user: req.user },
  );
  sendJson(reply, 200, result.object);
}

/** certificatesigningrequests/approval: only status.conditions change (Approved / Denied). */
async function handleApproval(ctx: HandlerContext, info: ResourceInfo, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const type = mediaType(req.headers['content-type']);
  const body = decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object;
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const result = await ctx.registry.update(
    info,
    undefined,
    name,
    (live) => {
      if (!live) throw errors.notFound(info.plural, name, info.group);
      const desired = req.method === 'PUT' ? expectObject(body, 'certificates.k8s.io/v1', info.kind) : ctx.engines.patch(type, clone(live), body, gvk);
      const next = clone(live);
      const now = nowRFC3339();
      // Approved/Denied come from the request; Failed and other conditions stay as they were.
      const conds = mergeCSRConditions(live.status, desired.status, 'take-approval').filter(isObj);
      for (const c of conds) {
        if (c.lastUpdateTime === undefined || c.lastUpdateTime === null) c.lastUpdateTime = now;
        if (c.lastTransitionTime === undefined || c.lastTransitionTime === null) c.lastTransitionTime = now;
      }
      ensure(next, 'status').conditions = conds;
      const rv = isObj(desired.metadata) ? desired.metadata.resourceVersion : undefined;
      const m = ensure(next, 'metadata');
      if (req.method === 'PUT' && typeof rv === 'string' && rv !== '') m.resourceVersion = rv;
      else delete m.resourceVersion;
      return next;
    },
    // Admission sees an UPDATE of subresource "approval" (the approve-permission check).
    { dryRun: dryRun(req.query as Query), internal: true, user: req.user, managedSubresource: 'approval' },
  );
  sendJson(reply, 200, result.object);
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

/** Dispatches a request on `info/name/sub`. */
export async function handleSubresource(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, sub: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const m = req.method;
  const notAllowed = (): never => {
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  };
  switch (sub) {
    case 'status':
      if (m === 'GET') return handleGet(ctx, info, ns, name, req, reply);
      if (m === 'PUT') return handleUpdate(ctx, info, ns, name, req, reply, 'status');
      if (m === 'PATCH') return handlePatch(ctx, info, ns, name, req, reply, 'status');
      return notAllowed();
    case 'scale':
      if (m === 'GET' || m === 'PUT' || m === 'PATCH') return handleScale(ctx, info, ns, name, req, reply);
      return notAllowed();
    case 'binding':
      if (m === 'POST') return handleBinding(ctx, info, ns, name, req, reply);
      return notAllowed();
    case 'eviction':
      if (m === 'POST') return handleEviction(ctx, info, ns, name, req, reply);
      return notAllowed();
    case 'finalize':
      if (m === 'PUT') return handleFinalize(ctx, info, name, req, reply);
      return notAllowed();
    case 'approval':
      if (m === 'GET') return handleGet(ctx, info, ns, name, req, reply);
      if (m === 'PUT' || m === 'PATCH') return handleApproval(ctx, info, name, req, reply);
      return notAllowed();
    case 'token':
      if (info.plural === 'serviceaccounts') return handleTokenRequest(ctx, info, ns, name, req, reply);
      return notAllowed();
    case 'log':
    case 'exec':
    case 'attach':
    case 'portforward':
      return handleKubeletSubresource(ctx, info, ns, name, sub, req, reply);
    default:
      throw errors.notFound(`${info.plural}/${sub}`, name, info.group);
  }
}
