// The default ClusterRoleBindings (Kubernetes' bootstrappolicy, plus the kubeadm-style bindings
// TLS bootstrapping needs, and one per k8ts component identity).
import type { Subject } from '../authz/rules.js';

export interface DefaultBinding {
  name: string;
  role: string;
  subjects: Subject[];
}

const rbac = 'rbac.authorization.k8s.io';
const group = (name: string): Subject => ({ kind: 'Group', apiGroup: rbac, name });
const user = (name: string): Subject => ({ kind: 'User', apiGroup: rbac, name });

export const defaultClusterRoleBindings: DefaultBinding[] = [
  { name: 'cluster-admin', role: 'cluster-admin', subjects: [group('system:masters')] },
  { name: 'system:basic-user', role: 'system:basic-user', subjects: [group('system:authenticated')] },
  { name: 'system:discovery', role: 'system:discovery', subjects: [group('system:authenticated')] },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', subjects: [group('system:authenticated'), group('system:unauthenticated')] },
  { name: 'system:monitoring', role: 'system:monitoring', subjects: [group('system:monitoring')] },
  // As in Kubernetes, nobody is bound to system:node: kubelets are served by the Node authorizer.
  { name: 'system:node', role: 'system:node', subjects: [] },
  { name: 'system:node-proxier', role: 'system:node-proxier', subjects: [user('system:kube-proxy')] },
  { name: 'system:k8ts:kube-proxy', role: 'system:k8ts:kube-proxy', subjects: [user('system:kube-proxy')] },
  { name: 'system:kube-scheduler', role: 'system:kube-scheduler', subjects: [user('system:kube-scheduler')] },
  { name: 'system:kube-controller-manager', role: 'system:kube-controller-manager', subjects: [user('system:kube-controller-manager')] },
  { name: 'system:kubelet-api-admin', role: 'system:kubelet-api-admin', subjects: [user('kube-apiserver-kubelet-client')] },
  { name: 'k8ts:kubelet-bootstrap', role: 'system:node-bootstrapper', subjects: [group('system:bootstrappers')] },
  { name: 'k8ts:node-autoapprove-bootstrap', role: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', subjects: [group('system:bootstrappers')] },
  { name: 'k8ts:node-autoapprove-certificate-rotation', role: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', subjects: [group('system:nodes')] },
];

/** The built-in PriorityClasses every cluster has. */
export const systemPriorityClasses = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];
