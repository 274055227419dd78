// The framework of one profile: the enabled plugins per extension point and the code that runs them
// in order. Plugins that throw are turned into Error statuses (a plugin bug must not kill the loop).
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../cache/node-info.js';
import type { Snapshot } from '../cache/snapshot.js';
import { CycleState } from './cycle-state.js';
import { Code, Status } from './status.js';
import {
  isBind, isFilter, isPostFilter, isPreFilter, isPreScore, isReserve, isScore,
  MAX_NODE_SCORE, MIN_NODE_SCORE,
  type BindPlugin, type FilterPlugin, type FilterRunner, type Handle, type NodeScore, type NodeToStatus,
  type Plugin, type PluginFactory, type PostFilterPlugin, type PostFilterResult, type PreFilterPlugin,
  type PreFilterResult, type PreScorePlugin, type ReservePlugin, type ScorePlugin,
} from './types.js';

export type ExtensionPoint = 'preFilter' | 'filter' | 'postFilter' | 'preScore' | 'score' | 'reserve' | 'bind';

export interface PluginSpec {
  name: string;
  /** Score weight (default 1). */
  weight?: number;
  /** Extension points at which this plugin is switched off. */
  disabledAt?: readonly ExtensionPoint[];
  args?: unknown;
}

export interface ProfileSpec {
  schedulerName: string;
  plugins: readonly PluginSpec[];
}

/** Scores indexed like the `nodes` passed to runScore (arrays, not maps: this is the hot path). */
export interface ScoreResult {
  /** Weighted total per node. */
  totals: Float64Array;
  /** Weighted normalised score of each plugin that ran, per node (for explanations). */
  perPlugin: { plugin: string; scores: Float64Array }[];
}

function guard<T>(plugin: string, fn: () => T, onError: (s: Status) => T): T {
  try {
    return fn();
  } catch (err) {
    return onError(Status.error(err).withPlugin(plugin));
  }
}

