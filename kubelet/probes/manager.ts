// Probe workers: one per running container and probe kind (startup, readiness, liveness). Each waits
// initialDelaySeconds after the container started, probes every periodSeconds, and flips its
// result only after successThreshold / failureThreshold consecutive outcomes. Readiness and
// liveness wait for the startup probe. Result changes call onChange(podUid) so the pod resyncs.
import type { V1Container, V1Probe } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import type { RuntimeService } from '../runtime/index.js';
import { runHandler, type ProbeOutcome, type ProbeTarget } from './prober.js';

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

export interface ProbeSubject {
  podUid: string;
  podIP?: string;
  containerId: string;
  container: V1Container;
  /** Milliseconds since the epoch when the container started. */
  startedAt: number;
}

export interface ProbeManagerOptions {
  runtime: RuntimeService;
  log: Logger;
  onChange: (podUid: string) => void;
  /** Every failed probe (the kubelet records an Unhealthy event with its output). */
  onFailure?: (s: ProbeSubject, kind: ProbeKind, output: string) => void;
  now?: () => number;
  /** Injectable for tests (defaults to runHandler). */
  run?: (probe: V1Probe, t: ProbeTarget) => Promise<ProbeOutcome>;
}

interface Worker {
  kind: ProbeKind;
  subject: ProbeSubject;
  probe: V1Probe;
  /** Current result: true = success. */
  result: boolean;
  streak: number;
  lastOutcome?: boolean;
  timer?: ReturnType<typeof setTimeout>;
  stopped: boolean;
  message: string;
}

const initialResult: Record<ProbeKind, boolean> = { startup: false, readiness: false, liveness: true };

export class ProbeManager {
  private readonly workers = new Map<string, Worker>();
  private readonly now: () => number;
  private readonly run: (probe: V1Probe, t: ProbeTarget) => Promise<ProbeOutcome>;

  constructor(private readonly o: ProbeManagerOptions) {
    this.now = o.now ?? Date.now;
    this.run = o.run ?? ((p, t) => runHandler(p, t, p.timeoutSeconds ?? 1));
  }

  /** Ensures workers for this running container (idempotent). */
  add(s: ProbeSubject): void {
    const probes: [ProbeKind, V1Probe | undefined][] = [
      ['startup', s.container.startupProbe], ['readiness', s.container.readinessProbe], ['liveness', s.container.livenessProbe],
    ];
    for (const [kind, probe] of probes) {
      if (!probe) continue;
      const key = `${s.containerId}/${kind}`;
      if (this.workers.has(key)) continue;
      const w: Worker = { kind, subject: s, probe, result: initialResult[kind], streak: 0, stopped: false, message: '' };
      this.workers.set(key, w);
      const delay = Math.max(0, s.startedAt + (probe.initialDelaySeconds ?? 0) * 1000 - this.now());
      w.timer = setTimeout(() => void this.tick(w), delay);
    }
  }

  /** Stops the workers of containers not in `keep` for this pod (or all with an empty set). */
  retain(podUid: string, keep: Set<string>): void {
    for (const [key, w] of this.workers) {
      if (w.subject.podUid === podUid && !keep.has(w.subject.containerId)) this.stop(key, w);
    }
  }

  removePod(podUid: string): void { this.retain(podUid, new Set()); }

  stopAll(): void {
    for (const [key, w] of this.workers) this.stop(key, w);
  }

  private stop(key: string, w: Worker): void {
    w.stopped = true;
    if (w.timer) clearTimeout(w.timer);
    this.workers.delete(key);
  }

  private get(containerId: string, kind: ProbeKind): Worker | undefined {
    return this.workers.get(`${containerId}/${kind}`);
  }

  /** started: no startup probe or it succeeded; ready: started and readiness passes (or none). */
  state(containerId: string, container: V1Container): { ready: boolean; started: boolean } {
    const started = !container.startupProbe || (this.get(containerId, 'startup')?.result ?? false);
    const ready = started && (!container.readinessProbe || (this.get(containerId, 'readiness')?.result ?? false));
    return { ready, started };
  }

  /** Why the container must be restarted (liveness or startup failure), or undefined. */
  failure(containerId: string, container: V1Container): string | undefined {
    const live = this.get(containerId, 'liveness');
    if (live && !live.result) return `Container ${container.name} failed liveness probe, will be restarted`;
    const start = this.get(containerId, 'startup');
    if (start && !start.result && start.streak >= (start.probe.failureThreshold ?? 3) && start.lastOutcome === false) {
      return `Container ${container.name} failed startup probe, will be restarted`;
    }
    return undefined;
  }

  private async tick(w: Worker): Promise<void> {
    if (w.stopped) return;
    const s = w.subject;
    const startupDone = w.kind === 'startup' || !s.container.startupProbe || (this.get(s.containerId, 'startup')?.result ?? false);
    if (startupDone) {
      const outcome = await this.run(w.probe, { runtime: this.o.runtime, containerId: s.containerId, container: s.container, podIP: s.podIP });
      if (w.stopped) return;
      if (!outcome.ok) this.o.onFailure?.(s, w.kind, outcome.output);
      this.record(w, outcome);
    }
    if (w.kind === 'startup' && w.result) return; // a startup probe stops once it succeeded
    w.timer = setTimeout(() => void this.tick(w), (w.probe.periodSeconds ?? 10) * 1000);
  }

  private record(w: Worker, outcome: ProbeOutcome): void {
    w.streak = w.lastOutcome === outcome.ok ? w.streak + 1 : 1;
    w.lastOutcome = outcome.ok;
    w.message = outcome.output;
    const threshold = outcome.ok ? (w.probe.successThreshold ?? 1) : (w.probe.failureThreshold ?? 3);
    const before = w.result;
    if (w.streak >= threshold) w.result = outcome.ok;
    const startupGaveUp = w.kind === 'startup' && !outcome.ok && w.streak === threshold;
    if (before !== w.result || startupGaveUp) {
      this.o.log.debug({ container: w.subject.container.name, probe: w.kind, result: w.result, output: outcome.output }, 'probe result changed');
      this.o.onChange(w.subject.podUid);
    }
  }
}
