// A one-node cluster on real pods for the Service e2e: etcd + API server (envtest), scheduler,
// controller-manager (deployment/replicaset/endpoints/endpointslice/gc), a runc kubelet on its own
// CNI bridge, our kube-proxy (on its own nft table) and cluster DNS (kube-system/kube-dns at a
// ClusterIP, served on the node IP and a free port) with a loopback upstream resolver — all in this
// process, on names, CIDRs and ports of its own so it can run beside another cluster.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, DiscoveryV1Api, type KubeConfig } from '@kubernetes/client-node';
import { newLogger, silentLogger, type Logger } from '../../apimachinery/log.js';
import { detectNodeIP } from '../../cluster/node.js';
import { freePort } from '../../cluster/common/ports.js';
import { run as runControllerManager } from '../../controllers/manager.js';
import { defaultOptions as cmDefaults } from '../../controllers/options.js';
import { ImageManager } from '../../kubelet/images/index.js';
import { run as runKubelet, type RunningKubelet } from '../../kubelet/index.js';
import { RuncRuntime } from '../../kubelet/runtime/runc/index.js';
import { runcVersion } from '../../kubelet/runtimes.js';
import { run as runScheduler } from '../../scheduler/index.js';
import { run as runDns, type RunningDns } from '../../kube-proxy/dns/index.js';
import { defaultKubeProxyOptions, run as runProxy, type KubeProxyOptions, type RunningProxy } from '../../kube-proxy/index.js';
import { etcdAvailable, kubectlAvailable, startEnvtest, type TestApiServer } from '../envtest.js';
import { startTestRegistry, testRegistryUnavailable, type TestRegistry } from '../images.js';
import { testOptions } from '../kubelet/helpers.js';
import { eventually } from '../eventually.js';
import { startUpstream, type Upstream } from './upstream.js';

/** Why the e2e cannot run here, or undefined. */
export function e2eUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!etcdAvailable) return 'needs etcd';
  if (!kubectlAvailable) return 'the real kubectl is not on the PATH (kubectl exec into pods)';
  for (const p of ['/usr/sbin/runc', '/usr/bin/conmon', '/usr/lib/cni/bridge', '/usr/lib/cni/host-local', '/usr/sbin/nft']) {
    if (!existsSync(p)) return `${p} is missing`;
  }
  if (!existsSync('/proc/sys/net/ipv4/conf/all/route_localnet')) return 'no route_localnet sysctl';
  return testRegistryUnavailable();
}

function logger(name: string): Logger {
  const dest = process.env.K8TS_TEST_LOG;
  return dest ? newLogger({ component: name, level: 'debug', destination: `${dest}.${name}` }) : silentLogger();
}

const routeLocalnet = '/proc/sys/net/ipv4/conf/all/route_localnet';

export class ServiceCluster {
  readonly nodeName = 'kp-e2e';
  readonly nodeIP = detectNodeIP();
  readonly octet = 150 + Math.floor(Math.random() * 50);
  readonly podCIDR = `10.244.${this.octet}.0/24`;
  readonly bridge = `k8tp${process.pid % 100000}`;
  readonly table = `k8ts-e2e-${process.pid}`;
  /** Where our Services' ClusterIPs go (inside the API server's 10.96.0.0/12). */
  readonly svcPrefix = `10.${100 + Math.floor(Math.random() * 10)}.${1 + Math.floor(Math.random() * 250)}`;
  readonly dnsIP = `${this.svcPrefix}.10`;
  reg!: TestRegistry;
  api!: TestApiServer;
  core!: CoreV1Api;
  apps!: AppsV1Api;
  discovery!: DiscoveryV1Api;
  rt!: RuncRuntime;
  proxy?: RunningProxy;
  dns!: RunningDns;
  upstream!: Upstream;
  dnsPort = 0;
  tablesBefore: string[] = [];
  private dir = '';
  private localnetBefore = '';
  private kubelet?: RunningKubelet;
  private proxyStop?: AbortController;
  private readonly stop = new AbortController();
  private readonly tasks: Promise<unknown>[] = [];

  kc(): KubeConfig {
    return this.api.kubeConfig();
  }

  proxyOptions(): KubeProxyOptions {
    return {
      ...defaultKubeProxyOptions, hostname: this.nodeName, healthzBindAddress: '127.0.0.1:0', clusterCIDR: this.podCIDR,
      nftTable: this.table, minSyncPeriodMs: 10, logLevel: 'warn',
    };
  }

