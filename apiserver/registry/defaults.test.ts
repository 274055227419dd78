// Defaults of the kinds beside Pod, through their resource modules, against Kubernetes 1.32's SetDefaults_*
// (core/v1, apps/v1, discovery/v1, rbac/v1): one case per rule, expected values written from Kubernetes.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../apimachinery/objects.js';
import { resources, moduleFor } from './resources.js';

const byPlural = new Map(resources.map((r) => [`${r.plural}.${r.group}`, r]));
const mod = (plural: string, group = '') => {
  const info = byPlural.get(`${plural}.${group}`);
  if (!info) throw new Error(`no module ${plural}`);
  return moduleFor(info);
};
function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k]), o);
}
const svc = (spec: Obj): Obj => ({ metadata: { name: 's' }, spec: { ports: [{ port: 80 }], ...spec } });
const tmpl = { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1', resources: { limits: { cpu: '1' } } }] } } };

describe('defaults', () => {
  it.each<[string, string, string, Obj, string, unknown]>([
    ['Service type ClusterIP', 'services', '', svc({}), 'spec.type', 'ClusterIP'],
    ['Service sessionAffinity None', 'services', '', svc({}), 'spec.sessionAffinity', 'None'],
    ['Service sessionAffinity None drops sessionAffinityConfig', 'services', '', svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }), 'spec.sessionAffinityConfig', undefined],
    ['Service ClientIP timeout 10800', 'services', '', svc({ sessionAffinity: 'ClientIP' }), 'spec.sessionAffinityConfig', { clientIP: { timeoutSeconds: 10800 } }],
    ['Service ClientIP timeout kept', 'services', '', svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }), 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 60],
    ['Service port protocol TCP', 'services', '', svc({}), 'spec.ports.0.protocol', 'TCP'],
    ['Service targetPort = port', 'services', '', svc({}), 'spec.ports.0.targetPort', 80],
    ['Service targetPort 0 = port', 'services', '', svc({ ports: [{ port: 81, targetPort: 0 }] }), 'spec.ports.0.targetPort', 81],
    ['ExternalName targetPort = port too', 'services', '', svc({ type: 'ExternalName', externalName: 'x.example' }), 'spec.ports.0.targetPort', 80],
    ['Service internalTrafficPolicy Cluster', 'services', '', svc({}), 'spec.internalTrafficPolicy', 'Cluster'],
    ['ExternalName has no internalTrafficPolicy', 'services', '', svc({ type: 'ExternalName', externalName: 'x.example' }), 'spec.internalTrafficPolicy', undefined],
    ['NodePort externalTrafficPolicy Cluster', 'services', '', svc({ type: 'NodePort' }), 'spec.externalTrafficPolicy', 'Cluster'],
    ['ClusterIP with externalIPs externalTrafficPolicy Cluster', 'services', '', svc({ externalIPs: ['192.0.2.1'] }), 'spec.externalTrafficPolicy', 'Cluster'],
    ['plain ClusterIP has no externalTrafficPolicy', 'services', '', svc({}), 'spec.externalTrafficPolicy', undefined],
    ['LoadBalancer allocateLoadBalancerNodePorts', 'services', '', svc({ type: 'LoadBalancer' }), 'spec.allocateLoadBalancerNodePorts', true],
    ['Service ipFamilies IPv4', 'services', '', svc({}), 'spec.ipFamilies', ['IPv4']],
    ['Service ipFamilyPolicy SingleStack', 'services', '', svc({}), 'spec.ipFamilyPolicy', 'SingleStack'],
    ['headless Service without selector: RequireDualStack', 'services', '', svc({ clusterIP: 'None' }), 'spec.ipFamilyPolicy', 'RequireDualStack'],
    ['headless Service with a selector: SingleStack', 'services', '', svc({ clusterIP: 'None', selector: { a: 'b' } }), 'spec.ipFamilyPolicy', 'SingleStack'],
    ['Secret type Opaque', 'secrets', '', { metadata: { name: 's' } }, 'type', 'Opaque'],
    ['Namespace name label', 'namespaces', '', { metadata: { name: 'n' } }, 'metadata.labels', { 'kubernetes.io/metadata.name': 'n' }],
    ['Namespace phase Active', 'namespaces', '', { metadata: { name: 'n' } }, 'status.phase', 'Active'],
    ['Node allocatable = capacity', 'nodes', '', { metadata: { name: 'n' }, status: { capacity: { cpu: '2' } } }, 'status.allocatable', { cpu: '2' }],
    ['Node allocatable kept', 'nodes', '', { metadata: { name: 'n' }, status: { capacity: { cpu: '2' }, allocatable: { cpu: '1' } } }, 'status.allocatable', { cpu: '1' }],
    ['Endpoints port protocol TCP', 'endpoints', '', { subsets: [{ ports: [{ port: 80 }] }] }, 'subsets.0.ports.0.protocol', 'TCP'],
    ['EndpointSlice port protocol TCP', 'endpointslices', 'discovery.k8s.io', { ports: [{ port: 80 }] }, 'ports.0.protocol', 'TCP'],
    ['EndpointSlice port name ""', 'endpointslices', 'discovery.k8s.io', { ports: [{ port: 80 }] }, 'ports.0.name', ''],
    ['RoleBinding roleRef apiGroup', 'rolebindings', 'rbac.authorization.k8s.io', { roleRef: { kind: 'Role', name: 'r' } }, 'roleRef.apiGroup', 'rbac.authorization.k8s.io'],
    ['ClusterRoleBinding roleRef apiGroup', 'clusterrolebindings', 'rbac.authorization.k8s.io', { roleRef: { kind: 'ClusterRole', name: 'r' } }, 'roleRef.apiGroup', 'rbac.authorization.k8s.io'],
    ['Deployment template gets PodSpec defaults', 'deployments', 'apps', { spec: structuredClone(tmpl) }, 'spec.template.spec.dnsPolicy', 'ClusterFirst'],
    ['Deployment template: no requests from limits', 'deployments', 'apps', { spec: structuredClone(tmpl) }, 'spec.template.spec.containers.0.resources', { limits: { cpu: '1' } }],
    ['ReplicaSet template: no enableServiceLinks', 'replicasets', 'apps', { spec: structuredClone(tmpl) }, 'spec.template.spec.enableServiceLinks', undefined],
    ['Pod: requests from limits', 'pods', '', { spec: structuredClone(tmpl.template.spec) }, 'spec.containers.0.resources.requests', { cpu: '1' }],
    ['Pod: enableServiceLinks true', 'pods', '', { spec: structuredClone(tmpl.template.spec) }, 'spec.enableServiceLinks', true],
  ])('%s', (_name, plural, group, input, path, want) => {
    mod(plural, group).defaults?.(input);
    expect(at(input, path)).toEqual(want);
  });

  it.each<[string, string, Obj, Obj, string, unknown]>([
    ['LoadBalancer ingress ipMode VIP', 'services', svc({ type: 'LoadBalancer' }), { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } }, 'status.loadBalancer.ingress.0.ipMode', 'VIP'],
    ['hostname ingress has no ipMode', 'services', svc({ type: 'LoadBalancer' }), { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } }, 'status.loadBalancer.ingress.0.ipMode', undefined],
    ['Node status write: allocatable = capacity', 'nodes', { metadata: { name: 'n' } }, { capacity: { pods: '110' } }, 'status.allocatable', { pods: '110' }],
  ])('status write: %s', (_name, plural, live, status, path, want) => {
    const next = { ...structuredClone(live), status };
    mod(plural).prepareForStatusUpdate?.(next, live);
    expect(at(next, path)).toEqual(want);
  });
});
