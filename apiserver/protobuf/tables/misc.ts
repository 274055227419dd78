// Field tables for rbac.authorization.k8s.io/v1, coordination.k8s.io/v1 Lease,
// policy/v1 Eviction and autoscaling/v1 Scale. Numbers from the matching
// staging/src/k8s.io/api/<group>/v1/generated.proto.

import type { TableSource } from './source.js';

export const miscTables: TableSource = {
  Role: { 1: 'metadata:ObjectMeta', 2: 'rules:PolicyRule[]' },
  ClusterRole: { 1: 'metadata:ObjectMeta', 2: 'rules:PolicyRule[]', 3: 'aggregationRule:AggregationRule?' },
  AggregationRule: { 1: 'clusterRoleSelectors:LabelSelector[]' },
  PolicyRule: {
    1: 'verbs:string[]',
    2: 'apiGroups:string[]',
    3: 'resources:string[]',
    4: 'resourceNames:string[]',
    5: 'nonResourceURLs:string[]',
  },
  RoleBinding: { 1: 'metadata:ObjectMeta', 2: 'subjects:Subject[]', 3: 'roleRef:RoleRef' },
  ClusterRoleBinding: { 1: 'metadata:ObjectMeta', 2: 'subjects:Subject[]', 3: 'roleRef:RoleRef' },
  Subject: { 1: 'kind', 2: 'apiGroup', 3: 'name', 4: 'namespace' },
  RoleRef: { 1: 'apiGroup', 2: 'kind', 3: 'name' },

  Lease: { 1: 'metadata:ObjectMeta', 2: 'spec:LeaseSpec' },
  LeaseSpec: {
    1: 'holderIdentity?',
    2: 'leaseDurationSeconds:int32?',
    3: 'acquireTime:MicroTime?',
    4: 'renewTime:MicroTime?',
    5: 'leaseTransitions:int32?',
    6: 'strategy?',
    7: 'preferredHolder?',
  },

  Eviction: { 1: 'metadata:ObjectMeta', 2: 'deleteOptions:DeleteOptions?' },

  // ScaleSpec.replicas is a plain int32 in Go, but gogo always writes it, so a present 0
  // means "scale to zero" and is kept.
  Scale: { 1: 'metadata:ObjectMeta', 2: 'spec:ScaleSpec', 3: 'status:ScaleStatus' },
  ScaleSpec: { 1: 'replicas:int32?' },
  ScaleStatus: { 1: 'replicas:int32?', 2: 'selector' },
};
