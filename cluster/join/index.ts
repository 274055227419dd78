// cluster/join: adding nodes to a running cluster — bootstrap tokens (`k8ts token create`) and
// `k8ts join` (CA discovery by hash, node credentials by CSR, the node's supervised processes).
export { tokenCreate, join, parseJoinFlags, parseTTL } from './commands.js';
export { superviseNode, nodeComponentSpecs, downNode, loadNodeConfig, type JoinedNodeConfig } from './node.js';
export { joinNode, type JoinOptions, type JoinHooks } from './join.js';
export { discoverClusterCA, DiscoveryError, parseCAHash, spkiHash } from './discovery.js';
export { requestCertificate, issuedCertificate, CLIENT_KUBELET_SIGNER, KUBELET_SERVING_SIGNER } from './csr.js';
export { createBootstrapToken, bootstrapTokenSecret, generateToken, parseToken, joinCommand, type BootstrapToken } from './token.js';
export { ensureCgroupMounts, parseMountinfo, cgroupMountsToRestore } from './cgroups.js';
