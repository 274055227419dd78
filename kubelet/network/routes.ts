// Cross-node pod routes, host-gw style (as flannel's host-gw backend): for every other Node on a
// directly connected subnet, `ip route replace <its spec.podCIDR> via <its InternalIP>`, kept in
// step with the Node objects (a Node informer); routes of deleted nodes go. Our routes carry their
// own routing protocol number, so they are found (and flushed on stop) without touching others.
// Pod → pod traffic between pod CIDRs must keep its source IP: the CNI bridge's ipMasq chain
// masquerades everything leaving the node's pod CIDR, so a nat POSTROUTING chain ahead of it
// ACCEPTs (= no NAT) traffic from our pod CIDR to every other node's pod CIDR (also to nodes
// reached through the default route rather than one of our routes).
import { CoreV1Api, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { ListWatchInformer } from '../../apimachinery/controller/index.js';
import { run, runOk } from '../host/index.js';

/** The routing protocol number marking our routes (`ip route show proto 77`). */
export const ROUTE_PROTO = '77';
/** The iptables nat chain (jumped to first from POSTROUTING) exempting pod → pod from masquerade. */
export const NOMASQ_CHAIN = 'K8TS-POD-NOMASQ';

export interface NodeRoute { dst: string; via: string }
export interface RouteDiff { add: NodeRoute[]; del: NodeRoute[] }

function ipToInt(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4) return undefined;
  let n = 0;
  for (const s of p) {
    const v = Number(s);
    if (!/^\d{1,3}$/.test(s) || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Whether IPv4 `ip` lies in `cidr` ("a.b.c.d/n"). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const a = ipToInt(ip);
  const b = ipToInt(base ?? '');
  const bits = Number(bitsText ?? '32');
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

/** "10.244.1.0/24" (normalised as `ip route` prints it: a /32 loses its suffix). */
function routeKey(dst: string): string { return dst.endsWith('/32') ? dst.slice(0, -3) : dst; }

export function internalIP(n: V1Node): string | undefined {
  return n.status?.addresses?.find((a) => a.type === 'InternalIP' && ipToInt(a.address) !== undefined)?.address;
}

/** The IPv4 pod CIDR of a node (spec.podCIDRs first, then spec.podCIDR). */
export function nodePodCIDR(n: V1Node): string | undefined {
  const all = [...(n.spec?.podCIDRs ?? []), ...(n.spec?.podCIDR ? [n.spec.podCIDR] : [])];
  return all.find((c) => ipToInt(c.split('/')[0] ?? '') !== undefined);
}

/**
 * The routes this node wants: one per other node that has an IPv4 pod CIDR and an InternalIP in one
 * of `connected` (the subnets on our links: host-gw needs the peer on the same L2), never to our
 * own address, never for a pod CIDR that is ours.
 */
export function desiredRoutes(nodes: V1Node[], self: { name: string; podCIDR?: string; ips: string[] }, connected: string[]): NodeRoute[] {
  const out = new Map<string, NodeRoute>();
  for (const n of nodes) {
    if (n.metadata?.name === self.name) continue;
    const dst = nodePodCIDR(n);
    const via = internalIP(n);
    if (!dst || !via || dst === self.podCIDR || self.ips.includes(via)) continue;
    if (!connected.some((c) => ipInCidr(via, c))) continue;
    if (self.ips.some((ip) => ipInCidr(ip, dst))) continue;
    out.set(routeKey(dst), { dst: routeKey(dst), via });
  }
  return [...out.values()].sort((a, b) => a.dst.localeCompare(b.dst));
}

/** The other nodes' IPv4 pod CIDRs, routed by us or not (pod → pod traffic to them keeps its source). */
export function peerPodCIDRs(nodes: V1Node[], self: { name: string; podCIDR?: string }): string[] {
  const out = new Set<string>();
  for (const n of nodes) {
    const c = n.metadata?.name === self.name ? undefined : nodePodCIDR(n);
    if (c && c !== self.podCIDR) out.add(c);
  }
  return [...out].sort();
}

/** What to change so that `current` (our routes in the kernel) becomes `desired`. */
export function diffRoutes(current: NodeRoute[], desired: NodeRoute[]): RouteDiff {
  const want = new Map(desired.map((r) => [routeKey(r.dst), r]));
  const have = new Map(current.map((r) => [routeKey(r.dst), r]));
  const add = desired.filter((r) => have.get(routeKey(r.dst))?.via !== r.via);
  const del = current.filter((r) => !want.has(routeKey(r.dst)));
  return { add, del };
}

/** The iptables-restore input that sets the no-masquerade chain to exactly these rules. */
export function noMasqRules(ownPodCIDR: string | undefined, peerCIDRs: string[]): string {
  const lines = ['*nat', `:${NOMASQ_CHAIN} - [0:0]`, `-F ${NOMASQ_CHAIN}`];
  if (ownPodCIDR) {
    for (const c of peerCIDRs) lines.push(`-A ${NOMASQ_CHAIN} -s ${ownPodCIDR} -d ${c} -m comment --comment "k8ts pod to pod keeps its source" -j ACCEPT`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

export interface NodeRoutesOptions {
  log: Logger;
  /** Run every command inside this named netns (`ip netns exec NS …`), for tests. */
  netns?: string;
}

interface IpAddr { addr_info?: { family?: string; local?: string; prefixlen?: number; scope?: string }[] }
interface IpRoute { dst?: string; gateway?: string }

/** Applies desired routes and no-masquerade rules to the kernel (of the current or a named netns). */
export class NodeRoutes {
  constructor(private readonly o: NodeRoutesOptions) {}

  private cmd(bin: string, args: string[]): [string, string[]] {
    return this.o.netns ? ['ip', ['netns', 'exec', this.o.netns, bin, ...args]] : [bin, args];
  }

  private async out(bin: string, args: string[], input?: string): Promise<string> {
    const [c, a] = this.cmd(bin, args);
    return (await runOk(c, a, { input, timeoutMs: 30_000 })).toString();
  }

  /** Our IPv4 addresses and the subnets on our links (global scope). */
  async localAddresses(): Promise<{ ips: string[]; connected: string[] }> {
    const addrs = JSON.parse(await this.out('ip', ['-j', '-4', 'addr', 'show'])) as IpAddr[];
    const ips: string[] = [];
    const connected: string[] = [];
    for (const a of addrs) {
      for (const i of a.addr_info ?? []) {
        if (i.family !== 'inet' || !i.local || i.scope === 'host') continue;
        ips.push(i.local);
        if (i.prefixlen !== undefined && i.prefixlen < 32) connected.push(`${i.local}/${i.prefixlen}`);
      }
    }
    return { ips, connected };
  }

  /** Routes in the main table carrying our protocol number. */
  async currentRoutes(): Promise<NodeRoute[]> {
    const rs = JSON.parse(await this.out('ip', ['-j', '-4', 'route', 'show', 'table', 'main', 'proto', ROUTE_PROTO])) as IpRoute[];
    return rs.filter((r) => r.dst && r.gateway).map((r) => ({ dst: routeKey(r.dst!), via: r.gateway! }));
  }

  /** Makes the kernel match the Node objects. Returns what changed. */
  async sync(nodes: V1Node[], self: { name: string; podCIDR?: string }): Promise<RouteDiff> {
    const local = await this.localAddresses();
    const desired = desiredRoutes(nodes, { ...self, ips: local.ips }, local.connected);
    const diff = diffRoutes(await this.currentRoutes(), desired);
    for (const r of diff.del) {
      const [c, a] = this.cmd('ip', ['route', 'del', r.dst, 'via', r.via, 'proto', ROUTE_PROTO]);
      const res = await run(c, a, { timeoutMs: 30_000 });
      if (res.code !== 0) this.o.log.warn({ route: r, stderr: res.stderr.toString().trim() }, 'deleting a node route failed');
    }
    for (const r of diff.add) {
      const [c, a] = this.cmd('ip', ['route', 'replace', r.dst, 'via', r.via, 'proto', ROUTE_PROTO]);
      const res = await run(c, a, { timeoutMs: 30_000 });
      if (res.code !== 0) this.o.log.warn({ route: r, stderr: res.stderr.toString().trim() }, 'adding a node route failed');
    }
    await this.syncNoMasq(self.podCIDR, peerPodCIDRs(nodes, self));
    if (diff.add.length + diff.del.length > 0) this.o.log.info({ add: diff.add, del: diff.del }, 'node routes updated');
    return diff;
  }

  private async syncNoMasq(ownPodCIDR: string | undefined, peerCIDRs: string[]): Promise<void> {
    await this.out('iptables-restore', ['--noflush'], noMasqRules(ownPodCIDR, peerCIDRs));
    const rule = ['POSTROUTING', '-j', NOMASQ_CHAIN, '-m', 'comment', '--comment', 'k8ts node routes'];
    const [c, a] = this.cmd('iptables', ['-t', 'nat', '-C', ...rule]);
    if ((await run(c, a, { timeoutMs: 30_000 })).code !== 0) await this.out('iptables', ['-t', 'nat', '-I', rule[0]!, '1', ...rule.slice(1)]);
  }

  /** Removes our routes, the jump and the chain (what stop and `k8ts down` leave behind: nothing). */
  async cleanup(): Promise<void> {
    const [c, a] = this.cmd('ip', ['route', 'flush', 'table', 'main', 'proto', ROUTE_PROTO]);
    await run(c, a, { timeoutMs: 30_000 });
    for (;;) {
      const [dc, da] = this.cmd('iptables', ['-t', 'nat', '-D', 'POSTROUTING', '-j', NOMASQ_CHAIN, '-m', 'comment', '--comment', 'k8ts node routes']);
      if ((await run(dc, da, { timeoutMs: 30_000 })).code !== 0) break;
    }
    for (const op of ['-F', '-X']) {
      const [xc, xa] = this.cmd('iptables', ['-t', 'nat', op, NOMASQ_CHAIN]);
      await run(xc, xa, { timeoutMs: 30_000 });
    }
  }
}

export interface RunNodeRoutesOptions {
  kc: KubeConfig;
  log: Logger;
  nodeName: string;
  /** This node's pod CIDR (else read from its Node object). */
  podCIDR?: string;
  /** Full resync period (links and addresses may change without a Node event). */
  resyncMs?: number;
  netns?: string;
}

/** Watches Nodes and keeps the routes until `signal` aborts; then removes them. */
export async function runNodeRoutes(o: RunNodeRoutesOptions, signal: AbortSignal): Promise<void> {
  const core = o.kc.makeApiClient(CoreV1Api);
  const log = o.log.child({ part: 'node-routes' });
  const informer = new ListWatchInformer<V1Node>(o.kc, { path: '/api/v1/nodes', list: () => core.listNode(), typeName: 'V1Node' }, { logger: log });
  const routes = new NodeRoutes({ log, netns: o.netns });
  let dirty = true;
  let wake: (() => void) | undefined;
  const poke = (): void => { dirty = true; wake?.(); };
  informer.addEventHandler({ onAdd: poke, onUpdate: poke, onDelete: poke });
  const informerDone = informer.run(signal);
  const timer = setInterval(poke, o.resyncMs ?? 30_000);
  signal.addEventListener('abort', poke, { once: true });
  try {
    await informer.waitForSync(signal);
    while (!signal.aborted) {
      if (dirty) {
        dirty = false;
        const nodes = informer.store.list();
        const podCIDR = o.podCIDR ?? nodePodCIDR(nodes.find((n) => n.metadata?.name === o.nodeName) ?? {});
        await routes.sync(nodes, { name: o.nodeName, podCIDR }).catch((err: unknown) => {
          log.warn({ err: String(err) }, 'node route sync failed; retrying');
          setTimeout(poke, 2000).unref();
        });
        continue;
      }
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    clearInterval(timer);
    await informerDone;
    await routes.cleanup().catch((err: unknown) => log.warn({ err: String(err) }, 'removing node routes failed'));
  }
}

/**
 * Takes `--node-routes[=true|false]` out of the kubelet's argv (the other flags go to
 * parseKubeletFlags). Absent: undefined (then on when the runtime is runc).
 */
export function takeNodeRoutesFlag(argv: string[]): { argv: string[]; nodeRoutes?: boolean } {
  let nodeRoutes: boolean | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--node-routes(?:=(.*))?$/.exec(a);
    if (!m) { rest.push(a); continue; }
    let v = m[1];
    if (v === undefined && (argv[i + 1] === 'true' || argv[i + 1] === 'false')) v = argv[++i];
    if (v !== undefined && v !== 'true' && v !== 'false') throw new Error(`--node-routes must be true or false, got "${v}"`);
    nodeRoutes = v !== 'false';
  }
  return { argv: rest, nodeRoutes };
}

/** The kubelet's node routes, when enabled (default: with the runc runtime); resolves after cleanup. */
export function startNodeRoutes(o: { enabled?: boolean; runtime: string; hollowNodes: number; kc: KubeConfig; log: Logger; nodeName: string; podCIDR?: string },
  signal: AbortSignal): Promise<void> {
  if (!(o.enabled ?? o.runtime === 'runc') || o.hollowNodes > 0) return Promise.resolve();
  return runNodeRoutes({ kc: o.kc, log: o.log, nodeName: o.nodeName, podCIDR: o.podCIDR }, signal);
}
