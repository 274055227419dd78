// Namespaces: DNS-1123 label names, the kubernetes finalizer and metadata.name label, phase
// Active/Terminating, deletion that always marks first (content goes first), and finalize.
import { type Obj, ensure } from '../../../apimachinery/objects.js';
import { namespacePrinter } from '../../printers/core.js';
import { defineResource } from '../strategy/define.js';
import { fieldString, objAt, setIfAbsent } from '../strategy/util.js';

export const namespaces = defineResource({
  group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  nameKind: 'label',
  defaults(o) {
    const spec = ensure(o, 'spec');
    setIfAbsent(spec, 'finalizers', ['kubernetes']);
    setIfAbsent(ensure(o, 'status'), 'phase', 'Active');
    // The automatic kubernetes.io/metadata.name label (NamespaceDefaultLabelName).
    const m = ensure(o, 'metadata');
    const labels = ensure(m, 'labels') as Record<string, unknown>;
    if (typeof m.name === 'string') labels['kubernetes.io/metadata.name'] = m.name;
  },
  prepareForCreate(o) {
    o.status = { phase: 'Active' };
  },
  printer: namespacePrinter,
  fieldLabels: { 'status.phase': (o) => fieldString(objAt(o.status).phase) },
  deletion: {
    alwaysMark: true,
    onMark(o: Obj) {
      o.status = { ...objAt(o.status), phase: 'Terminating' };
    },
    readyToDelete(o) {
      const f = objAt(o.spec).finalizers;
      return !Array.isArray(f) || f.length === 0;
    },
  },
  subresources: {
    status: { type: 'status' },
    finalize: {
      type: 'write',
      body: { apiVersion: 'v1', kind: 'Namespace' },
      methods: ['PUT'],
      checkFirst: true,
      apply(live, body) {
        const f = objAt(body.spec).finalizers;
        ensure(live, 'spec').finalizers = Array.isArray(f) ? f : [];
        return live;
      },
      internal: true,
      fieldManager: true,
    },
  },
});
