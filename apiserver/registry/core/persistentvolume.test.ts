// PersistentVolumes and PersistentVolumeClaims: defaults, Pending status, validation and the claim update rule.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { persistentvolumeclaims as pvcs } from './persistentvolumeclaim.js';
import { persistentvolumes as pvs } from './persistentvolume.js';

const pv = (spec: Obj): Obj => ({ metadata: { name: 'pv1' }, spec });
const goodPV = { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } };
const pvc = (spec: Obj, status?: Obj): Obj => ({ metadata: { name: 'c' }, spec, ...(status ? { status } : {}) });
const goodPVC = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
const messages = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);

describe('PersistentVolume', () => {
  it('defaults the reclaim policy to Retain and the volume mode to Filesystem, and starts Pending', () => {
    const o = pv({ ...goodPV });
    pvs.defaults!(o);
    pvs.prepareForCreate!(o);
    expect(o.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
    expect(o.status).toMatchObject({ phase: 'Pending' });
    expect(typeof (o.status as Obj).lastPhaseTransitionTime).toBe('string');
  });

  it('moves lastPhaseTransitionTime with the phase on status writes, unless the writer set it', () => {
    const old: Obj = { metadata: { name: 'pv1' }, status: { phase: 'Pending', lastPhaseTransitionTime: '2026-01-01T00:00:00Z' } };
    const moved: Obj = { metadata: { name: 'pv1' }, status: { phase: 'Available', lastPhaseTransitionTime: '2026-01-01T00:00:00Z' } };
    pvs.prepareForStatusUpdate!(moved, old);
    expect((moved.status as Obj).lastPhaseTransitionTime).not.toBe('2026-01-01T00:00:00Z');
    const same: Obj = { metadata: { name: 'pv1' }, status: { phase: 'Pending', lastPhaseTransitionTime: '2026-01-01T00:00:00Z', reason: 'x' } };
    pvs.prepareForStatusUpdate!(same, old);
    expect((same.status as Obj).lastPhaseTransitionTime).toBe('2026-01-01T00:00:00Z');
  });

  it.each<[string, Obj, string[]]>([
    ['valid', goodPV, []],
    ['no access modes', { ...goodPV, accessModes: [] }, ['spec.accessModes: Required value']],
    ['bad access mode', { ...goodPV, accessModes: ['Sometimes'] }, ['spec.accessModes: Unsupported value: "Sometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"']],
    ['no capacity', { ...goodPV, capacity: undefined }, ['spec.capacity: Required value', 'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"']],
    ['another resource', { ...goodPV, capacity: { cpu: '1' } }, ['spec.capacity: Unsupported value: core.ResourceList{"cpu":resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1", Format:"DecimalSI"}}: supported values: "storage"']],
    ['zero capacity', { ...goodPV, capacity: { storage: '0' } }, ['spec.capacity[storage]: Invalid value: "0": must be greater than zero']],
    ['no volume source', { ...goodPV, hostPath: undefined }, ['spec: Required value: must specify a volume type']],
    ['bad reclaim policy', { ...goodPV, persistentVolumeReclaimPolicy: 'Keep' }, ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"']],
  ])('validation: %s', (_n, spec, want) => {
    expect(messages(pvs.validate!(pv(spec)))).toEqual(want);
  });
});

describe('VolumeAttributesClass (off by default in 1.32)', () => {
  it.each([['pv', pvs], ['pvc', pvcs]] as const)('%s: drops volumeAttributesClassName on create and on updates that add it, keeps one already stored', (_n, mod) => {
    const created: Obj = { metadata: { name: 'x' }, spec: { volumeAttributesClassName: 'gold' } };
    mod.prepareForCreate!(created);
    expect(created.spec).toEqual({});
    const added: Obj = { metadata: { name: 'x' }, spec: { volumeAttributesClassName: 'gold' } };
    mod.prepareForUpdate!(added, { metadata: { name: 'x' }, spec: {} });
    expect(added.spec).toEqual({});
    const kept: Obj = { metadata: { name: 'x' }, spec: { volumeAttributesClassName: 'silver' } };
    mod.prepareForUpdate!(kept, { metadata: { name: 'x' }, spec: { volumeAttributesClassName: 'gold' } });
    expect(kept.spec).toEqual({ volumeAttributesClassName: 'silver' });
  });
});

describe('PersistentVolume updates', () => {
  it.each<[string, Obj, string[]]>([
    ['capacity and class may change', { ...goodPV, capacity: { storage: '2Gi' }, storageClassName: 'manual' }, []],
    ['the source may not', { ...goodPV, hostPath: { path: '/other' } }, ['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation']],
    ['nor the volume mode', { ...goodPV, volumeMode: 'Block' }, ['volumeMode: Invalid value: "Block": field is immutable']],
  ])('%s', (_n, spec, want) => {
    expect(messages(pvs.validateUpdate!(pv(spec), pv(goodPV)))).toEqual(want);
  });
});

describe('PersistentVolumeClaim', () => {
  it('defaults the volume mode and starts Pending', () => {
    const o = pvc({ ...goodPVC });
    pvcs.defaults!(o);
    pvcs.prepareForCreate!(o);
    expect(o.spec).toMatchObject({ volumeMode: 'Filesystem' });
    expect(o.status).toEqual({ phase: 'Pending' });
  });

  it.each<[string, Obj, string[]]>([
    ['valid', goodPVC, []],
    ['no access modes', { ...goodPVC, accessModes: undefined }, ['spec.accessModes: Required value: at least 1 access mode is required']],
    ['no storage request', { ...goodPVC, resources: {} }, ['spec.resources[storage]: Required value']],
    ['negative storage', { ...goodPVC, resources: { requests: { storage: '-1Gi' } } }, ['spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero']],
  ])('validation: %s', (_n, spec, want) => {
    expect(messages(pvcs.validate!(pvc(spec)))).toEqual(want);
  });

  const bound = { phase: 'Bound', capacity: { storage: '2Gi' } };
  const requesting = (storage: string): Obj => ({ ...goodPVC, resources: { requests: { storage } } });
  it.each<[string, Obj, Obj, string[]]>([
    ['an unchanged claim', pvc(goodPVC), pvc(goodPVC), []],
    ['a pending claim may not change its request', pvc(requesting('2Gi')), pvc(goodPVC, { phase: 'Pending' }),
      ['spec: Forbidden: spec is immutable after creation except resources.requests for bound claims']],
    ['a bound claim may grow', pvc(requesting('3Gi')), pvc(requesting('2Gi'), bound), []],
    ['a bound claim may not shrink below its capacity', pvc(requesting('1Gi')), pvc(requesting('3Gi'), bound),
      ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']],
    ['nor to its capacity', pvc(requesting('2Gi')), pvc(requesting('3Gi'), bound),
      ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']],
    ['but may shrink to above it', pvc(requesting('2500Mi')), pvc(requesting('3Gi'), bound), []],
    ['the volume name may be set once', pvc({ ...goodPVC, volumeName: 'pv1' }), pvc(goodPVC), []],
    ['not changed after', pvc({ ...goodPVC, volumeName: 'pv2' }), pvc({ ...goodPVC, volumeName: 'pv1' }),
      ['spec: Forbidden: spec is immutable after creation except resources.requests for bound claims']],
    ['nor the volume mode', pvc({ ...goodPVC, volumeMode: 'Block' }), pvc({ ...goodPVC, volumeMode: 'Filesystem' }),
      ['spec: Forbidden: spec is immutable after creation except resources.requests for bound claims', 'volumeMode: Invalid value: "Block": field is immutable']],
    ['a bound claim may not change its access modes', pvc({ ...goodPVC, accessModes: ['ReadWriteMany'] }), pvc(goodPVC, bound),
      ['spec: Forbidden: spec is immutable after creation except resources.requests for bound claims']],
  ])('update: %s', (_n, next, old, want) => {
    // Spec writes keep the stored status (the generic update copies it from the old object).
    expect(messages(pvcs.validateUpdate!({ ...next, status: old.status }, old))).toEqual(want);
  });
});
