// DefaultIngressClass and DefaultStorageClass admission (mutating, create), as Kubernetes': an
// Ingress without spec.ingressClassName (and without the legacy class annotation) gets the IngressClass
// annotated ingressclass.kubernetes.io/is-default-class=true; a PersistentVolumeClaim without
// spec.storageClassName (and without the beta annotation) gets the default StorageClass. With several
// defaults the newest wins (ties: the first name).
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import type { Store } from '../../storage/types.js';
import type { AdmissionPlugin, AdmissionRequest } from '../types.js';

interface DefaultClassRule {
  name: string;
  group: string;
  resource: string;
  /** The field of spec naming the class. */
  field: string;
  /** An annotation that names a class the old way: when present, nothing is defaulted. */
  legacyAnnotation: string;
  /** Where the classes are stored, and the annotations that mark one as the default. */
  classPrefix: string;
  defaultAnnotations: readonly string[];
}

function annotations(o: Obj): Record<string, unknown> {
  return isObj(o.metadata) && isObj(o.metadata.annotations) ? o.metadata.annotations : {};
}

function newestFirst(a: Obj, b: Obj): number {
  const ma = isObj(a.metadata) ? a.metadata : {};
  const mb = isObj(b.metadata) ? b.metadata : {};
  const ta = Date.parse(String(ma.creationTimestamp ?? '')) || 0;
  const tb = Date.parse(String(mb.creationTimestamp ?? '')) || 0;
  return ta !== tb ? tb - ta : String(ma.name).localeCompare(String(mb.name));
}

function defaultClassPlugin(rule: DefaultClassRule, store: Store): AdmissionPlugin {
  return {
    name: rule.name,
    async admit(r: AdmissionRequest) {
      if (r.operation !== 'CREATE' || r.group !== rule.group || r.resource !== rule.resource || r.subresource !== '' || !r.object) return;
      const spec = isObj(r.object.spec) ? r.object.spec : undefined;
      if (!spec || (spec[rule.field] !== undefined && spec[rule.field] !== null)) return;
      if (rule.legacyAnnotation in annotations(r.object)) return;
      const list = await store.list(rule.classPrefix, { resourceVersion: '0' });
      const defaults = list.items.map((s) => s.object).filter((c) => rule.defaultAnnotations.some((a) => annotations(c)[a] === 'true'));
      const chosen = defaults.sort(newestFirst)[0];
      if (chosen && isObj(chosen.metadata)) spec[rule.field] = chosen.metadata.name;
    },
  };
}

export function defaultIngressClass(deps: { store: Store }): AdmissionPlugin {
  return defaultClassPlugin(
    {
      name: 'DefaultIngressClass',
      group: 'networking.k8s.io',
      resource: 'ingresses',
      field: 'ingressClassName',
      legacyAnnotation: 'kubernetes.io/ingress.class',
      classPrefix: '/registry/ingressclasses/',
      defaultAnnotations: ['ingressclass.kubernetes.io/is-default-class'],
    },
    deps.store,
  );
}

export function defaultStorageClass(deps: { store: Store }): AdmissionPlugin {
  return defaultClassPlugin(
    {
      name: 'DefaultStorageClass',
      group: '',
      resource: 'persistentvolumeclaims',
      field: 'storageClassName',
      legacyAnnotation: 'volume.beta.kubernetes.io/storage-class',
      classPrefix: '/registry/storageclasses/',
      defaultAnnotations: ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'],
    },
    deps.store,
  );
}
