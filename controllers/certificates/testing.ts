// Test double for the certificate controllers: a FakeInformer of CSRs whose /approval and /status
// writes update it (as a watch would), and a SubjectAccessReview answered from a table.
import { FakeInformer } from '../../apimachinery/controller/index.js';
import type { AccessCheck, CSR, CSRApi } from './api.js';

export class FakeCSRApi implements CSRApi {
  readonly informer = new FakeInformer<CSR>();
  readonly writes: string[] = [];
  readonly checks: AccessCheck[] = [];
  private rv = 1;

  /** `allow(check)` decides each SubjectAccessReview. */
  constructor(private readonly allow: (c: AccessCheck) => boolean = () => false) {}

  add(csr: CSR): void {
    this.informer.deliver('add', { ...structuredClone(csr), metadata: { ...csr.metadata, resourceVersion: String(this.rv++) } });
  }

  get(name: string): CSR | undefined {
    return this.informer.store.get(name);
  }

  private write(kind: string, csr: CSR): Promise<CSR> {
    const name = csr.metadata?.name ?? '';
    const cur = this.informer.store.get(name);
    if (!cur) return Promise.reject(Object.assign(new Error('not found'), { code: 404 }));
    if (cur.metadata?.resourceVersion !== csr.metadata?.resourceVersion) return Promise.reject(Object.assign(new Error('conflict'), { code: 409 }));
    // Each subresource changes only its own part, as the API server's strategies do.
    const next: CSR = structuredClone(cur);
    if (kind === 'approval') next.status = { ...next.status, conditions: csr.status?.conditions };
    else next.status = { ...csr.status, conditions: csr.status?.conditions };
    next.metadata = { ...next.metadata, resourceVersion: String(this.rv++) };
    this.writes.push(`${kind} ${name}`);
    this.informer.deliver('update', next);
    return Promise.resolve(structuredClone(next));
  }

  updateApproval(csr: CSR): Promise<CSR> {
    return this.write('approval', csr);
  }

  updateStatus(csr: CSR): Promise<CSR> {
    return this.write('status', csr);
  }

  allowed(c: AccessCheck): Promise<boolean> {
    this.checks.push(c);
    return Promise.resolve(this.allow(c));
  }
}
