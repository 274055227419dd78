// Cluster DNS (the CoreDNS role) as its own process, kept under kube-proxy/ because it watches the
// same Services + EndpointSlices through the same informers (kube-proxy/informers.ts), and
// because the top-level folders are the build's roots (tsconfig `include`) named after Kubernetes'
// own components — a new top-level dns/ would sit outside the build. Entry: kube-proxy/dns/main.ts.
export { buildDnsIndex, reverseName, dashed, type DnsIndex, type NameRecords, type SrvTarget } from './records.js';
export { resolve, soa, Ttl, type Resolution, type Rcode } from './resolver.js';
export { handleMessage, type HandlerDeps } from './handler.js';
export { forward, parseUpstream, resolvConfNameservers, type Upstream } from './upstream.js';
export { parseDnsFlags, dnsFlags, defaultDnsOptions, defaultUpstreams, type DnsOptions } from './options.js';
export { run, type RunningDns, type DnsDeps } from './server.js';
