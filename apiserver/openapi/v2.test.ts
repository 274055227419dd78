import { describe, expect, it } from 'vitest';
import { loadDefinitions } from './definitions.js';
import { swaggerDocument, toV2Schema } from './v2.js';

describe('OpenAPI v2 from the v3 schemas', () => {
  it.each([
    ['a $ref', { $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }, { $ref: '#/definitions/io.k8s.api.core.v1.PodSpec' }],
    ['allOf with one $ref (v3 spelling of a described ref)', { description: 'd', allOf: [{ $ref: '#/components/schemas/x.Y' }] }, { description: 'd', $ref: '#/definitions/x.Y' }],
    ['int-or-string', { 'x-kubernetes-int-or-string': true, description: 'port' }, { type: 'string', format: 'int-or-string', description: 'port' }],
    [
      'nested properties, items and additionalProperties',
      { type: 'object', properties: { a: { type: 'array', items: { $ref: '#/components/schemas/x.Y' } } }, additionalProperties: { type: 'string' } },
      { type: 'object', properties: { a: { type: 'array', items: { $ref: '#/definitions/x.Y' } } }, additionalProperties: { type: 'string' } },
    ],
  ] as const)('%s', (_name, v3, v2) => {
    expect(toV2Schema(v3 as never)).toEqual(v2);
  });

  it('holds every group-version path with body parameters, and the definitions they use', async () => {
    const doc = swaggerDocument(await loadDefinitions());
    expect(doc.swagger).toBe('2.0');
    const create = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments']?.post;
    expect(create?.parameters?.[0]).toMatchObject({ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' } });
    expect(create?.['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(JSON.stringify(doc)).not.toContain('#/components/schemas/');
  });
});
