// Three nodes on one machine, as issue #7's acceptance asks: `k8ts up` on the host (temp K8TS_HOME,
// free ports), a bridge + two network namespaces with their own IPs as two more "hosts", and
// `k8ts join` run inside each (`ip netns exec`). A 6-replica Deployment spreads over the 3 nodes; a
// pod on the host node reaches a pod on node B by pod IP and a Service whose only endpoint is on
// node C by ClusterIP; a pod on B reaches the pod on C (host-gw routes between the two netns); the
// servers see the client pods' own IPs (pod → pod is not masqueraded).
// Cleans up processes (k8ts down per node), namespaces, links and routes.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockHostCluster } from './hostlock.js';
import { findEtcdBinary } from '../../cluster/etcd.js';
import { realNodeMissing } from '../../cluster/node.js';
import { entry } from '../../cluster/common/paths.js';
import { eventually } from '../eventually.js';
import { buildBusyboxLayout, testRegistryUnavailable } from '../images.js';

function unavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  const missing = realNodeMissing();
  if (missing) return missing;
  if (!findEtcdBinary()) return 'etcd is not installed';
  if (!existsSync(entry('cluster'))) return 'dist/ is not built (npm test builds it)';
  return testRegistryUnavailable();
}
const unavailable = unavailableReason();

const tag = (process.pid % 200) + 20; // one /24 per test process: 10.251.<tag>.0/24
const bridge = `k8tsj${tag}`;
const subnet = `10.251.${tag}`;
const image = 'k8ts-test/busybox:1';

interface Host { name: string; ns: string; ip: string; veth: string; home: string }

