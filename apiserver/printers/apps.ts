// Printers for apps/v1 Deployments and ReplicaSets.

import { fromLabelSelector, formatLabelSelector, selectorString, SelectorError, type LabelSelector } from '../../apimachinery/labels.js';
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
