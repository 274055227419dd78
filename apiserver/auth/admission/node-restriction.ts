// NodeRestriction admission (validating), as Kubernetes': a kubelet (system:node:<name>) may
// create/modify/delete only its own Node and its own Lease in kube-node-lease, may create only
// mirror pods bound to itself, and may change the status of, delete or evict only pods bound to it.
import { errors } from '../../../apimachinery/errors.js';
import { isObj, type Obj } from '../../../apimachinery/objects.js';
import { nodeIdentity } from '../authz/node.js';
import type { AdmissionPlugin, AdmissionRequest } from '../types.js';

const mirrorAnnotation = 'kubernetes.io/config.mirror';

function forbidden(r: AdmissionRequest, name: string, why: string): Error {
  const gr = r.group ? `${r.resource}.${r.group}` : r.resource;
  return errors.forbidden(name ? `${gr} ${JSON.stringify(name)} is forbidden: ${why}` : `${gr} is forbidden: ${why}`);
}

const specOf = (o: Obj | undefined): Obj => (o && isObj(o.spec) ? o.spec : {});
const nameOf = (o: Obj | undefined): string => (o && isObj(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : '');

function checkPod(r: AdmissionRequest, node: string): void {
  const name = r.name || nameOf(r.object);
  switch (r.operation) {
    case 'CREATE': {
      if (r.subresource === 'eviction') {
        if (specOf(r.oldObject).nodeName !== node) throw forbidden(r, name, `node ${JSON.stringify(node)} can only evict pods with spec.nodeName set to itself`);
        return;
      }
      if (r.subresource !== '') return;
      const annotations = r.object && isObj(r.object.metadata) && isObj(r.object.metadata.annotations) ? r.object.metadata.annotations : {};
      if (annotations[mirrorAnnotation] === undefined)
        throw forbidden(r, name, `pod does not have "${mirrorAnnotation}" annotation, node ${JSON.stringify(node)} can only create mirror pods`);
      if (specOf(r.object).nodeName !== node) throw forbidden(r, name, `node ${JSON.stringify(node)} can only create pods with spec.nodeName set to itself`);
      return;
    }
    case 'UPDATE':
      if (r.subresource !== 'status') throw forbidden(r, name, `node ${JSON.stringify(node)} can only update pod status`);
      if (specOf(r.oldObject).nodeName !== node) throw forbidden(r, name, `node ${JSON.stringify(node)} can only update pod status for pods with spec.nodeName set to itself`);
      return;
    case 'DELETE':
      if (specOf(r.oldObject).nodeName !== node) throw forbidden(r, name, `node ${JSON.stringify(node)} can only delete pods with spec.nodeName set to itself`);
      return;
  }
}

/** NodeRestriction. `deps` is reserved for lookups (none are needed: the request carries the objects). */
export function nodeRestriction(_deps: Record<string, never> = {}): AdmissionPlugin {
  return {
    name: 'NodeRestriction',
    async validate(r) {
      const node = nodeIdentity(r.user);
      if (node === undefined) return;
      const key = `${r.group}/${r.resource}`;
      if (key === '/nodes') {
        const target = r.name || nameOf(r.object);
        if (target !== node) throw forbidden(r, target, `node ${JSON.stringify(node)} is not allowed to modify node ${JSON.stringify(target)}`);
      } else if (key === '/pods') {
        checkPod(r, node);
      } else if (key === 'coordination.k8s.io/leases' && r.namespace === 'kube-node-lease') {
        const target = r.name || nameOf(r.object);
        if (target !== node) throw forbidden(r, target, 'can only access node lease with the same name as the requesting node');
      }
    },
  };
}
