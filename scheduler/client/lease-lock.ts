// LeaseLock over coordination.k8s.io/v1 Leases (client-node CoordinationV1Api).
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { LeaseLock, LeaseRecord } from '../leader/elector.js';
import { statusCodeOf } from './api-actions.js';

function toIso(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return new Date(v as string).toISOString();
}

function toLease(name: string, namespace: string, r: LeaseRecord, resourceVersion?: string): V1Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, resourceVersion },
    spec: {
      holderIdentity: r.holderIdentity,
      leaseDurationSeconds: r.leaseDurationSeconds,
      acquireTime: r.acquireTime ? new Date(r.acquireTime) : undefined,
      renewTime: r.renewTime ? new Date(r.renewTime) : undefined,
      leaseTransitions: r.leaseTransitions,
    },
  };
}

export class ApiLeaseLock implements LeaseLock {
  private readonly api: CoordinationV1Api;

  constructor(
    kc: KubeConfig,
    private readonly namespace: string,
    private readonly name: string,
  ) {
    this.api = kc.makeApiClient(CoordinationV1Api);
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  async get(): Promise<{ record: LeaseRecord; resourceVersion: string } | undefined> {
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name: this.name, namespace: this.namespace });
    } catch (err) {
      if (statusCodeOf(err) === 404) return undefined;
      throw err;
    }
    const s = lease.spec ?? {};
    return {
      record: {
        holderIdentity: s.holderIdentity,
        leaseDurationSeconds: s.leaseDurationSeconds,
        acquireTime: toIso(s.acquireTime),
        renewTime: toIso(s.renewTime),
        leaseTransitions: s.leaseTransitions,
      },
      resourceVersion: lease.metadata?.resourceVersion ?? '',
    };
  }

  async create(r: LeaseRecord): Promise<void> {
    await this.api.createNamespacedLease({ namespace: this.namespace, body: toLease(this.name, this.namespace, r) });
  }

  async update(r: LeaseRecord, resourceVersion: string): Promise<void> {
    await this.api.replaceNamespacedLease({ name: this.name, namespace: this.namespace, body: toLease(this.name, this.namespace, r, resourceVersion) });
  }
}
