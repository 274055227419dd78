import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { serverSideApply } from './apply.js';
import { LAST_APPLIED } from './last-applied.js';
import { updateManagedFields } from './managed-fields.js';

type O = Record<string, any>;
const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:01:00Z';

const manifest = (replicas: number, image = 'nginx:1.25'): O => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } } },
});

/** What `kubectl apply` (client-side) leaves: the manifest, its annotation, kubectl-client-side-apply owning it all. */
function clientSideApplied(m: O): O {
  const o = structuredClone(m);
  o.metadata.annotations = { [LAST_APPLIED]: JSON.stringify(m) + '\n' };
  return updateManagedFields({ live: undefined, updated: o, manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', gvk, now: T0 }).object;
}

const apply = (live: O, applied: O, manager: string): O => serverSideApply({ live, applied, manager, force: false, gvk, now: T1 }).object;

function conflict(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e.message;
    throw e;
  }
  throw new Error('expected a conflict');
}

describe('client-side apply → server-side apply by kubectl (lastAppliedManager)', () => {
  it('kubectl takes over fields the annotation sets to their live values, and the annotation follows what it applied', () => {
    const live = clientSideApplied(manifest(2));
    const out = apply(live, manifest(3, 'nginx:1.27'), 'kubectl');
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    const kubectl = out.metadata.managedFields.find((e: O) => e.manager === 'kubectl');
    expect(kubectl.operation).toBe('Apply');
    expect(kubectl.fieldsV1['f:spec']['f:replicas']).toEqual({});
    const csa = out.metadata.managedFields.find((e: O) => e.manager === 'kubectl-client-side-apply');
    expect(csa.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(JSON.parse(out.metadata.annotations[LAST_APPLIED])).toEqual(manifest(3, 'nginx:1.27'));
    expect(out.metadata.annotations[LAST_APPLIED]).toMatch(/^\{"apiVersion":"apps\/v1","kind":"Deployment","metadata":/);
  });

  it('another manager name still conflicts', () => {
    expect(conflict(() => apply(clientSideApplied(manifest(2)), manifest(3), 'my-tool'))).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
  });

  it('a field changed since the last client-side apply (live differs from the annotation) still conflicts', () => {
    const live = clientSideApplied(manifest(2));
    const scaled = updateManagedFields({ live, updated: { ...live, spec: { ...live.spec, replicas: 5 } }, manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', gvk, now: T1 }).object;
    expect(conflict(() => apply(scaled, manifest(3), 'kubectl'))).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
  });
});
