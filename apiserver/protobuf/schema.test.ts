// The table notation and schema checks: field specs parse as documented, and a schema with a
// dangling or malformed reference is rejected when it is built.

import { describe, expect, it } from 'vitest';
import { buildSchema, parseField } from './schema.js';

describe('parseField', () => {
  it.each([
    ['name', { json: 'name', type: 'string', repeated: false, map: false, pointer: false, inline: false }],
    ['command:string[]', { json: 'command', type: 'string', repeated: true, map: false, pointer: false, inline: false }],
    ['replicas:int32?', { json: 'replicas', type: 'int32', repeated: false, map: false, pointer: true, inline: false }],
    ['labels:map<string>', { json: 'labels', type: 'string', repeated: false, map: true, pointer: false, inline: false }],
    ['limits:map<Quantity>', { json: 'limits', type: 'Quantity', repeated: false, map: true, pointer: false, inline: false }],
    ['volumeSource:VolumeSource^', { json: 'volumeSource', type: 'VolumeSource', repeated: false, map: false, pointer: false, inline: true }],
    ['propagationPolicy?', { json: 'propagationPolicy', type: 'string', repeated: false, map: false, pointer: true, inline: false }],
  ])('%s', (spec, want) => {
    expect(parseField(spec)).toEqual(want);
  });

  it.each(['', 'a b', 'x:', 'x:map<>', 'x:map<string>[]', '1abc'])('rejects %j', (spec) => {
    expect(() => parseField(spec)).toThrow();
  });
});

describe('buildSchema', () => {
  it.each([
    ['a dangling type', { A: { 1: 'b:Missing' } }],
    ['a repeated inline', { A: { 1: 'b:B[]^' }, B: { 1: 'x' } }],
    ['an inline scalar', { A: { 1: 'b:int32^' } }],
    ['a map of messages', { A: { 1: 'b:map<B>' }, B: { 1: 'x' } }],
    ['a bad field number', { A: { 0: 'b' } }],
  ])('rejects %s', (_name, tables) => {
    expect(() => buildSchema(tables)).toThrow();
  });

  it('rejects a message defined twice', () => {
    expect(() => buildSchema({ A: { 1: 'x' } }, { A: { 1: 'y' } })).toThrow(/twice/);
  });

  it('accepts the real tables', async () => {
    const { schema } = await import('./kinds.js');
    expect(schema.get('Container')?.get(2)?.json).toBe('image');
  });
});
