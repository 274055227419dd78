// The one map from resource (group/resource, as Kubernetes spells a GroupResource) to its printer.

import type { ResourceInfo } from '../registry/resources.js';
import { deploymentPrinter, replicaSetPrinter } from './apps.js';
import { clusterRoleBindingPrinter, csrPrinter, priorityClassPrinter, roleBindingPrinter, rolePrinter } from './auth.js';
import {
  configMapPrinter,
  defaultPrinter,
  leasePrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core.js';
import { eventPrinter } from './events.js';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './network.js';
import { nodePrinter } from './nodes.js';
import { podPrinter } from './pods.js';
import type { Printer } from './types.js';

const printers: ReadonlyMap<string, Printer> = new Map([
  ['pods', podPrinter],
  ['nodes', nodePrinter],
  ['namespaces', namespacePrinter],
  ['services', servicePrinter],
  ['endpoints', endpointsPrinter],
  ['configmaps', configMapPrinter],
  ['secrets', secretPrinter],
  ['serviceaccounts', serviceAccountPrinter],
  ['events', eventPrinter],
  ['deployments.apps', deploymentPrinter],
  ['replicasets.apps', replicaSetPrinter],
  ['leases.coordination.k8s.io', leasePrinter],
  ['endpointslices.discovery.k8s.io', endpointSlicePrinter],
  ['roles.rbac.authorization.k8s.io', rolePrinter],
  ['clusterroles.rbac.authorization.k8s.io', rolePrinter],
  ['rolebindings.rbac.authorization.k8s.io', roleBindingPrinter],
  ['clusterrolebindings.rbac.authorization.k8s.io', clusterRoleBindingPrinter],
  ['certificatesigningrequests.certificates.k8s.io', csrPrinter],
  ['priorityclasses.scheduling.k8s.io', priorityClassPrinter],
]);

/** GroupResource string: "pods", "deployments.apps". */
export function groupResource(info: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

/** The printer for a resource; NAME AGE when it has none. */
export function printerFor(info: Pick<ResourceInfo, 'group' | 'plural'>): Printer {
  return printers.get(groupResource(info)) ?? defaultPrinter;
}
