// A resource served in several versions or groups: the catalogue entries the modules' `versions`
// add, and the lookups that resolve them to the storage version's module, conversion, printer and
// field selector labels.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { fieldMatcher, parseFieldSelector } from '../../apimachinery/fields.js';
import type { Obj } from '../../apimachinery/objects.js';
import { conversionFor, fieldLabelsFor, findByKind, findResource, moduleFor, printerFor, toServed, toStorage } from './resources.js';

const hpaV1 = findResource('autoscaling', 'v1', 'horizontalpodautoscalers')!;
const hpaV2 = findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!;
const eventsV1 = findResource('events.k8s.io', 'v1', 'events')!;
const coreEvents = findResource('', 'v1', 'events')!;

describe('served versions in the catalogue', () => {
  it('adds an entry per other served version, pointing at its storage version', () => {
    expect(hpaV2.storageVersion).toBeUndefined();
    expect(hpaV1).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ['all'], storageVersion: { group: 'autoscaling', version: 'v2' } });
    expect(eventsV1).toMatchObject({ group: 'events.k8s.io', version: 'v1', kind: 'Event', shortNames: ['ev'], storageVersion: { group: '', version: 'v1' } });
    expect(findByKind('events.k8s.io/v1', 'Event')).toBe(eventsV1);
    expect(findByKind('v1', 'Event')).toBe(coreEvents);
  });

  it('resolves every version to the storage version\'s module; only other versions convert', () => {
    expect(moduleFor(hpaV1)).toBe(moduleFor(hpaV2));
    expect(moduleFor(eventsV1)).toBe(moduleFor(coreEvents));
    expect(conversionFor(hpaV2)).toBeUndefined();
    expect(conversionFor(hpaV1)?.storage).toBe(hpaV2);
    expect(conversionFor(eventsV1)?.storage).toBe(coreEvents);
  });

  it('converts to the storage form and back with the right apiVersion and kind', () => {
    const stored = toStorage(eventsV1, { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, note: 'n', regarding: { kind: 'Pod' } });
    expect(stored).toMatchObject({ apiVersion: 'v1', kind: 'Event', message: 'n', involvedObject: { kind: 'Pod' } });
    expect(toServed(eventsV1, stored)).toMatchObject({ apiVersion: 'events.k8s.io/v1', kind: 'Event', note: 'n', regarding: { kind: 'Pod' } });
    const same: Obj = { metadata: {} };
    expect(toServed(coreEvents, same)).toBe(same);
  });

  it('prints another version\'s objects with the storage version\'s printer, from the stored form', () => {
    const p = printerFor(eventsV1);
    expect(p.columns).toBe(printerFor(coreEvents).columns);
    const row = p.print({ metadata: { name: 'e' }, regarding: { kind: 'Pod', name: 'web' }, reason: 'R', note: 'hello', type: 'Normal' }, { now: new Date() });
    expect(row.cells.slice(1, 4)).toEqual(['Normal', 'R', 'pod/web']);
    expect(row.cells[6]).toBe('hello');
  });

  it('selects fields by the version\'s labels, read from the stored form; the storage version\'s labels are refused', () => {
    const stored: Obj = { metadata: { name: 'e', namespace: 'd' }, involvedObject: { kind: 'Pod', name: 'web' }, reportingComponent: 'kubelet' };
    const labels = fieldLabelsFor(eventsV1);
    expect(fieldMatcher(labels, parseFieldSelector('regarding.name=web,reportingController=kubelet'))(stored)).toBe(true);
    expect(fieldMatcher(labels, parseFieldSelector('regarding.kind=Node'))(stored)).toBe(false);
    expect(() => fieldMatcher(labels, parseFieldSelector('involvedObject.name=web'))).toThrow(ApiError);
    expect(fieldLabelsFor(hpaV1)).toEqual({});
  });
});
