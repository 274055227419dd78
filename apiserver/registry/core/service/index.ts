// Services: defaults (type, session affinity, ports, traffic policies, IP families), validation,
// immutable ClusterIP, DNS-1035 names, and the ClusterIP / node port allocation hooks.
import { type FieldError, fieldErrors as fe } from '../../../../apimachinery/errors.js';
import { type Obj, jsonEqual } from '../../../../apimachinery/objects.js';
import { servicePrinter } from '../../../printers/network.js';
import { defineResource } from '../../strategy/define.js';
import { fieldString as str, immutableError, objAt, objs, validPort } from '../../strategy/util.js';
import { serviceWriteHooks } from './allocate.js';
import { defaultService, defaultServiceStatus } from './defaults.js';

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
  if (spec.type !== undefined && !types.includes(String(spec.type))) errs.push(fe.notSupported('spec.type', spec.type, types));
  const ports = objs(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(fe.required('spec.ports'));
  if (spec.type === 'ExternalName' && (typeof spec.externalName !== 'string' || spec.externalName === ''))
    errs.push(fe.required('spec.externalName'));
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!validPort(p.port)) errs.push(fe.invalid(`spec.ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (ports.length > 1 && (typeof p.name !== 'string' || p.name === '')) errs.push(fe.required(`spec.ports[${i}].name`));
    const key = `${String(p.port)}/${String(p.protocol ?? 'TCP')}`;
    if (seen.has(key)) errs.push(fe.duplicate(`spec.ports[${i}]`, { port: p.port, protocol: p.protocol ?? 'TCP' }));
    seen.add(key);
    if (p.nodePort !== undefined && spec.type === 'ClusterIP')
      errs.push(fe.forbidden(`spec.ports[${i}].nodePort`, 'may not be used when `type` is \'ClusterIP\''));
    if (typeof p.targetPort === 'number' && !validPort(p.targetPort))
      errs.push(fe.invalid(`spec.ports[${i}].targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'));
  });
  return errs;
}

export const services = defineResource({
  group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  nameKind: 'dns1035',
  defaults: defaultService,
  prepareForCreate(o) {
    o.status = { loadBalancer: {} };
  },
  prepareForStatusUpdate: defaultServiceStatus,
  validate,
  validateUpdate(o, old) {
    const spec = objAt(o.spec);
    const oldSpec = objAt(old.spec);
    const changed = oldSpec.clusterIP !== undefined && spec.clusterIP !== undefined && spec.type === oldSpec.type && !jsonEqual(spec.clusterIP, oldSpec.clusterIP);
    return changed ? [immutableError('spec.clusterIP', spec.clusterIP)] : [];
  },
  printer: servicePrinter,
  fieldLabels: {
    'spec.clusterIP': (o) => str(objAt(o.spec).clusterIP),
    'spec.type': (o) => str(objAt(o.spec).type),
  },
  writeHooks: serviceWriteHooks,
  subresources: { status: { type: 'status' } },
});
