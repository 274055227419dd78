// Service defaults as Kubernetes 1.32's SetDefaults_Service, plus the IP family fields that Kubernetes'
// REST storage fills in (a single-stack IPv4 cluster here).
import { type Obj, isObj, ensure } from '../../../../apimachinery/objects.js';
import { objs, setIfAbsent } from '../../strategy/util.js';

/** service.ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with external IPs. */
function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

export function defaultService(o: Obj): void {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    const timeout = isObj(cfg) && isObj(cfg.clientIP) ? cfg.clientIP.timeoutSeconds : undefined;
    if (timeout === undefined || timeout === null) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  setIfAbsent(spec, 'type', 'ClusterIP');
  for (const p of objs(spec.ports)) {
    setIfAbsent(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec)) setIfAbsent(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'ClusterIP' || spec.type === 'NodePort' || spec.type === 'LoadBalancer') setIfAbsent(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setIfAbsent(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.type !== 'ExternalName') {
    setIfAbsent(spec, 'ipFamilies', ['IPv4']);
    // Headless Services without a selector default to RequireDualStack (families stay the cluster's one).
    const selectorless = !isObj(spec.selector) || Object.keys(spec.selector).length === 0;
    setIfAbsent(spec, 'ipFamilyPolicy', spec.clusterIP === 'None' && selectorless ? 'RequireDualStack' : 'SingleStack');
  }
}

/** The status part of SetDefaults_Service (status writes): a LoadBalancer ingress IP's ipMode is VIP. */
export function defaultServiceStatus(o: Obj): void {
  if (!isObj(o.spec) || o.spec.type !== 'LoadBalancer' || !isObj(o.status) || !isObj(o.status.loadBalancer)) return;
  for (const ing of objs(o.status.loadBalancer.ingress)) if (typeof ing.ip === 'string' && ing.ip !== '') setIfAbsent(ing, 'ipMode', 'VIP');
}
