// Shared pieces of kubectl's describe output: multi-line labels and annotations, Go's RFC1123Z
// times, events for an object, and the object shapes the describers read.
import { timestampSince } from '../../apimachinery/duration.js';
import type { Session } from '../cli-runtime/session.js';
import type { TabWriter } from './gotab.js';

export type Obj = Record<string, unknown>;
export interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
}
export interface KObj {
  metadata: Meta;
  spec?: Obj;
  status?: Obj;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z ("Mon, 02 Jan 2006 15:04:05 -0700") in the local zone. */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  const d = new Date(ts);
  const p = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${DAYS[d.getDay()]}, ${p(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
}

/** `Title:\tk=v` then `\tk2=v2` lines, sorted; `<none>` when empty. */
export function writeMap(w: TabWriter, level: number, title: string, m: Record<string, string> | undefined, sep = '=', skip: string[] = []): void {
  const keys = Object.keys(m ?? {}).filter((k) => !skip.includes(k)).sort();
  w.line(level, `${title}:\t`);
  if (keys.length === 0) {
    w.write('<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write('\t');
    let v = m?.[k] ?? '';
    if (sep === ': ' && v.length > 140) v = v.slice(0, 140) + '...';
    w.write(`${k}${sep}${v}\n`);
  });
}

export function writeLabels(w: TabWriter, level: number, labels: Record<string, string> | undefined, title = 'Labels'): void {
  writeMap(w, level, title, labels);
}

export function writeAnnotations(w: TabWriter, level: number, annotations: Record<string, string> | undefined): void {
  writeMap(w, level, 'Annotations', annotations, ': ', [LAST_APPLIED]);
}

/** A core/v1 Event, as describe's Events section and `kubectl events` read it. */
export interface CoreEvent {
  metadata: { namespace?: string; creationTimestamp?: string };
  involvedObject: { kind?: string; name?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

/** The object's events (core/v1, by involvedObject), oldest first, as kubectl fetches them. */
export async function eventsFor(s: Session, o: KObj, kind?: string): Promise<CoreEvent[]> {
  const md = o.metadata;
  const ns = md.namespace ?? 'default';
  const sel = [`involvedObject.name=${md.name}`, `involvedObject.namespace=${md.namespace ?? ''}`];
  if (kind) sel.push(`involvedObject.kind=${kind}`);
  if (md.uid) sel.push(`involvedObject.uid=${md.uid}`);
  const path = md.namespace ? `/api/v1/namespaces/${encodeURIComponent(ns)}/events` : '/api/v1/events';
  const list = await s.rest.json<{ items?: CoreEvent[] }>(path, { query: { fieldSelector: sel.join(',') } });
  const when = (e: CoreEvent): number => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '') || 0;
  return [...(list.items ?? [])].sort((a, b) => when(a) - when(b));
}

export function writeEvents(w: TabWriter, events: CoreEvent[], now = new Date()): void {
  if (events.length === 0) {
    w.write('Events:\t<none>\n');
    return;
  }
  w.write('Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.line(1, '----\t------\t----\t----\t-------\n');
  for (const e of events) {
    const first = e.firstTimestamp ? timestampSince(e.firstTimestamp, now) : timestampSince(e.eventTime ?? e.metadata?.creationTimestamp, now);
    const interval = (e.count ?? 0) > 1 ? `${timestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
    const source = e.source?.component || e.reportingComponent || '';
    w.line(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

export function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** `Kind/name` of the controlling owner, if any. */
export function controlledBy(md: Meta): string | undefined {
  const c = md.ownerReferences?.find((r) => r.controller);
  return c ? `${c.kind}/${c.name}` : undefined;
}
