// Build-time validators (ajv standalone code) must judge exactly as the ones compiled at run time, and
// are only used for the definitions they were generated from.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../openapi/definitions.js';
import type { DefinitionsFile } from '../openapi/types.js';
import { instantiate, loadCompiledValidators, type CompiledValidators, type GeneratedValidators } from './compiled.js';
import { generateValidators, validatedDefinitions } from './generate.js';
import { SchemaValidator } from './schema.js';

let defs: DefinitionsFile;
let prebuilt: CompiledValidators;
let root: string;

beforeAll(async () => {
  defs = await loadDefinitions();
  root = mkdtempSync(join(tmpdir(), 'k8ts-validators-'));
  const file = join(root, 'apiserver', 'openapi', 'generated', 'validators.mjs');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'apiserver', 'openapi', 'generated'), { recursive: true });
  writeFileSync(file, generateValidators(defs).text);
  prebuilt = instantiate((await import(pathToFileURL(file).href)) as GeneratedValidators);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const pod = { group: '', version: 'v1', kind: 'Pod' };
const deploy = { group: 'apps', version: 'v1', kind: 'Deployment' };
const cases: [{ group: string; version: string; kind: string }, unknown][] = [
  [pod, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } }],
  [pod, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 'eighty', protocol: 'SCTPX' }] }] } }],
  [pod, { metadata: { name: 'p' }, spec: { containers: [{ image: 'i', resources: { limits: { cpu: '1x2' } } }] } }],
  [pod, { metadata: { name: 'p', creationTimestamp: 'yesterday' }, spec: { containers: 'none' } }],
  [deploy, { metadata: { name: 'd' }, spec: { replicas: 'two', strategy: { rollingUpdate: { maxSurge: true } }, template: {} } }],
  [deploy, 'not an object'],
  [{ group: '', version: 'v1', kind: 'Secret' }, { metadata: { name: 's' }, data: { k: 'not base64!' } }],
  [{ group: '', version: 'v1', kind: 'Service' }, { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 1.5 }], type: 7 } }],
];

describe('validators generated at build time', () => {
  it('cover every kind with a schema', () => {
    expect([...prebuilt.keys()].sort()).toEqual(validatedDefinitions(defs));
  });

  it.each(cases.map((c, i) => [i, ...c] as const))('case %i (%o) gives the same errors as run-time compilation', (_i, gvk, obj) => {
    const generated = new SchemaValidator(defs, prebuilt).validateSchema(gvk, obj);
    const runtime = new SchemaValidator(defs).validateSchema(gvk, obj);
    expect(generated).toEqual(runtime);
    expect(runtime.length > 0).toBe(_i > 0);
  });

  it('are what runs when given (no run-time compilation)', () => {
    const refuse = Object.assign(() => false, { errors: [{ keyword: 'required', instancePath: '', schemaPath: '#/required', params: { missingProperty: 'fromPrebuilt' } }] });
    const v = new SchemaValidator(defs, new Map([['io.k8s.api.core.v1.Pod', refuse as never]]));
    expect(v.validateSchema(pod, cases[0][1])).toEqual([{ field: 'fromPrebuilt', type: 'FieldValueRequired', message: 'Required value' }]);
  });

  it('are only loaded for the definitions they were made from', async () => {
    expect((await loadCompiledValidators(defs, root))?.size).toBe(prebuilt.size);
    expect(await loadCompiledValidators({ ...defs, digest: 'other' }, root)).toBeUndefined();
    expect(await loadCompiledValidators(defs, join(root, 'missing'))).toBeUndefined();
  });
});
