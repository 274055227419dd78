import { describe, expect, it } from 'vitest';
import { parseOutput, toJson, toYaml, yamlLoader } from './output.js';
import { CliError } from './io.js';

describe('toYaml (as sigs.k8s.io/yaml prints)', () => {
  it.each([
    ['keys sorted, sequences not indented', { b: [1, 2], a: 'x' }, 'a: x\nb:\n- 1\n- 2\n'],
    ['strings that would read as other types are quoted', { a: '1', b: 'yes', c: '', d: 'true', e: '2026-11-22T00:20:52Z' }, 'a: "1"\nb: "yes"\nc: ""\nd: "true"\ne: "2026-11-22T00:20:52Z"\n'],
    ['long strings are not folded', { a: 'x'.repeat(120) }, `a: ${'x'.repeat(120)}\n`],
    ['multi-line strings are block literals', { a: '{"k":1}\n' }, 'a: |\n  {"k":1}\n'],
    ['empty maps and lists', { a: {}, b: [] }, 'a: {}\nb: []\n'],
  ])('%s', async (_n, value, expected) => {
    expect(await toYaml(value)).toBe(expected);
  });
});

describe('yamlLoader (kubeconfig files, edited objects)', () => {
  it.each([
    ['an unquoted timestamp stays a string, as the API sends it', 'creationTimestamp: 2026-11-22T00:20:52Z\n', { creationTimestamp: '2026-11-22T00:20:52Z' }],
    ['YAML 1.2 core: yes/no are strings', 'a: yes\nb: no\n', { a: 'yes', b: 'no' }],
    ['merge keys', 'base: &b {server: s, x: 1}\nc:\n  <<: *b\n  x: 2\n', { base: { server: 's', x: 1 }, c: { server: 's', x: 2 } }],
    ['an empty file is null', '', null],
  ])('%s', async (_n, text, expected) => {
    expect((await yamlLoader())(text)).toEqual(expected);
  });
  it('rejects duplicate keys', async () => {
    const load = await yamlLoader();
    expect(() => load('a: 1\na: 2\n')).toThrow();
  });
});

describe('toJson (Go encoding/json with 4-space indent)', () => {
  it('sorts keys and escapes <>&', () => {
    expect(toJson({ b: 1, a: '<&>' })).toBe('{\n    "a": "\\u003c\\u0026\\u003e",\n    "b": 1\n}\n');
  });
});

describe('parseOutput', () => {
  it.each([[undefined, 'table'], ['wide', 'wide'], ['yaml', 'yaml'], ['json', 'json'], ['name', 'name']])('%s', (o, f) => {
    expect(parseOutput(o)).toBe(f);
  });
  it('rejects unknown formats like kubectl', () => {
    expect(() => parseOutput('xml')).toThrow(CliError);
  });
});
