// `why pod/x`: diagnoses a pod from its status, its events, the scheduler's explanation annotation
// (per-node filter verdicts), the scheduler's per-node scores when its endpoint answers, and, for crashing containers, the previous run's last log lines.
import { humanDuration } from '../../apimachinery/duration.js';
import type { Session } from '../cli-runtime/session.js';
import { probeString, type Pod } from '../describe/pod.js';
import { attemptFindings, latestAttempt, schedulerUrl } from './scheduler.js';
import type { Explanation, Finding } from './types.js';

export const EXPLAIN_ANNOTATION = 'scheduler.k8ts.io/explain';

interface Event {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  source?: { component?: string };
  reportingComponent?: string;
  metadata?: { creationTimestamp?: string };
}
interface Compact {
  result?: string;
  message?: string;
  nodes?: Record<string, string>;
  more?: number;
  preemption?: string;
}

function when(e: Event): number {
  return Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '') || 0;
}

async function podEvents(s: Session, pod: Pod): Promise<Event[]> {
  const md = pod.metadata;
  const sel = `involvedObject.name=${md.name},involvedObject.namespace=${md.namespace ?? ''}${md.uid ? `,involvedObject.uid=${md.uid}` : ''}`;
  const list = await s.rest.json<{ items?: Event[] }>(`/api/v1/namespaces/${encodeURIComponent(md.namespace ?? s.namespace)}/events`, { query: { fieldSelector: sel } });
  return [...(list.items ?? [])].sort((a, b) => when(a) - when(b));
}

function eventLines(events: Event[], filter: (e: Event) => boolean, now: Date, max = 5): string[] {
  return events.filter(filter).slice(-max).map((e) => {
    const ago = humanDuration(now.getTime() - when(e));
    return `${e.type ?? ''} ${e.reason ?? ''} ${ago} ago${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''} from ${e.source?.component || e.reportingComponent || '?'}: ${(e.message ?? '').trim()}`;
  });
}

/** kubelet's crash-loop back-off: 10s doubling per restart, capped at 5 minutes. */
export function backoffSeconds(restarts: number): number {
  return Math.min(10 * 2 ** Math.max(restarts - 1, 0), 300);
}

