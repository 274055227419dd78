// The build-time generator: Kubernetes-named schemas derived from kubernetes-models' .d.ts files
// (descriptions, required, enums, refs) and client-node's formats; plus the loader's on-the-fly
// generation when definitions.json is missing.
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from './definitions.js';
import { kubernetesName } from './dts-reader.js';
import { generateDefinitions } from './generate.js';
import { definitionsPath, findProjectRoot } from './paths.js';
import type { DefinitionsFile, Schema } from './types.js';

const root = findProjectRoot(import.meta.url);
let defs: DefinitionsFile;
beforeAll(() => {
  defs = generateDefinitions(root).file;
});

function at(def: string, ...props: string[]): Schema {
  let s: Schema | undefined = defs.schemas[def];
  for (const p of props) s = s?.properties?.[p];
  if (!s) throw new Error(`${def}.${props.join('.')} missing`);
  return s;
}

describe('kubernetesName', () => {
  it.each([
    ['IIoK8sApiAppsV1DeploymentSpec', 'DeploymentSpec', 'io.k8s.api.apps.v1.DeploymentSpec'],
    ['IIoK8sApimachineryPkgApisMetaV1ObjectMeta', 'ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
    ['IIoK8sApimachineryPkgUtilIntstrIntOrString', 'IntOrString', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'],
    ['IIoK8sApiAuthorizationV1SelfSubjectAccessReview', 'SelfSubjectAccessReview', 'io.k8s.api.authorization.v1.SelfSubjectAccessReview'],
  ])('%s → %s', (alias, base, want) => {
    expect(kubernetesName(alias, base)).toBe(want);
  });
});

describe('generateDefinitions', () => {
  it('Deployment.spec.strategy carries descriptions, the enum and a described reference', () => {
    expect(at('io.k8s.api.apps.v1.DeploymentSpec', 'strategy')).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }],
      description: 'The deployment strategy to use to replace existing pods with new ones.',
    });
    const strategy = defs.schemas['io.k8s.api.apps.v1.DeploymentStrategy'];
    expect(strategy.description).toBe('DeploymentStrategy describes how to replace existing pods with new ones.');
    expect(strategy.properties?.type).toMatchObject({ type: 'string', enum: ['Recreate', 'RollingUpdate'] });
    expect(strategy.properties?.type.description).toContain('Possible enum values:');
  });

  it.each<[string, string[], Partial<Schema>]>([
    ['io.k8s.api.apps.v1.DeploymentSpec', ['replicas'], { type: 'integer', format: 'int32' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', ['generation'], { type: 'integer', format: 'int64' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', ['labels'], { type: 'object', additionalProperties: { type: 'string' } }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', ['creationTimestamp'], { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }] }],
    ['io.k8s.api.core.v1.Secret', ['data'], { type: 'object', additionalProperties: { type: 'string', format: 'byte' } }],
    ['io.k8s.api.core.v1.PodSpec', ['containers'], { type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' } }],
    // kubernetes-models writes the embedded PersistentVolumeClaim inline; Kubernetes references the kind.
    ['io.k8s.api.apps.v1.StatefulSetSpec', ['volumeClaimTemplates'], { type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.PersistentVolumeClaim' } }],
    ['io.k8s.api.core.v1.ResourceRequirements', ['limits'], { additionalProperties: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' } }],
    ['io.k8s.api.apps.v1.Deployment', ['apiVersion'], { type: 'string' }],
    ['io.k8s.apimachinery.pkg.util.intstr.IntOrString', [], { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true }],
    ['io.k8s.apimachinery.pkg.api.resource.Quantity', [], { oneOf: [{ type: 'string' }, { type: 'number' }] }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.Time', [], { type: 'string', format: 'date-time' }],
    ['io.k8s.apimachinery.pkg.runtime.RawExtension', [], { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }],
  ])('%s %j', (def, props, want) => {
    expect(at(def, ...props)).toMatchObject(want);
  });

  it.each<[string, string[] | undefined]>([
    ['io.k8s.api.core.v1.Container', ['name']],
    ['io.k8s.api.apps.v1.DeploymentSpec', ['selector', 'template']],
    ['io.k8s.api.core.v1.PodSpec', ['containers']],
    ['io.k8s.api.apps.v1.Deployment', undefined],
  ])('required of %s follows the schema', (def, want) => {
    expect(defs.schemas[def].required).toEqual(want);
  });

  it.each([
    ['io.k8s.api.apps.v1.Deployment', { group: 'apps', version: 'v1', kind: 'Deployment' }],
    ['io.k8s.api.core.v1.PodList', { group: '', version: 'v1', kind: 'PodList' }],
    ['io.k8s.api.authorization.v1.SelfSubjectAccessReview', { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' }],
    ['io.k8s.api.authentication.v1.TokenRequest', { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }],
    ['io.k8s.api.autoscaling.v1.Scale', { group: 'autoscaling', version: 'v1', kind: 'Scale' }],
    ['io.k8s.api.policy.v1.Eviction', { group: 'policy', version: 'v1', kind: 'Eviction' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.Status', { group: '', version: 'v1', kind: 'Status' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', { group: 'apps', version: 'v1', kind: 'DeleteOptions' }],
  ])('%s has x-kubernetes-group-version-kind %j', (def, gvk) => {
    expect(defs.schemas[def]['x-kubernetes-group-version-kind']).toContainEqual(gvk);
  });

  it('leaves no reference dangling', () => {
    const dangling: string[] = [];
    const visit = (v: unknown): void => {
      if (!v || typeof v !== 'object') return;
      const ref = (v as Schema).$ref;
      if (ref && !defs.schemas[ref.replace('#/components/schemas/', '')]) dangling.push(ref);
      Object.values(v).forEach(visit);
    };
    visit(defs.schemas);
    expect(dangling).toEqual([]);
  });
});

describe('loadDefinitions', () => {
  let tmpRoot = '';
  afterAll(() => {
    if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
  });

  it('generates definitions.json when it is missing', async () => {
    tmpRoot = mkdtempSync(path.join(tmpdir(), 'k8ts-openapi-'));
    writeFileSync(path.join(tmpRoot, 'package.json'), '{"name":"tmp"}');
    symlinkSync(path.join(root, 'node_modules'), path.join(tmpRoot, 'node_modules'));
    expect(existsSync(definitionsPath(tmpRoot))).toBe(false);
    const loaded = await loadDefinitions({ root: tmpRoot });
    expect(existsSync(definitionsPath(tmpRoot))).toBe(true);
    expect(loaded.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    expect(loaded.source['kubernetes-models']).toMatch(/^\d+\./);
  });

  it('refuses to generate when told not to', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'k8ts-openapi-'));
    try {
      await expect(loadDefinitions({ root: empty, generateIfMissing: false })).rejects.toThrow(/is missing/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
