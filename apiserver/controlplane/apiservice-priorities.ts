// Discovery priorities kube-apiserver gives the APIServices it registers for its own group-versions
// (controlplane/apiserver DefaultGenericAPIServicePriorities plus kube-apiserver's additions): data,
// keyed by group-version; which group-versions get an APIService comes from the catalogue.

export interface APIServicePriority {
  group: number;
  version: number;
}

const table: [string, number, number][] = [
  ['v1', 18000, 1],
  ['apiregistration.k8s.io/v1', 18000, 15],
  ['apps/v1', 17800, 15],
  ['events.k8s.io/v1', 17750, 15],
  ['authentication.k8s.io/v1', 17700, 15],
  ['authorization.k8s.io/v1', 17600, 15],
  ['autoscaling/v1', 17500, 15],
  ['autoscaling/v2', 17500, 30],
  ['batch/v1', 17400, 15],
  ['certificates.k8s.io/v1', 17300, 15],
  ['networking.k8s.io/v1', 17200, 15],
  ['policy/v1', 17100, 15],
  ['rbac.authorization.k8s.io/v1', 17000, 15],
  ['storage.k8s.io/v1', 16800, 15],
  ['apiextensions.k8s.io/v1', 16700, 15],
  ['admissionregistration.k8s.io/v1', 16700, 15],
  ['scheduling.k8s.io/v1', 16600, 15],
  ['coordination.k8s.io/v1', 16500, 15],
  ['node.k8s.io/v1', 16300, 15],
  ['discovery.k8s.io/v1', 16200, 15],
  ['flowcontrol.apiserver.k8s.io/v1', 16100, 21],
];

export const apiServicePriorities: ReadonlyMap<string, APIServicePriority> = new Map(table.map(([gv, group, version]) => [gv, { group, version }]));
