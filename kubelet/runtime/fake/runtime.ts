// FakeRuntime: a hollow RuntimeService that runs nothing. Sandboxes get an IP from the pod CIDR and
// are ready at once; containers run as soon as they start; exec answers with a canned error. One
// process can host many hollow kubelets with it. Test drivers can end containers with exitContainer.
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { RuntimeError, runtimeErrors } from '../../host/index.js';
import type { AttachSession, Container, ContainerConfig, ContainerFilter, ContainerStatus, ExecSession, ExecSyncResult, PodSandbox,
  PodSandboxConfig, PodSandboxFilter, PodSandboxStatus, RuntimeService } from '../index.js';
import { Ipam } from './ipam.js';

export interface FakeRuntimeOptions {
  podCIDR: string;
  /** Milliseconds since the epoch (injectable for tests). */
  now?: () => number;
  /**
   * Where portForward connects (hollow pods have no network): e.g. "127.0.0.1" lets tests drive
   * the kubelet's port-forward protocols against a local server. Unset: port-forward is refused.
   */
  portForwardHost?: string;
}

interface FakeSandbox { id: string; config: PodSandboxConfig; createdAt: number; ip?: string; ready: boolean }
interface FakeContainer { id: string; sandboxId: string; config: ContainerConfig; status: ContainerStatus }

const EXEC_UNSUPPORTED = 'exec is not supported by the hollow (fake) runtime';

function matchLabels(labels: Record<string, string> | undefined, sel: Record<string, string> | undefined): boolean {
  return Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);
}

export class FakeRuntime implements RuntimeService {
  private readonly ipam: Ipam;
  private readonly now: () => number;
  private readonly sandboxes = new Map<string, FakeSandbox>();
  private readonly containers = new Map<string, FakeContainer>();
  private seq = 0;

  private readonly portForwardHost: string | undefined;

  constructor(opts: FakeRuntimeOptions) {
    this.portForwardHost = opts.portForwardHost;
    this.ipam = new Ipam(opts.podCIDR);
    this.now = opts.now ?? Date.now;
  }

  private newId(): string { return (++this.seq).toString(16).padStart(32, '0'); }

  private sandbox(id: string): FakeSandbox {
    const s = this.sandboxes.get(id);
    if (!s) throw runtimeErrors.notFound('pod sandbox', id);
    return s;
  }

  private container(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw runtimeErrors.notFound('container', id);
    return c;
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    if (!config.metadata?.name || !config.metadata.namespace) throw runtimeErrors.invalid('sandbox metadata needs name and namespace');
    const id = this.newId();
    const hostNetwork = config.linux?.securityContext?.namespaceOptions?.network === 'NODE';
    this.sandboxes.set(id, { id, config, createdAt: this.now(), ready: true, ip: hostNetwork ? undefined : this.ipam.allocate() });
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    const s = this.sandboxes.get(id);
    if (!s) return;
    for (const c of this.containers.values()) if (c.sandboxId === id) this.finish(c, 137, 'Error');
    if (s.ip) this.ipam.release(s.ip);
    s.ip = undefined;
    s.ready = false;
  }

