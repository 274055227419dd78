// events.k8s.io/v1 Events: the core/v1 Events in storage, served in the events.k8s.io form
// (pkg/apis/events/v1/conversion.go: regarding <-> involvedObject, note <-> message,
// reportingController <-> reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count
// <-> source/firstTimestamp/lastTimestamp/count) and validated as Kubernetes validates writes made
// through events.k8s.io/v1 (pkg/apis/core/validation/events.go): the legacy checks, then the strict
// ones; an update may change only the series. Field paths are the stored (core) names, as there.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, clone, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { isDNS1123Subdomain, isQualifiedName } from '../../../apimachinery/validation.js';
import type { ServedVersion } from '../strategy/types.js';
import { compact, objAt } from '../strategy/util.js';

const orNull = (v: unknown): unknown => (v === undefined ? null : v);
const unlessNull = (v: unknown): unknown => (v === null ? undefined : v);

/** The events.k8s.io/v1 form of a stored core/v1 Event. Timestamps and references Go always serialises appear as null / {}. */
export function eventToV1(stored: Obj): Obj {
  const e = clone(stored);
  return compact({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: orNull(e.eventTime),
    series: e.series ?? undefined,
    reportingController: e.reportingComponent || undefined,
    reportingInstance: e.reportingInstance || undefined,
    action: e.action || undefined,
    reason: e.reason || undefined,
    regarding: e.involvedObject ?? {},
    related: e.related ?? undefined,
    note: e.message || undefined,
    type: e.type || undefined,
    deprecatedSource: e.source ?? {},
    deprecatedFirstTimestamp: orNull(e.firstTimestamp),
    deprecatedLastTimestamp: orNull(e.lastTimestamp),
    deprecatedCount: e.count || undefined,
  });
}

