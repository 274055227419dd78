// `kubectl describe pod`: identity, status, containers (state, probes, resources, env, mounts),
// conditions, volumes, QoS, node selectors, tolerations and events, laid out as kubectl does.
import type { Session } from '../cli-runtime/session.js';
import { controlledBy, eventsFor, rfc1123z, str, writeAnnotations, writeEvents, writeLabels, writeMap, type KObj, type Obj } from './common.js';
import { TabWriter } from './gotab.js';

interface Port { containerPort?: number; hostPort?: number; protocol?: string }
interface Probe { exec?: { command?: string[] }; httpGet?: { host?: string; path?: string; port?: number | string; scheme?: string }; tcpSocket?: { port?: number | string }; grpc?: { port?: number; service?: string }; initialDelaySeconds?: number; timeoutSeconds?: number; periodSeconds?: number; successThreshold?: number; failureThreshold?: number }
interface EnvVar { name: string; value?: string; valueFrom?: { fieldRef?: { apiVersion?: string; fieldPath?: string }; configMapKeyRef?: { name?: string; key?: string; optional?: boolean }; secretKeyRef?: { name?: string; key?: string; optional?: boolean }; resourceFieldRef?: { containerName?: string; resource?: string } } }
export interface Container { name: string; image?: string; command?: string[]; args?: string[]; ports?: Port[]; env?: EnvVar[]; envFrom?: { configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean }; prefix?: string }[]; resources?: { limits?: Record<string, string>; requests?: Record<string, string> }; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[]; livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe }
interface StateDetail { startedAt?: string; finishedAt?: string; reason?: string; message?: string; exitCode?: number; signal?: number }
export interface ContainerState { running?: StateDetail; waiting?: StateDetail; terminated?: StateDetail }
export interface ContainerStatus { name: string; containerID?: string; image?: string; imageID?: string; ready?: boolean; restartCount?: number; started?: boolean; state?: ContainerState; lastState?: ContainerState }
export interface PodSpec { nodeName?: string; serviceAccountName?: string; priority?: number; priorityClassName?: string; runtimeClassName?: string; containers?: Container[]; initContainers?: Container[]; volumes?: (Obj & { name: string })[]; nodeSelector?: Record<string, string>; tolerations?: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[]; terminationGracePeriodSeconds?: number }
export interface PodStatus { phase?: string; reason?: string; message?: string; hostIP?: string; podIP?: string; podIPs?: { ip: string }[]; startTime?: string; qosClass?: string; nominatedNodeName?: string; conditions?: { type: string; status: string }[]; containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] }
export type Pod = KObj & { spec?: PodSpec; status?: PodStatus };

