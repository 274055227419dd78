// Image pulls for containers, by imagePullPolicy (Always / IfNotPresent / Never; defaulted from the
// tag as the API does), with ErrImagePull then ImagePullBackOff while the pull backoff runs.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { errorMessage } from '../common.js';
import type { NodeContext } from './context.js';
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

export async function ensureImage(ctx: NodeContext, pod: V1Pod, c: V1Container, signal?: AbortSignal): Promise<ImageResult> {
  const image = c.image ?? '';
  const policy = pullPolicy(c);
  if (policy !== 'Always') {
    const present = await ctx.images.imageStatus({ image });
    if (present) return { ok: true, ref: present.id };
    if (policy === 'Never') {
      return { ok: false, retryMs: 10_000, waiting: { reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` } };
    }
  }
  const key = `${pod.metadata?.uid ?? ''}/${image}`;
  const left = ctx.imageBackoff.sinceLast(key);
  if (left > 0) return { ok: false, retryMs: left, waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
  try {
    const ref = await ctx.images.pullImage({ image }, undefined, signal);
    ctx.imageBackoff.reset(key);
    return { ok: true, ref };
  } catch (err) {
    const delay = ctx.imageBackoff.next(key);
    ctx.log.info({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, image, err: errorMessage(err) }, 'image pull failed');
    return { ok: false, retryMs: delay, waiting: { reason: 'ErrImagePull', message: `failed to pull and unpack image "${image}": ${errorMessage(err)}` } };
  }
}
