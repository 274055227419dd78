// The core/v1 Event printer: LAST SEEN TYPE REASON OBJECT MESSAGE, with the wide SUBOBJECT, SOURCE,
// FIRST SEEN, COUNT and NAME columns in the real server's order.

import { timestampSince } from '../../apimachinery/duration.js';
import { column, nameColumn, nameDescription, nameOf } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface EventShape {
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string | null } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** formatEventSource: "component, host", falling back to reportingComponent / reportingInstance. */
export function eventSource(e: EventShape): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

function printEvent(obj: object, ctx: PrintContext): PrintedRow {
  const e = obj as EventShape;
  const first = e.firstTimestamp ? timestampSince(e.firstTimestamp, ctx.now) : timestampSince(e.eventTime, ctx.now);
  let last = e.lastTimestamp ? timestampSince(e.lastTimestamp, ctx.now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = timestampSince(e.series.lastObservedTime, ctx.now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the events.k8s.io API carry no count
  }
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
  return {
    cells: [
      last,
      e.type ?? '',
      e.reason ?? '',
      target,
      e.involvedObject?.fieldPath ?? '',
      eventSource(e),
      (e.message ?? '').trim(),
      first,
      count,
      nameOf(obj),
    ],
  };
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'The object that this event is about.'),
    column('Subobject', 'The part of the object the event is about, e.g. spec.containers{name}.', { priority: 1 }),
    column('Source', 'The component reporting this event.', { priority: 1 }),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'The time at which the event was first recorded.', { priority: 1 }),
    column('Count', 'The number of times this event has occurred.', { priority: 1 }),
    { ...nameColumn, description: nameDescription, priority: 1 },
  ],
  print: printEvent,
};
