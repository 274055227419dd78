// The launcher's API-side helpers: the cluster's DNS Service (kube-dns) pointing at the DNS server on
// the node, and waits for a Ready node and for control-plane leader leases.
import { CoordinationV1Api, CoreV1Api, DiscoveryV1Api, type KubeConfig } from '@kubernetes/client-node';
import { keepAliveApiClient } from '../apimachinery/keepalive.js';

export { detectNodeIP, realNodeMissing } from './common/host.js';

function isConflict(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: number }).code === 409;
}

/** kube-system/kube-dns at `clusterIP` (10.96.0.10):53, served by the DNS process on `nodeIP`:`dnsPort`. */
export async function ensureDnsService(kc: KubeConfig, clusterIP: string, nodeIP: string, dnsPort = 53): Promise<void> {
  const core = keepAliveApiClient(kc, CoreV1Api);
  const discovery = keepAliveApiClient(kc, DiscoveryV1Api);
  const ports = [
    { name: 'dns', port: dnsPort, protocol: 'UDP' },
    { name: 'dns-tcp', port: dnsPort, protocol: 'TCP' },
  ];
  try {
    await core.createNamespacedService({
      namespace: 'kube-system',
      body: { metadata: { name: 'kube-dns', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' } }, spec: { clusterIP, ports: ports.map((p) => ({ ...p, port: 53, targetPort: dnsPort })) } },
    });
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
  const body = {
    metadata: { name: 'kube-dns-node', labels: { 'kubernetes.io/service-name': 'kube-dns', 'endpointslice.kubernetes.io/managed-by': 'k8ts-launcher' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [nodeIP], conditions: { ready: true, serving: true, terminating: false } }],
    ports,
  };
  try {
    await discovery.createNamespacedEndpointSlice({ namespace: 'kube-system', body });
  } catch (e) {
    if (!isConflict(e)) throw e;
    await discovery.replaceNamespacedEndpointSlice({ namespace: 'kube-system', name: 'kube-dns-node', body });
  }
}

/** Resolves when some Node reports Ready=True. */
export async function waitNodeReady(kc: KubeConfig, signal: AbortSignal): Promise<string> {
  const core = keepAliveApiClient(kc, CoreV1Api);
  for (;;) {
    if (signal.aborted) throw new Error('timed out waiting for a Ready node');
    try {
      const nodes = await core.listNode();
      const ready = nodes.items.find((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      if (ready?.metadata?.name) return ready.metadata.name;
    } catch {
      // API server restarting: retry
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Resolves when kube-system/<name>'s Lease was renewed at or after `since`: that control-plane
 * component is up and leading, so pods created right after `k8ts up` get scheduled at once.
 */
export async function waitLeaseRenewed(kc: KubeConfig, name: string, since: Date, signal: AbortSignal): Promise<void> {
  const api = keepAliveApiClient(kc, CoordinationV1Api);
  for (;;) {
    if (signal.aborted) throw new Error(`${name} did not take its leader lease in time`);
    try {
      const lease = await api.readNamespacedLease({ name, namespace: 'kube-system' });
      const renewed = lease.spec?.renewTime ?? lease.spec?.acquireTime;
      // Lease times are MicroTime; allow for clock rounding to the second.
      if (renewed && new Date(renewed).getTime() >= since.getTime() - 1000) return;
    } catch {
      // not created yet, or the API server is restarting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
