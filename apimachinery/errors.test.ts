// Field error messages print the bad value as Kubernetes' field.Error does.
import { describe, expect, it } from 'vitest';
import { errors, fieldErrors } from './errors.js';

describe('fieldErrors', () => {
  it.each([
    ['a string, quoted', 'x', 'Invalid value: "x": bad'],
    ['a number, bare', 5, 'Invalid value: 5: bad'],
    ['a boolean, bare', true, 'Invalid value: true: bad'],
    ['null, as Go prints a nil value', null, 'Invalid value: "null": bad'],
    ['a missing value, as null', undefined, 'Invalid value: "null": bad'],
    ['an object, as JSON', { a: 1 }, 'Invalid value: {"a":1}: bad'],
  ])('invalid: %s', (_name, value, message) => {
    expect(fieldErrors.invalid('spec.x', value, 'bad').message).toBe(message);
  });
});

describe('errors.invalid with several causes', () => {
  it('brackets several distinct causes and drops repeated ones, as utilerrors.Aggregate', () => {
    const a = fieldErrors.invalid('spec.hard[foo]', 'foo', 'must be a standard resource type or fully qualified');
    const b = fieldErrors.invalid('spec.hard[foo]', 'foo', 'must be a standard resource for quota');
    expect(errors.invalid('ResourceQuota', 'q', [a, b]).message).toBe(
      'ResourceQuota "q" is invalid: [spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified, spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota]',
    );
    expect(errors.invalid('ResourceQuota', 'q', [a, a]).message).toBe('ResourceQuota "q" is invalid: spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified');
  });
});
