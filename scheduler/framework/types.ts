// The extension points. A plugin implements `Plugin` plus any of the point interfaces; the framework
// discovers which by the methods present. Verdicts are Status values.
import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import type { NodeInfo } from '../cache/node-info.js';
import type { Snapshot } from '../cache/snapshot.js';
import type { CycleState } from './cycle-state.js';
import type { Status } from './status.js';

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

export interface PreFilterResult {
  status: Status;
  /** When set, only these nodes need to be filtered (e.g. matchFields metadata.name). */
  nodeNames?: ReadonlySet<string>;
  /** Plugins that narrowed the node set (filled in by the framework). */
  narrowedBy?: readonly string[];
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: V1Pod, snapshot: Snapshot): PreFilterResult | Status;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: V1Pod, node: NodeInfo): Status;
}

export interface NodeStatus {
  node: string;
  status: Status;
}

/** Filter verdicts of one attempt, by node; nodes absent had the same verdict as `absent`. */
export type NodeToStatus = Map<string, Status>;

export interface PostFilterResult {
  status: Status;
  /** Node on which room is being made for the pod (status.nominatedNodeName); "" clears it. */
  nominatedNodeName?: string;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: V1Pod, filtered: NodeToStatus, snapshot: Snapshot, signal: AbortSignal): Promise<PostFilterResult>;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: V1Pod, nodes: readonly NodeInfo[], snapshot: Snapshot): Status;
}

export interface NodeScore {
  node: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: V1Pod, node: NodeInfo): number;
  /** Rescale raw scores in place to 0..100. */
  normalizeScores?(state: CycleState, pod: V1Pod, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: V1Pod, nodeName: string): Status;
  unreserve(state: CycleState, pod: V1Pod, nodeName: string): void;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: V1Pod, nodeName: string, signal: AbortSignal): Promise<Status>;
}

/** What plugins may need from the outside world (writes go through these, never direct HTTP). */
export interface PodActions {
  /** Deletes a pod (preemption victim). */
  deletePod(pod: V1Pod, signal: AbortSignal): Promise<void>;
  /** Sets or clears status.nominatedNodeName of another pod. */
  setNominatedNodeName(pod: V1Pod, nodeName: string, signal: AbortSignal): Promise<void>;
  /** Records an event about `pod`. */
  event(pod: V1Pod, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void;
  /** Binds the pod (pods/binding). */
  bind(pod: V1Pod, nodeName: string, signal: AbortSignal): Promise<void>;
}

/** Nominated pods (pods for which preemption made room) by node. */
export interface Nominator {
  nominatedPodsForNode(nodeName: string): readonly V1Pod[];
}

/** Namespace labels, for namespaceSelector in pod affinity terms. */
export interface NamespaceLister {
  labels(namespace: string): Record<string, string> | undefined;
}

/** A framework's runner that plugins (preemption) can call back into. */
export interface FilterRunner {
  runPreFilter(state: CycleState, pod: V1Pod, snapshot: Snapshot): PreFilterResult;
  runFilter(state: CycleState, pod: V1Pod, node: NodeInfo): Status;
}

export interface Handle {
  readonly logger: Logger;
  readonly schedulerName: string;
  readonly actions: PodActions;
  readonly nominator: Nominator;
  readonly namespaces: NamespaceLister;
  /** Set by the framework once it is built. */
  readonly filters: () => FilterRunner;
  now(): number;
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export function isPreFilter(p: Plugin): p is PreFilterPlugin {
  return typeof (p as Partial<PreFilterPlugin>).preFilter === 'function';
}
export function isFilter(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === 'function';
}
export function isPostFilter(p: Plugin): p is PostFilterPlugin {
  return typeof (p as Partial<PostFilterPlugin>).postFilter === 'function';
}
export function isPreScore(p: Plugin): p is PreScorePlugin {
  return typeof (p as Partial<PreScorePlugin>).preScore === 'function';
}
export function isScore(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === 'function';
}
export function isReserve(p: Plugin): p is ReservePlugin {
  return typeof (p as Partial<ReservePlugin>).reserve === 'function';
}
export function isBind(p: Plugin): p is BindPlugin {
  return typeof (p as Partial<BindPlugin>).bind === 'function';
}
