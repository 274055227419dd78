// Stopping containers the Kubernetes way: the preStop hook first (exec / httpGet / sleep), then
// SIGTERM through stopContainer with what is left of the grace period, then SIGKILL; containers of
// a pod stop in parallel, then its sandboxes (which releases the pod's network).
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { errorMessage } from '../host/index.js';
import { runHandler } from '../probes/index.js';
import type { ContainerStatus } from '../runtime/index.js';
import type { NodeContext, PodRuntime } from './context.js';
import { EventReasons, podEvent } from './events.js';
import { CONTAINER_NAME, TERMINATION_GRACE, podRef } from './labels.js';

/** The grace period for deleting `pod`: deletionGracePeriodSeconds, else the spec's, else 30. */
export function gracePeriodSeconds(pod: V1Pod | undefined, c?: ContainerStatus): number {
  const fromPod = pod?.metadata?.deletionGracePeriodSeconds ?? pod?.spec?.terminationGracePeriodSeconds;
  if (fromPod !== undefined) return Math.max(0, fromPod);
  const ann = Number(c?.annotations[TERMINATION_GRACE]);
  return Number.isFinite(ann) ? ann : 30;
}

export function specOf(pod: V1Pod | undefined, name: string): V1Container | undefined {
  return [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])].find((c) => c.name === name);
}

/** preStop (if any) then stop with the remaining grace; a Killing event (with `why`) for a running one. */
export async function stopContainer(ctx: NodeContext, pod: V1Pod | undefined, c: ContainerStatus, graceSec: number, podIP?: string,
  why?: string): Promise<void> {
  const started = ctx.now();
  const name = c.labels[CONTAINER_NAME] ?? c.metadata.name;
  const spec = specOf(pod, name);
  if (pod && c.state === 'CONTAINER_RUNNING') podEvent(ctx.recorder, pod, 'Normal', EventReasons.Killing, why ?? `Stopping container ${name}`, name);
  const preStop = spec?.lifecycle?.preStop;
  if (preStop && c.state === 'CONTAINER_RUNNING' && graceSec > 0) {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), graceSec * 1000);
    try {
      const r = await runHandler(preStop, { runtime: ctx.runtime, containerId: c.id, container: spec!, podIP }, graceSec, ac.signal);
      if (!r.ok) {
        ctx.log.info({ pod: pod ? podRef(pod) : undefined, container: spec!.name, output: r.output }, 'preStop hook failed');
        if (pod) podEvent(ctx.recorder, pod, 'Warning', EventReasons.FailedPreStopHook, `PreStopHook failed: ${r.output}`, spec!.name);
      }
    } catch (err) {
      ctx.log.info({ container: spec!.name, err: errorMessage(err) }, 'preStop hook failed');
    } finally {
      clearTimeout(timer);
    }
  }
  const left = Math.max(0, graceSec - Math.floor((ctx.now() - started) / 1000));
  await ctx.runtime.stopContainer(c.id, left);
}

/** Stops every live container of the pod (in parallel) and then its sandboxes. */
export async function killPod(ctx: NodeContext, pod: V1Pod | undefined, rt: PodRuntime, graceSec: number): Promise<void> {
  const podIP = rt.sandboxes[0]?.network.ip;
  const live = rt.containers.filter((c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED');
  await Promise.all(live.map((c) => stopContainer(ctx, pod, c, graceSec, podIP)));
  for (const s of rt.sandboxes) if (s.state === 'SANDBOX_READY') await ctx.runtime.stopPodSandbox(s.id);
}
