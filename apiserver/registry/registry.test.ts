// The module registry and the generic lifecycle: every module agrees with its catalogue entry,
// lookups find the module, and deletion follows each module's rules.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../apimachinery/objects.js';
import { gracefulDeletion, markDeleting, prepareForCreate, prepareForStatusUpdate, prepareForUpdate, readyToDelete } from './lifecycle.js';
import { findByKind, findResource, groupResource, groupVersion, moduleFor, modules, printerFor, resources } from './resources.js';
import { defineResource } from './strategy/define.js';

const byPlural = new Map(resources.map((r) => [groupResource(r), r]));
const mod = (gr: string) => moduleFor(byPlural.get(gr)!);
const now = new Date('2026-01-01T00:00:00Z');

describe('module registry', () => {
  it('derives the catalogue from the modules: one entry per module and per other served version, unique by group/version/resource and by apiVersion/kind', () => {
    const storage = resources.filter((r) => !r.storageVersion);
    expect(storage).toEqual(modules.map((m) => m.info));
    expect(resources.length).toBe(modules.reduce((n, m) => n + 1 + (m.versions?.length ?? 0), 0));
    expect(new Set(storage.map(groupResource)).size).toBe(storage.length);
    expect(new Set(resources.map((r) => `${groupVersion(r)}/${r.plural}`)).size).toBe(resources.length);
    expect(new Set(resources.map((r) => `${groupVersion(r)}/${r.kind}`)).size).toBe(resources.length);
  });

  it.each(modules.map((m) => [groupResource(m.info), m] as const))('%s: lookups find the module and its subresources are served', (_gr, m) => {
    expect(moduleFor(m.info)).toBe(m);
    expect(findResource(m.info.group, m.info.version, m.info.plural)).toBe(m.info);
    expect(findByKind(m.info.group ? `${m.info.group}/${m.info.version}` : m.info.version, m.info.kind)).toBe(m.info);
    expect(m.info.subresources).toEqual(Object.keys(m.subresources ?? {}));
    for (const sub of Object.values(m.subresources ?? {})) if (sub.type === 'write') expect(sub.methods.length + (sub.get ? 1 : 0)).toBeGreaterThan(0);
  });

  it('gives an uncatalogued resource only the generic behaviour', () => {
    const info = defineResource({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true }).info;
    expect(moduleFor(info)).toEqual({ info });
    expect(printerFor(info).columns.map((c) => c.name)).toEqual(['Name', 'Age']);
  });

  it('builds catalogue entries with Kubernetes defaults', () => {
    const info = defineResource({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, subresources: { status: { type: 'status' } } }).info;
    expect(info).toEqual({
      group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', listKind: 'PodDisruptionBudgetList', plural: 'poddisruptionbudgets',
      singular: 'poddisruptionbudget', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: ['status'], hasGeneration: false,
    });
  });
});

describe('lifecycle', () => {
  const boundPod = (extra: Obj = {}): Obj => ({ metadata: { name: 'p', ...extra }, spec: { nodeName: 'n1', terminationGracePeriodSeconds: 20 }, status: { phase: 'Running' } });

  it.each<[string, string, Obj, { gracePeriodSeconds?: number; propagationPolicy?: 'Foreground' | 'Orphan' }, boolean]>([
    ['a configmap goes at once', 'configmaps', { metadata: { name: 'c' } }, {}, false],
    ['finalizers keep any object', 'configmaps', { metadata: { name: 'c', finalizers: ['x/y'] } }, {}, true],
    ['foreground deletion marks', 'configmaps', { metadata: { name: 'c' } }, { propagationPolicy: 'Foreground' }, true],
    ['a marked configmap stays marked', 'configmaps', { metadata: { name: 'c', deletionTimestamp: 't' } }, {}, true],
    ['a namespace is always marked', 'namespaces', { metadata: { name: 'n' } }, {}, true],
    ['a bound pod has a grace period', 'pods', boundPod(), {}, true],
    ['grace period 0 deletes a bound pod at once', 'pods', boundPod(), { gracePeriodSeconds: 0 }, false],
    ['an unscheduled pod goes at once', 'pods', { metadata: { name: 'p' }, spec: {} }, {}, false],
    ['a marked pod may still go at once', 'pods', boundPod({ deletionTimestamp: 't', deletionGracePeriodSeconds: 20 }), { gracePeriodSeconds: 0 }, false],
  ])('%s', (_n, gr, o, opts, want) => {
    expect(gracefulDeletion(mod(gr), o, opts)).toBe(want);
  });

  it('marks a pod with its grace period and a namespace as Terminating', () => {
    const pod = markDeleting(mod('pods'), boundPod(), {}, now);
    expect(pod.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:20Z', deletionGracePeriodSeconds: 20 });
    const shorter = markDeleting(mod('pods'), pod, { gracePeriodSeconds: 5 }, now);
    expect(shorter.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:05Z', deletionGracePeriodSeconds: 5 });
    const ns = markDeleting(mod('namespaces'), { metadata: { name: 'n' }, status: { phase: 'Active' } }, { propagationPolicy: 'Orphan' }, now);
    expect(ns).toMatchObject({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, finalizers: ['orphan'] }, status: { phase: 'Terminating' } });
  });

  it.each<[string, string, Obj, boolean]>([
    ['not marked', 'configmaps', { metadata: {} }, false],
    ['marked, no finalizers', 'configmaps', { metadata: { deletionTimestamp: 't' } }, true],
    ['marked with finalizers', 'configmaps', { metadata: { deletionTimestamp: 't', finalizers: ['a/b'] } }, false],
    ['namespace with spec finalizers', 'namespaces', { metadata: { deletionTimestamp: 't' }, spec: { finalizers: ['kubernetes'] } }, false],
    ['namespace finalized', 'namespaces', { metadata: { deletionTimestamp: 't' }, spec: { finalizers: [] } }, true],
    ['pod in its grace period', 'pods', { metadata: { deletionTimestamp: 't', deletionGracePeriodSeconds: 30 } }, false],
    ['pod with grace 0', 'pods', { metadata: { deletionTimestamp: 't', deletionGracePeriodSeconds: 0 } }, true],
  ])('readyToDelete: %s', (_n, gr, o, want) => {
    expect(readyToDelete(mod(gr), o)).toBe(want);
  });

  it('sets generation on create and bumps it on spec changes only for resources that have one', () => {
    const d: Obj = { metadata: { name: 'd', generation: 7 }, spec: { replicas: 1 } };
    prepareForCreate(mod('deployments.apps'), d);
    expect(d).toMatchObject({ metadata: { generation: 1 }, status: {} });
    const next: Obj = { metadata: { name: 'd' }, spec: { replicas: 2 } };
    prepareForUpdate(mod('deployments.apps'), next, d);
    expect((next.metadata as Obj).generation).toBe(2);
    const cm: Obj = { metadata: { name: 'c', generation: 3 } };
    prepareForCreate(mod('configmaps'), cm);
    expect((cm.metadata as Obj).generation).toBeUndefined();
  });

  it('keeps a CSR approval out of status writes', () => {
    const old: Obj = { metadata: { name: 'c' }, status: { conditions: [{ type: 'Approved', status: 'True' }] } };
    const next = prepareForStatusUpdate(mod('certificatesigningrequests.certificates.k8s.io'), { status: { certificate: 'eA==', conditions: [{ type: 'Denied', status: 'True' }] } }, old);
    expect(next.status).toEqual({ certificate: 'eA==', conditions: [{ type: 'Approved', status: 'True' }] });
  });
});
