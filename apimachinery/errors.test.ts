// Field error messages print the bad value as Kubernetes' field.Error does.
import { describe, expect, it } from 'vitest';
import { errors, fieldErrors, type FieldError } from './errors.js';

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

describe('errors.invalid: the message NewInvalid builds from the field errors', () => {
  const a = fieldErrors.required('spec.a');
  const b = fieldErrors.invalid('spec.b', -1, 'must be greater than or equal to 0');
  it.each<[string, FieldError[], string]>([
    ['one error as is', [a], 'Job.batch "x" is invalid: spec.a: Required value'],
    ['several in brackets', [a, b], 'Job.batch "x" is invalid: [spec.a: Required value, spec.b: Invalid value: -1: must be greater than or equal to 0]'],
    ['identical ones once', [a, b, a], 'Job.batch "x" is invalid: [spec.a: Required value, spec.b: Invalid value: -1: must be greater than or equal to 0]'],
    ['none', [], 'Job.batch "x" is invalid'],
  ])('%s', (_n, errs, message) => {
    const e = errors.invalid('Job', 'x', errs, 'batch');
    expect(e.message).toBe(message);
    expect(e.details?.causes).toHaveLength(errs.length);
  });
});
