// The ServiceAccount admission plugin (mutating, on pod create), as Kubernetes': defaults
// spec.serviceAccountName to "default", rejects pods whose ServiceAccount does not exist, and
// unless automounting is off (pod first, then ServiceAccount) adds the projected volume
// kube-api-access-<suffix> (token, ca.crt, namespace) mounted read-only at
// /var/run/secrets/kubernetes.io/serviceaccount in every container and init container.
import { errors } from '../../../apimachinery/errors.js';
import { isObj, randomSuffix, type Obj } from '../../../apimachinery/objects.js';
import type { AdmissionPlugin } from '../types.js';
import type { ObjectGetter } from '../lookup.js';

export const serviceAccountMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
/** What kubelets request for the projected token (Kubernetes' magic 1 h + 7 s). */
export const projectedTokenExpirationSeconds = 3607;

export function kubeAPIAccessVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: projectedTokenExpirationSeconds, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

const containersOf = (spec: Obj): Obj[] =>
  [...(Array.isArray(spec.initContainers) ? spec.initContainers : []), ...(Array.isArray(spec.containers) ? spec.containers : [])].filter(isObj);

const mountsAt = (c: Obj, path: string): boolean => Array.isArray(c.volumeMounts) && c.volumeMounts.some((m) => isObj(m) && m.mountPath === path);

export interface ServiceAccountAdmissionDeps {
  objects: ObjectGetter;
  /** Volume name suffix (5 random characters); injectable for tests. */
  suffix?: () => string;
}

export function serviceAccountAdmission(deps: ServiceAccountAdmissionDeps): AdmissionPlugin {
  const suffix = deps.suffix ?? (() => randomSuffix(5));
  return {
    name: 'ServiceAccount',
    async admit(r) {
      if (r.operation !== 'CREATE' || r.group !== '' || r.resource !== 'pods' || r.subresource !== '' || !r.object) return;
      const pod = r.object;
      const meta = isObj(pod.metadata) ? pod.metadata : {};
      // Mirror pods (static pods reported by a kubelet) keep their spec as the kubelet wrote it.
      if (isObj(meta.annotations) && meta.annotations['kubernetes.io/config.mirror'] !== undefined) return;
      if (!isObj(pod.spec)) pod.spec = {};
      const spec = pod.spec as Obj;
      if (typeof spec.serviceAccountName !== 'string' || spec.serviceAccountName === '') spec.serviceAccountName = typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '' ? spec.serviceAccount : 'default';
      const saName = spec.serviceAccountName as string;
      spec.serviceAccount = saName;
      const ns = r.namespace;
      const sa = await deps.objects.get('serviceaccounts', ns, saName);
      if (!sa) {
        const who = r.name ? `pods "${r.name}"` : 'pods';
        throw errors.forbidden(`${who} is forbidden: error looking up service account ${ns}/${saName}: serviceaccount "${saName}" not found`);
      }
      const automount = typeof spec.automountServiceAccountToken === 'boolean' ? spec.automountServiceAccountToken : sa.automountServiceAccountToken !== false;
      if (!automount) return;
      const containers = containersOf(spec);
      // Already mounted by the pod's author (in every container): nothing to add.
      if (containers.length > 0 && containers.every((c) => mountsAt(c, serviceAccountMountPath))) return;
      const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
      let name = `kube-api-access-${suffix()}`;
      while (volumes.some((v) => isObj(v) && v.name === name)) name = `kube-api-access-${suffix()}`;
      spec.volumes = [...volumes, kubeAPIAccessVolume(name)];
      for (const c of containers) {
        if (mountsAt(c, serviceAccountMountPath)) continue;
        c.volumeMounts = [...(Array.isArray(c.volumeMounts) ? c.volumeMounts : []), { name, readOnly: true, mountPath: serviceAccountMountPath }];
      }
    },
  };
}
