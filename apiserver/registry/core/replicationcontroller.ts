// ReplicationControllers: replicas 1 and selector/labels from the template's labels by default,
// the selector must select the template, generation, status and the autoscaling/v1 scale subresource.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, ensure, isObj } from '../../../apimachinery/objects.js';
import { replicationControllerPrinter } from '../../printers/replication.js';
import { defineResource } from '../strategy/define.js';
import { objAt, setIfAbsent } from '../strategy/util.js';
import { defaultPodSpec } from './poddefaults.js';
import { validatePodSpec } from './podspec.js';
import { labelsMismatch, scaleSubresource, toScale } from './scale.js';

/** SetDefaults_ReplicationController. */
function defaults(o: Obj): void {
  const spec = ensure(o, 'spec');
  const template = isObj(spec.template) ? spec.template : undefined;
  const labels = template && isObj(template.metadata) && isObj(template.metadata.labels) ? template.metadata.labels : undefined;
  if (labels) {
    if (Object.keys(objAt(spec.selector)).length === 0) spec.selector = { ...labels };
    const m = ensure(o, 'metadata');
    if (Object.keys(objAt(m.labels)).length === 0) m.labels = { ...labels };
  }
  setIfAbsent(spec, 'replicas', 1);
  if (template) defaultPodSpec(ensure(template, 'spec'));
}

/** ValidateReplicationControllerSpec. */
function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds < 0)
    errs.push(fe.invalid('spec.minReadySeconds', spec.minReadySeconds, 'must be greater than or equal to 0'));
  const selector = objAt(spec.selector);
  if (Object.keys(selector).length === 0) errs.push(fe.required('spec.selector'));
  if (typeof spec.replicas === 'number' && spec.replicas < 0) errs.push(fe.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (!isObj(spec.template)) {
    errs.push(fe.required('spec.template'));
    return errs;
  }
  const labels = objAt(objAt(spec.template.metadata).labels);
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) errs.push(labelsMismatch('spec.template.metadata.labels', spec.template.metadata === undefined ? undefined : objAt(spec.template.metadata).labels));
  const podSpec = spec.template.spec;
  validatePodSpec(podSpec, 'spec.template.spec', errs);
  if (isObj(podSpec)) {
    if (podSpec.restartPolicy !== 'Always') errs.push(fe.notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy, ['Always']));
    if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null)
      errs.push(fe.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicationController is not Supported'));
  }
  return errs;
}

/** The Scale of a ReplicationController: its selector is a plain label map. */
function rcScale(o: Obj): Obj {
  const spec = objAt(o.spec);
  return toScale({ ...o, spec: { ...spec, selector: { matchLabels: objAt(spec.selector) } } });
}

export const replicationcontrollers = defineResource({
  group: '', version: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', namespaced: true,
  shortNames: ['rc'],
  categories: ['all'],
  hasGeneration: true,
  defaults,
  prepareForCreate(o) {
    // status.replicas is a Go int without omitempty: always serialised.
    o.status = { replicas: 0 };
  },
  validate,
  printer: replicationControllerPrinter,
  fieldLabels: { 'status.replicas': (o) => String(Number(objAt(o.status).replicas ?? 0)) },
  subresources: { status: { type: 'status' }, scale: { ...scaleSubresource, view: rcScale } },
});
