// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1, the parts k8ts supports) → profiles of
// enabled plugins with weights and args, percentageOfNodesToScore and leader-election timings.
// Per extension point `disabled` switches a default plugin off there ("*" = all defaults);
// `enabled` adds a plugin or sets its weight.
import { parse } from 'yaml';
import { parseDuration } from '../apimachinery/duration.js';
import type { ExtensionPoint, PluginSpec, ProfileSpec } from './framework/framework.js';
import { defaultPlugins } from './plugins/registry.js';

export interface LeaderElectionConfig {
  leaderElect: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  resourceName: string;
  resourceNamespace: string;
}

export interface SchedulerConfig {
  profiles: ProfileSpec[];
  percentageOfNodesToScore: number;
  leaderElection: LeaderElectionConfig;
}

interface PluginRef {
  name: string;
  weight?: number;
}
interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}
type RawPlugins = Partial<Record<ExtensionPoint | 'multiPoint', PluginSet>>;
interface RawProfile {
  schedulerName?: string;
  plugins?: RawPlugins;
  pluginConfig?: { name: string; args?: unknown }[];
}
interface RawConfig {
  apiVersion?: string;
  kind?: string;
  percentageOfNodesToScore?: number;
  leaderElection?: { leaderElect?: boolean; leaseDuration?: string; renewDeadline?: string; retryPeriod?: string; resourceName?: string; resourceNamespace?: string };
  profiles?: RawProfile[];
}

const POINTS: ExtensionPoint[] = ['preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'bind'];

function resolveProfile(raw: RawProfile, defaultName: string): ProfileSpec {
  const plugins = new Map<string, PluginSpec & { disabledAt: ExtensionPoint[] }>();
  for (const p of defaultPlugins()) plugins.set(p.name, { ...p, disabledAt: [] });
  const rp = raw.plugins ?? {};
  const disableAll = (point: ExtensionPoint | 'multiPoint', name: string): void => {
    const targets = name === '*' ? [...plugins.values()] : [plugins.get(name)].filter((x) => x !== undefined);
    for (const t of targets) {
      if (point === 'multiPoint') plugins.delete(t.name);
      else t.disabledAt.push(point);
    }
  };
  for (const point of ['multiPoint', ...POINTS] as const) {
    for (const d of rp[point]?.disabled ?? []) disableAll(point, d.name);
  }
  for (const point of ['multiPoint', ...POINTS] as const) {
    for (const e of rp[point]?.enabled ?? []) {
      const cur = plugins.get(e.name);
      if (cur) {
        if (point === 'multiPoint' || point === 'score') {
          if (e.weight !== undefined) cur.weight = e.weight;
        }
        cur.disabledAt = cur.disabledAt.filter((x) => x !== point);
      } else {
        const disabledAt = point === 'multiPoint' ? [] : POINTS.filter((x) => x !== point);
        plugins.set(e.name, { name: e.name, weight: e.weight, disabledAt });
      }
    }
  }
  for (const pc of raw.pluginConfig ?? []) {
    const p = plugins.get(pc.name);
    if (p) p.args = pc.args;
  }
  return { schedulerName: raw.schedulerName ?? defaultName, plugins: [...plugins.values()] };
}

export function defaultLeaderElection(): LeaderElectionConfig {
  return { leaderElect: true, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000, resourceName: 'kube-scheduler', resourceNamespace: 'kube-system' };
}

/** Resolves a parsed configuration object (or undefined for all defaults). */
export function resolveConfig(raw: unknown, defaultSchedulerName = 'default-scheduler'): SchedulerConfig {
  const c = (raw ?? {}) as RawConfig;
  if (c.kind && c.kind !== 'KubeSchedulerConfiguration') throw new Error(`config: unexpected kind ${c.kind}`);
  const le = defaultLeaderElection();
  const rl = c.leaderElection ?? {};
  const profiles = (c.profiles && c.profiles.length > 0 ? c.profiles : [{}]).map((p) => resolveProfile(p, defaultSchedulerName));
  const names = new Set(profiles.map((p) => p.schedulerName));
  if (names.size !== profiles.length) throw new Error('config: duplicate profile schedulerName');
  return {
    profiles,
    percentageOfNodesToScore: c.percentageOfNodesToScore ?? 0,
    leaderElection: {
      leaderElect: rl.leaderElect ?? le.leaderElect,
      leaseDurationMs: rl.leaseDuration ? parseDuration(rl.leaseDuration) : le.leaseDurationMs,
      renewDeadlineMs: rl.renewDeadline ? parseDuration(rl.renewDeadline) : le.renewDeadlineMs,
      retryPeriodMs: rl.retryPeriod ? parseDuration(rl.retryPeriod) : le.retryPeriodMs,
      resourceName: rl.resourceName ?? le.resourceName,
      resourceNamespace: rl.resourceNamespace ?? le.resourceNamespace,
    },
  };
}

export function parseConfigYaml(text: string, defaultSchedulerName?: string): SchedulerConfig {
  return resolveConfig(parse(text) as unknown, defaultSchedulerName);
}
