// ValidateCustomResourceDefinition (apiextensions-apiserver pkg/apis/apiextensions/validation) for
// the checks users hit: name = <plural>.<group>, the group, names, scope, versions (unique, one
// storage version, served), structural schemas and the conversion strategy; immutable group,
// plural and scope on update.
import { type FieldError, fieldErrors as fe } from '../../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../../apimachinery/objects.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../../../apimachinery/validation.js';
import { objAt, objs, strs, immutableError } from '../../strategy/util.js';
import { structuralErrors } from './structural.js';

const scopes = ['Cluster', 'Namespaced'];
const strategies = ['None', 'Webhook'];
const reviewVersions = ['v1', 'v1beta1'];
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function validateNames(names: Obj, errs: FieldError[]): void {
  const p = 'spec.names';
  const dns = (field: string, v: string, mixed = false): void => {
    if (v === '') return;
    const e = isDNS1035Label(mixed ? v.toLowerCase() : v);
    if (e.length > 0) errs.push(fe.invalid(`${p}.${field}`, v, (mixed ? 'may have mixed case, but should otherwise match: ' : '') + e.join(',')));
  };
  const plural = str(names.plural);
  const kind = str(names.kind);
  const listKind = str(names.listKind);
  if (plural === '') errs.push(fe.required(`${p}.plural`));
  if (kind === '') errs.push(fe.required(`${p}.kind`));
  if (listKind === '') errs.push(fe.required(`${p}.listKind`));
  dns('plural', plural);
  dns('singular', str(names.singular));
  dns('kind', kind, true);
  dns('listKind', listKind, true);
  strs(names.shortNames).forEach((s, i) => dns(`shortNames[${i}]`, s));
  if (kind !== '' && kind === listKind) errs.push(fe.invalid(`${p}.listKind`, listKind, 'kind and listKind may not be the same'));
  strs(names.categories).forEach((c, i) => dns(`categories[${i}]`, c));
}

function validateVersions(spec: Obj, errs: FieldError[]): void {
  const versions = objs(spec.versions);
  if (versions.length === 0) {
    errs.push(fe.invalid('spec.versions', spec.versions ?? null, 'must have at least one version'));
    return;
  }
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    const p = `spec.versions[${i}]`;
    const name = str(v.name);
    if (v.storage === true) storage++;
    if (seen.has(name)) unique = false;
    seen.add(name);
    const e = isDNS1035Label(name);
    if (e.length > 0) errs.push(fe.invalid(`${p}.name`, name, e.join(',')));
    const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isObj(schema)) errs.push(fe.required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
    else errs.push(...structuralErrors(schema, `${p}.schema.openAPIV3Schema`));
  });
  if (!unique) errs.push(fe.invalid('spec.versions', spec.versions, 'must contain unique version names'));
  if (storage !== 1) errs.push(fe.invalid('spec.versions', spec.versions, 'must have exactly one version marked as storage version'));
  if (!versions.some((v) => v.served === true)) errs.push(fe.invalid('spec.versions', spec.versions, 'must have at least one version marked as served'));
}

function validateConversion(conv: Obj, errs: FieldError[]): void {
  const strategy = conv.strategy;
  if (!strategies.includes(str(strategy))) {
    errs.push(fe.notSupported('spec.conversion.strategy', strategy ?? '', strategies));
    return;
  }
  const hook = conv.webhook;
  if (strategy === 'None') {
    if (hook != null) errs.push(fe.forbidden('spec.conversion.webhook', 'should not be set when strategy is not set to Webhook'));
    return;
  }
  if (!isObj(hook)) {
    errs.push(fe.required('spec.conversion.webhook', 'required when strategy is set to Webhook'));
    return;
  }
  const versions = strs(hook.conversionReviewVersions);
  if (versions.length === 0) errs.push(fe.required('spec.conversion.webhook.conversionReviewVersions', `must specify one of ${reviewVersions.join(', ')}`));
  else if (!versions.some((v) => reviewVersions.includes(v)))
    errs.push(fe.invalid('spec.conversion.webhook.conversionReviewVersions', versions, `must include at least one of ${reviewVersions.join(', ')}`));
  const cc = objAt(hook.clientConfig);
  if ((typeof cc.url === 'string') === isObj(cc.service)) errs.push(fe.required('spec.conversion.webhook.clientConfig', 'exactly one of url or service is required'));
}

export function validateCRD(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  const names = objAt(spec.names);
  const group = str(spec.group);
  const name = str(objAt(o.metadata).name);
  if (name !== `${str(names.plural)}.${group}`) errs.push(fe.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  if (group === '') errs.push(fe.required('spec.group'));
  else {
    const e = isDNS1123Subdomain(group);
    if (e.length > 0) errs.push(fe.invalid('spec.group', group, e.join(',')));
    else if (group.split('.').length < 2) errs.push(fe.invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  if (str(spec.scope) === '') errs.push(fe.required('spec.scope'));
  else if (!scopes.includes(str(spec.scope))) errs.push(fe.notSupported('spec.scope', spec.scope, scopes));
  validateNames(names, errs);
  validateVersions(spec, errs);
  if (isObj(spec.conversion)) validateConversion(spec.conversion, errs);
  return errs;
}

export function validateCRDUpdate(o: Obj, old: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const oldSpec = objAt(old.spec);
  const errs: FieldError[] = [];
  if (spec.group !== oldSpec.group) errs.push(immutableError('spec.group', spec.group));
  if (objAt(spec.names).plural !== objAt(oldSpec.names).plural) errs.push(immutableError('spec.names.plural', objAt(spec.names).plural));
  if (isObj(o.status) && Array.isArray(o.status.storedVersions) && o.status.storedVersions.length === 0 && isObj(old.status) && Array.isArray(old.status.storedVersions) && old.status.storedVersions.length > 0)
    errs.push(fe.invalid('status.storedVersions', o.status.storedVersions, 'must have at least one stored version'));
  return errs;
}
