// Create-only resources without storage (TokenReview, SelfSubjectReview, and whatever else the
// server registers in HandlerContext.reviews) and the serviceaccounts/token subresource.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { type ResourceInfo, groupVersion } from '../registry/resources.js';
import { decodeBody, expectObject } from '../server/request/decode.js';
import type { HandlerContext } from './context.js';
import { sendJson } from './read.js';
import { dryRun, type Query } from './query.js';
import { unsecuredUser } from '../auth/authn/chain.js';

/** Whether `info` is a create-only resource (no get: nothing is stored). */
export function isCreateOnly(info: ResourceInfo): boolean {
  return !info.verbs.includes('get');
}

export async function handleReview(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const handler = ctx.reviews?.get(`${info.group}/${info.plural}`);
  if (!handler) throw new ApiError('NotFound', 'the server could not find the requested resource');
  const body = expectObject(decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object, groupVersion(info), info.kind);
  const result = await handler(body, { user: req.user ?? unsecuredUser, namespace: ns });
  sendJson(reply, 201, result);
}

/** POST serviceaccounts/<name>/token. */
export async function handleTokenRequest(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.method !== 'POST') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
  if (!ctx.tokenRequest) throw new ApiError('NotFound', 'the server could not find the requested resource');
  const body = expectObject(decodeBody(req.headers['content-type'], req.body, ctx.engines.protobuf).object, 'authentication.k8s.io/v1', 'TokenRequest');
  const sa = await ctx.registry.get(info, ns, name);
  const result = await ctx.tokenRequest(sa, body);
  if (dryRun(req.query as Query)) (result.status as Record<string, unknown>).token = '';
  sendJson(reply, 201, result);
}
