// Test harness: run one plugin's extension points against a snapshot, and a Handle with fakes.
import type { V1Pod } from '@kubernetes/client-node';
import { silentLogger } from '../../apimachinery/log.js';
import type { Snapshot } from '../cache/snapshot.js';
import { CycleState } from '../framework/cycle-state.js';
import { Status } from '../framework/status.js';
import {
  isFilter, isPreFilter, isPreScore, isScore,
  type FilterRunner, type Handle, type NodeScore, type Plugin, type PodActions,
} from '../framework/types.js';

export function filterAll(plugin: Plugin, pod: V1Pod, snapshot: Snapshot): Map<string, Status> {
  const state = new CycleState();
  const out = new Map<string, Status>();
  if (isPreFilter(plugin)) {
    const r = plugin.preFilter(state, pod, snapshot);
    const st = r instanceof Status ? r : r.status;
    if (st.isSkip()) {
      for (const n of snapshot.list) out.set(n.name, Status.success());
      return out;
    }
    if (!st.isSuccess()) {
      for (const n of snapshot.list) out.set(n.name, st);
      return out;
    }
  }
  if (!isFilter(plugin)) throw new Error(`${plugin.name} is not a filter`);
  for (const n of snapshot.list) out.set(n.name, plugin.filter(state, pod, n));
  return out;
}

/** Node names that pass. */
export function feasible(plugin: Plugin, pod: V1Pod, snapshot: Snapshot): string[] {
  return [...filterAll(plugin, pod, snapshot)].filter(([, s]) => s.isSuccess()).map(([n]) => n);
}

/** Normalised scores by node (over all nodes of the snapshot). */
export function scoreAll(plugin: Plugin, pod: V1Pod, snapshot: Snapshot): Record<string, number> {
  if (!isScore(plugin)) throw new Error(`${plugin.name} is not a score plugin`);
  const state = new CycleState();
  if (isPreScore(plugin)) {
    const st = plugin.preScore(state, pod, snapshot.list, snapshot);
    if (st.isSkip()) return Object.fromEntries(snapshot.list.map((n) => [n.name, 0]));
  }
  const scores: NodeScore[] = snapshot.list.map((n) => ({ node: n.name, score: plugin.score(state, pod, n) }));
  plugin.normalizeScores?.(state, pod, scores);
  return Object.fromEntries(scores.map((s) => [s.node, s.score]));
}

export interface FakeActions extends PodActions {
  deleted: string[];
  nominated: [string, string][];
  events: { pod: string; type: string; reason: string; message: string }[];
  bound: [string, string][];
}

export function fakeActions(bindImpl?: (pod: V1Pod, node: string) => Promise<void>): FakeActions {
  const a: FakeActions = {
    deleted: [],
    nominated: [],
    events: [],
    bound: [],
    async deletePod(pod) {
      a.deleted.push(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
    },
    async setNominatedNodeName(pod, node) {
      a.nominated.push([`${pod.metadata?.namespace}/${pod.metadata?.name}`, node]);
    },
    event(pod, type, reason, _action, message) {
      a.events.push({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, type, reason, message });
    },
    async bind(pod, node) {
      if (bindImpl) await bindImpl(pod, node);
      a.bound.push([`${pod.metadata?.namespace}/${pod.metadata?.name}`, node]);
    },
  };
  return a;
}

export function fakeHandle(opts: { actions?: PodActions; filters?: () => FilterRunner; nsLabels?: Record<string, Record<string, string>>; nominated?: Record<string, V1Pod[]> } = {}): Handle {
  return {
    logger: silentLogger(),
    schedulerName: 'default-scheduler',
    actions: opts.actions ?? fakeActions(),
    nominator: { nominatedPodsForNode: (n) => opts.nominated?.[n] ?? [] },
    namespaces: { labels: (ns) => opts.nsLabels?.[ns] },
    filters: opts.filters ?? (() => { throw new Error('no filter runner in this test'); }),
    now: () => 0,
  };
}