export async function describePod(s: Session, pod: Pod, showEvents = true): Promise<string> {
  const w = new TabWriter();
  const md = pod.metadata;
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  w.write(`Name:\t${md.name}\n`);
  w.write(`Namespace:\t${md.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.write(`Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(`Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(`Runtime Class Name:\t${spec.runtimeClassName}\n`);
  w.write(`Service Account:\t${spec.serviceAccountName ?? ''}\n`);
  w.write(`Node:\t${spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? ''}` : '<none>'}\n`);
  if (st.startTime) w.write(`Start Time:\t${rfc1123z(st.startTime)}\n`);
  writeLabels(w, 0, md.labels);
  writeAnnotations(w, 0, md.annotations);
  if (md.deletionTimestamp) {
    w.write(`Status:\tTerminating (lasts ${str(md.deletionTimestamp)})\n`);
    w.write(`Termination Grace Period:\t${spec.terminationGracePeriodSeconds ?? 30}s\n`);
  } else w.write(`Status:\t${st.phase ?? ''}\n`);
  if (st.reason) w.write(`Reason:\t${st.reason}\n`);
  if (st.message) w.write(`Message:\t${st.message.replace(/\n/g, ' ')}\n`);
  w.write(`IP:\t${st.podIP ?? ''}\n`);
  if (!st.podIPs?.length) w.write('IPs:\t<none>\n');
  else {
    w.write('IPs:\n');
    for (const ip of st.podIPs) w.write(`  IP:\t${ip.ip}\n`);
  }
  const owner = controlledBy(md);
  if (owner) w.write(`Controlled By:\t${owner}\n`);
  if (st.nominatedNodeName) w.write(`NominatedNodeName:\t${st.nominatedNodeName}\n`);
  if (spec.initContainers?.length) {
    w.write('Init Containers:\n');
    writeContainers(w, spec.initContainers, st.initContainerStatuses ?? [], '  ', pod);
  }
  w.write('Containers:\n');
  writeContainers(w, spec.containers ?? [], st.containerStatuses ?? [], '  ', pod);
  if (st.conditions?.length) {
    w.write('Conditions:\n  Type\tStatus\n');
    for (const c of st.conditions) w.line(1, `${c.type} \t${c.status} \n`);
  }
  writeVolumes(w, spec.volumes ?? []);
  w.write(`QoS Class:\t${st.qosClass || qosClass(spec)}\n`);
  writeMap(w, 0, 'Node-Selectors', spec.nodeSelector, '=');
  writeTolerations(w, spec.tolerations ?? []);
  if (showEvents) writeEvents(w, await eventsFor(s, pod));
  return w.toString();
}

/** Containers as kubectl lists them: names after `namePrefix`, details indented four spaces. */
export function writeContainers(w: TabWriter, containers: Container[], statuses: ContainerStatus[], namePrefix = '  ', pod?: Pod): void {
  for (const c of containers) {
    const status = statuses.find((x) => x.name === c.name);
    w.write(`${namePrefix}${c.name}:\n`);
    const l = 2;
    if (status?.containerID) w.line(l, `Container ID:\t${status.containerID}\n`);
    w.line(l, `Image:\t${c.image ?? ''}\n`);
    if (status) w.line(l, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = c.ports ?? [];
    const portStr = (p: Port, host: boolean): string => `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? 'TCP'}`;
    if (ports.length <= 1) {
      w.line(l, `Port:\t${ports.length ? portStr(ports[0], false) : '<none>'}\n`);
      w.line(l, `Host Port:\t${ports.length ? portStr(ports[0], true) : '<none>'}\n`);
    } else {
      w.line(l, `Ports:\t${ports.map((p) => portStr(p, false)).join(', ')}\n`);
      w.line(l, `Host Ports:\t${ports.map((p) => portStr(p, true)).join(', ')}\n`);
    }
    for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
      if (!list?.length) continue;
      w.line(l, `${title}:\n`);
      for (const a of list) for (const part of a.split('\n')) w.line(l + 1, `${part}\n`);
    }
    if (status) {
      writeState(w, l, 'State', status.state ?? {});
      if (status.lastState?.terminated) writeState(w, l, 'Last State', status.lastState);
      w.line(l, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.line(l, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    for (const [title, m] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]] as const) {
      if (!m || Object.keys(m).length === 0) continue;
      w.line(l, `${title}:\n`);
      for (const k of Object.keys(m).sort()) w.line(l + 1, `${k}:\t${m[k]}\n`);
    }
    for (const [title, p] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
      if (p) w.line(l, `${title}:\t${probeString(p)}\n`);
    }
    if (c.envFrom?.length) {
      w.line(l, 'Environment Variables from:\n');
      for (const e of c.envFrom) {
        const [name, type, optional] = e.configMapRef ? [e.configMapRef.name, 'ConfigMap', e.configMapRef.optional] : [e.secretRef?.name, 'Secret', e.secretRef?.optional];
        w.line(l + 1, `${name ?? ''}\t${type}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${optional ? 'true' : 'false'}\n`);
      }
    }
    if (!c.env?.length) w.line(l, 'Environment:\t<none>\n');
    else {
      w.line(l, 'Environment:\n');
      for (const e of c.env) w.line(l + 1, `${e.name}:\t${envValue(e, pod)}\n`);
    }
    const mounts = c.volumeMounts ?? [];
    if (mounts.length === 0) w.line(l, 'Mounts:\t<none>\n');
    else {
      w.line(l, 'Mounts:\n');
      for (const m of [...mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1))) {
        const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])];
        w.line(l + 1, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
      }
    }
  }
}

