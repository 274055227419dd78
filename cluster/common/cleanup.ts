// What `k8ts down` removes from the kernel after the processes stop: every pod sandbox the node's
// runtime still holds (containers, mounts, cgroups, netns, CNI allocations), the CNI bridge,
// kube-proxy's rules and the kubelet's node routes (when a kubelet died before removing them).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../apimachinery/log.js';
import { NodeRoutes, createRuntime } from '../../kubelet/index.js';
import { entry } from './paths.js';

export async function cleanupNode(home: string, log: Logger): Promise<void> {
  const rootDir = join(home, 'kubelet');
  if (existsSync(join(rootDir, 'runtime'))) {
    // The pod CIDR only matters for new sandboxes; teardown reads each sandbox's own record.
    const node = await createRuntime('runc', { rootDir, podCIDR: '10.244.0.0/24', log });
    for (const sb of await node.runtime.listPodSandbox()) {
      for (const c of await node.runtime.listContainers({ podSandboxId: sb.id })) {
        await node.runtime.stopContainer(c.id, 0).catch(() => undefined);
        await node.runtime.removeContainer(c.id).catch((err: unknown) => log.warn({ err: String(err), container: c.id }, 'remove container failed'));
      }
      await node.runtime.stopPodSandbox(sb.id).catch(() => undefined);
      await node.runtime.removePodSandbox(sb.id).catch((err: unknown) => log.warn({ err: String(err), sandbox: sb.id }, 'remove sandbox failed'));
    }
  }
  // CNI never removes its bridge; the node's pods are gone, so the bridge goes too.
  if (existsSync('/sys/class/net/k8ts0') && process.getuid?.() === 0) {
    const r = spawnSync('ip', ['link', 'delete', 'k8ts0'], { encoding: 'utf8' });
    if (r.status !== 0) log.warn({ stderr: r.stderr }, 'removing the k8ts0 bridge failed');
  }
  if (process.getuid?.() === 0) await new NodeRoutes({ log }).cleanup().catch((err: unknown) => log.warn({ err: String(err) }, 'removing node routes failed'));
  if (existsSync('/usr/sbin/nft') && process.getuid?.() === 0) {
    const r = spawnSync(process.execPath, [entry('kube-proxy'), '--cleanup'], { encoding: 'utf8' });
    if (r.status !== 0) log.warn({ stderr: r.stderr }, 'kube-proxy --cleanup failed');
  }
}
