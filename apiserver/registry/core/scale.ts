// What every replicated workload shares, in core/v1 (ReplicationControllers) and apps/v1
// (Deployments, ReplicaSets): the selector/template mismatch error and the scale subresource
// (autoscaling/v1 Scale).
import { errors, type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { selectorToString, type LabelSelector } from '../../../apimachinery/labels.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import type { WriteSubresource } from '../strategy/types.js';
import { objAt } from '../strategy/util.js';

/** The error when a selector does not select its template's labels (shown as a Go map, as Kubernetes prints it). */
export function selectorMismatch(labels: unknown): FieldError {
  const shown = `map[string]string{${Object.entries(isObj(labels) ? labels : {})
    .map(([k, v]) => `"${k}":"${String(v)}"`)
    .join(', ')}}`;
  return { field: 'spec.template.metadata.labels', type: 'FieldValueInvalid', message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\`` };
}

export function toScale(o: Obj): Obj {
  const m = objAt(o.metadata);
  const spec = objAt(o.spec);
  const status = objAt(o.status);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 0 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorToString(spec.selector as LabelSelector | undefined) },
  };
}

/** <workload>/scale: spec.replicas read and written as an autoscaling/v1 Scale. */
export const scaleSubresource: WriteSubresource = {
  type: 'write',
  body: { apiVersion: 'autoscaling/v1', kind: 'Scale' },
  methods: ['PUT', 'PATCH'],
  get: true,
  view: toScale,
  apply(live, scale, name) {
    const replicas = isObj(scale.spec) ? scale.spec.replicas : undefined;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      throw errors.invalid('Scale', name, [fe.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')], 'autoscaling');
    ensure(live, 'spec').replicas = replicas;
    return live;
  },
  bodyPrecondition: true,
  dryRun: true,
  fieldManager: true,
};
