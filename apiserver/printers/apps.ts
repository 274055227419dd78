// Printers for apps/v1: Deployments, ReplicaSets, DaemonSets, StatefulSets and ControllerRevisions.

import { fromLabelSelector, formatLabels, formatLabelSelector, selectorString, SelectorError, type LabelSelector } from '../../apimachinery/labels.js';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf, type Container } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface WorkloadShape {
  spec?: {
    replicas?: number;
    selector?: LabelSelector | null;
    template?: { spec?: { containers?: Container[] } };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

/** The Deployment printer uses selector.String(): "" when empty, "<invalid>" when it cannot parse. */
function deploymentSelector(sel: LabelSelector | null | undefined): string {
  try {
    return selectorString(fromLabelSelector(sel));
  } catch (e) {
    if (e instanceof SelectorError) return '<invalid>';
    throw e;
  }
}

/** NAME, the three replica counts, AGE, CONTAINERS, IMAGES, SELECTOR: the row both workload printers share. */
function workloadRow(obj: object, ctx: PrintContext, counts: [string | number, number, number], selector: string): PrintedRow {
  const [names, images] = containerCells((obj as WorkloadShape).spec?.template?.spec?.containers);
  return { cells: [nameOf(obj), ...counts, age(obj, ctx), names, images, selector] };
}

function printDeployment(obj: object, ctx: PrintContext): PrintedRow {
  const d = obj as WorkloadShape;
  const ready = `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`;
  return workloadRow(obj, ctx, [ready, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0], deploymentSelector(d.spec?.selector));
}

function printReplicaSet(obj: object, ctx: PrintContext): PrintedRow {
  const rs = obj as WorkloadShape;
  return workloadRow(obj, ctx, [rs.spec?.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0], formatLabelSelector(rs.spec?.selector));
}

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 }),
  ],
  print: printDeployment,
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'Replicas is the number of desired replicas.', { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
    column('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'Selector is a label query over pods that should match the replica count.', { priority: 1 }),
  ],
  print: printReplicaSet,
};

interface DaemonSetShape {
  spec?: { selector?: LabelSelector | null; template?: { spec?: { containers?: Container[]; nodeSelector?: Record<string, string> } } };
  status?: { desiredNumberScheduled?: number; currentNumberScheduled?: number; numberReady?: number; updatedNumberScheduled?: number; numberAvailable?: number };
}

function printDaemonSet(obj: object, ctx: PrintContext): PrintedRow {
  const ds = obj as DaemonSetShape;
  const st = ds.status ?? {};
  const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
  return {
    cells: [
      nameOf(obj),
      st.desiredNumberScheduled ?? 0,
      st.currentNumberScheduled ?? 0,
      st.numberReady ?? 0,
      st.updatedNumberScheduled ?? 0,
      st.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(obj, ctx),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ],
  };
}

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', { type: 'integer' }),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', { type: 'integer' }),
    column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', { type: 'integer' }),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', { type: 'integer' }),
    column('Node Selector', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', { priority: 1 }),
  ],
  print: printDaemonSet,
};

function printStatefulSet(obj: object, ctx: PrintContext): PrintedRow {
  const sts = obj as WorkloadShape;
  const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
  return { cells: [nameOf(obj), `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`, age(obj, ctx), names, images] };
}

export const statefulSetPrinter: Printer = {
  columns: [nameColumn, column('Ready', 'Number of the pod with ready state'), ageColumn, containersColumn, imagesColumn],
  print: printStatefulSet,
};

interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  controller?: boolean;
}

/** The CONTROLLER cell: "<kind>.<group>/<name>" in lower case for the controlling owner, "<none>" without one. */
function controllerOf(obj: object): string {
  const refs = (obj as { metadata?: { ownerReferences?: OwnerReference[] } }).metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = ref.kind ?? '';
  const groupKind = group ? `${kind}.${group}` : kind;
  return groupKind === '' ? (ref.name ?? '') : `${groupKind.toLowerCase()}/${ref.name ?? ''}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    nameColumn,
    column('Controller', 'Controller of the object'),
    column('Revision', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn,
  ],
  print: (obj, ctx) => ({ cells: [nameOf(obj), controllerOf(obj), (obj as { revision?: number }).revision ?? 0, age(obj, ctx)] }),
};
