// The Service write hooks: ClusterIP, NodePort and healthCheckNodePort allocation on create and
// update, release on delete and on failed writes.
import { type Obj, isObj, ensure } from '../../../../apimachinery/objects.js';
import type { ServiceRanges, WriteHooks } from '../../strategy/types.js';

function ports(spec: Obj): Obj[] {
  return Array.isArray(spec.ports) ? spec.ports.filter(isObj) : [];
}

function wantsNodePorts(spec: Obj): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

/** LoadBalancer Services with externalTrafficPolicy Local get a node port for kube-proxy's health check. */
function wantsHealthCheckPort(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** What a write allocated, so it can be undone if the write fails. */
export interface Allocation {
  ips: string[];
  ports: number[];
}

export async function allocateForService(alloc: ServiceRanges, svc: Obj, old?: Obj): Promise<Allocation> {
  const done: Allocation = { ips: [], ports: [] };
  const spec = ensure(svc, 'spec');
  const oldSpec = old && isObj(old.spec) ? old.spec : undefined;
  const name = String((svc.metadata as Obj | undefined)?.name ?? '');
  try {
    if (spec.type === 'ExternalName') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    } else if (oldSpec && typeof oldSpec.clusterIP === 'string' && oldSpec.clusterIP !== '' && (spec.clusterIP === undefined || spec.clusterIP === '')) {
      spec.clusterIP = oldSpec.clusterIP;
      spec.clusterIPs = oldSpec.clusterIPs ?? [oldSpec.clusterIP];
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (!oldSpec || oldSpec.clusterIP !== spec.clusterIP) {
      const requested = typeof spec.clusterIP === 'string' ? spec.clusterIP : Array.isArray(spec.clusterIPs) ? String(spec.clusterIPs[0] ?? '') : undefined;
      const ip = await alloc.allocateIP(name, requested);
      done.ips.push(ip);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    const oldPorts = new Map<string, number>();
    if (oldSpec) for (const p of ports(oldSpec)) if (typeof p.nodePort === 'number') oldPorts.set(`${String(p.port)}/${String(p.protocol)}`, p.nodePort);
    if (wantsNodePorts(spec)) {
      for (const [i, p] of ports(spec).entries()) {
        const key = `${String(p.port)}/${String(p.protocol)}`;
        const prev = oldPorts.get(key);
        if ((p.nodePort === undefined || p.nodePort === 0) && prev !== undefined) {
          p.nodePort = prev;
          continue;
        }
        if (prev !== undefined && prev === p.nodePort) continue;
        const requested = typeof p.nodePort === 'number' ? p.nodePort : undefined;
        const port = await alloc.allocatePort(name, requested, `spec.ports[${i}].nodePort`);
        done.ports.push(port);
        p.nodePort = port;
      }
    } else {
      for (const p of ports(spec)) delete p.nodePort;
    }
    if (wantsHealthCheckPort(spec)) {
      const prev = oldSpec && typeof oldSpec.healthCheckNodePort === 'number' && oldSpec.healthCheckNodePort > 0 ? oldSpec.healthCheckNodePort : undefined;
      const asked = typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0 ? spec.healthCheckNodePort : undefined;
      if (prev !== undefined && (asked === undefined || asked === prev)) {
        spec.healthCheckNodePort = prev;
      } else {
        const port = await alloc.allocatePort(name, asked, 'spec.healthCheckNodePort');
        done.ports.push(port);
        spec.healthCheckNodePort = port;
      }
    } else {
      delete spec.healthCheckNodePort;
    }
  } catch (e) {
    await releaseAllocation(alloc, done);
    throw e;
  }
  return done;
}

export async function releaseAllocation(alloc: ServiceRanges, a: Allocation): Promise<void> {
  for (const ip of a.ips) await alloc.releaseIP(ip);
  for (const p of a.ports) await alloc.releasePort(p);
}

/** Values held by `old` that `updated` (or a deletion, when undefined) no longer uses. */
export function freedBy(old: Obj, updated?: Obj): Allocation {
  const freed: Allocation = { ips: [], ports: [] };
  const o = isObj(old.spec) ? old.spec : {};
  const n = updated && isObj(updated.spec) ? updated.spec : {};
  if (typeof o.clusterIP === 'string' && o.clusterIP !== 'None' && o.clusterIP !== '' && o.clusterIP !== n.clusterIP) freed.ips.push(o.clusterIP);
  const kept = new Set([...ports(n).map((p) => p.nodePort), n.healthCheckNodePort]);
  for (const p of ports(o)) if (typeof p.nodePort === 'number' && !kept.has(p.nodePort)) freed.ports.push(p.nodePort);
  if (typeof o.healthCheckNodePort === 'number' && o.healthCheckNodePort > 0 && !kept.has(o.healthCheckNodePort)) freed.ports.push(o.healthCheckNodePort);
  return freed;
}

export const serviceWriteHooks: WriteHooks = {
  async claim(env, o, old) {
    const a = await allocateForService(env.ranges, o, old);
    return () => releaseAllocation(env.ranges, a);
  },
  freed(env, old, updated) {
    const a = freedBy(old, updated);
    return () => releaseAllocation(env.ranges, a);
  },
};
