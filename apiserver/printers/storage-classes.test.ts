import { describe, expect, it } from 'vitest';
import { csiDriverPrinter, csiNodePrinter, csiStorageCapacityPrinter, runtimeClassPrinter, storageClassPrinter, volumeAttachmentPrinter } from './storage-classes.js';

const now = new Date('2026-01-01T12:00:00Z');
const created = '2026-01-01T11:00:00Z';
const meta = (annotations?: Record<string, string>) => ({ name: 'x', creationTimestamp: created, annotations });

describe('storage printers', () => {
  it.each<[string, Record<string, string> | undefined, object, (string | boolean)[]]>([
    ['defaults when unset', undefined, { provisioner: 'example.com/ssd' }, ['x', 'example.com/ssd', 'Delete', 'Immediate', false, '60m']],
    ['the default class', { 'storageclass.kubernetes.io/is-default-class': 'true' }, { provisioner: 'p.io/x', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true }, ['x (default)', 'p.io/x', 'Retain', 'WaitForFirstConsumer', true, '60m']],
    ['the beta default annotation', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' }, { provisioner: 'p.io/x' }, ['x (default)', 'p.io/x', 'Delete', 'Immediate', false, '60m']],
    ['an annotation that is not "true"', { 'storageclass.kubernetes.io/is-default-class': 'false' }, { provisioner: 'p.io/x' }, ['x', 'p.io/x', 'Delete', 'Immediate', false, '60m']],
  ])('storage class: %s', (_n, annotations, sc, cells) => {
    expect(storageClassPrinter.print({ metadata: meta(annotations), ...sc }, { now }).cells).toEqual(cells);
  });

  it.each<[string, object, (string | boolean)[]]>([
    ['defaulted', { attachRequired: true, podInfoOnMount: false, storageCapacity: false, requiresRepublish: false, volumeLifecycleModes: ['Persistent'] }, ['x', true, false, false, '<unset>', false, 'Persistent', '60m']],
    ['token requests and both modes', { attachRequired: false, podInfoOnMount: true, storageCapacity: true, tokenRequests: [{ audience: 'a' }, { audience: 'b' }], requiresRepublish: true, volumeLifecycleModes: ['Persistent', 'Ephemeral'] }, ['x', false, true, true, 'a,b', true, 'Persistent,Ephemeral', '60m']],
    ['nothing set', {}, ['x', true, false, false, '<unset>', false, '<none>', '60m']],
  ])('csi driver: %s', (_n, spec, cells) => {
    expect(csiDriverPrinter.print({ metadata: meta(), spec }, { now }).cells).toEqual(cells);
  });

  it('csi node counts drivers', () => {
    expect(csiNodePrinter.print({ metadata: meta(), spec: { drivers: [{ name: 'a' }, { name: 'b' }] } }, { now }).cells).toEqual(['x', 2, '60m']);
  });

  it.each<[string, object, string[]]>([
    ['with capacity', { storageClassName: 'fast', capacity: '1.5Gi' }, ['x', 'fast', '1536Mi']],
    ['without capacity', { storageClassName: 'fast' }, ['x', 'fast', '<unset>']],
  ])('csi storage capacity: %s (no age column)', (_n, o, cells) => {
    expect(csiStorageCapacityPrinter.print({ metadata: meta(), ...o }, { now }).cells).toEqual(cells);
  });

  it.each<[string, object, (string | boolean)[]]>([
    ['attached', { spec: { attacher: 'csi.io', nodeName: 'n1', source: { persistentVolumeName: 'pv1' } }, status: { attached: true } }, ['x', 'csi.io', 'pv1', 'n1', true, '60m']],
    ['inline volume, no status', { spec: { attacher: 'csi.io', nodeName: 'n1', source: { inlineVolumeSpec: {} } } }, ['x', 'csi.io', '', 'n1', false, '60m']],
  ])('volume attachment: %s', (_n, o, cells) => {
    expect(volumeAttachmentPrinter.print({ metadata: meta(), ...o }, { now }).cells).toEqual(cells);
  });

  it('runtime class prints its handler', () => {
    expect(runtimeClassPrinter.print({ metadata: meta(), handler: 'runc' }, { now }).cells).toEqual(['x', 'runc', '60m']);
  });
});
