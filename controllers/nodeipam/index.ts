// The node IPAM controller (pod CIDR per Node) and its allocator.
export { NodeIpamController, type NodeIpamOptions } from './controller.js';
export { CidrAllocator, parseCidr, formatCidr, type Cidr } from './cidr.js';
