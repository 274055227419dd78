// CRI-shaped contracts between the kubelet's pod workers and a container runtime.
// Shapes and names follow k8s.io/cri-api (runtime/v1): a RuntimeService for sandboxes and
// containers, an ImageService for images. Implementations: runc/ (real) and fake/ (hollow).
import type { Duplex, Readable, Writable } from 'node:stream';

// ---------------------------------------------------------------- shared pieces
export interface KeyValue { key: string; value: string }

/**
 * Namespace mode as in CRI's NamespaceMode: POD = shared with the sandbox, CONTAINER = own, NODE = host,
 * TARGET = another container's (pid only: an ephemeral container with a targetContainerName).
 */
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

export interface NamespaceOptions {
  network?: NamespaceMode; // POD (default) or NODE (hostNetwork)
  pid?: NamespaceMode;     // CONTAINER (default), POD (shareProcessNamespace) or NODE (hostPID)
  ipc?: NamespaceMode;     // POD (default) or NODE (hostIPC)
  /** The container whose namespace a TARGET mode joins. */
  targetId?: string;
}

export interface Capabilities {
  /** Names as in Kubernetes ("NET_ADMIN", "ALL"); a "CAP_" prefix is accepted too. */
  addCapabilities?: string[];
  dropCapabilities?: string[];
}

// ---------------------------------------------------------------- sandboxes
export interface PodSandboxMetadata { name: string; namespace: string; uid: string; attempt?: number }

export interface DNSConfig { servers?: string[]; searches?: string[]; options?: string[] }

export interface PortMapping {
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  hostPort: number;
  hostIp?: string;
}

export interface LinuxSandboxSecurityContext {
  namespaceOptions?: NamespaceOptions;
  privileged?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  supplementalGroups?: number[];
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  /** Defaults to metadata.name. */
  hostname?: string;
  /** Directory where container logs go; ContainerConfig.logPath is relative to it. */
  logDirectory?: string;
  dnsConfig?: DNSConfig;
  portMappings?: PortMapping[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  linux?: {
    /** Absolute cgroup path of the pod, e.g. "/k8ts/pod<uid>". Defaults to "/k8ts/pod-<sandboxId>". */
    cgroupParent?: string;
    securityContext?: LinuxSandboxSecurityContext;
    sysctls?: Record<string, string>;
  };
}

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  /** Nanoseconds since the epoch would be CRI's; we use milliseconds (Date.now()). */
  createdAt: number;
  network: { ip?: string; additionalIps?: string[] };
  linux: { namespaces: { options: NamespaceOptions } };
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  labelSelector?: Record<string, string>;
}

// ---------------------------------------------------------------- containers
export interface ContainerMetadata { name: string; attempt?: number }

export interface Mount {
  hostPath: string;
  containerPath: string;
  readonly?: boolean;
  propagation?: 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
}

export interface LinuxContainerResources {
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  /** Bytes; 0 or absent = unlimited. */
  memoryLimitInBytes?: number;
  pidsLimit?: number;
  oomScoreAdj?: number;
}

