// Cluster DNS flags parsed into one typed options object. Upstreams default to /etc/resolv.conf.
import { durationFlag, parseFlags, type FlagDefs } from '../../apimachinery/component/index.js';
import { readFileSync } from 'node:fs';
import { parseUpstream, resolvConfNameservers, type Upstream } from './upstream.js';

export interface DnsOptions {
  kubeconfig?: string;
  master?: string;
  /** host:port served over UDP and TCP (--listen). */
  listen: string;
  clusterDomain: string;
  upstreams: Upstream[];
  /** Per-upstream timeout when forwarding. */
  upstreamTimeoutMs: number;
  logLevel: string;
}

export const defaultDnsOptions: Omit<DnsOptions, 'upstreams'> = {
  listen: '0.0.0.0:53',
  clusterDomain: 'cluster.local',
  upstreamTimeoutMs: 2000,
  logLevel: 'info',
};

export function splitHostPort(s: string, defPort: number): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(s);
  if (v6) return { host: v6[1]!, port: Number(v6[2]) };
  const i = s.lastIndexOf(':');
  if (i < 0) return { host: s, port: defPort };
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

export function defaultUpstreams(resolvConf = '/etc/resolv.conf'): Upstream[] {
  try {
    return resolvConfNameservers(readFileSync(resolvConf, 'utf8')).map(parseUpstream);
  } catch {
    return [];
  }
}

/** Cluster DNS flags. */
export const dnsFlags = {
  kubeconfig: { type: 'string' },
  master: { type: 'string' },
  listen: { type: 'string' },
  'cluster-domain': { type: 'string' },
  upstream: { type: 'string' },
  'upstream-timeout': { type: 'string' },
  'log-level': { type: 'string' },
} as const satisfies FlagDefs;

/** --upstream-timeout: a Go duration, or (as before) a bare number of milliseconds. */
function upstreamTimeout(v: string | undefined, dflt: number): number {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : durationFlag('upstream-timeout', v, dflt);
}

export function parseDnsFlags(argv: string[]): DnsOptions {
  const d = defaultDnsOptions;
  const { values } = parseFlags(argv, dnsFlags);
  const ups = values.upstream !== undefined ? values.upstream.split(',').map((s) => s.trim()).filter(Boolean).map(parseUpstream) : defaultUpstreams();
  return {
    kubeconfig: values.kubeconfig,
    master: values.master,
    listen: values.listen ?? d.listen,
    clusterDomain: (values['cluster-domain'] ?? d.clusterDomain).replace(/\.$/, ''),
    upstreams: ups,
    upstreamTimeoutMs: upstreamTimeout(values['upstream-timeout'], d.upstreamTimeoutMs),
    logLevel: values['log-level'] ?? d.logLevel,
  };
}
