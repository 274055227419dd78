// The scheduling loop: pop a pod, run the algorithm on a fresh snapshot, then either assume the pod
// on the chosen node and bind it in the background, or record the failure (event, pod condition,
// explanation, requeue). Everything it touches outside the process comes in through interfaces.
import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import type { SchedulerCache } from '../cache/cache.js';
import { podKey } from '../cache/pod-info.js';
import { Snapshot } from '../cache/snapshot.js';
import type { CycleState } from '../framework/cycle-state.js';
import { ERR_NO_NODES, fitErrorMessage } from '../framework/fit-error.js';
import type { Framework } from '../framework/framework.js';
import type { Status } from '../framework/status.js';
import type { PodActions } from '../framework/types.js';
import { compactString, EXPLAIN_ANNOTATION } from '../explain/compact.js';
import type { ExplainStore } from '../explain/store.js';
import type { Attempt } from '../explain/types.js';
import type { PodNominator } from '../queue/nominator.js';
import type { QueuedPodInfo, SchedulingQueue } from '../queue/queue.js';
import { buildAttempt, type AttemptFacts } from './attempt.js';
import { failureStatusPatch, type PodWriter } from './pod-status.js';
import type { PodScheduler } from './schedule-pod.js';
import type { SchedulerMetrics } from '../server/metrics.js';

export interface SchedulerDeps {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  frameworks: ReadonlyMap<string, Framework>;
  algorithm: PodScheduler;
  nominator: PodNominator;
  actions: PodActions;
  writer: PodWriter;
  explain: ExplainStore;
  logger: Logger;
  now?: () => number;
  /** Write the compact explanation annotation on failures (default true). */
  annotateFailures?: boolean;
  /**
   * Record explanations of successful attempts too (default true). Failures are always recorded:
   * their explanation is also the pod's annotation. Turning this off exists to measure its cost.
   */
  explainSuccesses?: boolean;
  /**
   * Binds allowed in flight at once (default 64). When reached, the loop waits before popping the
   * next pod, so pods wait in the queue rather than as thousands of outstanding API requests.
   */
  maxInFlightBinds?: number;
  /** scheduler_schedule_attempts_total and scheduler_scheduling_attempt_duration_seconds. */
  metrics?: Pick<SchedulerMetrics, 'observeAttempt'>;
}

interface Failure {
  message: string;
  error: boolean;
  plugins?: Iterable<string>;
  nominated?: string;
  attempt: Attempt;
}

export class Scheduler {
  readonly snapshot = new Snapshot();
  private readonly pending = new Set<Promise<void>>();
  private readonly now: () => number;
  private binds = 0;
  private bindSlotFreed?: () => void;

