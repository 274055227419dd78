// PersistentVolumes: reclaim policy Retain and volume mode Filesystem by default, Pending status on
// create (with its transition time), capacity/access-mode/volume-source checks, the status subresource.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { ensure, isObj, jsonEqual, nowRFC3339 } from '../../../apimachinery/objects.js';
import { persistentVolumePrinter } from '../../printers/storage.js';
import { defineResource } from '../strategy/define.js';
import { fieldString as str, immutableError, objAt, setIfAbsent } from '../strategy/util.js';
import { goQuantity } from './goquantity.js';
import { dropVolumeAttributesClass, validateAccessModes, validatePositive } from './volumes.js';

const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
const volumeModes = ['Block', 'Filesystem'];

/** Every field of a PersistentVolumeSpec that names a volume source. */
const volumeSources = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
  'scaleIO', 'local', 'storageos', 'csi',
];

function validate(o: Record<string, unknown>): FieldError[] {
  const spec = objAt(o.spec);
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes', '');
  const capacity = objAt(spec.capacity);
  const names = Object.keys(capacity);
  if (names.length === 0) errs.push(fe.required('spec.capacity'));
  if (capacity.storage === undefined || names.length > 1) {
    // The bad value is the ResourceList itself, as Go's %#v prints the internal type.
    const shown = isObj(spec.capacity) ? `core.ResourceList{${names.sort().map((k) => `"${k}":${goQuantity(String(capacity[k]))}`).join(', ')}}` : 'core.ResourceList(nil)';
    errs.push({ field: 'spec.capacity', type: 'FieldValueNotSupported', message: `Unsupported value: ${shown}: supported values: "storage"` });
  }
  for (const k of names) errs.push(...validatePositive(capacity[k], `spec.capacity[${k}]`));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy !== undefined && !reclaimPolicies.includes(String(policy))) errs.push(fe.notSupported('spec.persistentVolumeReclaimPolicy', policy, reclaimPolicies));
  if (spec.volumeMode !== undefined && !volumeModes.includes(String(spec.volumeMode))) errs.push(fe.notSupported('spec.volumeMode', spec.volumeMode, volumeModes));
  const sources = volumeSources.filter((k) => isObj(spec[k]));
  if (sources.length === 0) errs.push(fe.required('spec', 'must specify a volume type'));
  else if (sources.length > 1) errs.push(fe.forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  return errs;
}

/** ValidatePersistentVolumeUpdate: the volume source and mode never change (Kubernetes appends a go-cmp diff, not reproduced). */
function validateUpdate(o: Record<string, unknown>, old: Record<string, unknown>): FieldError[] {
  const spec = objAt(o.spec);
  const oldSpec = objAt(old.spec);
  const errs: FieldError[] = [];
  if (volumeSources.some((k) => !jsonEqual(spec[k], oldSpec[k])))
    errs.push(fe.forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  if (spec.volumeMode !== oldSpec.volumeMode) errs.push(immutableError('volumeMode', spec.volumeMode));
  return errs;
}

export const persistentvolumes = defineResource({
  group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false,
  shortNames: ['pv'],
  defaults(o) {
    const spec = ensure(o, 'spec');
    setIfAbsent(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setIfAbsent(spec, 'volumeMode', 'Filesystem');
  },
  prepareForCreate(o) {
    dropVolumeAttributesClass(o.spec);
    o.status = { phase: 'Pending', lastPhaseTransitionTime: nowRFC3339() };
  },
  prepareForUpdate(o, old) {
    dropVolumeAttributesClass(o.spec, old.spec);
  },
  prepareForStatusUpdate(next, old) {
    // The transition time follows phase changes (PersistentVolumeLastPhaseTransitionTime).
    const phase = objAt(next.status).phase;
    if (isObj(next.status) && phase !== objAt(old.status).phase && next.status.lastPhaseTransitionTime === objAt(old.status).lastPhaseTransitionTime)
      next.status.lastPhaseTransitionTime = nowRFC3339();
  },
  validate,
  validateUpdate: (o, old, subresource) => (subresource === 'status' ? [] : validateUpdate(o, old)),
  printer: persistentVolumePrinter,
  // "name" is a bug Kubernetes keeps for compatibility (PersistentVolumeToSelectableFields).
  fieldLabels: { name: (o) => str(objAt(o.metadata).name) },
  subresources: { status: { type: 'status' } },
});
