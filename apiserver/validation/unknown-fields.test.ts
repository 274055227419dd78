// Server-side field validation: unknown fields by schema, duplicate keys in raw JSON, and the
// Kubernetes texts for Strict (400) and Warn (warning headers).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../openapi/definitions.js';
import { SchemaValidator } from './schema.js';
import {
  duplicateFields,
  fieldValidationWarnings,
  parseFieldValidation,
  strictDecodingError,
  strictDecodingMessage,
} from './unknown-fields.js';

const deploymentGvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
let v: SchemaValidator;
beforeAll(async () => {
  v = new SchemaValidator(await loadDefinitions());
});

const base = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { anything: 'goes' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' } } }] } },
  },
});

describe('SchemaValidator.unknownFields', () => {
  it.each<[string, (d: any) => void, string[]]>([
    ['a valid object', () => {}, []],
    ['a misspelt spec field', (d) => (d.spec.replicass = 2), ['spec.replicass']],
    ['a misspelt container field', (d) => (d.spec.template.spec.containers[0].imagee = 'x'), ['spec.template.spec.containers[0].imagee']],
    ['a top-level field', (d) => (d.extra = true), ['extra']],
    ['fields in the second container', (d) => d.spec.template.spec.containers.push({ name: 'b', foo: 1, bar: 2 }), ['spec.template.spec.containers[1].foo', 'spec.template.spec.containers[1].bar']],
    ['map keys are not fields (labels, limits)', (d) => { d.metadata.labels.x = 'y'; d.spec.template.spec.containers[0].resources.limits['nvidia.com/gpu'] = 1; }, []],
    ['preserve-unknown-fields (managedFields.fieldsV1)', (d) => (d.metadata.managedFields = [{ manager: 'm', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]), []],
    ['fields of structs inside lists are checked (ownerReferences)', (d) => (d.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'n', uid: 'u', bogus: 1 }]), ['metadata.ownerReferences[0].bogus']],
  ])('%s', (_n, mutate, want) => {
    const d = base();
    mutate(d);
    expect(v.unknownFields(deploymentGvk, d)).toEqual(want);
  });

  it('kinds without a schema report nothing', () => {
    expect(v.unknownFields({ group: 'x', version: 'v1', kind: 'Y' }, { a: 1 })).toEqual([]);
  });
});

describe('duplicateFields', () => {
  it.each<[string, string, string[]]>([
    ['no duplicates', '{"a":1,"b":{"a":2}}', []],
    ['a top-level duplicate', '{"kind":"Pod","kind":"Pod"}', ['kind']],
    ['a nested duplicate', '{"spec":{"replicas":1,"selector":{},"replicas":2}}', ['spec.replicas']],
    ['inside array items', '{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]}}', ['spec.containers[1].image']],
    ['three times', '{"a":1,"a":2,"a":3}', ['a', 'a']],
    ['strings that look like structure', '{"a":"{\\"a\\":1,\\"a\\":2}","b":"[,]","c":1}', []],
    ['escaped keys', '{"a\\u0062":1,"ab":2}', ['ab']],
    ['keys equal to values are fine', '{"a":"a","b":["a","a"]}', []],
    ['whitespace and nesting', '{ "x" : [ [ {"k":1, "k" :2} ] ] }', ['x[0][0].k']],
    ['invalid JSON', '{"a":"unterminated', []],
  ])('%s', (_n, raw, want) => {
    expect(duplicateFields(raw)).toEqual(want);
  });
});

describe('messages', () => {
  it('strict decoding text and the 400 Kubernetes returns', () => {
    expect(strictDecodingMessage(['spec.replicass'], ['spec.replicas'])).toBe(
      'strict decoding error: unknown field "spec.replicass", duplicate field "spec.replicas"',
    );
    expect(strictDecodingMessage([], [])).toBe('');
    const err = strictDecodingError(deploymentGvk, ['spec.replicass'], []);
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"');
  });

  it('warning texts, one per field', () => {
    expect(fieldValidationWarnings(['a.b'], ['c'])).toEqual(['unknown field "a.b"', 'duplicate field "c"']);
  });

  it.each<[string | undefined, string | undefined]>([
    [undefined, 'Warn'],
    ['', 'Warn'],
    ['Strict', 'Strict'],
    ['Ignore', 'Ignore'],
    ['Warn', 'Warn'],
    ['strict', undefined],
  ])('parseFieldValidation(%j) → %j', (input, want) => {
    expect(parseFieldValidation(input)).toBe(want);
  });
});
