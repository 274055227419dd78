// The one registry: plugin name → factory, and the default (multiPoint) plugin set with its score
// weights as in kube-scheduler 1.32 (minus the volume, image and DRA plugins k8ts doesn't have).
import type { PluginSpec } from '../framework/framework.js';
import type { PluginFactory } from '../framework/types.js';
import { newDefaultBinder, NAME as DefaultBinder } from './default-binder/default-binder.js';
import { newDefaultPreemption, NAME as DefaultPreemption } from './default-preemption/default-preemption.js';
import { newInterPodAffinity, NAME as InterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.js';
import { newNodeAffinity, NAME as NodeAffinity } from './node-affinity/node-affinity.js';
import { newNodeName, NAME as NodeName } from './node-name/node-name.js';
import { newNodePorts, NAME as NodePorts } from './node-ports/node-ports.js';
import { newBalancedAllocation, NAME as BalancedAllocation } from './node-resources/balanced-allocation.js';
import { newNodeResourcesFit, NAME as NodeResourcesFit } from './node-resources/fit.js';
import { newNodeUnschedulable, NAME as NodeUnschedulable } from './node-unschedulable/node-unschedulable.js';
import { newPodTopologySpread, NAME as PodTopologySpread } from './pod-topology-spread/pod-topology-spread.js';
import { newTaintToleration, NAME as TaintToleration } from './taint-toleration/taint-toleration.js';

export function newRegistry(): Map<string, PluginFactory> {
  return new Map<string, PluginFactory>([
    [NodeUnschedulable, () => newNodeUnschedulable()],
    [NodeName, () => newNodeName()],
    [TaintToleration, () => newTaintToleration()],
    [NodeAffinity, () => newNodeAffinity()],
    [NodePorts, () => newNodePorts()],
    [NodeResourcesFit, (args) => newNodeResourcesFit(args)],
    [BalancedAllocation, (args) => newBalancedAllocation(args)],
    [PodTopologySpread, () => newPodTopologySpread()],
    [InterPodAffinity, (args, h) => newInterPodAffinity(args, h)],
    [DefaultPreemption, (args, h) => newDefaultPreemption(args, h)],
    [DefaultBinder, (args, h) => newDefaultBinder(args, h)],
  ]);
}

/** kube-scheduler's default plugins, in its order, with default score weights. */
export function defaultPlugins(): PluginSpec[] {
  return [
    { name: NodeUnschedulable },
    { name: NodeName },
    { name: TaintToleration, weight: 3 },
    { name: NodeAffinity, weight: 2 },
    { name: NodePorts },
    { name: NodeResourcesFit, weight: 1 },
    { name: PodTopologySpread, weight: 2 },
    { name: InterPodAffinity, weight: 2 },
    { name: DefaultPreemption },
    { name: BalancedAllocation, weight: 1 },
    { name: DefaultBinder },
  ];
}
