// StatefulSets: Kubernetes 1.32's defaults (OrderedReady, RollingUpdate partition 0, PVC retention
// Retain/Retain, claim template defaults), validation (DNS-label names, the spec fields that may not
// change after creation), generation, status and scale.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure, jsonEqual } from '../../../apimachinery/objects.js';
import { statefulSetPrinter } from '../../printers/apps.js';
import { defineResource } from '../strategy/define.js';
import { objAt, objs, setIfAbsent } from '../strategy/util.js';
import { validateStatefulSetStatus } from './status.js';
import { defaultTemplate, goLabelSelector, labelsMismatch, nonNegative, scaleSubresource, selectorMatchesLabels } from './workload.js';

function defaults(o: Obj): void {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = ensure(spec, 'updateStrategy');
  if (strategy.type === undefined || strategy.type === '') {
    strategy.type = 'RollingUpdate';
    setIfAbsent(strategy, 'rollingUpdate', {});
  }
  if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate)) setIfAbsent(strategy.rollingUpdate, 'partition', 0);
  const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  setIfAbsent(retention, 'whenDeleted', 'Retain');
  setIfAbsent(retention, 'whenScaled', 'Retain');
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
  // Each claim template is a PersistentVolumeClaim and gets that kind's defaults.
  for (const pvc of objs(spec.volumeClaimTemplates)) {
    setIfAbsent(pvc, 'apiVersion', 'v1');
    setIfAbsent(pvc, 'kind', 'PersistentVolumeClaim');
    setIfAbsent(ensure(pvc, 'spec'), 'volumeMode', 'Filesystem');
    setIfAbsent(ensure(pvc, 'status'), 'phase', 'Pending');
  }
}

function validateRetention(policy: unknown, errs: FieldError[]): void {
  if (!isObj(policy)) return;
  for (const k of ['whenDeleted', 'whenScaled']) {
    if (policy[k] !== 'Retain' && policy[k] !== 'Delete')
      errs.push(fe.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, policy[k] ?? '', ['Retain', 'Delete']));
  }
}

function validateStrategy(st: Obj, errs: FieldError[]): void {
  const path = 'spec.updateStrategy';
  if (st.type === undefined || st.type === '') errs.push(fe.required(path));
  else if (st.type === 'OnDelete') {
    if (st.rollingUpdate !== undefined && st.rollingUpdate !== null)
      errs.push(fe.invalid(`${path}.rollingUpdate`, st.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (st.type === 'RollingUpdate') {
    if (isObj(st.rollingUpdate)) nonNegative(errs, `${path}.rollingUpdate.partition`, st.rollingUpdate.partition);
  } else errs.push(fe.invalid(path, st, "must be 'RollingUpdate' or 'OnDelete'"));
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  const pmp = spec.podManagementPolicy;
  if (pmp === undefined || pmp === '') errs.push(fe.required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(fe.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  validateStrategy(objAt(spec.updateStrategy), errs);
  validateRetention(spec.persistentVolumeClaimRetentionPolicy, errs);
  nonNegative(errs, 'spec.replicas', spec.replicas);
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  if (isObj(spec.ordinals)) nonNegative(errs, 'spec.ordinals.start', spec.ordinals.start);
  const sel = spec.selector;
  const empty = !isObj(sel) || (Object.keys(objAt(sel.matchLabels)).length === 0 && !(Array.isArray(sel.matchExpressions) && sel.matchExpressions.length > 0));
  if (!isObj(sel)) errs.push(fe.required('spec.selector'));
  else if (empty) errs.push({ field: 'spec.selector', type: 'FieldValueInvalid', message: `Invalid value: ${goLabelSelector(sel)}: empty selector is invalid for statefulset` });
  const tmpl = objAt(spec.template);
  const labels = objAt(tmpl.metadata).labels;
  // Only a non-empty selector must select the template (an empty one is reported above).
  if (!empty && !selectorMatchesLabels(sel, labels)) errs.push(labelsMismatch('spec.template.metadata.labels', labels));
  const podSpec = objAt(tmpl.spec);
  if (podSpec.restartPolicy !== 'Always') errs.push(fe.notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy ?? '', ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null)
    errs.push(fe.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

/** The fields a StatefulSet's spec may change; every other spec change is refused as one error. */
const mutable = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

function validateUpdate(o: Obj, old: Obj, subresource?: string): FieldError[] {
  if (subresource === 'status') return validateStatefulSetStatus(o, old);
  const next = { ...objAt(o.spec) };
  const prev = objAt(old.spec);
  for (const k of mutable) {
    if (prev[k] === undefined) delete next[k];
    else next[k] = prev[k];
  }
  if (jsonEqual(next, prev)) return [];
  return [
    fe.forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

export const statefulsets = defineResource({
  group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  hasGeneration: true,
  nameKind: 'label',
  defaults,
  prepareForCreate(o) {
    // status.replicas is a required Go int: serialised even when 0.
    o.status = { replicas: 0, availableReplicas: 0 };
  },
  validate,
  validateUpdate,
  printer: statefulSetPrinter,
  subresources: { status: { type: 'status' }, scale: scaleSubresource },
});
