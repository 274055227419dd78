// Field tables for the remaining kinds `kubectl create` POSTs as protobuf: policy/v1
// PodDisruptionBudget, scheduling.k8s.io/v1 PriorityClass and networking.k8s.io/v1 Ingress.
// Numbers from the matching staging/src/k8s.io/api/<group>/v1/generated.proto.

import type { TableSource } from './source.js';

export const clusterTables: TableSource = {
  PodDisruptionBudget: { 1: 'metadata:ObjectMeta', 2: 'spec:PodDisruptionBudgetSpec' },
  PodDisruptionBudgetSpec: {
    1: 'minAvailable:IntOrString?',
    2: 'selector:LabelSelector?',
    3: 'maxUnavailable:IntOrString?',
    4: 'unhealthyPodEvictionPolicy?',
  },
  PriorityClass: {
    1: 'metadata:ObjectMeta',
    2: 'value:int32?',
    3: 'globalDefault:bool',
    4: 'description',
    5: 'preemptionPolicy?',
  },
  Ingress: { 1: 'metadata:ObjectMeta', 2: 'spec:IngressSpec' },
  IngressSpec: {
    4: 'ingressClassName?',
    1: 'defaultBackend:IngressBackend?',
    2: 'tls:IngressTLS[]',
    3: 'rules:IngressRule[]',
  },
  IngressBackend: { 4: 'service:IngressServiceBackend?', 3: 'resource:TypedLocalObjectReference?' },
  IngressServiceBackend: { 1: 'name', 2: 'port:ServiceBackendPort' },
  ServiceBackendPort: { 1: 'name', 2: 'number:int32' },
  IngressTLS: { 1: 'hosts:string[]', 2: 'secretName' },
  IngressRule: { 1: 'host', 2: 'ingressRuleValue:IngressRuleValue^' },
  IngressRuleValue: { 1: 'http:HTTPIngressRuleValue?' },
  HTTPIngressRuleValue: { 1: 'paths:HTTPIngressPath[]' },
  HTTPIngressPath: { 1: 'path', 3: 'pathType?', 2: 'backend:IngressBackend' },
};