  async start(): Promise<void> {
    this.localnetBefore = readFileSync(routeLocalnet, 'utf8').trim();
    this.tablesBefore = listTables();
    this.reg = await startTestRegistry();
    this.api = await startEnvtest();
    const kc = this.kc();
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.discovery = kc.makeApiClient(DiscoveryV1Api);
    for (const name of ['default', 'kube-system', 'kube-node-lease']) await this.core.createNamespace({ body: { metadata: { name } } }).catch(() => undefined);
    this.dir = mkdtempSync(join(tmpdir(), 'k8ts-kp-e2e-'));
    const s = this.stop.signal;

    this.upstream = await startUpstream();
    this.dnsPort = await freePort();
    await this.createDnsService();
    this.dns = await runDns(
      { listen: `${this.nodeIP}:${this.dnsPort}`, clusterDomain: 'cluster.local', upstreams: [{ host: '127.0.0.1', port: this.upstream.port }], upstreamTimeoutMs: 2000, logLevel: 'warn' },
      s, { kubeConfig: kc, logger: logger('dns') },
    );
    this.tasks.push(this.dns.done);
    this.tasks.push(runScheduler({ kubeConfig: kc, leaderElect: false, securePort: 0, logger: logger('scheduler') }, s).catch(() => undefined));
    this.tasks.push(runControllerManager({
      ...cmDefaults(), kubeConfig: kc, logger: logger('kcm'), leaderElect: false,
      controllers: ['replicaset', 'deployment', 'endpoints', 'endpointslice', 'garbagecollector'],
    }, s).catch(() => undefined));

    const log = logger('kubelet');
    const images = new ImageManager({ root: join(this.dir, 'images'), log });
    await images.init();
    this.rt = await RuncRuntime.create({ root: join(this.dir, 'runtime'), log, images,
      network: { podCIDR: this.podCIDR, bridge: this.bridge, networkName: `k8tp-${process.pid}` } });
    this.kubelet = await runKubelet(
      testOptions({ nodeName: this.nodeName, rootDir: this.dir, runtime: 'runc', podCIDR: this.podCIDR, nodeIP: this.nodeIP, address: this.nodeIP,
        plegPeriodMs: 300, clusterDNS: [this.dnsIP], clusterDomain: 'cluster.local' }),
      s, { log, kubeConfig: kc, runtime: { name: 'runc', runtime: this.rt, images, version: `runc://${await runcVersion()}` } },
    );
    await this.startProxy();
  }

  /** kube-system/kube-dns at dnsIP → the DNS server on nodeIP:dnsPort (a selector-less Service). */
  private async createDnsService(): Promise<void> {
    const ports = [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }];
    await this.core.createNamespacedService({ namespace: 'kube-system', body: {
      metadata: { name: 'kube-dns' }, spec: { clusterIP: this.dnsIP, ports: ports.map((p) => ({ ...p, targetPort: this.dnsPort })) } } });
    await this.discovery.createNamespacedEndpointSlice({ namespace: 'kube-system', body: {
      metadata: { name: 'kube-dns-node', labels: { 'kubernetes.io/service-name': 'kube-dns', 'endpointslice.kubernetes.io/managed-by': 'k8ts-test' } },
      addressType: 'IPv4', endpoints: [{ addresses: [this.nodeIP], conditions: { ready: true } }],
      ports: ports.map((p) => ({ ...p, port: this.dnsPort })) } });
  }

  async startProxy(): Promise<RunningProxy> {
    this.proxyStop = new AbortController();
    this.proxy = await runProxy(this.proxyOptions(), this.proxyStop.signal, { kubeConfig: this.kc(), logger: logger('kube-proxy') });
    const p = this.proxy;
    await eventually('kube-proxy first sync', async () => (p.proxier?.syncs ?? 0) > 0, 30_000, 20);
    return p;
  }

  /** Stops kube-proxy as a SIGTERM would: its rules stay in the kernel. */
  async stopProxy(): Promise<void> {
    this.proxyStop?.abort();
    await this.proxy?.done;
    this.proxy = undefined;
  }

  /** `kubectl exec POD -- sh -c CMD` → stdout (stderr appended on failure). */
  async exec(pod: string, cmd: string): Promise<{ code: number; out: string }> {
    const r = await this.api.kubectl(['exec', pod, '--', 'sh', '-c', cmd], { timeoutMs: 60_000 });
    return { code: r.code, out: r.stdout + (r.code === 0 ? '' : r.stderr) };
  }

  async shutdown(): Promise<void> {
    await this.stopProxy().catch(() => undefined);
    this.stop.abort();
    await this.kubelet?.done.catch(() => undefined);
    await Promise.all(this.tasks.map((t) => t.catch(() => undefined)));
    for (const s of (await this.rt?.listPodSandbox().catch(() => [])) ?? []) await this.rt.removePodSandbox(s.id).catch(() => undefined);
    await this.upstream?.stop();
    await this.api?.stop();
    await this.reg?.stop();
    try {
      execFileSync('nft', ['delete', 'table', 'ip', this.table], { stdio: 'ignore' });
    } catch {
      // already gone (the normal case: the test ran --cleanup)
    }
    if (existsSync(`/sys/class/net/${this.bridge}`)) execFileSync('ip', ['link', 'delete', this.bridge]);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    if (this.localnetBefore) writeFileSync(routeLocalnet, this.localnetBefore);
  }
}

/** `nft list tables` as a sorted list of `family name`. */
export function listTables(): string[] {
  return execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' }).split('\n').map((l) => l.replace(/^table /, '').trim()).filter(Boolean).sort();
}
