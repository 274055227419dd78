// The served OpenAPI v3 index and per-group-version documents: what kubectl's field-validation
// check (first PATCH per GVK with `fieldValidation` among its own parameters) and explain rely on.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources, type ResourceInfo } from '../registry/resources.js';
import { loadDefinitions } from './definitions.js';
import { OpenApiDocuments, documentKeys, openapiDocument, openapiIndex, type OpenApiDocument } from './documents.js';
import type { Operation } from './operations.js';
import type { DefinitionsFile } from './types.js';

let defs: DefinitionsFile;
beforeAll(async () => {
  defs = await loadDefinitions();
});

function doc(key: string, res?: ResourceInfo[]): OpenApiDocument {
  const d = openapiDocument(defs, key, res ? { resources: res } : {});
  if (!d) throw new Error(`no document ${key}`);
  return d;
}

function patches(d: OpenApiDocument): Array<[string, Operation]> {
  return Object.entries(d.paths).flatMap(([p, item]) => (item.patch ? [[p, item.patch] as [string, Operation]] : []));
}

describe('openapiIndex', () => {
  it('lists api/v1 and every group-version of the catalogue with a content hash', () => {
    const idx = openapiIndex(defs);
    expect(Object.keys(idx.paths).sort()).toEqual(documentKeys());
    expect(Object.keys(idx.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1']));
    const served = new OpenApiDocuments(defs).get('apis/apps/v1');
    const sha = createHash('sha256').update(served?.json ?? '').digest('hex').toUpperCase();
    expect(idx.paths['apis/apps/v1'].serverRelativeURL).toBe(`/openapi/v3/apis/apps/v1?hash=${sha}`);
  });

  it('always serves api/v1, even without core resources', () => {
    const appsOnly = resources.filter((r) => r.group === 'apps');
    expect(Object.keys(openapiIndex(defs, { resources: appsOnly }).paths)).toEqual(['api/v1', 'apis/apps/v1']);
    expect(Object.keys(doc('api/v1', appsOnly).paths).length).toBeGreaterThan(0);
  });
});

describe('openapiDocument', () => {
  it.each(documentKeys())('%s: every PATCH declares its GVK, the patch action and fieldValidation', (key) => {
    const d = doc(key);
    expect(d.openapi).toBe('3.0.0');
    expect(d.info.title).toBe('Kubernetes');
    const ops = patches(d);
    // Create-only group versions (authentication/authorization reviews) have no PATCH at all.
    const inGV = resources.filter((r) => (r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`) === key);
    if (inGV.some((r) => r.verbs.includes('patch'))) expect(ops.length).toBeGreaterThan(0);
    for (const [, op] of ops) {
      expect(op['x-kubernetes-action']).toBe('patch');
      expect(op['x-kubernetes-group-version-kind'].kind).toBeTruthy();
      expect(op.parameters?.map((p) => p.name)).toContain('fieldValidation');
      expect(Object.keys(op.requestBody?.content ?? {}).sort()).toEqual([
        'application/apply-patch+yaml',
        'application/json-patch+json',
        'application/merge-patch+json',
      ]);
    }
  });

  it.each(documentKeys())('%s: components hold every referenced schema and the GV kinds', (key) => {
    const d = doc(key);
    const dangling: string[] = [];
    const visit = (v: unknown): void => {
      if (!v || typeof v !== 'object') return;
      const ref = (v as { $ref?: unknown }).$ref;
      if (typeof ref === 'string' && !d.components.schemas[ref.replace('#/components/schemas/', '')]) dangling.push(ref);
      Object.values(v).forEach(visit);
    };
    visit(d);
    expect(dangling).toEqual([]);
    for (const r of resources.filter((x) => `${x.group ? `apis/${x.group}` : 'api'}/${x.version}` === key)) {
      const kinds = Object.values(d.components.schemas).flatMap((s) => s['x-kubernetes-group-version-kind'] ?? []);
      expect(kinds).toContainEqual({ group: r.group, version: r.version, kind: r.kind });
    }
  });

  it('has the paths and verbs of deployments, including status and scale', () => {
    const d = doc('apis/apps/v1');
    const ns = '/apis/apps/v1/namespaces/{namespace}/deployments';
    expect(Object.keys(d.paths[ns]).filter((k) => k !== 'parameters').sort()).toEqual(['delete', 'get', 'post']);
    expect(Object.keys(d.paths[`${ns}/{name}`]).filter((k) => k !== 'parameters').sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(d.paths['/apis/apps/v1/deployments'].get?.['x-kubernetes-action']).toBe('list');
    expect(d.paths[`${ns}/{name}/status`].patch?.['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(d.paths[`${ns}/{name}/scale`].patch?.['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(d.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    expect(d.paths[`${ns}/{name}`].get?.responses['200'].content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment',
    });
  });

  it('honours the verbs of the catalogue (namespaces have no deletecollection) and cluster scope', () => {
    const d = doc('api/v1');
    expect(d.paths['/api/v1/namespaces'].delete).toBeUndefined();
    expect(d.paths['/api/v1/namespaces/{name}'].patch).toBeDefined();
    expect(d.paths['/api/v1/nodes/{name}']).toBeDefined();
    expect(d.paths['/api/v1/namespaces/{namespace}/nodes']).toBeUndefined();
    expect(d.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction'].post?.['x-kubernetes-group-version-kind']).toEqual({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
    });
    expect(d.paths['/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token'].post?.['x-kubernetes-group-version-kind'].kind).toBe('TokenRequest');
  });

  it.each(['apis/nope/v1', 'apis/apps/v2', 'garbage', 'apis'])('%s is not served', (key) => {
    expect(openapiDocument(defs, key)).toBeUndefined();
    expect(new OpenApiDocuments(defs).get(key)).toBeUndefined();
  });

  it('OpenApiDocuments serves the same bytes each time and accepts slashes around the key', () => {
    const docs = new OpenApiDocuments(defs);
    const a = docs.get('/apis/apps/v1/');
    expect(a).toBe(docs.get('apis/apps/v1'));
    expect(JSON.parse(a?.json ?? '{}')).toEqual(doc('apis/apps/v1'));
  });
});

describe('pods/ephemeralcontainers', () => {
  it('is served as read, replace and patch of a Pod, as in Kubernetes', () => {
    const item = doc('api/v1').paths['/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers'];
    expect(item?.get?.operationId).toBe('readCoreV1NamespacedPodEphemeralcontainers');
    expect(item?.put?.operationId).toBe('replaceCoreV1NamespacedPodEphemeralcontainers');
    expect(item?.patch?.operationId).toBe('patchCoreV1NamespacedPodEphemeralcontainers');
    expect(item?.post).toBeUndefined();
  });
});
