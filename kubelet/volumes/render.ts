// Pod volumes on the node: emptyDir (tmpfs for medium Memory), hostPath (with its type checks),
// configMap, secret, downwardAPI and projected (incl. serviceAccountToken), written under <root>/pods/<uid>/volumes. Returns the
// host path of every volume, or the reason a volume cannot be set up (the pod then waits). The API
// objects and the downward API values come from the caller (VolumeSources): pods/ resolves them as it
// does for a container's environment.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { V1ConfigMap, V1DownwardAPIVolumeFile, V1KeyToPath, V1Pod, V1Secret, V1ServiceAccountTokenProjection, V1Volume } from '@kubernetes/client-node';
import { writeAtomic, type Payload } from './atomic.js';

const execFileP = promisify(execFile);

export type VolumeResult = { ok: true; paths: Map<string, string> } | { ok: false; message: string };

/** Where volume contents come from besides the pod: the API, the caller's downward API values, tokens. */
export interface VolumeSources {
  configMap(namespace: string, name: string): Promise<V1ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<V1Secret | undefined>;
  /** The value of a downwardAPI item (its fieldRef or resourceFieldRef), or undefined when unsupported. */
  downwardValue(pod: V1Pod, item: V1DownwardAPIVolumeFile): string | undefined;
  /** A ServiceAccount token for a projected serviceAccountToken source (absent: unsupported). */
  serviceAccountToken?(pod: V1Pod, source: V1ServiceAccountTokenProjection): Promise<{ ok: true; token: string } | { ok: false; message: string }>;
}

export interface VolumeOptions {
  /** <root>/pods/<uid> */
  podDir: string;
  /** False for hollow nodes: compute paths, touch nothing. */
  materialize: boolean;
}

const DEFAULT_MODE = 0o644;

export function volumeDir(podDir: string, plugin: string, name: string): string {
  return join(podDir, 'volumes', `kubernetes.io~${plugin}`, name);
}

function pluginOf(v: V1Volume): string {
  if (v.emptyDir) return 'empty-dir';
  if (v.configMap) return 'configmap';
  if (v.secret) return 'secret';
  if (v.downwardAPI) return 'downward-api';
  if (v.projected) return 'projected';
  return 'other';
}

function keyed(data: Record<string, Buffer>, items: V1KeyToPath[] | undefined, defaultMode: number, what: string): Payload[] | string {
  if (!items?.length) return Object.entries(data).map(([k, content]) => ({ path: k, content, mode: defaultMode }));
  const out: Payload[] = [];
  for (const it of items) {
    const content = data[it.key];
    if (content === undefined) return `couldn't find key ${it.key} in ${what}`;
    out.push({ path: it.path, content, mode: it.mode ?? defaultMode });
  }
  return out;
}

const cmData = (c: V1ConfigMap): Record<string, Buffer> => ({
  ...Object.fromEntries(Object.entries(c.data ?? {}).map(([k, v]) => [k, Buffer.from(v)])),
  ...Object.fromEntries(Object.entries(c.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
});
const secretData = (s: V1Secret): Record<string, Buffer> =>
  Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));

function downward(pod: V1Pod, items: V1DownwardAPIVolumeFile[], defaultMode: number, src: VolumeSources): Payload[] | string {
  const out: Payload[] = [];
  for (const it of items) {
    const v = src.downwardValue(pod, it);
    if (v === undefined) return `unsupported downward API item ${it.path}`;
    out.push({ path: it.path, content: Buffer.from(v), mode: it.mode ?? defaultMode });
  }
  return out;
}

