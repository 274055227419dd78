// Translating a pod's spec into CRI configs: the sandbox config (metadata, hostname, DNS, ports,
// namespaces, log directory) and each container's config (command/args with $(VAR) expansion,
// env, mounts from volumes, resources, security context, labels the kubelet finds it by later).
import { join } from 'node:path';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { milliValue, quantityValue, tryParseQuantity } from '../../apimachinery/quantity.js';
import type { ContainerConfig, KeyValue, LinuxContainerResources, Mount, PodSandboxConfig } from '../runtime/index.js';
import { podDNSConfig, type ClusterDNS } from './dns.js';
import { expandVars } from './env.js';
import { CONTAINER_HASH, CONTAINER_NAME, INIT_CONTAINER, RESTART_COUNT, TERMINATION_GRACE, hashOf, podLabels } from './labels.js';

/** <logsDir>/<ns>_<name>_<uid> as the kubelet lays out /var/log/pods. */
export function podLogDir(logsDir: string, pod: V1Pod): string {
  const m = pod.metadata ?? {};
  return join(logsDir, `${m.namespace}_${m.name}_${m.uid}`);
}

export function sandboxConfig(pod: V1Pod, o: { logsDir: string; dns: ClusterDNS; attempt: number }): PodSandboxConfig {
  const m = pod.metadata ?? {};
  const spec = pod.spec;
  const hostname = spec?.hostname ?? (m.name ?? '').slice(0, 63);
  const ports = (spec?.containers ?? []).flatMap((c) => (c.ports ?? [])
    .filter((p) => p.hostPort)
    .map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort!, protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP', ...(p.hostIP ? { hostIp: p.hostIP } : {}) })));
  const sc = spec?.securityContext;
  return {
    metadata: { name: m.name ?? '', namespace: m.namespace ?? '', uid: m.uid ?? '', attempt: o.attempt },
    hostname,
    logDirectory: podLogDir(o.logsDir, pod),
    dnsConfig: podDNSConfig(pod, o.dns),
    portMappings: ports,
    labels: { ...(m.labels ?? {}), ...podLabels(pod) },
    annotations: { ...(m.annotations ?? {}) },
    linux: {
      cgroupParent: `/k8ts/pod${m.uid ?? ''}`,
      securityContext: {
        namespaceOptions: {
          network: spec?.hostNetwork ? 'NODE' : 'POD',
          pid: spec?.hostPID ? 'NODE' : spec?.shareProcessNamespace ? 'POD' : 'CONTAINER',
          ipc: spec?.hostIPC ? 'NODE' : 'POD',
        },
        ...(sc?.runAsUser !== undefined ? { runAsUser: sc.runAsUser } : {}),
        ...(sc?.runAsGroup !== undefined ? { runAsGroup: sc.runAsGroup } : {}),
        ...(sc?.supplementalGroups ? { supplementalGroups: sc.supplementalGroups } : {}),
      },
      ...(sc?.sysctls?.length ? { sysctls: Object.fromEntries(sc.sysctls.map((s) => [s.name, s.value])) } : {}),
    },
  };
}

/** CPU/memory limits and requests → cgroup settings (shares from requests, quota from limits). */
export function linuxResources(c: V1Container): LinuxContainerResources {
  const q = (v: unknown): ReturnType<typeof tryParseQuantity> => (v === undefined ? undefined : tryParseQuantity(String(v)));
  const cpuReq = q(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
  const cpuLim = q(c.resources?.limits?.cpu);
  const memLim = q(c.resources?.limits?.memory);
  const out: LinuxContainerResources = { cpuShares: cpuReq ? Math.max(2, Math.floor((milliValue(cpuReq) * 1024) / 1000)) : 2 };
  if (cpuLim) {
    out.cpuPeriod = 100_000;
    out.cpuQuota = Math.max(1000, Math.floor((milliValue(cpuLim) * 100_000) / 1000));
  }
  if (memLim) out.memoryLimitInBytes = quantityValue(memLim);
  return out;
}

export interface ContainerInputs {
  pod: V1Pod;
  container: V1Container;
  init: boolean;
  restartCount: number;
  imageRef: string;
  envs: KeyValue[];
  /** Volume name → host path. */
  volumes: ReadonlyMap<string, string>;
  /** An ephemeral container's target: the runtime id of the container whose PID namespace it joins. */
  targetId?: string;
}

/** The container's config, or the reason it cannot be built (a missing volume). */
export function containerConfig(i: ContainerInputs): ContainerConfig | string {
  const c = i.container;
  const vars = new Map(i.envs.map((e) => [e.key, e.value]));
  const mounts: Mount[] = [];
  for (const vm of c.volumeMounts ?? []) {
    const host = i.volumes.get(vm.name);
    if (host === undefined) return `volume "${vm.name}" not found in pod`;
    const sub = vm.subPathExpr ? expandVars(vm.subPathExpr, vars) : vm.subPath;
    if (sub && (sub.startsWith('/') || sub.split('/').includes('..'))) return `invalid subPath "${sub}"`;
    mounts.push({
      hostPath: sub ? join(host, sub) : host,
      containerPath: vm.mountPath,
      readonly: vm.readOnly ?? false,
      ...(vm.mountPropagation === 'Bidirectional' ? { propagation: 'PROPAGATION_BIDIRECTIONAL' as const }
        : vm.mountPropagation === 'HostToContainer' ? { propagation: 'PROPAGATION_HOST_TO_CONTAINER' as const } : {}),
    });
  }
  const sc = c.securityContext;
  const psc = i.pod.spec?.securityContext;
  const runAsUser = sc?.runAsUser ?? psc?.runAsUser;
  const runAsGroup = sc?.runAsGroup ?? psc?.runAsGroup;
  const grace = i.pod.spec?.terminationGracePeriodSeconds ?? 30;
  return {
    metadata: { name: c.name, attempt: i.restartCount },
    image: { image: i.imageRef },
    ...(c.command ? { command: c.command.map((s) => expandVars(s, vars)) } : {}),
    ...(c.args ? { args: c.args.map((s) => expandVars(s, vars)) } : {}),
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    envs: i.envs,
    mounts,
    labels: { ...podLabels(i.pod), [CONTAINER_NAME]: c.name, ...(i.init ? { [INIT_CONTAINER]: 'true' } : {}) },
    annotations: {
      [RESTART_COUNT]: String(i.restartCount),
      [CONTAINER_HASH]: hashOf({ ...c, resources: undefined }),
      [TERMINATION_GRACE]: String(grace),
      'io.kubernetes.container.terminationMessagePath': c.terminationMessagePath ?? '/dev/termination-log',
    },
    logPath: `${c.name}/${i.restartCount}.log`,
    stdin: c.stdin ?? false,
    stdinOnce: c.stdinOnce ?? false,
    tty: c.tty ?? false,
    linux: {
      resources: linuxResources(c),
      securityContext: {
        ...(sc?.privileged ? { privileged: true } : {}),
        ...(sc?.capabilities ? { capabilities: { addCapabilities: sc.capabilities.add, dropCapabilities: sc.capabilities.drop } } : {}),
        ...(runAsUser !== undefined ? { runAsUser } : {}),
        ...(runAsGroup !== undefined ? { runAsGroup } : {}),
        ...(psc?.supplementalGroups ? { supplementalGroups: psc.supplementalGroups } : {}),
        ...(sc?.readOnlyRootFilesystem ? { readonlyRootfs: true } : {}),
        ...(sc?.allowPrivilegeEscalation === false ? { noNewPrivs: true } : {}),
        namespaceOptions: {
          network: i.pod.spec?.hostNetwork ? 'NODE' : 'POD',
          pid: i.pod.spec?.hostPID ? 'NODE' : i.pod.spec?.shareProcessNamespace ? 'POD' : i.targetId ? 'TARGET' : 'CONTAINER',
          ipc: i.pod.spec?.hostIPC ? 'NODE' : 'POD',
          ...(i.targetId && !i.pod.spec?.hostPID && !i.pod.spec?.shareProcessNamespace ? { targetId: i.targetId } : {}),
        },
      },
    },
  };
}
