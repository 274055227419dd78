// Cluster events that can make an unschedulable pod schedulable, and which plugins' rejections each
// one may resolve (a cheap form of kube-scheduler's queueing hints).

export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeUpdate'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  | 'NamespaceChange'
  | 'ForceActivate';

const ALL = '*';

const helps: Record<ClusterEvent, readonly string[]> = {
  NodeAdd: [ALL],
  NodeUpdate: [ALL],
  AssignedPodAdd: ['InterPodAffinity', 'PodTopologySpread'],
  AssignedPodUpdate: ['InterPodAffinity', 'PodTopologySpread', 'NodeResourcesFit'],
  AssignedPodDelete: ['NodeResourcesFit', 'NodePorts', 'InterPodAffinity', 'PodTopologySpread', 'DefaultPreemption'],
  NamespaceChange: ['InterPodAffinity'],
  ForceActivate: [ALL],
};

/** Whether `event` may help a pod rejected by `plugins` (no recorded plugins: always). */
export function eventMayHelp(event: ClusterEvent, plugins: ReadonlySet<string>): boolean {
  const h = helps[event];
  if (h.includes(ALL) || plugins.size === 0) return true;
  for (const p of plugins) if (h.includes(p)) return true;
  return false;
}
