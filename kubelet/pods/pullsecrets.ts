// Registry credentials for a pod's image: the docker config secrets named by the pod's
// imagePullSecrets and by its ServiceAccount's (kubernetes.io/dockerconfigjson → ".dockerconfigjson",
// kubernetes.io/dockercfg → ".dockercfg"), matched to the image's registry. The kubelet tries each
// in order, then no credentials, as Kubernetes' keyring does. Missing secrets are skipped.
import type { V1Pod, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { authFromDockerConfig, parseReference } from '../images/index.js';
import type { AuthConfig } from '../runtime/index.js';

export interface PullSecretSources {
  secret(namespace: string, name: string): Promise<V1Secret | undefined>;
  serviceAccount(namespace: string, name: string): Promise<V1ServiceAccount | undefined>;
}

/** The docker config document a pull secret holds, or undefined when it is not one. */
export function dockerConfigOf(s: V1Secret): unknown {
  const key = s.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : s.type === 'kubernetes.io/dockerconfigjson' ? '.dockerconfigjson' : undefined;
  const raw = key ? s.data?.[key] : undefined;
  if (!raw) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Secret names to try: the pod's imagePullSecrets, then its ServiceAccount's (without repeats). */
export async function pullSecretNames(pod: V1Pod, src: PullSecretSources): Promise<string[]> {
  const ns = pod.metadata?.namespace ?? 'default';
  const names = (pod.spec?.imagePullSecrets ?? []).map((r) => r.name ?? '').filter(Boolean);
  const saName = pod.spec?.serviceAccountName || pod.spec?.serviceAccount;
  if (saName) {
    const sa = await src.serviceAccount(ns, saName).catch(() => undefined);
    for (const r of sa?.imagePullSecrets ?? []) if (r.name && !names.includes(r.name)) names.push(r.name);
  }
  return names;
}

/** Credentials for `image` from the pod's pull secrets, in order (empty when none apply). */
export async function pullCredentials(pod: V1Pod, image: string, src: PullSecretSources): Promise<AuthConfig[]> {
  const names = await pullSecretNames(pod, src);
  if (names.length === 0) return [];
  let registry: string;
  try { registry = parseReference(image).registry; } catch { return []; }
  const ns = pod.metadata?.namespace ?? 'default';
  const out: AuthConfig[] = [];
  for (const name of names) {
    const s = await src.secret(ns, name).catch(() => undefined);
    const doc = s ? dockerConfigOf(s) : undefined;
    const auth = doc ? authFromDockerConfig(doc, registry) : undefined;
    if (auth) out.push(auth);
  }
  return out;
}