  constructor(private readonly d: SchedulerDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Waits while maxInFlightBinds binds are outstanding (or until `signal` aborts). */
  private async bindSlot(signal: AbortSignal): Promise<void> {
    const max = this.d.maxInFlightBinds ?? 64;
    while (this.binds >= max && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.bindSlotFreed = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  private bindFinished(): void {
    this.binds--;
    const f = this.bindSlotFreed;
    this.bindSlotFreed = undefined;
    f?.();
  }

  private track(p: Promise<void>): void {
    const q = p.catch((err: unknown) => this.d.logger.error({ err }, 'background scheduler write failed'));
    this.pending.add(q);
    void q.finally(() => this.pending.delete(q));
  }

  /** Resolves once every background bind and status write started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private schedulerNameOf(pod: V1Pod): string {
    return pod.spec?.schedulerName || 'default-scheduler';
  }

  /** One attempt for the next pod in the queue. */
  async scheduleOne(signal: AbortSignal): Promise<void> {
    const { queue, cache } = this.d;
    await this.bindSlot(signal);
    const info = await queue.pop(signal);
    const pod = info.pod;
    const key = info.key;
    const fw = this.d.frameworks.get(this.schedulerNameOf(pod));
    if (!fw || pod.metadata?.deletionTimestamp || cache.getPod(key)) {
      queue.done(key);
      return;
    }
    const cycle = queue.schedulingCycle;
    const start = this.now();
    cache.updateSnapshot(this.snapshot);
    const numNodes = this.snapshot.list.length;
    const base: AttemptFacts = { pod, schedulerName: fw.schedulerName, cycle, attempt: info.attempts, start, end: start, result: 'Unschedulable', numNodes, evaluated: 0, feasible: 0 };
    if (numNodes === 0) {
      const attempt = buildAttempt({ ...base, end: this.now(), message: ERR_NO_NODES });
      return this.fail(info, cycle, { message: ERR_NO_NODES, error: false, attempt });
    }
    const state = fw.newCycleState();
    const out = this.d.algorithm.schedulePod(fw, state, pod, this.snapshot);
    if (out.kind === 'error') {
      const message = out.status.message();
      const attempt = buildAttempt({ ...base, end: this.now(), result: 'Error', diagnosis: out.diagnosis, message });
      return this.fail(info, cycle, { message, error: true, attempt });
    }
    if (out.kind === 'unfit') {
      let postFilterMsg: string | undefined;
      let nominated: string | undefined;
      const plugins = new Set(out.diagnosis.unschedulablePlugins);
      if (fw.postFilterPlugins.length > 0) {
        const pf = await fw.runPostFilter(state, pod, out.diagnosis.nodeToStatus, this.snapshot, signal);
        postFilterMsg = pf.status.message() || undefined;
        nominated = pf.nominatedNodeName;
        if (pf.status.isSuccess() && pf.status.plugin) plugins.add(pf.status.plugin);
      }
      const message = fitErrorMessage({
        numAllNodes: out.numAllNodes,
        nodeToStatus: out.diagnosis.nodeToStatus,
        preFilterMsg: out.diagnosis.preFilterStatus?.message(),
        postFilterMsg,
      });
      const attempt = buildAttempt({ ...base, end: this.now(), diagnosis: out.diagnosis, evaluated: out.evaluated, message, postFilter: postFilterMsg, nominatedNode: nominated || undefined });
      return this.fail(info, cycle, { message, error: false, plugins, nominated, attempt });
    }
    this.assumeAndBind(info, cycle, fw, state, out.node, { ...base, evaluated: out.evaluated, feasible: out.feasible, diagnosis: out.diagnosis, scores: out.scores }, signal);
  }

  private assumeAndBind(info: QueuedPodInfo, cycle: number, fw: Framework, state: CycleState, node: string, facts: AttemptFacts, signal: AbortSignal): void {
    const { cache, queue, actions, explain, logger } = this.d;
    const pod = info.pod;
    const key = info.key;
    const assumed = structuredClone(pod);
    assumed.spec = { ...assumed.spec!, nodeName: node };
    try {
      cache.assumePod(assumed);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return this.fail(info, cycle, { message, error: true, attempt: buildAttempt({ ...facts, end: this.now(), result: 'Error', message }) });
    }
    const rs = fw.runReserve(state, assumed, node);
    if (!rs.isSuccess()) {
      fw.runUnreserve(state, assumed, node);
      cache.forgetPod(assumed);
      const message = rs.message();
      return this.fail(info, cycle, { message, error: !rs.isRejected(), plugins: rs.plugin ? [rs.plugin] : [], attempt: buildAttempt({ ...facts, end: this.now(), result: 'Error', message }) });
    }
    if (this.d.explainSuccesses ?? true) explain.record(buildAttempt({ ...facts, end: this.now(), result: 'Scheduled', node }));
    this.d.nominator.delete(pod);
    logger.debug({ pod: key, node }, 'assumed pod, binding');
    this.binds++;
    this.track(
      (async () => {
        let st: Status;
        try {
          st = await fw.runBind(state, assumed, node, signal);
        } finally {
          this.bindFinished();
        }
        if (st.isSuccess()) {
          this.d.metrics?.observeAttempt('scheduled', fw.schedulerName, (this.now() - facts.start) / 1000);
          cache.finishBinding(assumed);
          queue.done(key);
          actions.event(pod, 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${key} to ${node}`);
          logger.info({ pod: key, node }, 'bound pod');
          return;
        }
        fw.runUnreserve(state, assumed, node);
        cache.forgetPod(assumed);
        queue.moveAllToActiveOrBackoff('AssignedPodDelete');
        const message = `Binding rejected: ${st.message()}`;
        logger.warn({ pod: key, node, reason: st.message() }, 'binding failed');
        this.fail(info, cycle, { message, error: true, attempt: buildAttempt({ ...facts, start: this.now(), end: this.now(), result: 'BindError', node, message }) });
      })(),
    );
  }

  /** Requeue, event, status condition, nomination and explanation for a failed attempt. */
  private fail(info: QueuedPodInfo, cycle: number, f: Failure): void {
    const { queue, actions, writer, explain, logger, nominator } = this.d;
    const pod = info.pod;
    explain.record(f.attempt);
    this.d.metrics?.observeAttempt(f.error ? 'error' : 'unschedulable', f.attempt.schedulerName, f.attempt.durationMs / 1000);
    queue.addUnschedulable(info, cycle, { error: f.error, plugins: f.plugins });
    if (f.nominated !== undefined) nominator.set(pod, f.nominated);
    actions.event(pod, 'Warning', 'FailedScheduling', 'Scheduling', f.message);
    logger.info({ pod: info.key, reason: f.message }, 'unable to schedule pod');
    const signal = new AbortController().signal;
    const patch = failureStatusPatch(pod, { reason: f.error ? 'SchedulerError' : 'Unschedulable', message: f.message }, f.nominated, new Date(this.now()));
    if (patch) this.track(writer.patchStatus(pod, patch, signal));
    if (this.d.annotateFailures ?? true) {
      const value = compactString(f.attempt);
      if (pod.metadata?.annotations?.[EXPLAIN_ANNOTATION] !== value) {
        this.track(writer.setAnnotation(pod, EXPLAIN_ANNOTATION, value, signal));
      }
    }
  }

  /** Runs the loop and the queue's housekeeping until `signal` aborts. */
  async run(signal: AbortSignal, timings: { backoffFlushMs?: number; leftoverFlushMs?: number } = {}): Promise<void> {
    const { queue, cache, logger } = this.d;
    const timers = [
      // kube-scheduler flushes every second; a pod whose backoff ended then waits up to 1 s more.
      // Checking the backoff heap's top is cheap, so do it every 100 ms.
      setInterval(() => queue.flushBackoffCompleted(), timings.backoffFlushMs ?? 100),
      setInterval(() => queue.flushUnschedulableLeftover(), timings.leftoverFlushMs ?? 30_000),
      setInterval(() => {
        for (const k of cache.cleanupExpired()) logger.warn({ pod: k }, 'assumed pod expired without being observed bound');
      }, 1000),
    ];
    try {
      while (!signal.aborted) {
        try {
          await this.scheduleOne(signal);
        } catch (err) {
          if (signal.aborted) break;
          logger.error({ err }, 'scheduling cycle failed');
        }
      }
    } finally {
      for (const t of timers) clearInterval(t);
      await this.idle();
    }
  }
}
