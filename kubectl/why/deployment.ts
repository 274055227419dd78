// `why deploy/x`: a Deployment's rollout — its conditions, the ReplicaSet of the current revision
// against the old ones, and a diagnosis of each of the new ReplicaSet's pods that is not Ready.
import { deploymentStatus, replicaSetsOf, type Deployment } from '../describe/deployment.js';
import type { Pod } from '../describe/pod.js';
import type { Session } from '../cli-runtime/session.js';
import { explainPod } from './pod.js';
import type { Explanation, Finding } from './types.js';

export async function explainDeployment(s: Session, d: Deployment, o: { tail: number }): Promise<Explanation> {
  const ns = d.metadata.namespace ?? s.namespace;
  const base = { kind: 'Deployment', namespace: ns, name: d.metadata.name };
  const st = d.status ?? {};
  const findings: Finding[] = [];
  const status = deploymentStatus(d);
  const want = d.spec?.replicas ?? 1;
  findings.push({ title: 'Replicas', lines: [`${want} desired, ${st.updatedReplicas ?? 0} updated, ${st.readyReplicas ?? 0} ready, ${st.availableReplicas ?? 0} available, ${st.replicas ?? 0} total`], data: st });
  const conds = st.conditions ?? [];
  findings.push({ title: 'Conditions', lines: conds.map((c) => `${c.type}=${c.status} (${c.reason ?? ''})${c.message ? `: ${c.message}` : ''}`), data: conds });
  const { current, old } = await replicaSetsOf(s, d);
  const rsLine = (rs: NonNullable<typeof current>): string => `${rs.metadata.name} (revision ${rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '?'}): ${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} pods, ${rs.status?.readyReplicas ?? 0} ready`;
  findings.push({ title: 'ReplicaSets', lines: [...(current ? [`new: ${rsLine(current)}`] : ['new: none yet (the controller has not created it)']), ...old.filter((rs) => (rs.status?.replicas ?? 0) > 0).map((rs) => `old: ${rsLine(rs)}`)] });
  const related: Explanation[] = [];
  if (current) {
    const hash = current.metadata.labels?.['pod-template-hash'];
    const pods = await s.rest.json<{ items?: Pod[] }>(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, { query: { labelSelector: hash ? `pod-template-hash=${hash}` : undefined } });
    for (const p of pods.items ?? []) {
      if (!p.metadata.ownerReferences?.some((r) => r.kind === 'ReplicaSet' && r.name === current.metadata.name)) continue;
      const e = await explainPod(s, p, o);
      if (e.verdict !== 'Healthy') related.push(e);
    }
  }
  const progressing = conds.find((c) => c.type === 'Progressing');
  const failure = conds.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  let verdict = status.done ? 'RolledOut' : 'RollingOut';
  let summary = status.done ? `the rollout is complete: ${want} up-to-date replicas available` : (status.message.trim() || 'rolling out');
  if (d.spec?.paused) {
    verdict = 'Paused';
    summary = 'the rollout is paused (kubectl rollout resume to continue)';
  } else if (progressing?.reason === 'ProgressDeadlineExceeded') {
    verdict = 'RolloutStuck';
    summary = `the rollout exceeded its progress deadline: ${progressing.message ?? ''}`;
  } else if (failure) {
    verdict = 'RolloutStuck';
    summary = `the ReplicaSet cannot create pods: ${failure.message ?? failure.reason ?? ''}`;
  } else if (!status.done && related.length) {
    verdict = 'RolloutStuck';
    summary = `${status.message.trim()} — ${related.length} new pod${related.length === 1 ? '' : 's'} not ready: ${[...new Set(related.map((r) => r.verdict))].join(', ')}`;
  }
  return { ...base, verdict, summary, findings, related };
}
