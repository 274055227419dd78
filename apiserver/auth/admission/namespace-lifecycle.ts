// NamespaceLifecycle admission, the half that is not in the registry's create path: the immortal
// namespaces (default, kube-system, kube-public) may not be deleted. kube-node-lease may be, and the
// system-namespaces loop (apiserver/controlplane) re-creates it as Kubernetes does.
import { ApiError } from '../../../apimachinery/errors.js';
import type { AdmissionPlugin } from '../types.js';

export const immortalNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public'];

export function namespaceLifecycle(): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async validate(r) {
      if (r.operation !== 'DELETE' || r.group !== '' || r.resource !== 'namespaces' || r.subresource !== '') return;
      if (!immortalNamespaces.includes(r.name)) return;
      throw new ApiError('Forbidden', `namespaces ${JSON.stringify(r.name)} is forbidden: this namespace may not be deleted`, { name: r.name, kind: 'namespaces' });
    },
  };
}
