// `kubectl describe deployment`: replicas summary, strategy, the pod template, conditions, and the
// old/new ReplicaSets it owns (NAME (status/spec replicas created)), then events.
import { formatLabelSelector, type LabelSelector } from '../../apimachinery/labels.js';
import type { Session } from '../cli-runtime/session.js';
import { eventsFor, rfc1123z, writeAnnotations, writeEvents, writeLabels, writeMap, type KObj, type Obj } from './common.js';
import { TabWriter } from './gotab.js';
import { writeContainers, writeVolumes, type Container, type PodSpec } from './pod.js';

export interface ReplicaSet extends KObj {
  metadata: KObj['metadata'] & { ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[] };
  spec?: { replicas?: number; template?: Obj };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}
export type Deployment = KObj & {
  spec?: { replicas?: number; selector?: LabelSelector; minReadySeconds?: number; paused?: boolean; strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: string | number; maxSurge?: string | number } }; template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec } };
  status?: { replicas?: number; updatedReplicas?: number; availableReplicas?: number; unavailableReplicas?: number; readyReplicas?: number; observedGeneration?: number; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
};

export const REVISION = 'deployment.kubernetes.io/revision';

/** The ReplicaSets a Deployment controls, newest revision first; `current` is the one of its revision. */
export async function replicaSetsOf(s: Session, d: Deployment): Promise<{ all: ReplicaSet[]; current?: ReplicaSet; old: ReplicaSet[] }> {
  const ns = d.metadata.namespace ?? s.namespace;
  const list = await s.rest.json<{ items?: ReplicaSet[] }>(`/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/replicasets`);
  const all = (list.items ?? []).filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'Deployment' && (o.uid === d.metadata.uid || (!o.uid && o.name === d.metadata.name))));
  const rev = (rs: KObj): number => Number(rs.metadata.annotations?.[REVISION] ?? 0);
  all.sort((a, b) => rev(b) - rev(a));
  const want = d.metadata.annotations?.[REVISION];
  const current = all.find((rs) => rs.metadata.annotations?.[REVISION] === want) ?? undefined;
  return { all, current, old: all.filter((rs) => rs !== current) };
}

function rsSummary(list: ReplicaSet[]): string {
  if (list.length === 0) return '<none>';
  return list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
}

export async function describeDeployment(s: Session, d: Deployment, showEvents = true): Promise<string> {
  const w = new TabWriter();
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  w.write(`Name:\t${d.metadata.name}\n`);
  w.write(`Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(`CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  writeLabels(w, 0, d.metadata.labels);
  writeAnnotations(w, 0, d.metadata.annotations);
  w.write(`Selector:\t${formatLabelSelector(spec.selector)}\n`);
  w.write(`Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(`StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(`MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(`RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`);
  writePodTemplate(w, spec.template ?? {});
  if (st.conditions?.length) {
    w.write('Conditions:\n  Type\tStatus\tReason\n');
    w.line(1, '----\t------\t------\n');
    for (const c of st.conditions) w.line(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const rss = await replicaSetsOf(s, d);
  if (rss.all.length) {
    w.write(`OldReplicaSets:\t${rsSummary(rss.old)}\n`);
    w.write(`NewReplicaSet:\t${rsSummary(rss.current ? [rss.current] : [])}\n`);
  }
  if (showEvents) writeEvents(w, await eventsFor(s, d));
  return w.toString();
}

export function writePodTemplate(w: TabWriter, t: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec }): void {
  w.write('Pod Template:\n');
  writeLabels(w, 1, t.metadata?.labels);
  if (Object.keys(t.metadata?.annotations ?? {}).length) writeAnnotations(w, 1, t.metadata?.annotations);
  const spec = t.spec ?? {};
  if (spec.serviceAccountName) w.line(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) {
    w.line(1, 'Init Containers:\n');
    writeContainers(w, spec.initContainers as Container[], [], '   ');
  }
  w.line(1, 'Containers:\n');
  writeContainers(w, (spec.containers ?? []) as Container[], [], '   ');
  writeVolumes(w, spec.volumes ?? [], 1, '   ');
  writeMap(w, 1, 'Node-Selectors', spec.nodeSelector);
  const tol = spec.tolerations ?? [];
  w.line(1, `Tolerations:\t${tol.length ? tol.map((t) => `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`).join(', ') : '<none>'}\n`);
}

/** kubectl's DeploymentStatusViewer: the progress line and whether the rollout is done. */
export function deploymentStatus(d: Deployment): { message: string; done: boolean; error?: string } {
  const name = d.metadata.name;
  const st = d.status ?? {};
  const gen = (d.metadata as { generation?: number }).generation ?? 0;
  if (gen > (st.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
  const want = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  if (updated < want) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
  if ((st.replicas ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
  if ((st.availableReplicas ?? 0) < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}
