// Name and metadata syntax checks as Kubernetes does them (apimachinery util/validation and
// api/validation/objectmeta), with the same messages: DNS-1123 subdomains and labels, DNS-1035
// labels, path-segment names, generateName prefixes, qualified names for label/annotation keys,
// label values, annotation size, and validateObjectMeta over a whole ObjectMeta.
import { fieldErrors, type FieldError } from './errors.js';

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // Kubernetes joins examples as "'a',  or 'b', " (sic: two spaces).
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelValueFmt = `(${qualifiedNameFmt})?`;
const anchored = (f: string) => new RegExp(`^${f}$`);
const dns1123LabelRe = anchored(dns1123LabelFmt);
const dns1123SubdomainRe = anchored(dns1123SubdomainFmt);
const dns1035LabelRe = anchored(dns1035LabelFmt);
const qualifiedNameRe = anchored(qualifiedNameFmt);
const labelValueRe = anchored(labelValueFmt);

export const dns1123LabelMaxLength = 63;
export const dns1123SubdomainMaxLength = 253;
export const qualifiedNameMaxLength = 63;
export const labelValueMaxLength = 63;
export const totalAnnotationSizeLimitB = 256 * 1024;

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > dns1123LabelMaxLength) errs.push(maxLenError(dns1123LabelMaxLength));
  if (!dns1123LabelRe.test(v)) {
    if (dns1123SubdomainRe.test(v)) errs.push('must not contain dots');
    else {
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          dns1123LabelFmt,
          'my-name',
          '123-abc',
        ),
      );
    }
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > dns1123SubdomainMaxLength) errs.push(maxLenError(dns1123SubdomainMaxLength));
  if (!dns1123SubdomainRe.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        'example.com',
      ),
    );
  }
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > dns1123LabelMaxLength) errs.push(maxLenError(dns1123LabelMaxLength));
  if (!dns1035LabelRe.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        dns1035LabelFmt,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** Path-segment names (`may not be '.'`, `may not contain '/'`); prefixes skip the whole-name checks. */
export function isValidPathSegmentName(v: string, prefix = false): string[] {
  const errs: string[] = [];
  if (!prefix) for (const bad of ['.', '..']) if (v === bad) errs.push(`may not be '${bad}'`);
  for (const bad of ['/', '%']) if (v.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

const qualifiedNameMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Label keys, annotation keys, finalizers: `[prefix/]name`. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > qualifiedNameMaxLength) errs.push(`name part ${maxLenError(qualifiedNameMaxLength)}`);
  if (!qualifiedNameRe.test(name)) errs.push(`name part ${regexError(qualifiedNameMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > labelValueMaxLength) errs.push(maxLenError(labelValueMaxLength));
  if (!labelValueRe.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** The name rule a resource picks (each resource module names its own; subdomain by default). */
export type NameKind = 'subdomain' | 'label' | 'dns1035' | 'path';

/** A name (or, with prefix=true, a generateName) checked by `kind`; messages as Kubernetes words them. */
export function validateName(kind: NameKind, v: string, prefix = false): string[] {
  // generateName: a trailing '-' is fine, the random suffix follows it.
  const name = prefix && v.length > 1 && v.endsWith('-') ? `${v.slice(0, -1)}a` : v;
  switch (kind) {
    case 'subdomain':
      return isDNS1123Subdomain(name);
    case 'label':
      return isDNS1123Label(name);
    case 'dns1035':
      return isDNS1035Label(name);
    case 'path':
      return isValidPathSegmentName(v, prefix);
  }
}

export function validateLabels(labels: Record<string, unknown> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldErrors.invalid(field, k, m));
    if (typeof v !== 'string') errs.push(fieldErrors.typeInvalid(field, v, 'label values must be strings'));
    else for (const m of isValidLabelValue(v)) errs.push(fieldErrors.invalid(field, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, unknown> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fieldErrors.invalid(field, k, m));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > totalAnnotationSizeLimitB) errs.push(fieldErrors.tooLong(field, totalAnnotationSizeLimitB));
  return errs;
}

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateFinalizers(finalizers: unknown[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = (finalizers ?? []).map(String);
  list.forEach((f, i) => {
    const p = `${field}[${i}]`;
    const msgs = isQualifiedName(f);
    for (const m of msgs) errs.push(fieldErrors.invalid(p, f, m));
    if (msgs.length === 0 && !f.includes('/') && !standardFinalizers.has(f)) {
      errs.push(fieldErrors.invalid(p, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(fieldErrors.invalid(field, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

export function validateOwnerReferences(refs: OwnerReference[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const controllers: string[] = [];
  (refs ?? []).forEach((r) => {
    if (!r.apiVersion) errs.push(fieldErrors.invalid(`${field}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(fieldErrors.invalid(`${field}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(fieldErrors.invalid(`${field}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(fieldErrors.invalid(`${field}.uid`, r.uid ?? '', 'uid must not be empty'));
    if (r.controller) controllers.push(`${r.kind}/${r.name}`);
  });
  if (controllers.length > 1) {
    errs.push(
      fieldErrors.invalid(field, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`),
    );
  }
  return errs;
}

export interface ObjectMetaInput {
  name?: string;
  generateName?: string;
  namespace?: string;
  generation?: number;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  finalizers?: unknown[];
  ownerReferences?: OwnerReference[];
}

export interface ObjectMetaOptions {
  namespaced: boolean;
  nameKind: NameKind;
  /** Field path of the metadata (default `metadata`). */
  field?: string;
}

/** ValidateObjectMeta: name/generateName, namespace presence, generation, labels, annotations, finalizers, owners. */
export function validateObjectMeta(meta: ObjectMetaInput | undefined, opts: ObjectMetaOptions): FieldError[] {
  const m = meta ?? {};
  const f = opts.field ?? 'metadata';
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of validateName(opts.nameKind, m.generateName, true)) errs.push(fieldErrors.invalid(`${f}.generateName`, m.generateName, msg));
  }
  if (!m.name) errs.push(fieldErrors.required(`${f}.name`, 'name or generateName is required'));
  else for (const msg of validateName(opts.nameKind, m.name)) errs.push(fieldErrors.invalid(`${f}.name`, m.name, msg));
  if (opts.namespaced) {
    if (!m.namespace) errs.push(fieldErrors.required(`${f}.namespace`));
    else for (const msg of isDNS1123Label(m.namespace)) errs.push(fieldErrors.invalid(`${f}.namespace`, m.namespace, msg));
  } else if (m.namespace) {
    errs.push(fieldErrors.forbidden(`${f}.namespace`, 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0) {
    errs.push(fieldErrors.invalid(`${f}.generation`, m.generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(m.labels, `${f}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${f}.annotations`));
  errs.push(...validateOwnerReferences(m.ownerReferences, `${f}.ownerReferences`));
  errs.push(...validateFinalizers(m.finalizers, `${f}.finalizers`));
  return errs;
}

/** metav1 ValidateLabelSelector: matchLabels as labels, then each matchExpressions requirement. */
export function validateLabelSelector(sel: unknown, field: string): FieldError[] {
  if (sel === null || typeof sel !== 'object' || Array.isArray(sel)) return [];
  const s = sel as { matchLabels?: unknown; matchExpressions?: unknown };
  const labels = s.matchLabels !== null && typeof s.matchLabels === 'object' ? (s.matchLabels as Record<string, unknown>) : undefined;
  const errs = validateLabels(labels, `${field}.matchLabels`);
  const exprs = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  exprs.forEach((raw: unknown, i: number) => {
    const p = `${field}.matchExpressions[${i}]`;
    const e = (raw !== null && typeof raw === 'object' ? raw : {}) as { key?: unknown; operator?: unknown; values?: unknown };
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) errs.push(fieldErrors.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(fieldErrors.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(fieldErrors.invalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'));
    }
    const key = typeof e.key === 'string' ? e.key : '';
    for (const m of isQualifiedName(key)) errs.push(fieldErrors.invalid(`${p}.key`, key, m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errs.push(fieldErrors.invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}
