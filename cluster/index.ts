// The `k8ts` launcher (bin: main.ts): starts etcd and the components as supervised processes on
// this machine (components.ts, common/supervisor.ts), makes the PKI (pki.ts) and joins further
// nodes (join/). common/ holds what the control-plane launcher and a joining node share: paths,
// ports, the saved configuration, the supervisor and the node clean-up. Public surface for bench/
// and tests: where things live, free ports, etcd, the component specs and process accounting.
export { repoRoot, clusterPaths, entry, bundled, bundleEntry, launchPreloads, type ClusterPaths } from './common/paths.js';
export { freePort, freePorts } from './common/ports.js';
export { startEtcd, startEtcdCluster, findEtcdBinary, type EtcdOptions, type EtcdMember, type EtcdCluster, type EtcdClusterOptions } from './etcd.js';
export { waitHttpOk, apiURL, componentSpecs, logPath, type ClusterConfig } from './components.js';
export { clusterProcesses, recordedPids, withDescendants, rssBytes, cpuSeconds } from './procs.js';
