// Image pulls for containers, by imagePullPolicy (Always / IfNotPresent / Never; defaulted from the
// tag as the API does), with credentials from imagePullSecrets, ErrImagePull then ImagePullBackOff
// while the pull backoff runs, and the events Kubernetes records (Pulling, Pulled, Failed, BackOff).
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { errorMessage } from '../host/index.js';
import type { AuthConfig } from '../runtime/index.js';
import type { NodeContext } from './context.js';
import { EventReasons, goDuration, podEvent } from './events.js';
import { pullCredentials } from './pullsecrets.js';
import type { Waiting } from './status.js';

export type ImageResult = { ok: true; ref: string } | { ok: false; waiting: Waiting; retryMs: number };

export function pullPolicy(c: V1Container): string {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const image = c.image ?? '';
  const afterSlash = image.slice(image.lastIndexOf('/') + 1);
  if (image.includes('@')) return 'IfNotPresent';
  const tag = afterSlash.includes(':') ? afterSlash.slice(afterSlash.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Pulls with each credential in turn, then without; the last error if all fail. */
async function pullWith(ctx: NodeContext, image: string, creds: AuthConfig[], signal?: AbortSignal): Promise<string> {
  let last: unknown;
  for (const auth of [...creds, undefined]) {
    try {
      return await ctx.images.pullImage({ image }, auth, signal);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

export async function ensureImage(ctx: NodeContext, pod: V1Pod, c: V1Container, signal?: AbortSignal): Promise<ImageResult> {
  const image = c.image ?? '';
  const policy = pullPolicy(c);
  const event = (type: 'Normal' | 'Warning', reason: string, msg: string): void => podEvent(ctx.recorder, pod, type, reason, msg, c.name);
  if (policy !== 'Always') {
    const present = await ctx.images.imageStatus({ image });
    if (present) {
      event('Normal', EventReasons.Pulled, `Container image "${image}" already present on machine`);
      return { ok: true, ref: present.id };
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      event('Warning', EventReasons.ErrImageNeverPull, message);
      return { ok: false, retryMs: 10_000, waiting: { reason: 'ErrImageNeverPull', message } };
    }
  }
  const key = `${pod.metadata?.uid ?? ''}/${image}`;
  const left = ctx.imageBackoff.sinceLast(key);
  if (left > 0) {
    event('Normal', EventReasons.BackOff, `Back-off pulling image "${image}"`);
    event('Warning', EventReasons.Failed, 'Error: ImagePullBackOff');
    return { ok: false, retryMs: left, waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
  }
  event('Normal', EventReasons.Pulling, `Pulling image "${image}"`);
  const started = ctx.now();
  try {
    const creds = ctx.materialize ? await pullCredentials(pod, image, {
      secret: (ns, name) => ctx.api.getSecret(ns, name), serviceAccount: (ns, name) => ctx.api.getServiceAccount(ns, name),
    }) : [];
    const ref = await pullWith(ctx, image, creds, signal);
    ctx.imageBackoff.reset(key);
    const took = goDuration(ctx.now() - started);
    const size = (await ctx.images.imageStatus({ image }).catch(() => undefined))?.size ?? 0;
    event('Normal', EventReasons.Pulled, `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`);
    return { ok: true, ref };
  } catch (err) {
    const delay = ctx.imageBackoff.next(key);
    const message = `failed to pull and unpack image "${image}": ${errorMessage(err)}`;
    ctx.log.info({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, image, err: errorMessage(err) }, 'image pull failed');
    event('Warning', EventReasons.Failed, `Failed to pull image "${image}": ${message}`);
    event('Warning', EventReasons.Failed, 'Error: ErrImagePull');
    return { ok: false, retryMs: delay, waiting: { reason: 'ErrImagePull', message } };
  }
}