  async removePodSandbox(id: string): Promise<void> {
    if (!this.sandboxes.has(id)) return;
    await this.stopPodSandbox(id);
    for (const [cid, c] of this.containers) if (c.sandboxId === id) this.containers.delete(cid);
    this.sandboxes.delete(id);
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    const s = this.sandbox(id);
    const ns = s.config.linux?.securityContext?.namespaceOptions ?? {};
    return { id, metadata: s.config.metadata, state: s.ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY', createdAt: s.createdAt,
      network: { ip: s.ip }, linux: { namespaces: { options: { network: ns.network ?? 'POD', pid: ns.pid ?? 'CONTAINER', ipc: ns.ipc ?? 'POD' } } },
      labels: s.config.labels ?? {}, annotations: s.config.annotations ?? {} };
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    const out: PodSandbox[] = [];
    for (const s of this.sandboxes.values()) {
      const state = s.ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY';
      if ((filter.id && s.id !== filter.id) || (filter.state && filter.state !== state)
        || !matchLabels(s.config.labels, filter.labelSelector)) continue;
      out.push({ id: s.id, metadata: s.config.metadata, state, createdAt: s.createdAt,
        labels: s.config.labels ?? {}, annotations: s.config.annotations ?? {} });
    }
    return out;
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const s = this.sandbox(podSandboxId);
    if (!s.ready) throw runtimeErrors.precondition(`sandbox ${podSandboxId} is not ready`);
    const id = this.newId();
    const logDir = sandboxConfig.logDirectory ?? s.config.logDirectory ?? '/var/log/pods';
    this.containers.set(id, { id, sandboxId: podSandboxId, config, status: {
      id, podSandboxId, metadata: config.metadata, state: 'CONTAINER_CREATED', createdAt: this.now(), startedAt: 0,
      finishedAt: 0, exitCode: 0, image: config.image, imageRef: config.image.image, reason: '', message: '',
      labels: config.labels ?? {}, annotations: config.annotations ?? {}, mounts: config.mounts ?? [],
      logPath: `${logDir}/${config.logPath ?? `${config.metadata.name}/0.log`}` } });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.container(id);
    if (c.status.state !== 'CONTAINER_CREATED') throw runtimeErrors.precondition(`container ${id} is ${c.status.state}, not created`);
    c.status = { ...c.status, state: 'CONTAINER_RUNNING', startedAt: this.now(), pid: 1000 + this.seq };
  }

  async stopContainer(id: string): Promise<void> {
    const c = this.container(id);
    if (c.status.state === 'CONTAINER_RUNNING' || c.status.state === 'CONTAINER_CREATED') this.finish(c, 0, 'Completed');
  }

  /** Test driver: makes a running container exit with `exitCode` (reason e.g. "OOMKilled"). */
  exitContainer(id: string, exitCode: number, reason?: string): void {
    this.finish(this.container(id), exitCode, reason ?? (exitCode === 0 ? 'Completed' : 'Error'));
  }

  private finish(c: FakeContainer, exitCode: number, reason: string): void {
    if (c.status.state === 'CONTAINER_EXITED') return;
    const { pid: _pid, ...rest } = c.status;
    c.status = { ...rest, state: 'CONTAINER_EXITED', exitCode, reason, finishedAt: this.now() };
  }

  async removeContainer(id: string): Promise<void> { this.containers.delete(id); }

  async listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    const out: Container[] = [];
    for (const c of this.containers.values()) {
      const st = c.status;
      if ((filter.id && c.id !== filter.id) || (filter.podSandboxId && c.sandboxId !== filter.podSandboxId)
        || (filter.state && st.state !== filter.state) || !matchLabels(c.config.labels, filter.labelSelector)) continue;
      out.push({ id: c.id, podSandboxId: c.sandboxId, metadata: st.metadata, image: st.image, imageRef: st.imageRef,
        state: st.state, createdAt: st.createdAt, labels: st.labels, annotations: st.annotations });
    }
    return out;
  }

  async containerStatus(id: string): Promise<ContainerStatus> { return { ...this.container(id).status }; }

  async execSync(id: string): Promise<ExecSyncResult> {
    this.container(id);
    throw new RuntimeError('FailedPrecondition', EXEC_UNSUPPORTED);
  }

  async exec(id: string): Promise<ExecSession> {
    this.container(id);
    throw new RuntimeError('FailedPrecondition', EXEC_UNSUPPORTED);
  }

  async attach(id: string): Promise<AttachSession> {
    this.container(id);
    throw new RuntimeError('FailedPrecondition', 'attach is not supported by the hollow (fake) runtime');
  }

  async portForward(podSandboxId: string, port: number, signal?: AbortSignal): Promise<Duplex> {
    this.sandbox(podSandboxId);
    const host = this.portForwardHost;
    if (!host) throw new RuntimeError('FailedPrecondition', 'port-forward is not supported by the hollow (fake) runtime');
    return new Promise<Duplex>((resolve, reject) => {
      const sock = connect({ host, port, signal });
      sock.once('connect', () => resolve(sock));
      sock.once('error', (e) => reject(new RuntimeError('FailedPrecondition', `failed to connect to ${host}:${port}: ${e.message}`)));
    });
  }

  async reopenContainerLog(id: string): Promise<void> { this.container(id); }
}