/** The stored core/v1 form of an events.k8s.io/v1 Event. */
export function eventFromV1(v1: Obj): Obj {
  const e = clone(v1);
  return compact({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source: isObj(e.deprecatedSource) && Object.keys(e.deprecatedSource).length > 0 ? e.deprecatedSource : undefined,
    firstTimestamp: unlessNull(e.deprecatedFirstTimestamp),
    lastTimestamp: unlessNull(e.deprecatedLastTimestamp),
    count: e.deprecatedCount,
    type: e.type,
    eventTime: unlessNull(e.eventTime),
    series: unlessNull(e.series),
    action: e.action,
    related: unlessNull(e.related),
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const set = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
const invalidOmitted = (field: string, detail: string): FieldError => ({ field, type: 'FieldValueInvalid', message: `Invalid value: "": ${detail}` });

/** legacyValidateEvent: what every Event write must pass, in the stored form. */
function legacyValidate(e: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(objAt(e.metadata).namespace);
  const involvedNs = str(objAt(e.involvedObject).namespace);
  const mismatch = (): FieldError => fe.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace');
  if (!set(e.eventTime)) {
    if (involvedNs === '' ? ns !== '' && ns !== 'default' : ns !== involvedNs) errs.push(mismatch());
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch());
    const controller = str(e.reportingComponent);
    if (controller === '') errs.push(fe.required('reportingController'));
    for (const msg of isQualifiedName(controller)) errs.push(fe.invalid('reportingController', controller, msg));
    const instance = str(e.reportingInstance);
    if (instance === '') errs.push(fe.required('reportingInstance'));
    if (instance.length > 128) errs.push(invalidOmitted('reportingInstance', 'can have at most 128 characters'));
    const action = str(e.action);
    if (action === '') errs.push(fe.required('action'));
    if (action.length > 128) errs.push(invalidOmitted('action', 'can have at most 128 characters'));
    const reason = str(e.reason);
    if (reason === '') errs.push(fe.required('reason'));
    if (reason.length > 128) errs.push(invalidOmitted('reason', 'can have at most 128 characters'));
    if (str(e.message).length > 1024) errs.push(invalidOmitted('message', 'can have at most 1024 characters'));
  }
  for (const msg of isDNS1123Subdomain(ns)) errs.push(fe.invalid('namespace', ns, msg));
  return errs;
}

function validateSeries(e: Obj): FieldError[] {
  if (!isObj(e.series)) return [];
  const errs: FieldError[] = [];
  if (!(typeof e.series.count === 'number' && e.series.count >= 2)) errs.push(invalidOmitted('series.count', 'should be at least 2'));
  if (!set(e.series.lastObservedTime)) errs.push(fe.required('series.lastObservedTime'));
  return errs;
}

/** ValidateEventCreate for events.k8s.io/v1 and newer: the legacy checks, then the strict ones. */
export function validateEventV1(e: Obj): FieldError[] {
  const errs = [...legacyValidate(e), ...validateSeries(e)];
  if (!set(e.eventTime)) errs.push(fe.required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalidOmitted('type', `has invalid value: ${str(e.type)}`));
  if (set(e.firstTimestamp)) errs.push(invalidOmitted('firstTimestamp', 'needs to be unset'));
  if (set(e.lastTimestamp)) errs.push(invalidOmitted('lastTimestamp', 'needs to be unset'));
  if (typeof e.count === 'number' && e.count !== 0) errs.push(invalidOmitted('count', 'needs to be unset'));
  const source = objAt(e.source);
  if (set(source.component) || set(source.host)) errs.push(invalidOmitted('source', 'needs to be unset'));
  return errs;
}

/** Go's time.Time String() of an RFC 3339 timestamp (metav1.Time and MicroTime print so in field errors). */
function goTime(v: unknown): string {
  if (typeof v !== 'string' || v === '') return '0001-01-01 00:00:00 +0000 UTC';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(v);
  if (!m) return v;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${frac ? '.' + frac : ''} +0000 UTC`;
}

/** Go's %#v of the internal ObjectReference / EventSource, as ValidateImmutableField prints them. */
function goRef(v: unknown): string {
  const r = objAt(v);
  const f = (k: string): string => JSON.stringify(str(r[k]));
  return `core.ObjectReference{Kind:${f('kind')}, Namespace:${f('namespace')}, Name:${f('name')}, UID:${f('uid')}, APIVersion:${f('apiVersion')}, ResourceVersion:${f('resourceVersion')}, FieldPath:${f('fieldPath')}}`;
}
const goSource = (v: unknown): string => `core.EventSource{Component:${JSON.stringify(str(objAt(v).component))}, Host:${JSON.stringify(str(objAt(v).host))}}`;

function immutable(field: string, a: unknown, b: unknown, shown: string): FieldError[] {
  const norm = (x: unknown): unknown => (x === undefined || x === null || x === '' ? undefined : x);
  return jsonEqual(norm(a), norm(b)) ? [] : [{ field, type: 'FieldValueInvalid', message: `Invalid value: ${shown}: field is immutable` }];
}

/** ValidateEventUpdate for events.k8s.io/v1: only the series (and metadata) may change. */
export function validateEventV1Update(e: Obj, old: Obj): FieldError[] {
  const errs = legacyValidate(e);
  if (!jsonEqual(e.series, old.series)) errs.push(...validateSeries(e));
  const q = (v: unknown): string => JSON.stringify(str(v));
  errs.push(
    ...immutable('involvedObject', e.involvedObject, old.involvedObject, goRef(e.involvedObject)),
    ...immutable('reason', e.reason, old.reason, q(e.reason)),
    ...immutable('message', e.message, old.message, q(e.message)),
    ...immutable('source', e.source, old.source, goSource(e.source)),
    ...immutable('firstTimestamp', e.firstTimestamp, old.firstTimestamp, goTime(e.firstTimestamp)),
    ...immutable('lastTimestamp', e.lastTimestamp, old.lastTimestamp, goTime(e.lastTimestamp)),
    ...immutable('count', e.count, old.count, String(typeof e.count === 'number' ? e.count : 0)),
    ...immutable('reason', e.reason, old.reason, q(e.reason)),
    ...immutable('type', e.type, old.type, q(e.type)),
    ...immutable('eventTime', e.eventTime, old.eventTime, goTime(e.eventTime)),
    ...immutable('action', e.action, old.action, q(e.action)),
    ...immutable('related', e.related, old.related, isObj(e.related) ? goRef(e.related) : 'null'),
    ...immutable('reportingController', e.reportingComponent, old.reportingComponent, q(e.reportingComponent)),
    ...immutable('reportingInstance', e.reportingInstance, old.reportingInstance, q(e.reportingInstance)),
  );
  return errs;
}

/** events.k8s.io/v1 field selectors (its EventToSelectableFields), each read from core's label of the same field. */
const eventsV1FieldLabels: Record<string, string> = {
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reason: 'reason',
  reportingController: 'reportingComponent',
  source: 'source',
  type: 'type',
};

/** events.k8s.io/v1: the core/v1 Events module's other served group. */
export const eventsV1: ServedVersion = {
  group: 'events.k8s.io',
  version: 'v1',
  toStorage: eventFromV1,
  fromStorage: eventToV1,
  validate: validateEventV1,
  validateUpdate: validateEventV1Update,
  fieldLabels: eventsV1FieldLabels,
};
