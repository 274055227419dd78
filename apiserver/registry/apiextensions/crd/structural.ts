// The structural-schema checks Kubernetes makes on a CRD version's openAPIV3Schema at create
// (apiextensions-apiserver pkg/apiserver/schema): a type everywhere a value is specified (unless
// x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields / x-kubernetes-embedded-resource
// says otherwise) and an object at the root. Issue 14 grows this (defaults, pruning, CEL rules).
import { type FieldError, fieldErrors as fe } from '../../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../../apimachinery/objects.js';

const typeExempt = (s: Obj): boolean =>
  s['x-kubernetes-int-or-string'] === true || s['x-kubernetes-preserve-unknown-fields'] === true || s['x-kubernetes-embedded-resource'] === true;

function walk(s: Obj, path: string, errs: FieldError[]): void {
  if (isObj(s.properties))
    for (const [name, sub] of Object.entries(s.properties)) {
      if (!isObj(sub)) continue;
      const p = `${path}.properties[${name}]`;
      if (!sub.type && !typeExempt(sub)) errs.push(fe.required(`${p}.type`, 'must not be empty for specified object fields'));
      walk(sub, p, errs);
    }
  if (isObj(s.items)) {
    const p = `${path}.items`;
    if (!s.items.type && !typeExempt(s.items)) errs.push(fe.required(`${p}.type`, 'must not be empty for specified array items'));
    walk(s.items, p, errs);
  }
  if (isObj(s.additionalProperties)) {
    const p = `${path}.additionalProperties`;
    if (!s.additionalProperties.type && !typeExempt(s.additionalProperties)) errs.push(fe.required(`${p}.type`, 'must not be empty for specified object fields'));
    walk(s.additionalProperties, p, errs);
  }
}

/** Structural errors of one openAPIV3Schema at `path`. */
export function structuralErrors(schema: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!schema.type) errs.push(fe.required(`${path}.type`, 'must not be empty at the root'));
  else if (schema.type !== 'object') errs.push(fe.invalid(`${path}.type`, schema.type, 'must be object at the root'));
  walk(schema, path, errs);
  return errs;
}
