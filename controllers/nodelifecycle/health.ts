// Node health as the node lifecycle controller judges it: when did we (on our own clock) last see
// the node's Lease or Ready heartbeat change; which conditions to force to Unknown once the grace
// period passes; which NoExecute/NoSchedule taints the Ready condition calls for.
import type { V1Node, V1NodeCondition, V1Taint } from '@kubernetes/client-node';
import { toMillis } from '../../apimachinery/controller/index.js';

export const UnreachableTaint = 'node.kubernetes.io/unreachable';
export const NotReadyTaint = 'node.kubernetes.io/not-ready';
export const MonitoredConditions = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export interface HealthRecord {
  /** Last lease renewTime / Ready heartbeat we saw (ms, server clock). */
  leaseRenew?: number;
  heartbeat?: number;
  /** Local time at which either last changed. */
  probeAt: number;
}

/** Updates the record from the current Lease renewTime and node heartbeat; returns the new record. */
export function observe(prev: HealthRecord | undefined, leaseRenew: number | undefined, node: V1Node, now: number): HealthRecord {
  const heartbeat = toMillis(node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime);
  if (!prev) return { leaseRenew, heartbeat, probeAt: now };
  if (prev.leaseRenew !== leaseRenew || prev.heartbeat !== heartbeat) return { leaseRenew, heartbeat, probeAt: now };
  return prev;
}

/**
 * The node's conditions with Ready and the pressure conditions set to Unknown (kept as they are when
 * already Unknown). `changed` is false when nothing needed to change.
 */
export function unknownConditions(node: V1Node, now: number): { conditions: V1NodeCondition[]; changed: boolean } {
  const conds = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  const t = new Date(now);
  for (const type of MonitoredConditions) {
    const c = conds.find((x) => x.type === type);
    if (!c) {
      conds.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata?.creationTimestamp,
        lastTransitionTime: t,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = t;
      changed = true;
    }
  }
  return { conditions: conds, changed };
}

export function readyStatus(node: V1Node): string | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

/** The node's taints with the unreachable / not-ready ones made to match its Ready condition. */
export function desiredTaints(node: V1Node, now: number): { taints: V1Taint[]; changed: boolean } {
  const ready = readyStatus(node);
  const want = ready === 'Unknown' ? UnreachableTaint : ready === 'False' ? NotReadyTaint : undefined;
  const current = node.spec?.taints ?? [];
  const ours = (t: V1Taint): boolean => t.key === UnreachableTaint || t.key === NotReadyTaint;
  const keep = current.filter((t) => !ours(t) || (t.key === want && (t.effect === 'NoExecute' || t.effect === 'NoSchedule')));
  const next = [...keep];
  if (want) {
    for (const effect of ['NoSchedule', 'NoExecute']) {
      if (!next.some((t) => t.key === want && t.effect === effect)) {
        next.push(effect === 'NoExecute' ? { key: want, effect, timeAdded: new Date(now) } : { key: want, effect });
      }
    }
  }
  const sig = (ts: V1Taint[]): string => JSON.stringify(ts.map((t) => [t.key, t.value ?? '', t.effect]).sort());
  return { taints: next, changed: sig(next) !== sig(current) };
}
