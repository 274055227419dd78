// VolumeAttachments: which CSI attacher attaches which volume to which node. The spec is fixed once
// created; the attach/detach status is the external attacher's, written through /status.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { isDNS1123Subdomain } from '../../../apimachinery/validation.js';
import { volumeAttachmentPrinter } from '../../printers/storage-classes.js';
import { defineResource } from '../strategy/define.js';
import { objAt } from '../strategy/util.js';
import { csiDriverNameErrors } from './csidriver-name.js';

const maxMetadataBytes = 256 * 1024;
const maxErrorMessage = 1024;
const exactlyOne = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';

function validateStatus(status: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const size = Object.entries(objAt(status.attachmentMetadata)).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
  if (size > maxMetadataBytes) errs.push(fe.tooLong('status.attachmentMetadata', maxMetadataBytes));
  for (const key of ['attachError', 'detachError']) {
    const e = objAt(status[key]);
    if (typeof e.message === 'string' && e.message.length > maxErrorMessage) errs.push(fe.tooLong(`status.${key}.message`, maxMetadataBytes));
    if (typeof e.errorCode === 'number' && e.errorCode < 0)
      errs.push(fe.invalid(`status.${key}.errorCode`, e.errorCode, 'must be between 0 and 2147483647, inclusive'));
  }
  return errs;
}

function validate(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const errs: FieldError[] = [];
  const attacher = typeof spec.attacher === 'string' ? spec.attacher : '';
  if (attacher === '') errs.push(fe.required('spec.attacher'));
  const source = objAt(spec.source);
  const pv = source.persistentVolumeName;
  const hasPV = typeof pv === 'string';
  const hasInline = isObj(source.inlineVolumeSpec);
  if (!hasPV && !hasInline) errs.push(fe.required('spec.source', exactlyOne));
  else if (hasPV && hasInline) errs.push(fe.forbidden('spec.source', exactlyOne));
  else if (hasPV && pv === '') errs.push(fe.required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'));
  const node = typeof spec.nodeName === 'string' ? spec.nodeName : '';
  for (const m of isDNS1123Subdomain(node)) errs.push(fe.invalid('spec.nodeName', node, m));
  errs.push(...validateStatus(objAt(o.status)));
  // The v1-only checks (ValidateVolumeAttachmentV1).
  errs.push(...csiDriverNameErrors(attacher, 'spec.attacher'));
  if (hasPV) for (const m of isDNS1123Subdomain(pv)) errs.push(fe.invalid('spec.source.persistentVolumeName', pv, m));
  return errs;
}

export const volumeattachments = defineResource({
  group: 'storage.k8s.io', version: 'v1', kind: 'VolumeAttachment', plural: 'volumeattachments', namespaced: false,
  prepareForCreate(o) {
    o.status = { attached: false };
  },
  validate,
  validateUpdate(o, old) {
    // Go prints the whole VolumeAttachmentSpec struct here; its JSON stands in for it.
    return jsonEqual(o.spec, old.spec) ? [] : [fe.invalid('spec', o.spec, 'field is immutable')];
  },
  printer: volumeAttachmentPrinter,
  subresources: { status: { type: 'status' } },
});
