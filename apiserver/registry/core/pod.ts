// Pods: defaults (PodSpec, service account, default tolerations), status and QoS class on create,
// immutable nodeName, graceful deletion with a grace period, field selectors, and the binding,
// eviction, ephemeralcontainers and kubelet-served subresources.
import { errors, type FieldError } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure, nowRFC3339 } from '../../../apimachinery/objects.js';
import { podPrinter } from '../../printers/pods.js';
import { defineResource } from '../strategy/define.js';
import type { GraceOptions, WriteSubresource } from '../strategy/types.js';
import { fieldBool, fieldString as str, immutableError, objAt, objs, setIfAbsent } from '../strategy/util.js';
import { ephemeralContainers, ephemeralOnMainResource, validateEphemeralContainers,
  validateEphemeralUpdate } from './ephemeral.js';
import { defaultPodOnly, defaultPodSpec } from './poddefaults.js';
import { validatePodSpec } from './podspec.js';

function containersOf(spec: unknown): Obj[] {
  if (!isObj(spec)) return [];
  return [...objs(spec.containers), ...objs(spec.initContainers)];
}

export function qosClass(spec: unknown): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = containersOf(spec);
  let any = false;
  let guaranteed = cs.length > 0;
  for (const c of cs) {
    const res = objAt(c.resources);
    const req = objAt(res.requests);
    const lim = objAt(res.limits);
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const defaultTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function defaults(o: Obj): void {
  const spec = ensure(o, 'spec');
  defaultPodOnly(spec);
  defaultPodSpec(spec);
  // ServiceAccount admission and DefaultTolerationSeconds admission.
  if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) spec.serviceAccountName = spec.serviceAccount;
  setIfAbsent(spec, 'serviceAccountName', 'default');
  spec.serviceAccount = spec.serviceAccountName;
  setIfAbsent(spec, 'priority', 0);
  const tolerations = objs(spec.tolerations);
  for (const t of defaultTolerations) {
    if (!tolerations.some((x) => x.key === t.key && (x.effect === undefined || x.effect === 'NoExecute'))) tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  validatePodSpec(o.spec, 'spec', errs);
  if (isObj(o.spec)) errs.push(...validateEphemeralContainers(o.spec));
  return errs;
}

/** Seconds until a deleted pod leaves storage: 0 for unscheduled or finished pods. */
export function podGracePeriod(o: Obj, opts: GraceOptions): number {
  const spec = objAt(o.spec);
  const status = objAt(o.status);
  if (!spec.nodeName || status.phase === 'Succeeded' || status.phase === 'Failed') return 0;
  const m = objAt(o.metadata);
  let grace = opts.gracePeriodSeconds ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30);
  if (typeof m.deletionGracePeriodSeconds === 'number') grace = Math.min(grace, m.deletionGracePeriodSeconds);
  return Math.max(0, grace);
}

/** pods/binding: sets spec.nodeName and the PodScheduled condition, once. */
const binding: WriteSubresource = {
  type: 'write',
  body: { apiVersion: 'v1', kind: 'Binding' },
  methods: ['POST'],
  checkFirst: true,
  checkBody(body, name) {
    const target = objAt(body.target);
    if (typeof target.name !== 'string' || target.name === '')
      throw errors.invalid('Binding', name, [{ field: 'target.name', type: 'FieldValueRequired', message: 'Required value' }]);
  },
  apply(live, body, name) {
    const node = String(objAt(body.target).name);
    const spec = ensure(live, 'spec');
    const m = ensure(live, 'metadata');
    if (m.deletionTimestamp !== undefined) throw errors.conflict('pods', name, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName) throw errors.conflict('pods', name, `pod ${name} is already assigned to node "${String(spec.nodeName)}"`);
    spec.nodeName = node;
    const status = ensure(live, 'status');
    const conds = (Array.isArray(status.conditions) ? status.conditions : []).filter((c) => !(isObj(c) && c.type === 'PodScheduled'));
    conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowRFC3339() });
    status.conditions = conds;
    return live;
  },
  internal: true,
  fieldManager: true,
  validateSchema: false,
  response: 'created',
};

export const pods = defineResource({
  group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  defaults,
  prepareForCreate(o) {
    const refused = ephemeralOnMainResource(objAt(o.spec));
    if (refused.length > 0) throw errors.invalid('Pod', str(objAt(o.metadata).name), refused);
    const status = objAt(o.status);
    o.status = { phase: 'Pending', qosClass: qosClass(o.spec) };
    // A pod created already bound keeps its scheduling condition (static pods, tests).
    if (Array.isArray(status.conditions)) (o.status as Obj).conditions = status.conditions;
  },
  prepareForUpdate(o, old) {
    if (isObj(o.status)) o.status.qosClass = (old.status as Obj | undefined)?.qosClass ?? qosClass(o.spec);
  },
  validate,
  validateUpdate(o, old, subresource) {
    const spec = objAt(o.spec);
    const oldSpec = objAt(old.spec);
    const errs = oldSpec.nodeName && spec.nodeName !== oldSpec.nodeName ? [immutableError('spec.nodeName', spec.nodeName)] : [];
    if (subresource === 'ephemeralcontainers') errs.push(...validateEphemeralUpdate(spec, oldSpec));
    else errs.push(...ephemeralOnMainResource(spec, oldSpec));
    return errs;
  },
  printer: podPrinter,
  fieldLabels: {
    'spec.nodeName': (o) => str(objAt(o.spec).nodeName),
    'spec.restartPolicy': (o) => str(objAt(o.spec).restartPolicy),
    'spec.schedulerName': (o) => str(objAt(o.spec).schedulerName),
    'spec.serviceAccountName': (o) => str(objAt(o.spec).serviceAccountName),
    'spec.hostNetwork': (o) => fieldBool(objAt(o.spec).hostNetwork),
    'status.phase': (o) => str(objAt(o.status).phase),
    'status.podIP': (o) => {
      const status = objAt(o.status);
      const ips = Array.isArray(status.podIPs) ? status.podIPs : [];
      return ips.length > 0 ? str(objAt(ips[0]).ip) : str(status.podIP);
    },
    'status.nominatedNodeName': (o) => str(objAt(o.status).nominatedNodeName),
  },
  deletion: {
    gracePeriodSeconds: podGracePeriod,
    readyToDelete: (o) => {
      const m = objAt(o.metadata);
      return m.deletionGracePeriodSeconds === 0 || m.deletionGracePeriodSeconds === undefined;
    },
  },
  subresources: {
    status: { type: 'status' },
    binding,
    eviction: { type: 'delete', body: { apiVersion: 'policy/v1', kind: 'Eviction' } },
    log: { type: 'kubelet' },
    exec: { type: 'kubelet' },
    attach: { type: 'kubelet' },
    portforward: { type: 'kubelet' },
    ephemeralcontainers: ephemeralContainers,
  },
});
