// Resource-allocation scoring shared by NodeResourcesFit (LeastAllocated / MostAllocated) and
// NodeResourcesBalancedAllocation. cpu and memory use the non-zero (defaulted) requests like
// Kubernetes; other resources count only when the pod asks for them.
import type { NodeInfo } from '../../cache/node-info.js';
import { CPU, MEMORY, type ResourceList } from '../../cache/resources.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';

export interface ResourceWeight {
  name: string;
  weight: number;
}

export type StrategyType = 'LeastAllocated' | 'MostAllocated';

export interface ScoringStrategy {
  type: StrategyType;
  resources: ResourceWeight[];
}

export const DEFAULT_RESOURCES: ResourceWeight[] = [
  { name: CPU, weight: 1 },
  { name: MEMORY, weight: 1 },
];

export function parseScoringStrategy(raw: unknown): ScoringStrategy {
  const r = (raw ?? {}) as { type?: string; resources?: ResourceWeight[] };
  const type = r.type ?? 'LeastAllocated';
  if (type !== 'LeastAllocated' && type !== 'MostAllocated') {
    throw new Error(`NodeResourcesFit: unsupported scoringStrategy.type ${JSON.stringify(type)}`);
  }
  const resources = r.resources && r.resources.length > 0 ? r.resources.map((x) => ({ name: x.name, weight: x.weight ?? 1 })) : DEFAULT_RESOURCES;
  return { type, resources };
}

export interface PodRequestFigures {
  requests: ResourceList;
  nonZero: ResourceList;
}

/** [allocatable, requested-after-placing-the-pod] of one resource; undefined to leave it out. */
export function allocatableAndRequested(
  resource: string,
  pod: PodRequestFigures,
  node: NodeInfo,
  useNonZero: boolean,
): [number, number] | undefined {
  const alloc = node.allocatable[resource] ?? 0;
  const isCpuMem = resource === CPU || resource === MEMORY;
  if (!isCpuMem && !(pod.requests[resource] ?? 0)) return undefined;
  if (alloc === 0) return undefined;
  const nodeReq = isCpuMem && useNonZero ? node.nonZeroRequested[resource] ?? 0 : node.requested[resource] ?? 0;
  const podReq = isCpuMem && useNonZero ? pod.nonZero[resource] ?? 0 : pod.requests[resource] ?? 0;
  return [alloc, nodeReq + podReq];
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostRequested(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

export function allocationScore(strategy: ScoringStrategy, pod: PodRequestFigures, node: NodeInfo): number {
  let total = 0;
  let weights = 0;
  for (const { name, weight } of strategy.resources) {
    const ar = allocatableAndRequested(name, pod, node, true);
    if (!ar) continue;
    const [alloc, req] = ar;
    total += (strategy.type === 'LeastAllocated' ? leastRequested(req, alloc) : mostRequested(req, alloc)) * weight;
    weights += weight;
  }
  return weights === 0 ? 0 : Math.trunc(total / weights);
}