export class Framework implements FilterRunner {
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: { plugin: ScorePlugin; weight: number }[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly schedulerName: string;

  constructor(profile: ProfileSpec, registry: ReadonlyMap<string, PluginFactory>, handle: Handle) {
    this.schedulerName = profile.schedulerName;
    for (const spec of profile.plugins) {
      const factory = registry.get(spec.name);
      if (!factory) throw new Error(`profile ${profile.schedulerName}: unknown plugin ${JSON.stringify(spec.name)}`);
      const p: Plugin = factory(spec.args, handle);
      const off = new Set(spec.disabledAt ?? []);
      if (isPreFilter(p) && !off.has('preFilter')) this.preFilterPlugins.push(p);
      if (isFilter(p) && !off.has('filter')) this.filterPlugins.push(p);
      if (isPostFilter(p) && !off.has('postFilter')) this.postFilterPlugins.push(p);
      if (isPreScore(p) && !off.has('preScore') && !off.has('score')) this.preScorePlugins.push(p);
      if (isScore(p) && !off.has('score')) this.scorePlugins.push({ plugin: p, weight: spec.weight ?? 1 });
      if (isReserve(p) && !off.has('reserve')) this.reservePlugins.push(p);
      if (isBind(p) && !off.has('bind')) this.bindPlugins.push(p);
    }
  }

  runPreFilter(state: CycleState, pod: V1Pod, snapshot: Snapshot): PreFilterResult {
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    for (const p of this.preFilterPlugins) {
      const r = guard<PreFilterResult | Status>(p.name, () => p.preFilter(state, pod, snapshot), (s) => s);
      const res: PreFilterResult = r instanceof Status ? { status: r } : r;
      if (res.status.isSkip()) {
        state.skipFilter.add(p.name);
        continue;
      }
      if (!res.status.isSuccess()) return { status: res.status.withPlugin(p.name) };
      if (res.nodeNames) {
        narrowedBy.push(p.name);
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => res.nodeNames!.has(n))) : new Set(res.nodeNames);
        if (nodeNames.size === 0) {
          const suffix = narrowedBy.length > 1 ? ' simultaneously' : '';
          return { status: Status.unresolvable(`node(s) didn't satisfy plugin(s) [${narrowedBy.join(' ')}]${suffix}`).withPlugin(p.name) };
        }
      }
    }
    return { status: Status.success(), nodeNames, narrowedBy };
  }

  runFilter(state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    for (const p of this.filterPlugins) {
      if (state.skipFilter.has(p.name)) continue;
      // try/catch inline rather than guard(): this runs for every plugin on every node.
      let s: Status;
      try {
        s = p.filter(state, pod, node);
      } catch (err) {
        s = Status.error(err);
      }
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return Status.success();
  }

  async runPostFilter(state: CycleState, pod: V1Pod, filtered: NodeToStatus, snapshot: Snapshot, signal: AbortSignal): Promise<PostFilterResult> {
    let last: PostFilterResult = { status: Status.unschedulable() };
    for (const p of this.postFilterPlugins) {
      let r: PostFilterResult;
      try {
        r = await p.postFilter(state, pod, filtered, snapshot, signal);
      } catch (err) {
        return { status: Status.error(err).withPlugin(p.name) };
      }
      if (r.status.isSuccess() || r.status.code === Code.Error) return { ...r, status: r.status.withPlugin(p.name) };
      last = { ...r, status: r.status.withPlugin(p.name) };
    }
    return last;
  }

  runPreScore(state: CycleState, pod: V1Pod, nodes: readonly NodeInfo[], snapshot: Snapshot): Status {
    for (const p of this.preScorePlugins) {
      const s = guard(p.name, () => p.preScore(state, pod, nodes, snapshot), (e) => e);
      if (s.isSkip()) state.skipScore.add(p.name);
      else if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return Status.success();
  }

  runScore(state: CycleState, pod: V1Pod, nodes: readonly NodeInfo[]): ScoreResult | Status {
    const totals = new Float64Array(nodes.length);
    const perPlugin: ScoreResult['perPlugin'] = [];
    for (const { plugin: p, weight } of this.scorePlugins) {
      if (state.skipScore.has(p.name)) continue;
      const scores: NodeScore[] = new Array<NodeScore>(nodes.length);
      try {
        for (let i = 0; i < nodes.length; i++) scores[i] = { node: nodes[i]!.name, score: p.score(state, pod, nodes[i]!) };
        p.normalizeScores?.(state, pod, scores);
      } catch (err) {
        return Status.error(err).withPlugin(p.name);
      }
      const weighted = new Float64Array(nodes.length);
      for (let i = 0; i < scores.length; i++) {
        const s = scores[i]!;
        if (!(s.score >= MIN_NODE_SCORE && s.score <= MAX_NODE_SCORE)) {
          return Status.error(`plugin ${p.name} returns an invalid score ${s.score} for node ${s.node}`).withPlugin(p.name);
        }
        weighted[i] = s.score * weight;
        totals[i]! += weighted[i]!;
      }
      perPlugin.push({ plugin: p.name, scores: weighted });
    }
    return { totals, perPlugin };
  }

  runReserve(state: CycleState, pod: V1Pod, nodeName: string): Status {
    for (const p of this.reservePlugins) {
      const s = guard(p.name, () => p.reserve(state, pod, nodeName), (e) => e);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return Status.success();
  }

  runUnreserve(state: CycleState, pod: V1Pod, nodeName: string): void {
    for (const p of [...this.reservePlugins].reverse()) guard(p.name, () => p.unreserve(state, pod, nodeName), () => undefined);
  }

  async runBind(state: CycleState, pod: V1Pod, nodeName: string, signal: AbortSignal): Promise<Status> {
    for (const p of this.bindPlugins) {
      let s: Status;
      try {
        s = await p.bind(state, pod, nodeName, signal);
      } catch (err) {
        return Status.error(err).withPlugin(p.name);
      }
      if (s.isSkip()) continue;
      return s.withPlugin(p.name);
    }
    return Status.error('no bind plugin accepted the pod');
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}
