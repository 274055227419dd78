// kube-proxy: watches Services + EndpointSlices and programs service VIPs in the kernel with one
// nftables table of its own (`ip k8ts-proxy`). Cluster DNS lives in dns/ beside it (a separate
// process that shares the Service/EndpointSlice informers) and the built-in service load
// balancer in servicelb/.
//
// Why nftables is the (only) mode: the whole table is ours, so a sync is one atomic `nft -f`
// transaction and --cleanup is one `delete table`; our chains never share a hook chain with CNI's
// iptables rules, so the masquerade rule cannot be shadowed by CNI's per-pod ACCEPT in POSTROUTING
// (the ordering trap the iptables layout has, see runtime-notes "Service VIPs").
export { type KubeProxyOptions, type ProxyMode, parseKubeProxyFlags, defaultKubeProxyOptions, kubeProxyFlags } from './options.js';
export { run, type RunningProxy, type KubeProxyDeps } from './server.js';
export { buildServicePorts, usableEndpoints, localEndpoints, servicePortName, type ServicePort, type ProxyEndpoint, type Protocol } from './model/index.js';
export { buildTable, TableName, MasqueradeMark, type NodeFacts } from './nft/rules.js';
export { renderTransaction, renderDelete, stateOf, type NftTable, type TableState } from './nft/table.js';
export { NftCli, FakeNftWriter, type NftWriter } from './nft/writer.js';
export { Proxier, cleanupRules, type ProxierOptions } from './proxier.js';
export { SyncRunner, type SyncRunnerOptions } from './runner.js';
export { nodeFacts, localAddressesIn, inCIDR } from './node.js';
export { newProxyInformers, serviceInformer, sliceInformer, nodeInformer, proxyApi, type ProxyInformers, type ProxyApi } from './informers.js';
export { healthReport, serveHealthz } from './healthz.js';
export { ServiceHealthServer, serviceHealthChecks, type ServiceHealth } from './servicehealth.js';
