// Reads what the runtime holds for a pod (sandboxes and containers, by the pod-uid label) and
// lists the pod uids with anything on the node (for cleanup of pods that are gone).
import { isNotFound, type RuntimeService } from '../runtime/index.js';
import type { PodRuntime } from './context.js';
import { POD_UID } from './labels.js';

export async function observePod(rt: RuntimeService, uid: string): Promise<PodRuntime> {
  const sel = { labelSelector: { [POD_UID]: uid } };
  const [sbs, cs] = await Promise.all([rt.listPodSandbox(sel), rt.listContainers(sel)]);
  const sandboxes = (await Promise.all(sbs.map((s) => rt.podSandboxStatus(s.id).catch((e: unknown) => {
    if (isNotFound(e)) return undefined;
    throw e;
  })))).filter((s) => s !== undefined);
  const containers = (await Promise.all(cs.map((c) => rt.containerStatus(c.id).catch((e: unknown) => {
    if (isNotFound(e)) return undefined;
    throw e;
  })))).filter((c) => c !== undefined);
  sandboxes.sort((a, b) => (b.metadata.attempt ?? 0) - (a.metadata.attempt ?? 0) || b.createdAt - a.createdAt);
  return { sandboxes, containers };
}

/** Pod uids that own any sandbox or container on this node. */
export async function podsOnNode(rt: RuntimeService): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of await rt.listPodSandbox()) if (s.labels[POD_UID]) out.add(s.labels[POD_UID]);
  for (const c of await rt.listContainers()) if (c.labels[POD_UID]) out.add(c.labels[POD_UID]);
  return out;
}
