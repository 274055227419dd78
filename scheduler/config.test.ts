import { describe, expect, it } from 'vitest';
import { parseConfigYaml, resolveConfig } from './config.js';

describe('scheduler config', () => {
  it('defaults to the Kubernetes default plugins and weights', () => {
    const c = resolveConfig(undefined, 'my-scheduler');
    expect(c.profiles).toHaveLength(1);
    expect(c.profiles[0]!.schedulerName).toBe('my-scheduler');
    const w = Object.fromEntries(c.profiles[0]!.plugins.map((p) => [p.name, p.weight]));
    expect(w).toMatchObject({ TaintToleration: 3, NodeAffinity: 2, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1 });
    expect(c.leaderElection).toMatchObject({ leaderElect: true, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 });
  });

  it('selects MostAllocated, reweights, disables per point and across', () => {
    const c = parseConfigYaml(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 30
leaderElection: { leaderElect: false, leaseDuration: 20s, retryPeriod: 500ms }
profiles:
- schedulerName: bin-packer
  plugins:
    score:
      disabled: [{ name: NodeResourcesBalancedAllocation }, { name: TaintToleration }]
      enabled: [{ name: NodeResourcesFit, weight: 5 }]
    multiPoint:
      disabled: [{ name: DefaultPreemption }]
  pluginConfig:
  - name: NodeResourcesFit
    args: { scoringStrategy: { type: MostAllocated } }
`);
    const p = c.profiles[0]!;
    expect(p.schedulerName).toBe('bin-packer');
    const byName = Object.fromEntries(p.plugins.map((x) => [x.name, x]));
    expect(byName.DefaultPreemption).toBeUndefined();
    expect(byName.NodeResourcesFit).toMatchObject({ weight: 5, args: { scoringStrategy: { type: 'MostAllocated' } } });
    expect(byName.TaintToleration!.disabledAt).toEqual(['score']);
    expect(byName.NodeResourcesBalancedAllocation!.disabledAt).toEqual(['score']);
    expect(c.percentageOfNodesToScore).toBe(30);
    expect(c.leaderElection).toMatchObject({ leaderElect: false, leaseDurationMs: 20_000, retryPeriodMs: 500, renewDeadlineMs: 10_000 });
  });

  it.each([
    ['15s', 15_000],
    ['100ms', 100],
    ['1m30s', 90_000],
    ['1.5m', 90_000],
  ])('leaderElection.leaseDuration %s (Go durations)', (d, ms) => expect(resolveConfig({ leaderElection: { leaseDuration: d } }).leaderElection.leaseDurationMs).toBe(ms));
  it('rejects bad durations and kinds', () => {
    expect(() => resolveConfig({ leaderElection: { leaseDuration: '15' } })).toThrow(/missing unit/);
    expect(() => resolveConfig({ kind: 'Pod' })).toThrow(/kind/);
  });
});