function sh(args: string[]): string {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
const quiet = (args: string[]): void => { spawnSync(args[0]!, args.slice(1), { stdio: 'ignore' }); };

/** Runs the k8ts CLI (optionally inside a netns) with its own K8TS_HOME; resolves with its output. */
function k8ts(home: string, args: string[], ns?: string, timeoutMs = 240_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const cmd = ns ? ['ip', 'netns', 'exec', ns, process.execPath, entry('cluster'), ...args] : [process.execPath, entry('cluster'), ...args];
  return new Promise((resolve) => {
    execFile(cmd[0]!, cmd.slice(1), { env: { ...process.env, K8TS_HOME: home }, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The pod sandboxes a node's runtime recorded: their netns names and cgroup paths. */
function sandboxesOf(home: string): { netns?: string; cgroup: string }[] {
  const dir = join(home, 'kubelet', 'runtime', 'sandboxes');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((id) => {
    const f = join(dir, id, 'state.json');
    if (!existsSync(f)) return [];
    const r = JSON.parse(readFileSync(f, 'utf8')) as { id: string; netnsName?: string; cgroupParent: string };
    return [{ netns: r.netnsName, cgroup: `${r.cgroupParent}/${r.id}` }];
  });
}

/** What of those sandboxes is still in the kernel after `k8ts down` (should be nothing). */
function leftovers(sbs: { netns?: string; cgroup: string }[]): string[] {
  return sbs.flatMap((s) => [
    ...(s.netns && existsSync(`/run/netns/${s.netns}`) ? [`/run/netns/${s.netns}`] : []),
    ...(existsSync(`/sys/fs/cgroup/memory${s.cgroup}`) ? [`memory cgroup ${s.cgroup}`] : []),
  ]);
}

describe.skipIf(!!unavailable)(`3 nodes: k8ts up + two k8ts join in network namespaces${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-join-e2e-'));
  const server = { home: join(dir, 'server') };
  const hosts: Host[] = ['b', 'c'].map((n, i) => ({
    name: `join-${n}-${tag}`, ns: `k8ts-join-${n}-${tag}`, ip: `${subnet}.${i + 2}`, veth: `k8tsj${tag}${n}`, home: join(dir, n),
  }));
  let kc: KubeConfig;
  let core: CoreV1Api;
  let hostNode = '';

  let unlock: (() => void) | undefined;
  beforeAll(async () => {
    // Only one test file at a time runs a node on the host (k8ts0, k8ts-proxy are machine-wide).
    unlock = await lockHostCluster();
    // The image, loaded into every node's store (the joined nodes cannot reach a registry on the host's loopback).
    const layout = await buildBusyboxLayout(join(dir, 'image'));
    const archive = join(dir, 'bb.tar');
    execFileSync('skopeo', ['copy', '-q', `oci:${layout}:1`, `docker-archive:${archive}:${image}`]);
    for (const home of [server.home, ...hosts.map((h) => h.home)]) {
      const r = await k8ts(home, ['image', 'load', archive]);
      if (r.code !== 0) throw new Error(`image load: ${r.stderr}`);
    }
    // The two "hosts": netns + veth on a bridge, each with its own IP, default route via the host.
    sh(['ip', 'link', 'add', bridge, 'type', 'bridge']);
    sh(['ip', 'addr', 'add', `${subnet}.1/24`, 'dev', bridge]);
    sh(['ip', 'link', 'set', bridge, 'up']);
    for (const h of hosts) {
      sh(['ip', 'netns', 'add', h.ns]);
      sh(['ip', 'link', 'add', h.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns]);
      sh(['ip', 'link', 'set', h.veth, 'master', bridge, 'up']);
      sh(['ip', '-n', h.ns, 'addr', 'add', `${h.ip}/24`, 'dev', 'eth0']);
      sh(['ip', '-n', h.ns, 'link', 'set', 'eth0', 'up']);
      sh(['ip', '-n', h.ns, 'link', 'set', 'lo', 'up']);
      sh(['ip', '-n', h.ns, 'route', 'add', 'default', 'via', `${subnet}.1`]);
    }
    const up = await k8ts(server.home, ['up', '--free-ports']);
    if (up.code !== 0) throw new Error(`k8ts up failed: ${up.stderr}${up.stdout}`);
    kc = new KubeConfig();
    kc.loadFromFile(join(server.home, 'kubeconfig'));
    core = kc.makeApiClient(CoreV1Api);
    hostNode = (await core.listNode()).items[0]!.metadata!.name!;
  }, 1_200_000); // includes waiting for another host-cluster test file

  afterAll(async () => {
    try {
      await teardown();
    } finally {
      unlock?.();
    }
  }, 300_000);

  async function teardown(): Promise<void> {
    for (const h of hosts) await k8ts(h.home, ['down'], h.ns, 120_000);
    await k8ts(server.home, ['down'], undefined, 120_000);
    for (const h of hosts) {
      quiet(['ip', 'netns', 'del', h.ns]);
      quiet(['ip', 'link', 'del', h.veth]);
    }
    quiet(['ip', 'link', 'del', bridge]);
    rmSync(dir, { recursive: true, force: true });
  }

  it('token create prints one join line; a wrong CA hash is refused', async () => {
    const t = await k8ts(server.home, ['token', 'create', '--ttl', '1h']);
    expect(t.stderr).toBe('');
    expect(t.stdout).toMatch(/^k8ts join https:\/\/[\d.]+:\d+ --token [a-z0-9]{6}\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}\n$/);
    const args = t.stdout.trim().split(' ').slice(2);
    const wrong = args.map((a) => (a.startsWith('sha256:') ? `sha256:${'0'.repeat(64)}` : a));
    const r = await k8ts(join(dir, 'wrong'), ['join', ...wrong, '--node-name', 'wrong'], hosts[0]!.ns, 60_000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/refusing .*CA hash sha256:0{64}/);
  });

  it('two hosts join and all 3 nodes are Ready', async () => {
    for (const h of hosts) {
      const line = (await k8ts(server.home, ['token', 'create'])).stdout.trim().split(' ').slice(2);
      const r = await k8ts(h.home, ['join', ...line, '--node-name', h.name, '--node-ip', h.ip], h.ns);
      expect(r.code, `join ${h.name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`node ${h.name} joined`);
    }
    const nodes = (await core.listNode()).items;
    expect(nodes.map((n) => n.metadata!.name).sort()).toEqual([hostNode, ...hosts.map((h) => h.name)].sort());
    for (const n of nodes) expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, n.metadata!.name).toBe('True');
    // Host-gw: every node routes the others' pod CIDRs (here: the host → both netns nodes; b ↔ c).
    const cidr = (name: string): string => nodes.find((n) => n.metadata!.name === name)!.spec!.podCIDR!;
    await eventually('routes on every node', async () => {
      const onHost = sh(['ip', 'route', 'show', 'proto', '77']);
      const onB = sh(['ip', '-n', hosts[0]!.ns, 'route', 'show', 'proto', '77']);
      const onC = sh(['ip', '-n', hosts[1]!.ns, 'route', 'show', 'proto', '77']);
      return onHost.includes(`${cidr(hosts[0]!.name)} via ${hosts[0]!.ip}`) && onHost.includes(`${cidr(hosts[1]!.name)} via ${hosts[1]!.ip}`)
        && onB.includes(`${cidr(hosts[1]!.name)} via ${hosts[1]!.ip}`) && onC.includes(`${cidr(hosts[0]!.name)} via ${hosts[0]!.ip}`);
    }, 30_000);
  }, 400_000);

  it('spreads 6 replicas over the 3 nodes; pods reach pods and a Service across nodes', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const labels = { app: 'spread' };
    await apps.createNamespacedDeployment({ namespace: 'default', body: {
      metadata: { name: 'spread' },
      spec: { replicas: 6, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: {
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } }],
        containers: [{ name: 'web', image, imagePullPolicy: 'Never', ports: [{ containerPort: 8080 }],
          // GET / answers the pod's name; GET /cgi-bin/ip the client address it sees (REMOTE_ADDR).
          command: ['sh', '-c', 'mkdir -p /www/cgi-bin && hostname > /www/index.html && printf \'#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho "$REMOTE_ADDR"\\n\' > /www/cgi-bin/ip && busybox chmod +x /www/cgi-bin/ip && exec httpd -f -p 8080 -h /www'] }],
      } } },
    } });
    const pods = await eventually('6 running pods on 3 nodes', async () => {
      const items = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=spread' })).items;
      const running = items.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
      return running.length === 6 ? running : undefined;
    }, 180_000, 500);
    const byNode = new Map<string, V1Pod[]>();
    for (const p of pods) byNode.set(p.spec!.nodeName!, [...(byNode.get(p.spec!.nodeName!) ?? []), p]);
    expect([...byNode.keys()].sort()).toEqual([hostNode, ...hosts.map((h) => h.name)].sort());
    for (const list of byNode.values()) expect(list).toHaveLength(2);

    const onB = byNode.get(hosts[0]!.name)![0]!;
    const onC = byNode.get(hosts[1]!.name)![0]!;
    // A Service whose only endpoint is the pod on node C.
    await core.patchNamespacedPod({ namespace: 'default', name: onC.metadata!.name!, body: [{ op: 'add', path: '/metadata/labels/only', value: 'c' }] });
    const svc = await core.createNamespacedService({ namespace: 'default', body: {
      metadata: { name: 'only-c' }, spec: { selector: { app: 'spread', only: 'c' }, ports: [{ port: 80, targetPort: 8080 }] },
    } });
    const clusterIP = svc.spec!.clusterIP!;

    /**
     * A pod pinned to `node` that fetches http://target/ and succeeds only if the reply names `want`
     * (and, with `keepsSource`, if the server saw the probe's own pod IP: no masquerade on the way).
     */
    const probe = async (name: string, node: string, target: string, want: string, keepsSource = false): Promise<string> => {
      const get = (path: string): string => `printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc ${target}`;
      // httpd on [::] reports an IPv4 peer as [::ffff:a.b.c.d].
      const source = keepsSource ? ` && ${get('/cgi-bin/ip')} | grep -qE '^(\\[::ffff:)?'"$me"'\\]?$'` : '';
      const script = `me=$(ip -4 -o addr show dev eth0 | busybox sed 's/.*inet \\([0-9.]*\\).*/\\1/'); `
        + `for i in $(seq 1 30); do ${get('/')} | grep -q '${want}'${source} && exit 0; sleep 1; done; exit 1`;
      await core.createNamespacedPod({ namespace: 'default', body: {
        metadata: { name }, spec: { nodeName: node, restartPolicy: 'Never', containers: [{ name: 'probe', image, imagePullPolicy: 'Never',
          command: ['sh', '-c', script] }] },
      } });
      return eventually(`${name} finished`, async () => {
        const p = await core.readNamespacedPod({ namespace: 'default', name });
        return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' ? p.status.phase : undefined;
      }, 120_000, 500);
    };
    const [toB, toSvc, bToC] = await Promise.all([
      probe('a-to-b', hostNode, `${onB.status!.podIP} 8080`, onB.metadata!.name!, true),
      probe('a-to-svc-on-c', hostNode, `${clusterIP} 80`, onC.metadata!.name!),
      probe('b-to-c', hosts[0]!.name, `${onC.status!.podIP} 8080`, onC.metadata!.name!, true),
    ]);
    expect({ toB, toSvc, bToC }).toEqual({ toB: 'Succeeded', toSvc: 'Succeeded', bToC: 'Succeeded' });
  }, 400_000);

  it('k8ts down on a joined node removes its pods, rules and routes; the others drop routes to it', async () => {
    const h = hosts[1]!;
    const sbs = sandboxesOf(h.home);
    expect(sbs.length).toBeGreaterThan(0);
    const r = await k8ts(h.home, ['down'], h.ns, 120_000);
    expect(r.code).toBe(0);
    expect(leftovers(sbs)).toEqual([]);
    // Cleaning up again from the wrong network namespace (the host's) is refused: it would hit the host node's bridge.
    const wrongNs = await k8ts(h.home, ['down'], undefined, 60_000);
    expect(wrongNs.code).toBe(1);
    expect(wrongNs.stderr).toMatch(/ran in network namespace .*not this one/);
    expect(sh(['ip', '-n', h.ns, 'route', 'show', 'proto', '77']).trim()).toBe('');
    expect(spawnSync('ip', ['netns', 'exec', h.ns, 'iptables', '-t', 'nat', '-S'], { encoding: 'utf8' }).stdout).not.toContain('K8TS-POD-NOMASQ');
    // Its Node object is deleted: the others drop their routes to it.
    await core.deleteNode({ name: h.name });
    await eventually('routes to the deleted node gone', async () =>
      !sh(['ip', 'route', 'show', 'proto', '77']).includes(`via ${h.ip}`) && !sh(['ip', '-n', hosts[0]!.ns, 'route', 'show', 'proto', '77']).includes(`via ${h.ip}`), 30_000);
  }, 200_000);

  it('k8ts down on the other nodes leaves no sandbox netns, cgroup or route of ours', async () => {
    const b = hosts[0]!;
    const sbs = [...sandboxesOf(b.home), ...sandboxesOf(server.home)];
    expect((await k8ts(b.home, ['down'], b.ns, 120_000)).code).toBe(0);
    expect(sh(['ip', '-n', b.ns, 'route', 'show', 'proto', '77']).trim()).toBe('');
    expect((await k8ts(server.home, ['down'], undefined, 120_000)).code).toBe(0);
    expect(leftovers(sbs)).toEqual([]);
    expect(sh(['ip', 'route', 'show', 'proto', '77'])).not.toContain(`${subnet}.`);
  }, 300_000);
});
