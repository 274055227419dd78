// The CLI side of joining: `k8ts token create [--ttl 24h]` (on the server, with the admin
// kubeconfig) and `k8ts join URL --token T --discovery-token-ca-cert-hash H [--node-name N]
// [--node-ip IP]` (on the new node, with its own $K8TS_HOME).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { durationFlag } from '../../apimachinery/component/index.js';
import { caCertHash } from '../../apimachinery/pki/index.js';
import { loadKubeConfig } from '../../apimachinery/client.js';
import { loadConfig } from '../common/config.js';
import { detectNodeIP, realNodeMissing } from '../common/host.js';
import type { ClusterPaths } from '../common/paths.js';
import { ensureCgroupMounts } from './cgroups.js';
import { DiscoveryError } from './discovery.js';
import { joinNode, type JoinOptions } from './join.js';
import { loadNodeConfig } from './node.js';
import { createBootstrapToken, joinCommand, parseToken } from './token.js';

/** --ttl: a positive Go duration ("24h", "1h30m", "90s", "2h0m0s"). */
export function parseTTL(s: string): number {
  const ms = durationFlag('ttl', s.trim(), 0);
  if (ms <= 0) throw new Error('--ttl must be positive');
  return ms;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}

/** `k8ts token create`: prints exactly one line, the join command. */
export async function tokenCreate(paths: ClusterPaths, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ttl: { type: 'string', default: '24h' } }, strict: true });
  const ttlMs = parseTTL(values.ttl!);
  if (!existsSync(paths.kubeconfig)) {
    process.stderr.write(`k8ts: no admin kubeconfig at ${paths.kubeconfig}: start the cluster with k8ts up first\n`);
    return 1;
  }
  const kc = loadKubeConfig({ kubeconfig: paths.kubeconfig });
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server.startsWith('https://')) {
    process.stderr.write('k8ts: the cluster serves plain HTTP (started --insecure?): joining needs its CA and TLS\n');
    return 1;
  }
  const caFile = `${paths.home}/pki/ca.crt`;
  const caPem = existsSync(caFile) ? readFileSync(caFile, 'utf8') : cluster.caData ? Buffer.from(cluster.caData, 'base64').toString('utf8') : undefined;
  if (!caPem) {
    process.stderr.write(`k8ts: no cluster CA (${caFile} missing, none in the kubeconfig)\n`);
    return 1;
  }
  const url = new URL(cluster.server);
  const saved = loadConfig(paths);
  // Other hosts cannot use a loopback address: advertise the node's IP instead.
  const host = isLoopback(url.hostname) ? (saved?.nodeIP ?? detectNodeIP()) : url.hostname;
  const port = saved?.apiPort ?? Number(url.port || 443);
  const token = await createBootstrapToken(kc, ttlMs);
  process.stdout.write(joinCommand(`https://${host}:${port}`, token, caCertHash(caPem)) + '\n');
  return 0;
}

export function parseJoinFlags(argv: string[]): JoinOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      token: { type: 'string' },
      'discovery-token-ca-cert-hash': { type: 'string' },
      'node-name': { type: 'string' },
      'node-ip': { type: 'string' },
      'cluster-cidr': { type: 'string', default: '10.244.0.0/16' },
      'cluster-dns': { type: 'string', default: '10.96.0.10' },
      'fake-runtime': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const usage = 'usage: k8ts join https://HOST:PORT --token ID.SECRET --discovery-token-ca-cert-hash sha256:HEX [--node-name N] [--node-ip IP]';
  if (positionals.length !== 1) throw new Error(usage);
  const server = positionals[0]!;
  const token = parseToken(values.token ?? '');
  if (!token) throw new Error(`--token must look like abcdef.0123456789abcdef\n${usage}`);
  const caHash = values['discovery-token-ca-cert-hash'];
  if (!caHash) throw new Error(`--discovery-token-ca-cert-hash is required (k8ts token create prints it)\n${usage}`);
  const hollowReason = values['fake-runtime'] ? 'asked for with --fake-runtime' : realNodeMissing();
  return {
    server: /^https?:\/\//.test(server) ? server : `https://${server}`,
    token, caHash,
    nodeName: (values['node-name'] ?? hostname()).toLowerCase(),
    nodeIP: values['node-ip'],
    clusterCIDR: values['cluster-cidr']!,
    clusterDNS: values['cluster-dns']!,
    runtime: hollowReason ? 'fake' : 'runc',
    hollowReason,
  };
}

/** The last lines of a component's log, to show why a join did not finish. */
function logTail(file: string, lines = 5): string {
  if (!existsSync(file)) return '';
  const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  return tail ? `\nlast lines of ${file}:\n${tail}` : '';
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** `k8ts join …`: credentials, then the node's supervisor (detached), then waits for Ready. */
export async function join(paths: ClusterPaths, argv: string[]): Promise<number> {
  let opts: JoinOptions;
  try {
    opts = parseJoinFlags(argv);
  } catch (e) {
    process.stderr.write(`k8ts: ${(e as Error).message}\n`);
    return 2;
  }
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  const running = existsSync(paths.supervisorPid) && alive(Number(readFileSync(paths.supervisorPid, 'utf8')));
  const previous = loadNodeConfig(paths);
  if (running && previous && previous.nodeName !== opts.nodeName) {
    process.stderr.write(`k8ts: ${paths.home} already runs node ${previous.nodeName}; use another K8TS_HOME or k8ts down first\n`);
    return 1;
  }
  if (opts.hollowReason) process.stderr.write(`k8ts: the node runs the fake runtime (no real containers): ${opts.hollowReason}\n`);
  const tty = process.stdout.isTTY;
  try {
    // Under `ip netns exec` the cgroup mounts are gone from our mount namespace: runc needs them.
    if (opts.runtime === 'runc' && (await ensureCgroupMounts()) > 0 && tty) process.stdout.write('k8ts: mounted the cgroup hierarchies again (fresh /sys)\n');
    await joinNode(paths, opts, {
      progress: (what) => { if (tty) process.stdout.write(`k8ts: ${what}\n`); },
      warn: (what) => process.stderr.write(`k8ts: ${what}\n`),
      startSupervisor: () => {
        if (running) return;
        const out = openSync(`${paths.logs}/supervisor.log`, 'a');
        const child = spawn(process.execPath, [process.argv[1]!, 'supervise-node'], { detached: true, stdio: ['ignore', out, out], env: { ...process.env, K8TS_HOME: paths.home } });
        child.unref();
        writeFileSync(paths.supervisorPid, String(child.pid));
      },
    });
  } catch (e) {
    const msg = e instanceof DiscoveryError ? e.message : `${(e as Error).message}; see ${paths.logs}/${logTail(`${paths.logs}/kubelet.log`)}`;
    process.stderr.write(`k8ts: join failed: ${msg}\n`);
    return 1;
  }
  process.stdout.write(`k8ts: node ${opts.nodeName} joined ${opts.server} and is Ready (logs in ${paths.logs}; k8ts down with K8TS_HOME=${paths.home} stops it)\n`);
  return 0;
}
