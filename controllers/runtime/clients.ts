// The write side controllers use: one narrow client per resource (get/create/update/updateStatus/
// merge-patch/delete). Production adapts client-node's typed APIs (clientnode.ts); tests use the
// in-memory cluster (controllers/testing).
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import type { Informer } from '../../apimachinery/controller/index.js';
import type { ResourceName, ResourceTypes } from './resources.js';

export interface DeleteOptions {
  /** Precondition: only delete the object with this uid. */
  uid?: string;
  /** Precondition: only delete at this resourceVersion. */
  resourceVersion?: string;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

export interface ResourceClient<T extends KubernetesObject> {
  get(namespace: string | undefined, name: string): Promise<T>;
  /** A live list (one namespace, or all when undefined / cluster-scoped). */
  list(namespace?: string): Promise<T[]>;
  create(obj: T): Promise<T>;
  /** PUT; the object's resourceVersion is the precondition. */
  update(obj: T): Promise<T>;
  /** PUT to the status subresource (same as update where there is none). */
  updateStatus(obj: T): Promise<T>;
  /** JSON merge patch (RFC 7386). */
  patch(namespace: string | undefined, name: string, patch: object): Promise<T>;
  delete(namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<void>;
}

export interface NamespaceClient extends ResourceClient<V1Namespace> {
  /** PUT namespaces/<name>/finalize (only spec.finalizers changes). */
  finalize(ns: V1Namespace): Promise<V1Namespace>;
}

export type Clients = { [K in ResourceName]: K extends 'namespaces' ? NamespaceClient : ResourceClient<ResourceTypes[K]> };

/** Lazily created, shared informers: one list/watch per resource for the whole manager. */
export interface InformerFactory {
  informer<K extends ResourceName>(resource: K): Informer<ResourceTypes[K]>;
  /** Runs every informer created so far (and any created later) until `signal` aborts. */
  start(signal: AbortSignal): void;
}