function writeState(w: TabWriter, l: number, title: string, s: ContainerState): void {
  if (s.running) {
    w.line(l, `${title}:\tRunning\n`);
    w.line(l + 1, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s.waiting) {
    w.line(l, `${title}:\tWaiting\n`);
    w.line(l + 1, `Reason:\t${s.waiting.reason ?? ''}\n`);
    if (s.waiting.message) w.line(l + 1, `Message:\t${s.waiting.message}\n`);
  } else if (s.terminated) {
    const t = s.terminated;
    w.line(l, `${title}:\tTerminated\n`);
    w.line(l + 1, `Reason:\t${t.reason ?? ''}\n`);
    if (t.message) w.line(l + 1, `Message:\t${t.message}\n`);
    w.line(l + 1, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.line(l + 1, `Signal:\t${t.signal}\n`);
    w.line(l + 1, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.line(l + 1, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.line(l, `${title}:\tWaiting\n`);
}

export function probeString(p: Probe): string {
  const tail = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${tail}`;
  if (p.httpGet) return `http-get ${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${p.httpGet.host ?? ''}:${p.httpGet.port ?? ''}${p.httpGet.path ?? ''} ${tail}`;
  if (p.tcpSocket) return `tcp-socket :${p.tcpSocket.port ?? ''} ${tail}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? ''} ${p.grpc.service ?? ''} ${tail}`;
  return `unknown ${tail}`;
}

function envValue(e: EnvVar, pod?: Pod): string {
  const f = e.valueFrom;
  if (!f) return e.value ?? '';
  if (f.fieldRef) return `${pod ? fieldPathValue(pod, f.fieldRef.fieldPath ?? '') : ''} (${f.fieldRef.apiVersion ?? 'v1'}:${f.fieldRef.fieldPath ?? ''})`;
  if (f.resourceFieldRef) return ` (${f.resourceFieldRef.containerName ?? ''}:${f.resourceFieldRef.resource ?? ''})`;
  if (f.secretKeyRef) return `<set to the key '${f.secretKeyRef.key ?? ''}' in secret '${f.secretKeyRef.name ?? ''}'>\tOptional: ${f.secretKeyRef.optional ? 'true' : 'false'}`;
  if (f.configMapKeyRef) return `<set to the key '${f.configMapKeyRef.key ?? ''}' of config map '${f.configMapKeyRef.name ?? ''}'>\tOptional: ${f.configMapKeyRef.optional ? 'true' : 'false'}`;
  return '';
}

/** Volumes: the header at `level`, names after `namePrefix`, details indented four spaces. */
export function writeVolumes(w: TabWriter, volumes: (Obj & { name: string })[], level = 0, namePrefix = '  '): void {
  if (volumes.length === 0) {
    w.line(level, 'Volumes:\t<none>\n');
    return;
  }
  w.line(level, 'Volumes:\n');
  const l = 2;
  for (const v of volumes) {
    w.write(`${namePrefix}${v.name}:\n`);
    const src = (k: string): Obj | undefined => v[k] as Obj | undefined;
    if (src('emptyDir')) {
      const e = src('emptyDir') ?? {};
      w.line(l, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n`);
      w.line(l, `Medium:\t${str(e.medium)}\n`);
      w.line(l, `SizeLimit:\t${e.sizeLimit ? str(e.sizeLimit) : '<unset>'}\n`);
    } else if (src('configMap')) {
      const c = src('configMap') ?? {};
      w.line(l, 'Type:\tConfigMap (a volume populated by a ConfigMap)\n');
      w.line(l, `Name:\t${str(c.name)}\n`);
      w.line(l, `Optional:\t${c.optional ? 'true' : 'false'}\n`);
    } else if (src('secret')) {
      const c = src('secret') ?? {};
      w.line(l, 'Type:\tSecret (a volume populated by a Secret)\n');
      w.line(l, `SecretName:\t${str(c.secretName)}\n`);
      w.line(l, `Optional:\t${c.optional ? 'true' : 'false'}\n`);
    } else if (src('hostPath')) {
      const c = src('hostPath') ?? {};
      w.line(l, 'Type:\tHostPath (bare host directory volume)\n');
      w.line(l, `Path:\t${str(c.path)}\n`);
      w.line(l, `HostPathType:\t${str(c.type)}\n`);
    } else if (src('persistentVolumeClaim')) {
      const c = src('persistentVolumeClaim') ?? {};
      w.line(l, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n');
      w.line(l, `ClaimName:\t${str(c.claimName)}\n`);
      w.line(l, `ReadOnly:\t${c.readOnly ? 'true' : 'false'}\n`);
    } else if (src('projected')) {
      w.line(l, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    } else w.line(l, '<unknown>\n');
  }
}

function qosClass(spec: PodSpec): string {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const any = all.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = all.every((c) => {
    const lim = c.resources?.limits ?? {};
    const req = c.resources?.requests ?? {};
    return ['cpu', 'memory'].every((r) => lim[r] !== undefined && (req[r] === undefined || req[r] === lim[r]));
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function writeTolerations(w: TabWriter, tolerations: NonNullable<PodSpec['tolerations']>): void {
  if (tolerations.length === 0) {
    w.write('Tolerations:\t<none>\n');
    return;
  }
  tolerations.forEach((t, i) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.write(`${i === 0 ? 'Tolerations:' : ''}\t${s}\n`);
  });
}

/** kubectl's ExtractFieldPathAsString for the downward-API paths describe resolves. */
function fieldPathValue(pod: Pod, path: string): string {
  const md = pod.metadata;
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? md.labels : md.annotations)?.[m[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return md.name;
    case 'metadata.namespace':
      return md.namespace ?? '';
    case 'metadata.uid':
      return md.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    default:
      return '';
  }
}
