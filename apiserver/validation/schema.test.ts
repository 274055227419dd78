// Whole-object schema validation against the generated definitions: Kubernetes field paths and
// messages for wrong types, missing required fields, unsupported enum values and bad formats.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FieldError } from '../../apimachinery/errors.js';
import { loadDefinitions } from '../openapi/definitions.js';
import { SchemaValidator, stripNulls } from './schema.js';

const deploymentGvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const podGvk = { group: '', version: 'v1', kind: 'Pod' };

function deployment(patch: (d: Record<string, any>) => void = () => {}): Record<string, unknown> {
  const d: Record<string, any> = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m', memory: 128 } } }] },
      },
    },
  };
  patch(d);
  return d;
}

let v: SchemaValidator;
beforeAll(async () => {
  v = new SchemaValidator(await loadDefinitions());
});

describe('SchemaValidator.validateSchema', () => {
  it('accepts a valid Deployment (null fields count as unset)', () => {
    expect(v.validateSchema(deploymentGvk, deployment())).toEqual([]);
  });

  it.each<[string, (d: Record<string, any>) => void, FieldError[]]>([
    [
      'string replicas',
      (d) => (d.spec.replicas = 'abc'),
      [{ field: 'spec.replicas', type: 'FieldValueTypeInvalid', message: 'Invalid value: "abc": spec.replicas in body must be of type integer: "string"' }],
    ],
    [
      'fractional replicas',
      (d) => (d.spec.replicas = 1.5),
      [{ field: 'spec.replicas', type: 'FieldValueTypeInvalid', message: 'Invalid value: 1.5: spec.replicas in body must be of type integer: "number"' }],
    ],
    [
      'replicas beyond int32',
      (d) => (d.spec.replicas = 2 ** 40),
      [{ field: 'spec.replicas', type: 'FieldValueInvalid', message: `Invalid value: ${2 ** 40}: spec.replicas in body must be of type int32: "${2 ** 40}"` }],
    ],
    [
      'container without a name',
      (d) => delete d.spec.template.spec.containers[0].name,
      [{ field: 'spec.template.spec.containers[0].name', type: 'FieldValueRequired', message: 'Required value' }],
    ],
    [
      'missing selector and template',
      (d) => (d.spec = { replicas: 1 }),
      [
        { field: 'spec.selector', type: 'FieldValueRequired', message: 'Required value' },
        { field: 'spec.template', type: 'FieldValueRequired', message: 'Required value' },
      ],
    ],
    [
      'unknown strategy type',
      (d) => (d.spec.strategy.type = 'Blue'),
      [{ field: 'spec.strategy.type', type: 'FieldValueNotSupported', message: 'Unsupported value: "Blue": supported values: "Recreate", "RollingUpdate"' }],
    ],
    [
      'IntOrString given a boolean',
      (d) => (d.spec.strategy.rollingUpdate.maxSurge = true),
      [
        {
          field: 'spec.strategy.rollingUpdate.maxSurge',
          type: 'FieldValueTypeInvalid',
          message: 'Invalid value: true: spec.strategy.rollingUpdate.maxSurge in body must be of type integer,string: "boolean"',
        },
      ],
    ],
    [
      'bad quantity string',
      (d) => (d.spec.template.spec.containers[0].resources.limits.cpu = 'lots'),
      [
        {
          field: 'spec.template.spec.containers[0].resources.limits[cpu]',
          type: 'FieldValueInvalid',
          message: `Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
        },
      ],
    ],
    [
      'label value that is not a string',
      (d) => (d.metadata.labels.tier = 3),
      [{ field: 'metadata.labels[tier]', type: 'FieldValueTypeInvalid', message: 'Invalid value: 3: metadata.labels[tier] in body must be of type string: "integer"' }],
    ],
    [
      'bad timestamp',
      (d) => (d.metadata.creationTimestamp = 'yesterday'),
      [{ field: 'metadata.creationTimestamp', type: 'FieldValueInvalid', message: 'Invalid value: "yesterday": metadata.creationTimestamp in body must be of type date-time: "yesterday"' }],
    ],
    [
      'containers given an object',
      (d) => (d.spec.template.spec.containers = { name: 'x' }),
      [{ field: 'spec.template.spec.containers', type: 'FieldValueTypeInvalid', message: 'Invalid value: {"name":"x"}: spec.template.spec.containers in body must be of type array: "object"' }],
    ],
  ])('%s', (_name, mutate, want) => {
    expect(v.validateSchema(deploymentGvk, deployment(mutate))).toEqual(want);
  });

  it('reports several problems at once', () => {
    const errs = v.validateSchema(
      deploymentGvk,
      deployment((d) => {
        d.spec.replicas = 'x';
        d.spec.template.spec.containers.push({ image: 'busybox' });
      }),
    );
    expect(errs.map((e) => e.field).sort()).toEqual(['spec.replicas', 'spec.template.spec.containers[1].name']);
  });

  it('a Pod needs containers; the image is not required by the schema', () => {
    expect(v.validateSchema(podGvk, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} })).toEqual([
      { field: 'spec.containers', type: 'FieldValueRequired', message: 'Required value' },
    ]);
    expect(v.validateSchema(podGvk, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } })).toEqual([]);
  });

  it('kinds without a schema are not checked', () => {
    expect(v.validateSchema({ group: 'example.com', version: 'v1', kind: 'Foo' }, { spec: 1 })).toEqual([]);
    expect(v.definitionFor(deploymentGvk)).toBe('io.k8s.api.apps.v1.Deployment');
  });

  it('other kinds: Secret data must be base64, Scale and Eviction validate', () => {
    const secret = { group: '', version: 'v1', kind: 'Secret' };
    expect(v.validateSchema(secret, { metadata: { name: 's' }, data: { k: 'aGVsbG8=' } })).toEqual([]);
    expect(v.validateSchema(secret, { metadata: { name: 's' }, data: { k: 'not base64!' } })[0].field).toBe('data[k]');
    expect(v.validateSchema({ group: 'autoscaling', version: 'v1', kind: 'Scale' }, { spec: { replicas: 'two' } })[0].field).toBe('spec.replicas');
    expect(v.validateSchema({ group: 'policy', version: 'v1', kind: 'Eviction' }, { metadata: { name: 'p' }, deleteOptions: { gracePeriodSeconds: 0 } })).toEqual([]);
  });
});

describe('SchemaValidator.precompile', () => {
  it('compiles every kind that has a schema (no strict-mode surprises)', async () => {
    const defs = await loadDefinitions();
    const gvks = Object.values(defs.schemas).flatMap((s) => s['x-kubernetes-group-version-kind'] ?? []);
    expect(gvks.length).toBeGreaterThan(30);
    const fresh = new SchemaValidator(defs);
    expect(() => fresh.precompile(gvks)).not.toThrow();
    expect(fresh.validateSchema({ group: '', version: 'v1', kind: 'Namespace' }, { metadata: { name: 'n' }, spec: { finalizers: [1] } })).toEqual([
      { field: 'spec.finalizers[0]', type: 'FieldValueTypeInvalid', message: 'Invalid value: 1: spec.finalizers[0] in body must be of type string: "integer"' },
    ]);
  });

  it('a non-object body is one type error at the root', () => {
    expect(v.validateSchema(deploymentGvk, 'nope')).toEqual([
      { field: '<root>', type: 'FieldValueTypeInvalid', message: 'Invalid value: "nope": <root> in body must be of type object: "string"' },
    ]);
  });
});

describe('stripNulls', () => {
  it('drops null properties at every depth and keeps array nulls', () => {
    expect(stripNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }] })).toEqual({ b: { d: 1 }, e: [null, {}] });
  });
});
