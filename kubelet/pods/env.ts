// Container environment as the kubelet builds it: envFrom (with prefix) then env (value with $(VAR)
// expansion, fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef, honouring optional).
// A missing required source is an expected outcome (CreateContainerConfigError), returned as a value.
import type { V1ConfigMap, V1Container, V1DownwardAPIVolumeFile, V1ObjectFieldSelector, V1Pod, V1ResourceFieldSelector, V1Secret, V1ServiceAccountTokenProjection } from '@kubernetes/client-node';
import { parseQuantity, scaledValue, tryParseQuantity } from '../../apimachinery/quantity.js';
import type { KeyValue } from '../runtime/index.js';

/** Where env and downward API values come from besides the pod: the API and the node. */
export interface EnvSources {
  configMap(namespace: string, name: string): Promise<V1ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<V1Secret | undefined>;
  podIP?: string;
  podIPs?: string[];
  hostIP: string;
  /** Node allocatable, used for resourceFieldRef when the container sets no limit. */
  nodeAllocatable: Record<string, string>;
  /** A ServiceAccount token for a projected serviceAccountToken source (absent: unsupported). */
  serviceAccountToken?(pod: V1Pod, source: V1ServiceAccountTokenProjection): Promise<{ ok: true; token: string } | { ok: false; message: string }>;
}

export type EnvResult = { ok: true; envs: KeyValue[] } | { ok: false; message: string };

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Expands $(NAME) from `vars`; $$ escapes; unknown references stay as they are. */
export function expandVars(s: string, vars: Map<string, string>): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '$') { out += '$'; i++; continue; }
    if (c === '$' && s[i + 1] === '(') {
      const end = s.indexOf(')', i + 2);
      if (end > 0) {
        const name = s.slice(i + 2, end);
        if (vars.has(name)) { out += vars.get(name); i = end; continue; }
      }
    }
    out += c;
  }
  return out;
}

