// Event recorder: writes core/v1 Events the way Kubernetes' recorder does. An event is
// `involvedObject` + reason + message + type + source.component; a repeat of the same event
// increments `count` and moves `lastTimestamp` on the existing object instead of creating a new one.
// Recording never blocks or fails the caller; write failures are logged. As client-go's
// EventSourceObjectSpamFilter, each source + involved object has a token bucket (burst 25, one more
// token every 5 minutes): a burst of 1000 pod creations writes 25 events, not 1000.
import type { CoreV1Event, KubernetesObject, V1ObjectReference } from '@kubernetes/client-node';
import type { Logger } from '../log.js';
import { realClock, type Clock } from './clock.js';
import { errorMessage, isNotFound } from './errors.js';

export type EventType = 'Normal' | 'Warning';

/** Where events are written (a CoreV1Api adapter in production, an array in tests). */
export interface EventSink {
  create(namespace: string, ev: CoreV1Event): Promise<CoreV1Event>;
  /** Merge-patches count / lastTimestamp / message of an existing event. */
  patch(namespace: string, name: string, patch: { count: number; lastTimestamp: string; message?: string }): Promise<CoreV1Event>;
}

export interface EventRecorder {
  event(ref: V1ObjectReference, type: EventType, reason: string, message: string): void;
}

/** The object reference of an informer object (lists carry no kind, so it is passed in). */
export function objectReference(obj: KubernetesObject, apiVersion: string, kind: string): V1ObjectReference {
  const m = obj.metadata ?? {};
  return {
    apiVersion,
    kind,
    name: m.name,
    namespace: m.namespace || undefined,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
  };
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  first: Date;
}

export interface RecorderOptions {
  component: string;
  host?: string;
  sink: EventSink;
  logger: Logger;
  clock?: Clock;
  /** How many distinct events to remember for aggregation. */
  cacheSize?: number;
  /** Spam filter: events per source + object before throttling (default 25). */
  spamBurst?: number;
  /** Spam filter: milliseconds per refilled token (default 300 000: 1 per 5 minutes). */
  spamRefillMs?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** RFC 3339 with seconds, as metav1.Time serialises. */
function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export class Recorder implements EventRecorder {
  private readonly seen = new Map<string, Seen>();
  /** Per aggregation key, the tail of its write chain (so repeats patch, not race-create). */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: Clock;
  private readonly cacheSize: number;

  constructor(private readonly opts: RecorderOptions) {
    this.clock = opts.clock ?? realClock;
    this.cacheSize = opts.cacheSize ?? 4096;
  }

  event(ref: V1ObjectReference, type: EventType, reason: string, message: string): void {
    if (!this.allow(ref)) {
      this.opts.logger.debug({ reason, object: `${ref.namespace ?? ''}/${ref.name}` }, 'event dropped by the spam filter');
      return;
    }
    const aggKey = [this.opts.component, this.opts.host ?? '', ref.kind, ref.namespace ?? '', ref.name, ref.uid ?? '', ref.apiVersion ?? '', type, reason, message].join('\u0000');
    const now = new Date(this.clock.now());
    const prev = this.chains.get(aggKey) ?? Promise.resolve();
    const next = prev.then(() => this.write(aggKey, ref, type, reason, message, now));
    this.chains.set(aggKey, next);
    void next.finally(() => {
      if (this.chains.get(aggKey) === next) this.chains.delete(aggKey);
    });
  }

  /** Takes a token from the source + object's bucket (refilled at one per spamRefillMs). */
  private allow(ref: V1ObjectReference): boolean {
    const burst = this.opts.spamBurst ?? 25;
    const refill = this.opts.spamRefillMs ?? 300_000;
    const key = [this.opts.component, this.opts.host ?? '', ref.kind, ref.namespace ?? '', ref.name, ref.uid ?? '', ref.apiVersion ?? ''].join('\u0000');
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    const refilled = Math.floor((now - b.at) / refill);
    if (refilled > 0) {
      b.tokens = Math.min(burst, b.tokens + refilled);
      b.at = b.tokens === burst ? now : b.at + refilled * refill;
    }
    this.buckets.delete(key);
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    if (b.tokens === burst) b.at = now; // a full bucket starts refilling from its first use
    b.tokens--;
    this.buckets.set(key, b);
    while (this.buckets.size > this.cacheSize) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    return true;
  }

  /** Waits for every queued write (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private async write(aggKey: string, ref: V1ObjectReference, type: EventType, reason: string, message: string, now: Date): Promise<void> {
    const namespace = ref.namespace || 'default';
    const prior = this.seen.get(aggKey);
    try {
      if (prior) {
        try {
          await this.opts.sink.patch(prior.namespace, prior.name, { count: prior.count + 1, lastTimestamp: rfc3339(now) });
          prior.count++;
          this.touch(aggKey, prior);
          return;
        } catch (err) {
          if (!isNotFound(err)) throw err;
          this.seen.delete(aggKey); // the event expired (TTL); start a new one
        }
      }
      const name = `${ref.name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`;
      const ev: CoreV1Event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: ref,
        reason,
        message,
        type,
        source: { component: this.opts.component, host: this.opts.host },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        reportingComponent: this.opts.component,
        reportingInstance: this.opts.host ?? '',
      };
      await this.opts.sink.create(namespace, ev);
      this.touch(aggKey, { name, namespace, count: 1, first: now });
    } catch (err) {
      this.opts.logger.warn({ err: errorMessage(err), reason, object: `${namespace}/${ref.name}` }, 'could not write event');
    }
  }

  private touch(key: string, s: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, s);
    while (this.seen.size > this.cacheSize) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
  }
}

/** A recorder that keeps events in memory (tests). */
export class FakeRecorder implements EventRecorder {
  readonly events: Array<{ ref: V1ObjectReference; type: EventType; reason: string; message: string }> = [];

  event(ref: V1ObjectReference, type: EventType, reason: string, message: string): void {
    this.events.push({ ref, type, reason, message });
  }

  /** `Type Reason Message` lines, as `kubectl describe` shows them. */
  lines(): string[] {
    return this.events.map((e) => `${e.type} ${e.reason} ${e.message}`);
  }
}
