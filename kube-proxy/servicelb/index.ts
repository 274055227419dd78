// The built-in service load balancer (k3s ServiceLB-style): LoadBalancer Services get the node IPs
// as ingress; kube-proxy answers on those IPs.
export { nodeIngressIPs, desiredIngress, isOurs, sameIngress } from './ingress.js';
export { ServiceLBReconciler, newServiceLBController, clientStatusWriter, type ServiceStatusWriter } from './controller.js';
