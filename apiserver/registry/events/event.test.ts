// events.k8s.io/v1 <-> core/v1 Event conversion and the events.k8s.io validation, without a server.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { eventFromV1, eventToV1, validateEventV1, validateEventV1Update } from './event.js';

const t = '2026-01-01T00:00:00.000000Z';
const v1: Obj = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'e', namespace: 'default' },
  eventTime: t,
  series: { count: 2, lastObservedTime: t },
  reportingController: 'example.com/c',
  reportingInstance: 'c-1',
  action: 'Act',
  reason: 'Why',
  regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
  related: { kind: 'Node', name: 'n' },
  note: 'hello',
  type: 'Warning',
};

describe('events.k8s.io/v1 <-> core/v1 (pkg/apis/events/v1/conversion.go)', () => {
  it('renames the fields into the stored core form and back', () => {
    const core = eventFromV1(v1);
    expect(core).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: v1.metadata,
      involvedObject: v1.regarding,
      reason: 'Why',
      message: 'hello',
      type: 'Warning',
      eventTime: t,
      series: v1.series,
      action: 'Act',
      related: v1.related,
      reportingComponent: 'example.com/c',
      reportingInstance: 'c-1',
    });
    expect(eventToV1(core)).toEqual({ ...v1, deprecatedSource: {}, deprecatedFirstTimestamp: null, deprecatedLastTimestamp: null });
  });

  it('shows a legacy core Event with its deprecated fields', () => {
    const legacy: Obj = { metadata: { name: 'l' }, involvedObject: { kind: 'Pod' }, source: { component: 'kubelet' }, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:01Z', count: 3, message: 'm' };
    expect(eventToV1(legacy)).toEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'l' },
      eventTime: null,
      regarding: { kind: 'Pod' },
      note: 'm',
      deprecatedSource: { component: 'kubelet' },
      deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T00:00:01Z',
      deprecatedCount: 3,
    });
  });
});

describe('events.k8s.io/v1 validation (pkg/apis/core/validation/events.go)', () => {
  const core = eventFromV1(v1);
  const msgs = (errs: { field: string; message: string }[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);

  it.each<[string, Obj, string[]]>([
    ['valid', {}, []],
    ['no eventTime (legacy rules), no action', { eventTime: undefined, action: undefined }, ['eventTime: Required value']],
    ['required strings', { reportingComponent: '', reportingInstance: undefined, action: '', reason: '' }, [
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]],
    ['deprecated fields set', { firstTimestamp: t, count: 2, source: { component: 'x' } }, [
      'firstTimestamp: Invalid value: "": needs to be unset',
      'count: Invalid value: "": needs to be unset',
      'source: Invalid value: "": needs to be unset',
    ]],
    ['a bad type and series', { type: 'Fatal', series: { count: 1 } }, [
      'series.count: Invalid value: "": should be at least 2',
      'series.lastObservedTime: Required value',
      'type: Invalid value: "": has invalid value: Fatal',
    ]],
    ['another namespace regarded', { involvedObject: { kind: 'Pod', name: 'p' }, metadata: { name: 'e', namespace: 'team' } }, ['involvedObject.namespace: Invalid value: "": does not match event.namespace']],
  ])('create: %s', (_name, change, want) => {
    expect(msgs(validateEventV1({ ...core, ...change }))).toEqual(want);
  });

  it('lets an update change only the series', () => {
    expect(validateEventV1Update({ ...core, series: { count: 3, lastObservedTime: t } }, core)).toEqual([]);
    expect(msgs(validateEventV1Update({ ...core, message: 'x', involvedObject: { kind: 'Pod', name: 'q', namespace: 'default' }, eventTime: '2026-01-02T03:04:05.500000Z' }, core))).toEqual([
      'involvedObject: Invalid value: core.ObjectReference{Kind:"Pod", Namespace:"default", Name:"q", UID:"", APIVersion:"", ResourceVersion:"", FieldPath:""}: field is immutable',
      'message: Invalid value: "x": field is immutable',
      'eventTime: Invalid value: 2026-01-02 03:04:05.5 +0000 UTC: field is immutable',
    ]);
  });
});