/** The files of one configMap/secret/downwardAPI/projected volume, or why there are none. */
async function payloadOf(pod: V1Pod, v: V1Volume, src: VolumeSources): Promise<Payload[] | string> {
  const ns = pod.metadata?.namespace ?? 'default';
  if (v.configMap) {
    const c = await src.configMap(ns, v.configMap.name ?? '');
    if (!c) return v.configMap.optional ? [] : `configmap "${v.configMap.name}" not found`;
    return keyed(cmData(c), v.configMap.items, v.configMap.defaultMode ?? DEFAULT_MODE, `ConfigMap ${ns}/${v.configMap.name}`);
  }
  if (v.secret) {
    const s = await src.secret(ns, v.secret.secretName ?? '');
    if (!s) return v.secret.optional ? [] : `secret "${v.secret.secretName}" not found`;
    return keyed(secretData(s), v.secret.items, v.secret.defaultMode ?? DEFAULT_MODE, `Secret ${ns}/${v.secret.secretName}`);
  }
  if (v.downwardAPI) return downward(pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? DEFAULT_MODE, src);
  if (v.projected) {
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    const all: Payload[] = [];
    for (const s of v.projected.sources ?? []) {
      let part: Payload[] | string = [];
      if (s.configMap) part = await payloadOf(pod, { name: v.name, configMap: { ...s.configMap, defaultMode: mode } }, src);
      else if (s.secret) part = await payloadOf(pod, { name: v.name, secret: { secretName: s.secret.name, items: s.secret.items, optional: s.secret.optional, defaultMode: mode } }, src);
      else if (s.downwardAPI) part = downward(pod, s.downwardAPI.items ?? [], mode, src);
      else if (s.serviceAccountToken) {
        if (!src.serviceAccountToken) return 'serviceAccountToken projections are not supported by this kubelet';
        const t = await src.serviceAccountToken(pod, s.serviceAccountToken);
        if (!t.ok) return t.message;
        part = [{ path: s.serviceAccountToken.path, content: Buffer.from(t.token), mode }];
      }
      if (typeof part === 'string') return part;
      all.push(...part);
    }
    return all;
  }
  return [];
}

async function isMountpoint(p: string): Promise<boolean> {
  const text = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  return text.split('\n').some((l) => l.split(' ')[1] === p);
}

async function hostPath(v: V1Volume): Promise<string | undefined> {
  const hp = v.hostPath!;
  const st = await stat(hp.path).catch(() => undefined);
  switch (hp.type ?? '') {
    case 'DirectoryOrCreate': if (!st) await mkdir(hp.path, { recursive: true, mode: 0o755 }); return undefined;
    case 'FileOrCreate': if (!st) await writeFile(hp.path, '', { mode: 0o644 }); return undefined;
    case 'Directory': return st?.isDirectory() ? undefined : `hostPath type check failed: ${hp.path} is not a directory`;
    case 'File': return st?.isFile() ? undefined : `hostPath type check failed: ${hp.path} is not a file`;
    case 'Socket': return st?.isSocket() ? undefined : `hostPath type check failed: ${hp.path} is not a socket`;
    default: return undefined;
  }
}

/** Sets up (or refreshes) every volume of the pod. */
export async function setUpVolumes(pod: V1Pod, src: VolumeSources, o: VolumeOptions): Promise<VolumeResult> {
  const paths = new Map<string, string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (v.hostPath) {
      paths.set(v.name, v.hostPath.path);
      if (o.materialize) {
        const err = await hostPath(v);
        if (err) return { ok: false, message: `MountVolume.SetUp failed for volume "${v.name}" : ${err}` };
      }
      continue;
    }
    const dir = volumeDir(o.podDir, pluginOf(v), v.name);
    paths.set(v.name, dir);
    if (!o.materialize) continue;
    if (v.emptyDir) {
      await mkdir(dir, { recursive: true, mode: 0o777 });
      if (v.emptyDir.medium === 'Memory' && !(await isMountpoint(dir))) {
        const size = v.emptyDir.sizeLimit ? [`size=${String(v.emptyDir.sizeLimit).replace(/i$/, '')}`] : [];
        await execFileP('mount', ['-t', 'tmpfs', '-o', ['mode=1777', ...size].join(','), 'tmpfs', dir]);
      }
      continue;
    }
    if (pluginOf(v) === 'other') continue;
    const payload = await payloadOf(pod, v, src);
    if (typeof payload === 'string') return { ok: false, message: `MountVolume.SetUp failed for volume "${v.name}" : ${payload}` };
    await writeAtomic(dir, payload);
  }
  return { ok: true, paths };
}

/** Unmounts tmpfs volumes and removes the pod directory. */
export async function tearDownPodDir(podDir: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8').catch(() => '')).split('\n').map((l) => l.split(' ')[1] ?? '');
  for (const m of mounts.filter((m) => m.startsWith(`${podDir}/`)).sort().reverse()) {
    await execFileP('umount', ['-l', m]).catch(() => undefined);
  }
  await rm(podDir, { recursive: true, force: true });
}
