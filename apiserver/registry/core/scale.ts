// What every replicated workload shares, in core/v1 (ReplicationControllers) and apps/v1
// (Deployments, ReplicaSets, StatefulSets): Go's formatting of label sets in field errors, the
// selector/template mismatch error and the scale subresource (autoscaling/v1 Scale).
import { errors, type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { selectorToString, type LabelSelector } from '../../../apimachinery/labels.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import type { WriteSubresource } from '../strategy/types.js';
import { objAt } from '../strategy/util.js';

/** Go's %#v of a map[string]string (keys sorted, as fmt prints maps): how field errors show label sets. */
export function goStringMap(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(m[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** The error a workload gets when its selector does not select its template's labels. */
export function labelsMismatch(field: string, labels: unknown): FieldError {
  return { field, type: 'FieldValueInvalid', message: `Invalid value: ${goStringMap(labels)}: \`selector\` does not match template \`labels\`` };
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