/** The value of a downward API fieldRef, or undefined for an unsupported path. */
export function fieldRefValue(pod: V1Pod, ref: V1ObjectFieldSelector, src: Pick<EnvSources, 'podIP' | 'podIPs' | 'hostIP'>): string | undefined {
  const p = ref.fieldPath;
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(p);
  if (m) return (m[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2]!] ?? '';
  const fmtMap = (r: Record<string, string> | undefined): string =>
    Object.keys(r ?? {}).sort().map((k) => `${k}="${(r ?? {})[k]!.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join('\n');
  switch (p) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    case 'metadata.labels': return fmtMap(pod.metadata?.labels);
    case 'metadata.annotations': return fmtMap(pod.metadata?.annotations);
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP': return src.podIP ?? '';
    case 'status.podIPs': return (src.podIPs ?? (src.podIP ? [src.podIP] : [])).join(',');
    case 'status.hostIP': return src.hostIP;
    case 'status.hostIPs': return src.hostIP;
    default: return undefined;
  }
}

/** resourceFieldRef: limits/requests of cpu, memory, ephemeral-storage, divided by divisor (rounded up). */
export function resourceFieldValue(container: V1Container | undefined, ref: V1ResourceFieldSelector, nodeAllocatable: Record<string, string>): string | undefined {
  const [kind, name] = ref.resource.split('.') as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || !name) return undefined;
  const res = container?.resources;
  let raw = (kind === 'limits' ? res?.limits : res?.requests)?.[name];
  if (raw === undefined && kind === 'limits') raw = nodeAllocatable[name];
  if (raw === undefined) raw = '0';
  const q = tryParseQuantity(String(raw));
  if (!q) return undefined;
  const divisor = parseQuantity(ref.divisor ? String(ref.divisor) : '1');
  // value / divisor rounded up, computed in milli-units to keep cpu "250m" / "1m" exact.
  const num = scaledValue(q, -3);
  const den = scaledValue(divisor, -3);
  if (den === 0n) return undefined;
  const v = (num + den - 1n) / den;
  return String(v);
}

/** The value of a downwardAPI volume item: its fieldRef, or the resourceFieldRef of a container. */
export function downwardItemValue(pod: V1Pod, item: V1DownwardAPIVolumeFile, src: Pick<EnvSources, 'podIP' | 'podIPs' | 'hostIP' | 'nodeAllocatable'>): string | undefined {
  if (item.fieldRef) return fieldRefValue(pod, item.fieldRef, src);
  if (!item.resourceFieldRef) return undefined;
  const c = pod.spec?.containers.find((x) => x.name === item.resourceFieldRef!.containerName);
  return resourceFieldValue(c, item.resourceFieldRef, src.nodeAllocatable);
}

function decodeSecret(s: V1Secret, key: string): string | undefined {
  const b64 = s.data?.[key];
  return b64 === undefined ? undefined : Buffer.from(b64, 'base64').toString('utf8');
}

/** Resolves a container's environment. ConfigMaps and Secrets are read once per call. */
export async function resolveEnv(pod: V1Pod, container: V1Container, src: EnvSources): Promise<EnvResult> {
  const ns = pod.metadata?.namespace ?? 'default';
  const cms = new Map<string, Promise<V1ConfigMap | undefined>>();
  const secs = new Map<string, Promise<V1Secret | undefined>>();
  const cm = (name: string): Promise<V1ConfigMap | undefined> => {
    if (!cms.has(name)) cms.set(name, src.configMap(ns, name));
    return cms.get(name)!;
  };
  const sec = (name: string): Promise<V1Secret | undefined> => {
    if (!secs.has(name)) secs.set(name, src.secret(ns, name));
    return secs.get(name)!;
  };
  const vars = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const obj = await cm(from.configMapRef.name ?? '');
      if (!obj) {
        if (from.configMapRef.optional) continue;
        return { ok: false, message: `configmap "${from.configMapRef.name}" not found` };
      }
      for (const [k, v] of Object.entries(obj.data ?? {})) if (ENV_NAME.test(prefix + k)) vars.set(prefix + k, v);
    } else if (from.secretRef) {
      const obj = await sec(from.secretRef.name ?? '');
      if (!obj) {
        if (from.secretRef.optional) continue;
        return { ok: false, message: `secret "${from.secretRef.name}" not found` };
      }
      for (const k of Object.keys(obj.data ?? {})) if (ENV_NAME.test(prefix + k)) vars.set(prefix + k, decodeSecret(obj, k)!);
    }
  }
  for (const e of container.env ?? []) {
    const vf = e.valueFrom;
    if (!vf) {
      vars.set(e.name, expandVars(e.value ?? '', vars));
      continue;
    }
    if (vf.fieldRef) {
      const v = fieldRefValue(pod, vf.fieldRef, src);
      if (v === undefined) return { ok: false, message: `unsupported fieldPath: ${vf.fieldRef.fieldPath}` };
      vars.set(e.name, v);
    } else if (vf.resourceFieldRef) {
      const target = vf.resourceFieldRef.containerName
        ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === vf.resourceFieldRef!.containerName)
        : container;
      const v = resourceFieldValue(target, vf.resourceFieldRef, src.nodeAllocatable);
      if (v === undefined) return { ok: false, message: `unsupported resource: ${vf.resourceFieldRef.resource}` };
      vars.set(e.name, v);
    } else if (vf.configMapKeyRef) {
      const ref = vf.configMapKeyRef;
      const obj = await cm(ref.name ?? '');
      const v = obj?.data?.[ref.key] ?? (obj?.binaryData?.[ref.key] !== undefined ? Buffer.from(obj.binaryData[ref.key]!, 'base64').toString('utf8') : undefined);
      if (v === undefined) {
        if (ref.optional) continue;
        return { ok: false, message: obj ? `couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}` : `configmap "${ref.name}" not found` };
      }
      vars.set(e.name, v);
    } else if (vf.secretKeyRef) {
      const ref = vf.secretKeyRef;
      const obj = await sec(ref.name ?? '');
      const v = obj ? decodeSecret(obj, ref.key) : undefined;
      if (v === undefined) {
        if (ref.optional) continue;
        return { ok: false, message: obj ? `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}` : `secret "${ref.name}" not found` };
      }
      vars.set(e.name, v);
    }
  }
  return { ok: true, envs: [...vars].map(([key, value]) => ({ key, value })) };
}
