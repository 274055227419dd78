// Field error messages print the bad value as Kubernetes' field.Error does.
import { describe, expect, it } from 'vitest';
import { fieldErrors } from './errors.js';

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