export async function explainPod(s: Session, pod: Pod, o: { tail: number; now?: Date; schedulerUrl?: string }): Promise<Explanation> {
  const now = o.now ?? new Date();
  const md = pod.metadata;
  const st = pod.status ?? {};
  const spec = pod.spec ?? {};
  const base = { kind: 'Pod', namespace: md.namespace ?? s.namespace, name: md.name };
  const [events, attempt] = await Promise.all([podEvents(s, pod), latestAttempt(s, schedulerUrl(s.rest.server, o.schedulerUrl), base.namespace, md.name)]);
  // the scheduler's scores come first when its endpoint answered
  const findings: Finding[] = attempt ? attemptFindings(attempt) : [];

  if (md.deletionTimestamp) {
    return { ...base, verdict: 'Terminating', summary: `the pod is being deleted (since ${md.deletionTimestamp}); the kubelet stops its containers, then removes it`, findings };
  }

  // 1. not scheduled
  if (!spec.nodeName) {
    const cond = st.conditions?.find((c) => c.type === 'PodScheduled') as { status: string; reason?: string; message?: string } | undefined;
    let compact: Compact | undefined;
    try {
      const raw = md.annotations?.[EXPLAIN_ANNOTATION];
      if (raw) compact = JSON.parse(raw) as Compact;
    } catch {
      compact = undefined;
    }
    const message = compact?.message ?? cond?.message;
    if (compact?.nodes && Object.keys(compact.nodes).length) {
      const width = Math.max(...Object.keys(compact.nodes).map((n) => n.length));
      const lines = Object.entries(compact.nodes).map(([n, v]) => `${n.padEnd(width)}  ${v}`);
      if (compact.more) lines.push(`… and ${compact.more} more nodes rejected`);
      findings.push({ title: 'Scheduler verdicts per node', lines, data: compact });
    } else if (compact) findings.push({ title: 'Scheduler', lines: [compact.message ?? compact.result ?? ''], data: compact });
    if (compact?.preemption) findings.push({ title: 'Preemption', lines: [compact.preemption] });
    const nodes = await s.rest.json<{ items?: { metadata: { name: string } }[] }>('/api/v1/nodes').catch(() => ({ items: [] }));
    if (!nodes.items?.length) findings.push({ title: 'Cluster', lines: ['there are no nodes at all: start a kubelet (or join a node) so the pod has somewhere to run'] });
    findings.push({ title: 'Events', lines: eventLines(events, (e) => e.reason === 'FailedScheduling', now) });
    const unsched = cond?.reason === 'Unschedulable' || compact?.result === 'Unschedulable';
    return {
      ...base,
      verdict: unsched ? 'Unschedulable' : 'Pending',
      summary: unsched ? `the scheduler found no node for it: ${message ?? 'no feasible node'}` : 'the pod has not been scheduled yet (no scheduling attempt recorded; is the scheduler running?)',
      findings,
    };
  }

  const statuses = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])];
  // 2. image pull problems
  const pulling = statuses.find((c) => ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull'].includes(c.state?.waiting?.reason ?? ''));
  if (pulling) {
    const w = pulling.state?.waiting ?? {};
    const image = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((c) => c.name === pulling.name)?.image ?? pulling.image ?? '';
    findings.push({ title: 'Container', lines: [`${pulling.name}: image ${image}`, `waiting: ${w.reason ?? ''}${w.message ? ` - ${w.message}` : ''}`], data: { container: pulling.name, image, waiting: w } });
    findings.push({ title: 'Registry answer (from events)', lines: eventLines(events, (e) => e.reason === 'Failed' || e.reason === 'BackOff' || e.reason === 'ErrImagePull', now) });
    return { ...base, verdict: w.reason ?? 'ImagePullBackOff', summary: `the kubelet on ${spec.nodeName} cannot pull image "${image}" for container "${pulling.name}"`, findings };
  }

  // 3. crash loops and terminated containers
  const crashing = statuses.find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff') ?? statuses.find((c) => c.state?.terminated && (c.state.terminated.exitCode ?? 0) !== 0 && (c.restartCount ?? 0) > 0);
  if (crashing) {
    const last = crashing.lastState?.terminated ?? crashing.state?.terminated;
    const restarts = crashing.restartCount ?? 0;
    const lines: string[] = [];
    if (last) {
      lines.push(`exit code ${last.exitCode ?? '?'}${last.signal ? ` (signal ${last.signal})` : ''}, reason ${last.reason ?? 'unknown'}`);
      if (last.message) lines.push(`message: ${last.message.trim()}`);
      if (last.startedAt && last.finishedAt) lines.push(`ran ${humanDuration(Date.parse(last.finishedAt) - Date.parse(last.startedAt))} (from ${last.startedAt} to ${last.finishedAt})`);
    }
    lines.push(`restarted ${restarts} time${restarts === 1 ? '' : 's'}`);
    const backoff = backoffSeconds(restarts);
    if (crashing.state?.waiting?.reason === 'CrashLoopBackOff' && last?.finishedAt) {
      const next = Date.parse(last.finishedAt) + backoff * 1000 - now.getTime();
      lines.push(`back-off ${backoff}s: next restart ${next > 0 ? `in about ${humanDuration(next)}` : 'due now'}`);
    }
    findings.push({ title: `Last termination of container "${crashing.name}"`, lines, data: { container: crashing.name, lastState: last, restartCount: restarts, backoffSeconds: backoff, waiting: crashing.state?.waiting } });
    const logs = await s.rest.request(`/api/v1/namespaces/${encodeURIComponent(base.namespace)}/pods/${encodeURIComponent(md.name)}/log`, { query: { container: crashing.name, previous: crashing.lastState?.terminated ? true : undefined, tailLines: o.tail }, accept: '*/*' }).catch(() => undefined);
    const logLines = logs && logs.status === 200 ? logs.text.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1) : [];
    findings.push({ title: `Last ${o.tail} log lines of the previous run`, lines: logLines.length ? logLines : ['(no logs available)'], data: logLines });
    findings.push({ title: 'Events', lines: eventLines(events, (e) => e.type === 'Warning', now) });
    return { ...base, verdict: crashing.state?.waiting?.reason ?? 'Error', summary: `container "${crashing.name}" keeps exiting (exit code ${last?.exitCode ?? '?'}, ${last?.reason ?? 'unknown'}); the kubelet restarts it with a growing back-off`, findings };
  }

  // 4. running but not ready
  const ready = st.conditions?.find((c) => c.type === 'Ready');
  if (st.phase === 'Running' && ready?.status !== 'True') {
    const notReady = (st.containerStatuses ?? []).filter((c) => !c.ready);
    for (const c of notReady) {
      const sc = spec.containers?.find((x) => x.name === c.name);
      const probe = sc?.readinessProbe;
      findings.push({ title: `Container "${c.name}"`, lines: [probe ? `readiness probe: ${probeString(probe)}` : 'no readiness probe (not ready because it is not running)', `state: ${c.state?.running ? 'Running' : c.state?.waiting ? `Waiting (${c.state.waiting.reason ?? ''})` : 'Terminated'}`], data: { container: c.name, readinessProbe: probe, state: c.state } });
    }
    findings.push({ title: 'Failing probes (from events)', lines: eventLines(events, (e) => e.reason === 'Unhealthy', now) });
    return { ...base, verdict: 'NotReady', summary: `the pod runs on ${spec.nodeName} but is not Ready: ${notReady.map((c) => c.name).join(', ') || 'a readiness gate'} not ready, so Services send it no traffic`, findings };
  }

  if (st.phase === 'Pending') {
    const waiting = statuses.find((c) => c.state?.waiting);
    findings.push({ title: 'Events', lines: eventLines(events, () => true, now) });
    return { ...base, verdict: waiting?.state?.waiting?.reason ?? 'Pending', summary: `scheduled to ${spec.nodeName}, containers not started yet${waiting?.state?.waiting?.message ? `: ${waiting.state.waiting.message}` : ''}`, findings };
  }
  if (st.phase === 'Failed' || st.phase === 'Succeeded') {
    const t = statuses.map((c) => `${c.name}: exit code ${c.state?.terminated?.exitCode ?? '?'} (${c.state?.terminated?.reason ?? ''})`);
    findings.push({ title: 'Containers', lines: t });
    return { ...base, verdict: st.phase, summary: `the pod has finished (${st.phase})${st.reason ? `: ${st.reason}` : ''}${st.message ? ` - ${st.message}` : ''}`, findings };
  }
  return { ...base, verdict: 'Healthy', summary: `the pod is ${st.phase ?? 'Unknown'} and Ready on ${spec.nodeName}; nothing looks wrong`, findings };
}
