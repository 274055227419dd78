// Printers for core/v1 ReplicationControllers (DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES
// SELECTOR) and PodTemplates (CONTAINERS IMAGES POD LABELS).

import { formatLabels } from '../../apimachinery/labels.js';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf, type Container } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface TemplateShape {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: Container[] };
}

interface ReplicationControllerShape {
  spec?: { replicas?: number; selector?: Record<string, string>; template?: TemplateShape };
  status?: { replicas?: number; readyReplicas?: number };
}

function printReplicationController(obj: object, ctx: PrintContext): PrintedRow {
  const rc = obj as ReplicationControllerShape;
  const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
  return {
    cells: [nameOf(obj), rc.spec?.replicas ?? 0, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0, age(obj, ctx), names, images, formatLabels(rc.spec?.selector)],
  };
}

function printPodTemplate(obj: object): PrintedRow {
  const template = (obj as { template?: TemplateShape }).template;
  const [names, images] = containerCells(template?.spec?.containers);
  return { cells: [nameOf(obj), names, images, formatLabels(template?.metadata?.labels)] };
}

export const replicationControllerPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller', { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller', { type: 'integer' }),
    column('Ready', 'The number of ready replicas for this replication controller.', { type: 'integer' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', { priority: 1 }),
  ],
  print: printReplicationController,
};

export const podTemplatePrinter: Printer = {
  columns: [
    nameColumn,
    column('Containers', 'Names of each container in the template.'),
    column('Images', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'The labels for the pod template.'),
  ],
  print: printPodTemplate,
};
