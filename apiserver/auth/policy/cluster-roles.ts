// The default ClusterRoles, after Kubernetes' bootstrappolicy (admin/edit/view written flat rather
// than aggregated), plus system:k8ts:kube-proxy for what our kube-proxy process really calls.
import type { PolicyRule } from '../authz/rules.js';
import { read, readWrite, rule, urls, write } from './rules.js';

export interface DefaultClusterRole {
  name: string;
  rules: PolicyRule[];
}

const viewRules: PolicyRule[] = [
  rule(read, [''], ['pods', 'pods/log', 'pods/status', 'configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'replicationcontrollers', 'replicationcontrollers/scale', 'replicationcontrollers/status', 'serviceaccounts', 'services', 'services/status', 'bindings', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces', 'namespaces/status']),
  rule(read, ['discovery.k8s.io'], ['endpointslices']),
  rule(read, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(read, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

const editRules: PolicyRule[] = [
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(write, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [''], ['pods/eviction']),
  rule(write, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(write, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(write, ['batch'], ['cronjobs', 'jobs']),
  rule(write, ['policy'], ['poddisruptionbudgets']),
  rule(write, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(write, ['coordination.k8s.io'], ['leases']),
  rule(read, ['coordination.k8s.io'], ['leases']),
  rule(read, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  ...viewRules,
];

const adminRules: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(readWrite, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
  ...editRules,
];

/** Kubernetes' NodeRules(): what a kubelet needs (the Node authorizer applies them too). */
const nodeRules: PolicyRule[] = [
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews', 'localsubjectaccessreviews']),
  rule(read, [''], ['services']),
  rule(['create', 'get', 'list', 'watch'], [''], ['nodes']),
  rule(['update', 'patch'], [''], ['nodes/status']),
  rule(['update', 'patch'], [''], ['nodes']),
  rule(['create', 'update', 'patch'], [''], ['events']),
  rule(read, [''], ['pods']),
  rule(['create', 'delete'], [''], ['pods']),
  rule(['update', 'patch'], [''], ['pods/status']),
  rule(['create'], [''], ['pods/eviction']),
  rule(['get'], [''], ['secrets', 'configmaps', 'persistentvolumeclaims', 'persistentvolumes', 'endpoints']),
  rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
  rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(['get'], ['storage.k8s.io'], ['volumeattachments']),
  rule(['get', 'watch', 'list'], ['storage.k8s.io'], ['csidrivers']),
  rule(['get', 'create', 'update', 'patch', 'delete'], ['storage.k8s.io'], ['csinodes']),
  rule(['get', 'list', 'watch'], ['node.k8s.io'], ['runtimeclasses']),
];

const discoveryURLs = ['/livez', '/readyz', '/healthz', '/version', '/version/', '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'];

export const defaultClusterRoles: DefaultClusterRole[] = [
  { name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])] },
  { name: 'admin', rules: adminRules },
  { name: 'edit', rules: editRules },
  { name: 'view', rules: viewRules },
  { name: 'system:discovery', rules: [urls(['get'], discoveryURLs)] },
  { name: 'system:public-info-viewer', rules: [urls(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])] },
  { name: 'system:monitoring', rules: [urls(['get'], ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'])] },
  {
    name: 'system:basic-user',
    rules: [rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']), rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews'])],
  },
  { name: 'system:node', rules: nodeRules },
  {
    name: 'system:node-proxier',
    rules: [
      rule(['list', 'watch'], [''], ['services', 'endpoints']),
      rule(read, [''], ['nodes']),
      rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
      rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
    ],
  },
  {
    // kube-proxy also runs ServiceLB (writes services/status) and the cluster DNS server.
    name: 'system:k8ts:kube-proxy',
    rules: [
      rule(read, [''], ['services', 'endpoints', 'nodes', 'namespaces', 'pods']),
      rule(['update', 'patch'], [''], ['services/status']),
      rule(read, ['discovery.k8s.io'], ['endpointslices']),
      rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
    ],
  },
  {
    name: 'system:kube-scheduler',
    rules: [
      rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update', 'patch'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
      rule(read, [''], ['nodes', 'namespaces', 'services', 'replicationcontrollers', 'persistentvolumeclaims', 'persistentvolumes', 'configmaps']),
      rule(['delete', 'get', 'list', 'watch', 'patch', 'update'], [''], ['pods']),
      rule(['create'], [''], ['bindings', 'pods/binding']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(read, ['apps'], ['replicasets', 'statefulsets']),
      rule(read, ['policy'], ['poddisruptionbudgets']),
      rule(read, ['scheduling.k8s.io'], ['priorityclasses']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      rule(read, ['storage.k8s.io'], ['csinodes', 'csidrivers', 'csistoragecapacities']),
    ],
  },
  {
    // One identity runs every controller (GC and the namespace controller touch any resource), so
    // it may read and write everything, and approve/sign certificates; never escalate, bind or impersonate.
    name: 'system:kube-controller-manager',
    rules: [
      rule(readWrite, ['*'], ['*']),
      rule(['approve', 'sign'], ['certificates.k8s.io'], ['signers']),
    ],
  },
  {
    name: 'system:kubelet-api-admin',
    rules: [
      rule(['get', 'list', 'watch', 'proxy'], [''], ['nodes']),
      rule(['*'], [''], ['nodes/proxy', 'nodes/log', 'nodes/stats', 'nodes/metrics', 'nodes/spec', 'nodes/configz', 'nodes/healthz', 'nodes/pods', 'nodes/checkpoint']),
    ],
  },
  { name: 'system:node-bootstrapper', rules: [rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests'])] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', rules: [rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'])] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', rules: [rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'])] },
];
