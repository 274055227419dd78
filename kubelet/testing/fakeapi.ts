// An in-memory KubeletApi for unit tests: records pod status writes and deletes, serves ConfigMaps
// and Secrets from maps, and keeps Nodes and Leases.
import type { AuthenticationV1TokenRequest, CoreV1Event, V1ConfigMap, V1Lease, V1Node, V1NodeStatus, V1Pod, V1PodStatus, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { KubeletApi } from '../api/index.js';

export class FakeApi implements KubeletApi {
  nodes = new Map<string, V1Node>();
  leases = new Map<string, V1Lease>();
  statuses: { name: string; status: V1PodStatus }[] = [];
  deletes: { name: string; uid: string; grace: number }[] = [];
  configMaps = new Map<string, V1ConfigMap>();
  secrets = new Map<string, V1Secret>();
  serviceAccounts = new Map<string, V1ServiceAccount>();
  events: CoreV1Event[] = [];
  tokenRequests: { namespace: string; name: string; req: AuthenticationV1TokenRequest }[] = [];
  /** Answers TokenRequests (default: fails as a cluster without a signing key does). */
  issueToken: (req: AuthenticationV1TokenRequest) => AuthenticationV1TokenRequest = () => {
    throw Object.assign(new Error('serviceaccounts "token" is forbidden: no signing key'), { code: 404 });
  };
  calls = { patchNodeStatus: 0, replaceLease: 0, createLease: 0 };

  async getNode(name: string): Promise<V1Node | undefined> { return this.nodes.get(name); }
  async createNode(node: V1Node): Promise<V1Node> {
    const name = node.metadata?.name ?? '';
    if (this.nodes.has(name)) throw Object.assign(new Error('exists'), { code: 409 });
    const n = { ...node, metadata: { ...node.metadata, uid: `uid-${name}` } };
    this.nodes.set(name, n);
    return n;
  }
  async patchNode(name: string, patch: { metadata?: { labels?: Record<string, string> } }): Promise<V1Node> {
    const n = this.nodes.get(name)!;
    n.metadata = { ...n.metadata, labels: { ...n.metadata?.labels, ...patch.metadata?.labels } };
    return n;
  }
  async patchNodeStatus(name: string, status: V1NodeStatus): Promise<V1Node> {
    this.calls.patchNodeStatus++;
    const n = this.nodes.get(name);
    if (!n) throw Object.assign(new Error('not found'), { code: 404 });
    n.status = status;
    return n;
  }
  async getLease(_ns: string, name: string): Promise<V1Lease | undefined> { return this.leases.get(name); }
  async createLease(l: V1Lease): Promise<V1Lease> { this.calls.createLease++; this.leases.set(l.metadata!.name!, l); return l; }
  async replaceLease(l: V1Lease): Promise<V1Lease> { this.calls.replaceLease++; this.leases.set(l.metadata!.name!, l); return l; }
  async patchPodStatus(_ns: string, name: string, _uid: string, status: V1PodStatus): Promise<V1Pod> {
    this.statuses.push({ name, status });
    return { metadata: { name }, status };
  }
  async deletePod(_ns: string, name: string, uid: string, grace: number): Promise<void> { this.deletes.push({ name, uid, grace }); }
  async getConfigMap(_ns: string, name: string): Promise<V1ConfigMap | undefined> { return this.configMaps.get(name); }
  async getSecret(_ns: string, name: string): Promise<V1Secret | undefined> { return this.secrets.get(name); }

  async getServiceAccount(_ns: string, name: string): Promise<V1ServiceAccount | undefined> { return this.serviceAccounts.get(name); }
  async createServiceAccountToken(namespace: string, name: string, req: AuthenticationV1TokenRequest): Promise<AuthenticationV1TokenRequest> {
    this.tokenRequests.push({ namespace, name, req });
    return this.issueToken(req);
  }
  async createEvent(_ns: string, ev: CoreV1Event): Promise<CoreV1Event> { this.events.push(ev); return ev; }
  async patchEvent(_ns: string, name: string, patch: { count?: number }): Promise<CoreV1Event> {
    const ev = this.events.find((e) => e.metadata?.name === name);
    if (!ev) throw Object.assign(new Error('not found'), { code: 404 });
    if (patch.count !== undefined) ev.count = patch.count;
    return ev;
  }

  /** The last status written for pod `name`. */
  last(name: string): V1PodStatus | undefined {
    return [...this.statuses].reverse().find((s) => s.name === name)?.status;
  }
}
