// What a node's pod sync needs: the runtime and image service, the API, node facts, backoffs,
// probes; and what the kubelet remembers per pod between syncs.
import type { V1Pod } from '@kubernetes/client-node';
import type { EventRecorder } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { KubeletApi } from '../api/index.js';
import type { ProbeManager } from '../probes/index.js';
import type { TokenManager } from '../volumes/index.js';
import type { ContainerStatus, ImageService, PodSandboxStatus, RuntimeService } from '../runtime/index.js';
import type { Backoff } from './backoff.js';
import type { StartGate } from './gate.js';
import type { ClusterDNS } from './dns.js';
import type { Waiting } from './status.js';

export interface NodeContext {
  nodeName: string;
  hostIP: string;
  /** containerID scheme: "runc" or "fake". */
  runtimeName: string;
  runtime: RuntimeService;
  images: ImageService;
  api: KubeletApi;
  log: Logger;
  /** <root>/pods/<uid> holds volumes. */
  podsDir: string;
  /** <logs>/<ns>_<name>_<uid>/<container>/<n>.log */
  logsDir: string;
  dns: ClusterDNS;
  /** False for hollow nodes: no volume files, no ConfigMap/Secret reads. */
  materialize: boolean;
  nodeAllocatable: () => Record<string, string>;
  crashBackoff: Backoff;
  imageBackoff: Backoff;
  probes: ProbeManager;
  /** Pod events (source kubelet + node); a no-op recorder on hollow nodes. */
  recorder: EventRecorder;
  /** ServiceAccount tokens for projected volumes (TokenRequest, refreshed at 80% of their life). */
  tokens: TokenManager;
  /** Limits sandbox creations and container starts running at once (container starts first). */
  startGate: StartGate;
  now: () => number;
}

/** Per-pod memory of the kubelet (rebuilt from the runtime after a restart). */
export interface PodState {
  waiting: Map<string, Waiting>;
  volumes?: ReadonlyMap<string, string>;
  volumesAt: number;
  /** The pod finished (Succeeded/Failed) and was stopped. */
  finished: boolean;
  /** Deletion handled: containers stopped and the API delete sent. */
  terminated: boolean;
}

export function newPodState(): PodState {
  return { waiting: new Map(), volumesAt: 0, finished: false, terminated: false };
}

/** What the runtime holds for one pod. */
export interface PodRuntime {
  /** Newest first. */
  sandboxes: PodSandboxStatus[];
  containers: ContainerStatus[];
}

export type { V1Pod };
