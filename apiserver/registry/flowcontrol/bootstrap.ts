// The FlowSchemas and PriorityLevelConfigurations every cluster has (Kubernetes 1.32
// apiserver/pkg/apis/flowcontrol/bootstrap): the mandatory ones (exempt, catch-all), which the
// server restores, and the suggested ones, which it keeps up to date until a user takes one over
// with apf.kubernetes.io/autoupdate-spec: "false". Data only; ../../../controlplane writes them.
import type { Obj } from '../../../apimachinery/objects.js';

export const autoUpdateAnnotation = 'apf.kubernetes.io/autoupdate-spec';

export interface BootstrapObject {
  name: string;
  spec: Obj;
}

const group = (name: string): Obj => ({ kind: 'Group', group: { name } });
const user = (name: string): Obj => ({ kind: 'User', user: { name } });
const kubeSystemSA = (name: string): Obj => ({ kind: 'ServiceAccount', serviceAccount: { name, namespace: 'kube-system' } });

const everyResource: Obj = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] };
const everyURL: Obj = { verbs: ['*'], nonResourceURLs: ['*'] };
const allRequests = (...subjects: Obj[]): Obj => ({ subjects, resourceRules: [everyResource], nonResourceRules: [everyURL] });
const leases: Obj = { verbs: ['get', 'create', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] };

function flowSchema(name: string, pl: string, matchingPrecedence: number, dm: string | undefined, ...rules: Obj[]): BootstrapObject {
  const spec: Obj = { priorityLevelConfiguration: { name: pl }, matchingPrecedence };
  if (dm) spec.distinguisherMethod = { type: dm };
  spec.rules = rules;
  return { name, spec };
}

function limited(name: string, shares: number, lendablePercent: number, queuing?: [number, number, number]): BootstrapObject {
  const limitResponse: Obj = queuing ? { type: 'Queue', queuing: { queues: queuing[0], handSize: queuing[1], queueLengthLimit: queuing[2] } } : { type: 'Reject' };
  return { name, spec: { type: 'Limited', limited: { nominalConcurrencyShares: shares, lendablePercent, limitResponse } } };
}

export const mandatoryPriorityLevels: readonly BootstrapObject[] = [
  { name: 'exempt', spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } } },
  limited('catch-all', 5, 0),
];

export const mandatoryFlowSchemas: readonly BootstrapObject[] = [
  flowSchema('exempt', 'exempt', 1, undefined, allRequests(group('system:masters'))),
  flowSchema('catch-all', 'catch-all', 10000, 'ByUser', allRequests(group('system:unauthenticated'), group('system:authenticated'))),
];

export const suggestedPriorityLevels: readonly BootstrapObject[] = [
  limited('system', 30, 33, [64, 6, 50]),
  limited('node-high', 40, 25, [64, 6, 50]),
  limited('leader-election', 10, 0, [16, 4, 50]),
  limited('workload-high', 40, 50, [128, 6, 50]),
  limited('workload-low', 100, 90, [128, 6, 50]),
  limited('global-default', 20, 50, [128, 6, 50]),
];

export const suggestedFlowSchemas: readonly BootstrapObject[] = [
  flowSchema('system-nodes', 'system', 500, 'ByUser', allRequests(group('system:nodes'))),
  flowSchema('system-node-high', 'node-high', 400, 'ByUser', {
    subjects: [group('system:nodes')],
    resourceRules: [
      { verbs: ['*'], apiGroups: [''], resources: ['nodes', 'nodes/status'], clusterScope: true, namespaces: ['*'] },
      { verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] },
    ],
  }),
  flowSchema('probes', 'exempt', 2, undefined, {
    subjects: [group('system:unauthenticated'), group('system:authenticated')],
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
  }),
  flowSchema('system-leader-election', 'leader-election', 100, 'ByUser', {
    subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler'), kubeSystemSA('*')],
    resourceRules: [leases],
  }),
  flowSchema('workload-leader-election', 'leader-election', 200, 'ByUser', { subjects: [kubeSystemSA('*')], resourceRules: [leases] }),
  flowSchema('endpoint-controller', 'workload-high', 150, 'ByUser', {
    subjects: [user('system:kube-controller-manager'), kubeSystemSA('endpoint-controller'), kubeSystemSA('endpointslicemirroring-controller')],
    resourceRules: [{ verbs: ['get', 'create', 'update'], apiGroups: [''], resources: ['endpoints'], namespaces: ['*'] }],
  }),
  flowSchema('kube-controller-manager', 'workload-high', 800, 'ByNamespace', allRequests(user('system:kube-controller-manager'))),
  flowSchema('kube-scheduler', 'workload-high', 800, 'ByNamespace', allRequests(user('system:kube-scheduler'))),
  flowSchema('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', allRequests(kubeSystemSA('*'))),
  flowSchema('service-accounts', 'workload-low', 9000, 'ByUser', allRequests(group('system:serviceaccounts'))),
  flowSchema('global-default', 'global-default', 9900, 'ByUser', allRequests(group('system:unauthenticated'), group('system:authenticated'))),
];
