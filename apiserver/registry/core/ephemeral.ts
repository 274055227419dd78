// Ephemeral containers (pods/ephemeralcontainers): added to a running pod through the subresource
// only, never on create or through the main resource; once added, never changed or removed. The
// checks follow Kubernetes' validateEphemeralContainers and ValidatePodEphemeralContainersUpdate.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isDNS1123Label } from '../../../apimachinery/validation.js';
import type { WriteSubresource } from '../strategy/types.js';
import { objAt, objs } from '../strategy/util.js';

const PATH = 'spec.ephemeralContainers';

/** Container fields an ephemeral container may not set (Kubernetes keeps an allow-list; these are the rest). */
const FORBIDDEN = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resources',
  'resizePolicy', 'restartPolicy'];

function isZero(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.values(v).every(isZero);
  return false;
}

/** Each ephemeral container on its own and against the pod's other containers and volumes. */
export function validateEphemeralContainers(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const regular = [...objs(spec.containers), ...objs(spec.initContainers)].map((c) => c.name);
  const names = new Set(regular);
  const volumes = new Set(objs(spec.volumes).map((v) => v.name));
  objs(spec.ephemeralContainers).forEach((c, i) => {
    const p = `${PATH}[${i}]`;
    if (typeof c.name !== 'string' || c.name === '') errs.push(fe.required(`${p}.name`));
    else if (isDNS1123Label(c.name).length > 0) errs.push(fe.invalid(`${p}.name`, c.name, isDNS1123Label(c.name).join('; ')));
    else if (names.has(c.name)) errs.push(fe.duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    if (typeof c.image !== 'string' || c.image.trim() === '') errs.push(fe.required(`${p}.image`));
    for (const f of FORBIDDEN) if (!isZero(c[f])) errs.push(fe.forbidden(`${p}.${f}`, 'cannot be set for an Ephemeral Container'));
    const target = c.targetContainerName;
    if (target !== undefined && target !== '' && !regular.includes(target))
      errs.push({ field: `${p}.targetContainerName`, type: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(target)}` });
    objs(c.volumeMounts).forEach((m, j) => {
      if (!volumes.has(m.name)) errs.push({ field: `${p}.volumeMounts[${j}].name`, type: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(m.name)}` });
      if (m.subPath !== undefined && m.subPath !== '') errs.push(fe.forbidden(`${p}.volumeMounts[${j}].subPath`, 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}

/** Existing ephemeral containers stay as they are; new ones may only be appended. */
export function validateEphemeralUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const next = new Map(objs(spec.ephemeralContainers).map((c) => [c.name, c]));
  for (const old of objs(oldSpec.ephemeralContainers)) {
    const cur = next.get(old.name);
    const name = JSON.stringify(old.name);
    if (!cur) errs.push(fe.forbidden(PATH, `existing ephemeral containers ${name} may not be removed`));
    else if (JSON.stringify(sorted(cur)) !== JSON.stringify(sorted(old))) errs.push(fe.forbidden(PATH, `existing ephemeral containers ${name} may not be changed`));
  }
  return errs;
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
}

/** Main-resource writes may not carry ephemeral containers (create) or change them (update). */
export function ephemeralOnMainResource(spec: Obj, oldSpec?: Obj): FieldError[] {
  if (!oldSpec) return objs(spec.ephemeralContainers).length > 0 ? [fe.forbidden(PATH, 'cannot have ephemeral containers on create')] : [];
  const changed = JSON.stringify(sorted(objs(spec.ephemeralContainers))) !== JSON.stringify(sorted(objs(oldSpec.ephemeralContainers)));
  return changed ? [fe.forbidden(PATH, 'ephemeral containers may only be changed through the ephemeralcontainers subresource')] : [];
}

/**
 * pods/ephemeralcontainers: GET answers the pod; PUT and PATCH (kubectl debug sends a strategic merge
 * patch) change only spec.ephemeralContainers. Validation runs in the pod's validateUpdate.
 */
export const ephemeralContainers: WriteSubresource = {
  type: 'write',
  body: { apiVersion: 'v1', kind: 'Pod' },
  methods: ['PUT', 'PATCH'],
  get: true,
  apply(live, body) {
    const list = objAt(body.spec).ephemeralContainers;
    const spec = objAt(live.spec);
    live.spec = spec;
    if (Array.isArray(list) && list.length > 0) spec.ephemeralContainers = list;
    else delete spec.ephemeralContainers;
    return live;
  },
  bodyPrecondition: true,
  dryRun: true,
  fieldManager: true,
};
