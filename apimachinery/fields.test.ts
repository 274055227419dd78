import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import {
  escapeValue,
  exactMatch,
  fieldMatcher,
  fieldSelectorString,
  parseFieldSelector,
  selectableFields,
  supportedFields,
} from './fields.js';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    expect((e as ApiError).reason).toBe('BadRequest');
    return (e as ApiError).message;
  }
  throw new Error('expected a BadRequest');
}

describe('parseFieldSelector', () => {
  it.each([
    ['', []],
    ['metadata.name=web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['metadata.name==web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['status.phase!=Running', [{ field: 'status.phase', operator: '!=', value: 'Running' }]],
    ['spec.nodeName=', [{ field: 'spec.nodeName', operator: '=', value: '' }]],
    [
      'status.phase=Running,spec.nodeName=n1',
      [
        { field: 'spec.nodeName', operator: '=', value: 'n1' },
        { field: 'status.phase', operator: '=', value: 'Running' },
      ],
    ],
    ['a=x\\,y\\=z\\\\', [{ field: 'a', operator: '=', value: 'x,y=z\\' }]],
    [',a=b,', [{ field: 'a', operator: '=', value: 'b' }]],
  ])('%j', (s, want) => {
    expect(parseFieldSelector(s).requirements).toEqual(want);
  });

  it.each([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j with Kubernetes message', (s, msg) => {
    expect(badRequest(() => parseFieldSelector(s))).toBe(msg);
  });

  it('prints and escapes canonically, and finds exact matches', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b,status.phase!=Failed');
    expect(fieldSelectorString(sel)).toBe('metadata.name=a\\,b,status.phase!=Failed');
    expect(exactMatch(sel, 'metadata.name')).toBe('a,b');
    expect(exactMatch(sel, 'status.phase')).toBeUndefined();
    expect(escapeValue('a=b,c\\')).toBe('a\\=b\\,c\\\\');
  });
});

const labels = { 'spec.nodeName': (o: Record<string, unknown>) => String((o.spec as { nodeName?: string } | undefined)?.nodeName ?? '') };

describe('fieldMatcher', () => {
  it('reads metadata.name and metadata.namespace of every object, and the declared labels', () => {
    const o = { metadata: { name: 'a', namespace: 'ns' }, spec: { nodeName: 'n1' } };
    expect(selectableFields(labels, o)).toEqual({ 'metadata.name': 'a', 'metadata.namespace': 'ns', 'spec.nodeName': 'n1' });
    expect(selectableFields({}, {})).toEqual({ 'metadata.name': '', 'metadata.namespace': '' });
  });

  it('ANDs requirements, = and !=', () => {
    const m = fieldMatcher(labels, parseFieldSelector('spec.nodeName=n1,metadata.name!=b'));
    expect(m({ metadata: { name: 'a' }, spec: { nodeName: 'n1' } })).toBe(true);
    expect(m({ metadata: { name: 'b' }, spec: { nodeName: 'n1' } })).toBe(false);
    expect(m({ metadata: { name: 'a' }, spec: { nodeName: 'n2' } })).toBe(false);
  });

  it('rejects fields the resource does not declare', () => {
    expect(badRequest(() => fieldMatcher(labels, parseFieldSelector('spec.foo=bar')))).toBe('field label not supported: spec.foo');
    expect(badRequest(() => fieldMatcher({}, parseFieldSelector('spec.nodeName=x')))).toBe('field label not supported: spec.nodeName');
  });

  it('lists supported fields', () => {
    expect(supportedFields()).toEqual(['metadata.name', 'metadata.namespace']);
    expect(supportedFields(labels)).toEqual(['metadata.name', 'metadata.namespace', 'spec.nodeName']);
  });
});
