// Printers for core/v1 PersistentVolumes and PersistentVolumeClaims, with the columns kubectl 1.32
// shows against a real cluster (pkg/printers/internalversion: printPersistentVolume*, with the
// VolumeAttributesClass column and the wide VolumeMode column).

import { formatQuantity, tryParseQuantity } from '../../apimachinery/quantity.js';
import { age, ageColumn, column, meta, nameColumn, nameOf } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface VolumeShape {
  metadata?: { annotations?: Record<string, string> };
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string } | null;
    storageClassName?: string | null;
    volumeAttributesClassName?: string | null;
    volumeMode?: string | null;
    volumeName?: string;
    resources?: { requests?: Record<string, string> };
  };
  status?: { phase?: string; reason?: string; accessModes?: string[]; capacity?: Record<string, string> };
}

const betaStorageClass = 'volume.beta.kubernetes.io/storage-class';

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const has = new Set(modes ?? []);
  const short: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([m]) => has.has(m)).map(([, s]) => s).join(',');
}

/** Quantity.String(); a missing amount is the zero Quantity, "0". */
export function quantityString(v: string | undefined): string {
  const q = v === undefined ? undefined : tryParseQuantity(String(v));
  return q ? formatQuantity(q) : '0';
}

/** GetPersistentVolume(Claim)Class: the beta annotation first, then spec.storageClassName. */
function storageClass(o: VolumeShape): string {
  const ann = o.metadata?.annotations?.[betaStorageClass];
  if (ann !== undefined) return ann;
  return o.spec?.storageClassName ?? '';
}

function phaseOf(obj: object, o: VolumeShape): string {
  return meta(obj).deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '');
}

const unset = (v: string | null | undefined): string => (v === undefined || v === null ? '<unset>' : v);

function printPersistentVolume(obj: object, ctx: PrintContext): PrintedRow {
  const pv = obj as VolumeShape;
  const ref = pv.spec?.claimRef;
  const claim = ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '';
  return {
    cells: [
      nameOf(obj), quantityString(pv.spec?.capacity?.storage), accessModesString(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '', phaseOf(obj, pv), claim, storageClass(pv),
      unset(pv.spec?.volumeAttributesClassName), pv.status?.reason ?? '', age(obj, ctx), unset(pv.spec?.volumeMode),
    ],
  };
}

function printPersistentVolumeClaim(obj: object, ctx: PrintContext): PrintedRow {
  const pvc = obj as VolumeShape;
  const volume = pvc.spec?.volumeName ?? '';
  const bound = volume !== '';
  return {
    cells: [
      nameOf(obj), phaseOf(obj, pvc), volume, bound ? quantityString(pvc.status?.capacity?.storage) : '',
      bound ? accessModesString(pvc.status?.accessModes) : '', storageClass(pvc),
      unset(pvc.spec?.volumeAttributesClassName), age(obj, ctx), unset(pvc.spec?.volumeMode),
    ],
  };
}

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn,
    column('Capacity', "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
    column('Access Modes', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
    column('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming'),
    column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase'),
    column('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding'),
    column('StorageClass', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn,
    column('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', { priority: 1 }),
  ],
  print: printPersistentVolume,
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1'),
    column('StorageClass', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    column('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', { priority: 1 }),
  ],
  print: printPersistentVolumeClaim,
};
