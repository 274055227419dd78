// Pod network set-up and tear-down through the real CNI plugins. ADD: loopback (lo), bridge (eth0,
// host-local IPAM), portmap (only with hostPorts). DEL runs in reverse with the cached ADD result as
// prevResult; it must run BEFORE the netns is deleted, or the ipMasq chain leaks. DEL is idempotent.
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { invokePlugin, type CniResult } from './cni.js';
import { bridgeConfig, loopbackConfig, podIPFromResult, portmapConfig, type HostPortMapping,
  type PodNetworkOptions } from './config.js';
import { RuntimeError } from '../host/index.js';

export interface PodNetworkRequest {
  /** The sandbox id (CNI_CONTAINERID). */
  id: string;
  /** Path of the pod's network namespace. */
  netns: string;
  podName?: string;
  podNamespace?: string;
  podUid?: string;
  portMappings?: HostPortMapping[];
}

export interface PodNetworkStatus { ip?: string; result: CniResult }

interface Cached { result: CniResult; portMappings: HostPortMapping[]; args: string }

export class PodNetwork {
  private readonly binDir: string;
  private readonly name: string;

  constructor(private readonly opts: PodNetworkOptions, private readonly log: Logger) {
    this.binDir = opts.binDir ?? '/usr/lib/cni';
    this.name = opts.networkName ?? 'k8ts';
  }

  private cachePath(id: string): string { return join(this.opts.stateDir, 'results', `${id}.json`); }

  async setUp(req: PodNetworkRequest, signal?: AbortSignal): Promise<PodNetworkStatus> {
    await mkdir(join(this.opts.stateDir, 'results'), { recursive: true });
    const args = cniArgs(req);
    const base = { containerId: req.id, netns: req.netns, binDir: this.binDir, args, signal };
    const mappings = req.portMappings ?? [];
    // Record what DEL will need before the first ADD, so a crash in between still cleans up.
    await this.writeCache(req.id, { result: { cniVersion: '1.0.0' }, portMappings: mappings, args });
    try {
      // lo and eth0 are independent: both plugins run at once (both settle before any clean-up).
      const bridge = bridgeConfig(this.opts, join(this.opts.stateDir, 'networks'));
      const [lo, eth0] = await Promise.allSettled([
        invokePlugin({ ...base, command: 'ADD', ifName: 'lo', config: loopbackConfig(this.name) }),
        invokePlugin({ ...base, command: 'ADD', ifName: 'eth0', config: bridge }),
      ]);
      if (lo.status === 'rejected') throw lo.reason;
      if (eth0.status === 'rejected') throw eth0.reason;
      let result = eth0.value;
      if (!result) throw new RuntimeError('Internal', 'bridge ADD returned no result');
      await this.writeCache(req.id, { result, portMappings: mappings, args });
      if (mappings.length > 0) {
        result = await invokePlugin({ ...base, command: 'ADD', ifName: 'eth0',
          config: portmapConfig(this.name, mappings, result) }) ?? result;
        await this.writeCache(req.id, { result, portMappings: mappings, args });
      }
      const ip = podIPFromResult(result);
      this.log.debug({ sandbox: req.id, ip }, 'pod network set up');
      return { ip, result };
    } catch (err) {
      await this.tearDown(req.id, req.netns).catch((e: unknown) =>
        this.log.warn({ sandbox: req.id, err: e }, 'cleaning up a failed CNI ADD failed'));
      throw err;
    }
  }

  /** Reverse of setUp. Run it while the netns still exists. */
  async tearDown(id: string, netns: string, signal?: AbortSignal): Promise<void> {
    const cached = await this.readCache(id);
    const args = cached?.args ?? '';
    const base = { containerId: id, netns, binDir: this.binDir, args, signal };
    const prev = cached?.result.ips ? cached.result : undefined;
    const mappings = cached?.portMappings ?? [];
    if (mappings.length > 0) {
      await invokePlugin({ ...base, command: 'DEL', ifName: 'eth0', config: portmapConfig(this.name, mappings, prev) });
    }
    const bridge: Record<string, unknown> = bridgeConfig(this.opts, join(this.opts.stateDir, 'networks'));
    if (prev) bridge.prevResult = prev;
    await invokePlugin({ ...base, command: 'DEL', ifName: 'eth0', config: bridge });
    await invokePlugin({ ...base, command: 'DEL', ifName: 'lo', config: loopbackConfig(this.name) });
    await rm(this.cachePath(id), { force: true });
    this.log.debug({ sandbox: id }, 'pod network torn down');
  }

  /** The cached ADD result of a sandbox, if its network is set up. */
  async status(id: string): Promise<PodNetworkStatus | undefined> {
    const c = await this.readCache(id);
    if (!c?.result.ips) return undefined;
    return { ip: podIPFromResult(c.result), result: c.result };
  }

  private async writeCache(id: string, c: Cached): Promise<void> {
    const p = this.cachePath(id);
    await writeFile(`${p}.tmp`, JSON.stringify(c));
    await rename(`${p}.tmp`, p);
  }

  private async readCache(id: string): Promise<Cached | undefined> {
    try {
      return JSON.parse(await readFile(this.cachePath(id), 'utf8')) as Cached;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}

function cniArgs(req: PodNetworkRequest): string {
  const parts = ['IgnoreUnknown=1'];
  if (req.podNamespace) parts.push(`K8S_POD_NAMESPACE=${req.podNamespace}`);
  if (req.podName) parts.push(`K8S_POD_NAME=${req.podName}`);
  parts.push(`K8S_POD_INFRA_CONTAINER_ID=${req.id}`);
  if (req.podUid) parts.push(`K8S_POD_UID=${req.podUid}`);
  return parts.join(';');
}