export interface LinuxContainerSecurityContext {
  capabilities?: Capabilities;
  privileged?: boolean;
  namespaceOptions?: NamespaceOptions;
  runAsUser?: number;
  runAsGroup?: number;
  supplementalGroups?: number[];
  readonlyRootfs?: boolean;
  noNewPrivs?: boolean;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  /** An image reference or image id as returned by ImageService.pullImage. */
  image: { image: string };
  /** Kubernetes `command` (replaces the image Entrypoint). */
  command?: string[];
  /** Kubernetes `args` (replaces the image Cmd). */
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Relative to PodSandboxConfig.logDirectory, e.g. "app/0.log". */
  logPath?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext };
}

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface ContainerStatus {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  /** Milliseconds since the epoch; 0 when not reached yet. */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** Host PID of the container's init process while it runs. */
  pid?: number;
  image: { image: string };
  imageRef: string;
  /** "Completed", "Error", "OOMKilled" once exited; "" otherwise. */
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  mounts: Mount[];
  /** Absolute path of the CRI-format log file. */
  logPath: string;
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: { image: string };
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerFilter {
  id?: string;
  podSandboxId?: string;
  state?: ContainerState;
  labelSelector?: Record<string, string>;
}

export interface ExecSyncResult { stdout: Buffer; stderr: Buffer; exitCode: number }

export interface ExecOptions {
  stdin?: boolean;
  tty?: boolean;
  signal?: AbortSignal;
}

/** A running exec session: a child-process-like handle for the kubelet's streaming server. */
export interface ExecSession {
  /** Present when opts.stdin was true. */
  stdin: Writable | null;
  stdout: Readable;
  /** Null with a tty (stderr is merged into stdout as on a terminal). */
  stderr: Readable | null;
  /** Resize the terminal (tty sessions only; a no-op otherwise). */
  resize(size: { width: number; height: number }): void;
  /** Resolves with the process' exit code once it ends. */
  exit: Promise<number>;
  /** Kill the exec'd process (SIGKILL). */
  kill(): void;
}

export interface AttachOptions {
  /** Forward stdin to the container (its spec must have stdin open). */
  stdin?: boolean;
  tty?: boolean;
  signal?: AbortSignal;
}

/** An attachment to a running container's stdio (CRI Attach). */
export interface AttachSession {
  /** Present when opts.stdin was true; ending it detaches stdin (closing the container's with stdinOnce). */
  stdin: Writable | null;
  stdout: Readable;
  /** Null with a tty (one stream, as on a terminal). */
  stderr: Readable | null;
  resize(size: { width: number; height: number }): void;
  /** Resolves once the attachment ended (the container exited, or close() was called). */
  done: Promise<void>;
  /** Detaches (the container keeps running). */
  close(): void;
}

export interface RuntimeService {
  runPodSandbox(config: PodSandboxConfig, signal?: AbortSignal): Promise<string>;
  /** Stops every container of the sandbox, the sandbox itself, and releases its network. Idempotent. */
  stopPodSandbox(id: string, signal?: AbortSignal): Promise<void>;
  /** Removes a sandbox and its containers. Idempotent (an unknown id is not an error). */
  removePodSandbox(id: string, signal?: AbortSignal): Promise<void>;
  podSandboxStatus(id: string): Promise<PodSandboxStatus>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;

  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig,
    signal?: AbortSignal): Promise<string>;
  startContainer(id: string, signal?: AbortSignal): Promise<void>;
  /** SIGTERM, then SIGKILL once `timeoutSec` has passed. Idempotent on stopped containers. */
  stopContainer(id: string, timeoutSec: number, signal?: AbortSignal): Promise<void>;
  /** Removes a container (killing it if it still runs). Idempotent. */
  removeContainer(id: string, signal?: AbortSignal): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(id: string): Promise<ContainerStatus>;
  /** Runs cmd in the container; a timeout of 0 means none. A non-zero exit is a value, not an error. */
  execSync(id: string, cmd: string[], timeoutSec: number, signal?: AbortSignal): Promise<ExecSyncResult>;
  exec(id: string, cmd: string[], opts?: ExecOptions): Promise<ExecSession>;
  /** Attaches to the stdio of a running container. */
  attach(id: string, opts?: AttachOptions): Promise<AttachSession>;
  /**
   * CRI PortForward: a byte stream connected to `port` on the pod's loopback inside its network
   * namespace. Rejects (RuntimeError) when nothing accepts the connection there.
   */
  portForward(podSandboxId: string, port: number, signal?: AbortSignal): Promise<Duplex>;
  /** Asks the log writer to reopen the container's log file (after the kubelet rotated it). */
  reopenContainerLog(id: string): Promise<void>;
}

// ---------------------------------------------------------------- images
export interface AuthConfig {
  username?: string;
  password?: string;
  /** base64("username:password") as in a dockerconfigjson "auth" field. */
  auth?: string;
  /** A bearer token to send as is. */
  registryToken?: string;
  identityToken?: string;
}

export interface ImageSpec { image: string }

export interface Image {
  /** The image id: the digest of its config blob ("sha256:…"). */
  id: string;
  repoTags: string[];
  /** name@sha256:<manifest digest> */
  repoDigests: string[];
  /** Sum of the compressed layer sizes. */
  size: number;
  uid?: number;
  username: string;
}

export interface ImageService {
  /** Pulls an image; returns the image reference to give to createContainer (the image id). */
  pullImage(image: ImageSpec, auth?: AuthConfig, signal?: AbortSignal): Promise<string>;
  listImages(filter?: { image?: ImageSpec }): Promise<Image[]>;
  /** undefined when the image is not present (for imagePullPolicy IfNotPresent). */
  imageStatus(image: ImageSpec): Promise<Image | undefined>;
  /** Idempotent. */
  removeImage(image: ImageSpec): Promise<void>;
}

/** The runtime's view of the local image store: what it needs to build a rootfs. */
export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
}

export interface ResolvedImage {
  id: string;
  /** Unpacked layer directories, bottom layer first. */
  layerDirs: string[];
  config: ImageConfig;
}

export interface LocalImages {
  resolve(image: string): Promise<ResolvedImage | undefined>;
}
