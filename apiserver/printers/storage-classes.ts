// Printers for the storage.k8s.io kinds (StorageClass, CSIDriver, CSINode, CSIStorageCapacity,
// VolumeAttachment) and node.k8s.io RuntimeClass, with kube-apiserver's columns and cells.

import { formatQuantity, tryParseQuantity } from '../../apimachinery/quantity.js';
import { age, ageColumn, column, meta, nameColumn, nameOf } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** storageutil.IsDefaultAnnotation: either the GA or the beta annotation says "true". */
export function isDefaultStorageClass(obj: object): boolean {
  const annotations = (meta(obj) as { annotations?: Record<string, string> }).annotations ?? {};
  return defaultClassAnnotations.some((a) => annotations[a] === 'true');
}

interface StorageClassShape {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

function printStorageClass(obj: object, ctx: PrintContext): PrintedRow {
  const sc = obj as StorageClassShape;
  const name = isDefaultStorageClass(obj) ? `${nameOf(obj)} (default)` : nameOf(obj);
  return {
    cells: [name, sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate', sc.allowVolumeExpansion ?? false, age(obj, ctx)],
  };
}

interface CSIDriverShape {
  spec?: {
    attachRequired?: boolean;
    podInfoOnMount?: boolean;
    storageCapacity?: boolean;
    tokenRequests?: { audience?: string }[] | null;
    requiresRepublish?: boolean;
    volumeLifecycleModes?: string[];
  };
}

function printCSIDriver(obj: object, ctx: PrintContext): PrintedRow {
  const spec = (obj as CSIDriverShape).spec ?? {};
  const modes = (spec.volumeLifecycleModes ?? []).join(',') || '<none>';
  const tokenRequests = spec.tokenRequests ? spec.tokenRequests.map((t) => t.audience ?? '').join(',') : '<unset>';
  return {
    cells: [
      nameOf(obj),
      spec.attachRequired ?? true,
      spec.podInfoOnMount ?? false,
      spec.storageCapacity ?? false,
      tokenRequests,
      spec.requiresRepublish ?? false,
      modes,
      age(obj, ctx),
    ],
  };
}

function printCSINode(obj: object, ctx: PrintContext): PrintedRow {
  const drivers = (obj as { spec?: { drivers?: unknown[] } }).spec?.drivers ?? [];
  return { cells: [nameOf(obj), drivers.length, age(obj, ctx)] };
}

function printCSIStorageCapacity(obj: object): PrintedRow {
  const c = obj as { storageClassName?: string; capacity?: string };
  const q = c.capacity !== undefined ? tryParseQuantity(c.capacity) : undefined;
  return { cells: [nameOf(obj), c.storageClassName ?? '', q ? formatQuantity(q) : '<unset>'] };
}

interface VolumeAttachmentShape {
  spec?: { attacher?: string; nodeName?: string; source?: { persistentVolumeName?: string } };
  status?: { attached?: boolean };
}

function printVolumeAttachment(obj: object, ctx: PrintContext): PrintedRow {
  const va = obj as VolumeAttachmentShape;
  return {
    cells: [nameOf(obj), va.spec?.attacher ?? '', va.spec?.source?.persistentVolumeName ?? '', va.spec?.nodeName ?? '', va.status?.attached ?? false, age(obj, ctx)],
  };
}

function printRuntimeClass(obj: object, ctx: PrintContext): PrintedRow {
  return { cells: [nameOf(obj), (obj as { handler?: string }).handler ?? '', age(obj, ctx)] };
}

export const storageClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Provisioner', 'provisioner indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    column('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
    column('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageColumn,
  ],
  print: printStorageClass,
};

export const csiDriverPrinter: Printer = {
  columns: [
    nameColumn,
    column('AttachRequired', 'attachRequired indicates this CSI volume driver requires an attach operation (because it implements the CSI ControllerPublishVolume() method), and that the Kubernetes attach detach controller should call the attach volume interface which checks the volumeattachment status and waits until the volume is attached before proceeding to mounting.', { type: 'boolean' }),
    column('PodInfoOnMount', 'podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations, if set to true.', { type: 'boolean' }),
    column('StorageCapacity', 'storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report by creating CSIStorageCapacity objects with capacity information, if set to true.', { type: 'boolean' }),
    column('TokenRequests', 'tokenRequests indicates the CSI driver needs pods\' service account tokens it is mounting volume for to do necessary authentication.'),
    column('RequiresRepublish', 'requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume.', { type: 'boolean' }),
    column('Modes', 'volumeLifecycleModes defines what kind of volumes this CSI volume driver supports.'),
    ageColumn,
  ],
  print: printCSIDriver,
};

export const csiNodePrinter: Printer = {
  columns: [nameColumn, column('Drivers', 'Drivers indicates the number of CSI drivers registered on the node', { type: 'integer' }), ageColumn],
  print: printCSINode,
};

export const csiStorageCapacityPrinter: Printer = {
  columns: [
    nameColumn,
    column('StorageClassName', 'storageClassName represents the name of the StorageClass that the reported capacity applies to.'),
    column('Capacity', 'capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields.'),
  ],
  print: printCSIStorageCapacity,
};

export const volumeAttachmentPrinter: Printer = {
  columns: [
    nameColumn,
    column('Attacher', 'attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName().', { format: 'name' }),
    column('PV', 'persistentVolumeName represents the name of the persistent volume to attach.'),
    column('Node', 'nodeName represents the node that the volume should be attached to.'),
    column('Attached', 'attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher.', { type: 'boolean' }),
    ageColumn,
  ],
  print: printVolumeAttachment,
};

export const runtimeClassPrinter: Printer = {
  columns: [nameColumn, column('Handler', 'handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.'), ageColumn],
  print: printRuntimeClass,
};
