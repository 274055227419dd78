// The storage.k8s.io and node.k8s.io modules: defaults, validation and immutable fields with
// Kubernetes' field paths and messages.
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { runtimeclasses } from '../node/runtimeclass.js';
import { csidrivers } from './csidriver.js';
import { csinodes } from './csinode.js';
import { csistoragecapacities } from './csistoragecapacity.js';
import { storageclasses } from './storageclass.js';
import { volumeattachments } from './volumeattachment.js';

const fields = (errs: FieldError[] | undefined): string[] => (errs ?? []).map((e) => `${e.field}: ${e.message}`);
const defaulted = (mod: { defaults?(o: Obj): void }, o: Obj): Obj => {
  mod.defaults?.(o);
  return o;
};
const dns1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('StorageClass', () => {
  it('defaults reclaimPolicy and volumeBindingMode', () => {
    expect(defaulted(storageclasses, { provisioner: 'a.io/b' })).toEqual({ provisioner: 'a.io/b', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });
  const sc = (o: Obj): Obj => defaulted(storageclasses, { metadata: { name: 'fast' }, provisioner: 'example.com/ssd', ...o });
  it.each<[string, Obj, string[]]>([
    ['valid', sc({ parameters: { type: 'ssd' } }), []],
    ['no provisioner', sc({ provisioner: '' }), ['provisioner: Required value']],
    ['bad provisioner', sc({ provisioner: 'a b' }), [
      "provisioner: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]],
    ['Recycle reclaim policy', sc({ reclaimPolicy: 'Recycle' }), ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
    ['bad binding mode', sc({ volumeBindingMode: 'Later' }), ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"']],
    ['empty parameter key', sc({ parameters: { '': 'x' } }), ['parameters: Invalid value: "": field can not be empty.']],
  ])('validate: %s', (_n, o, want) => {
    expect(fields(storageclasses.validate?.(o))).toEqual(want);
  });
  it('refuses changes to parameters, provisioner, reclaimPolicy and volumeBindingMode', () => {
    const old = sc({ parameters: { type: 'ssd' } });
    const next = sc({ provisioner: 'example.com/hdd', parameters: { type: 'hdd' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
    expect(fields(storageclasses.validateUpdate?.(next, old))).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]);
    expect(fields(storageclasses.validateUpdate?.(sc({ parameters: { type: 'ssd' }, allowVolumeExpansion: true }), old))).toEqual([]);
  });
});

describe('CSIDriver', () => {
  it('defaults every flag as Kubernetes 1.32', () => {
    expect(defaulted(csidrivers, { spec: {} }).spec).toEqual({
      attachRequired: true,
      podInfoOnMount: false,
      storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      volumeLifecycleModes: ['Persistent'],
      requiresRepublish: false,
      seLinuxMount: false,
    });
  });
  const drv = (spec: Obj): Obj => defaulted(csidrivers, { metadata: { name: 'csi.example.com' }, spec });
  it.each<[string, Obj, string[]]>([
    ['valid', drv({ tokenRequests: [{ audience: 'a', expirationSeconds: 3600 }] }), []],
    ['bad fsGroupPolicy', drv({ fsGroupPolicy: 'Always' }), ['spec.fsGroupPolicy: Unsupported value: "Always": supported values: "File", "None", "ReadWriteOnceWithFSType"']],
    ['bad lifecycle mode', drv({ volumeLifecycleModes: ['Forever'] }), ['spec.volumeLifecycleModes: Unsupported value: "Forever": supported values: "Persistent", "Ephemeral"']],
    ['duplicate audience', drv({ tokenRequests: [{ audience: 'a' }, { audience: 'a' }] }), ['spec.tokenRequests[1].audience: Duplicate value: "a"']],
    ['short token', drv({ tokenRequests: [{ audience: 'a', expirationSeconds: 60 }] }), ['spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes']],
  ])('validate: %s', (_n, o, want) => {
    expect(fields(csidrivers.validate?.(o))).toEqual(want);
  });
  it('keeps attachRequired and volumeLifecycleModes immutable, the rest mutable', () => {
    const old = drv({});
    expect(fields(csidrivers.validateUpdate?.(drv({ attachRequired: false, volumeLifecycleModes: ['Persistent', 'Ephemeral'] }), old))).toEqual([
      'spec.attachedRequired: Invalid value: false: field is immutable',
      'spec.volumeLifecycleModes: Invalid value: []storage.VolumeLifecycleMode{"Persistent", "Ephemeral"}: field is immutable',
    ]);
    expect(fields(csidrivers.validateUpdate?.(drv({ podInfoOnMount: true, requiresRepublish: true }), old))).toEqual([]);
  });
  it('counts generation from 0 on spec changes only', () => {
    const old = drv({});
    const next = drv({ requiresRepublish: true });
    csidrivers.prepareForUpdate?.(next, old);
    expect((next.metadata as Obj).generation).toBe(1);
    const same = drv({});
    csidrivers.prepareForUpdate?.(same, old);
    expect((same.metadata as Obj).generation).toBeUndefined();
  });
});

describe('CSINode', () => {
  const node = (drivers: Obj[]): Obj => ({ metadata: { name: 'n1' }, spec: { drivers } });
  it.each<[string, Obj, string[]]>([
    ['valid', node([{ name: 'csi.example.com', nodeID: 'n1', topologyKeys: ['topology.kubernetes.io/zone'], allocatable: { count: 10 } }]), []],
    ['no node ID', node([{ name: 'csi.example.com' }]), ['spec.drivers[0].nodeID: Required value']],
    ['duplicate driver', node([{ name: 'd.io', nodeID: 'a' }, { name: 'd.io', nodeID: 'b' }]), ['spec.drivers[1].name: Duplicate value: "d.io"']],
    ['negative count', node([{ name: 'd.io', nodeID: 'a', allocatable: { count: -1 } }]), ['spec.drivers[0].allocatable.count: Invalid value: -1: must be greater than or equal to 0']],
    ['bad driver name', node([{ name: 'd_io', nodeID: 'a' }]), [`spec.drivers[0].name: Invalid value: "d_io": ${dns1123}`]],
  ])('validate: %s', (_n, o, want) => {
    expect(fields(csinodes.validate?.(o))).toEqual(want);
  });
  it('refuses changes to a registered driver but allows adding one', () => {
    const old = node([{ name: 'd.io', nodeID: 'a' }]);
    expect(fields(csinodes.validateUpdate?.(node([{ name: 'd.io', nodeID: 'a' }, { name: 'e.io', nodeID: 'a' }]), old))).toEqual([]);
    expect(fields(csinodes.validateUpdate?.(node([{ name: 'd.io', nodeID: 'b' }]), old))).toEqual(['CSINodeDriver: Invalid value: {"name":"d.io","nodeID":"b"}: field is immutable']);
  });
});

describe('CSIStorageCapacity', () => {
  it.each<[string, Obj, string[]]>([
    ['valid', { storageClassName: 'fast', capacity: '10Gi' }, []],
    ['negative capacity', { storageClassName: 'fast', capacity: '-1Gi' }, ['capacity: Invalid value: "-1Gi": must be greater than or equal to 0']],
    ['bad class name', { storageClassName: 'Fast' }, [`storageClassName: Invalid value: "Fast": ${dns1123}`]],
    ['bad topology selector', { storageClassName: 'fast', nodeTopology: { matchExpressions: [{ key: 'zone', operator: 'Exists', values: ['a'] }] } }, [
      "nodeTopology.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]],
  ])('validate: %s', (_n, o, want) => {
    expect(fields(csistoragecapacities.validate?.(o))).toEqual(want);
  });
  it('keeps the topology and class fixed', () => {
    const old = { storageClassName: 'fast', nodeTopology: { matchLabels: { zone: 'a' } }, capacity: '1Gi' };
    expect(fields(csistoragecapacities.validateUpdate?.({ ...old, capacity: '2Gi' }, old))).toEqual([]);
    expect(fields(csistoragecapacities.validateUpdate?.({ ...old, storageClassName: 'slow' }, old))).toEqual(['storageClassName: Invalid value: "slow": field is immutable']);
  });
});

describe('VolumeAttachment', () => {
  const va = (spec: Obj): Obj => ({ metadata: { name: 'va' }, spec: { attacher: 'csi.example.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv-1' }, ...spec } });
  it.each<[string, Obj, string[]]>([
    ['valid', va({}), []],
    ['no source', va({ source: {} }), ['spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName']],
    ['both sources', va({ source: { persistentVolumeName: 'pv', inlineVolumeSpec: {} } }), ['spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName']],
    ['empty PV name', va({ source: { persistentVolumeName: '' } }), ['spec.source.persistentVolumeName: Required value: must specify non empty persistentVolumeName', `spec.source.persistentVolumeName: Invalid value: "": ${dns1123}`]],
    ['no attacher', va({ attacher: '' }), ['spec.attacher: Required value', 'spec.attacher: Required value', `spec.attacher: Invalid value: "": ${dns1123}`]],
    ['bad node name', va({ nodeName: 'Node_1' }), [`spec.nodeName: Invalid value: "Node_1": ${dns1123}`]],
  ])('validate: %s', (_n, o, want) => {
    expect(fields(volumeattachments.validate?.(o))).toEqual(want);
  });
  it('starts detached, and its spec never changes', () => {
    const o = va({});
    volumeattachments.prepareForCreate?.(o);
    expect(o.status).toEqual({ attached: false });
    expect(fields(volumeattachments.validateUpdate?.(va({ nodeName: 'node-2' }), va({})))).toEqual([
      'spec: Invalid value: {"attacher":"csi.example.com","nodeName":"node-2","source":{"persistentVolumeName":"pv-1"}}: field is immutable',
    ]);
  });
});

describe('RuntimeClass', () => {
  it.each<[string, Obj, string[]]>([
    ['valid', { handler: 'runc' }, []],
    ['handler with a dot', { handler: 'run.c' }, ['handler: Invalid value: "run.c": must not contain dots']],
    ['negative overhead', { handler: 'runc', overhead: { podFixed: { cpu: '-1' } } }, ['overhead.podFixed[cpu]: Invalid value: "-1": must be greater than or equal to 0']],
  ])('validate: %s', (_n, o, want) => {
    expect(fields(runtimeclasses.validate?.(o))).toEqual(want);
  });
  it('keeps the handler immutable', () => {
    expect(fields(runtimeclasses.validateUpdate?.({ handler: 'crun' }, { handler: 'runc' }))).toEqual(['handler: Invalid value: "crun": field is immutable']);
  });
});
