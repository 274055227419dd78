// Name and ObjectMeta syntax checks with Kubernetes' exact messages.
import { describe, expect, it } from 'vitest';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  validateName,
  validateObjectMeta,
} from './validation.js';

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const qnameRegexMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('name syntax', () => {
  it.each<[string, (v: string) => string[], string, string[]]>([
    ['subdomain ok', isDNS1123Subdomain, 'web.example-1', []],
    ['subdomain upper case', isDNS1123Subdomain, 'Web', [subdomainMsg]],
    ['subdomain trailing dash', isDNS1123Subdomain, 'web-', [subdomainMsg]],
    ['subdomain too long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
    ['label ok', isDNS1123Label, '123-abc', []],
    ['label with dots', isDNS1123Label, 'a.b', ['must not contain dots']],
    ['label underscore', isDNS1123Label, 'a_b', [labelMsg]],
    ['label too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['dns1035 ok', isDNS1035Label, 'my-svc', []],
    ['dns1035 leading digit', isDNS1035Label, '1svc', [dns1035Msg]],
    ['path ok', isValidPathSegmentName, 'Any:Thing', []],
    ['path dot', isValidPathSegmentName, '.', ["may not be '.'"]],
    ['path dotdot', isValidPathSegmentName, '..', ["may not be '..'"]],
    ['path slash and percent', isValidPathSegmentName, 'a/b%c', ["may not contain '/'", "may not contain '%'"]],
  ])('%s', (_n, fn, value, want) => {
    expect(fn(value)).toEqual(want);
  });

  it.each<[string, string[]]>([
    ['app', []],
    ['app.kubernetes.io/name', []],
    ['My_Key.1', []],
    ['/name', ['prefix part must be non-empty']],
    ['Example.com/name', [`prefix part ${subdomainMsg}`]],
    ['example.com/', ['name part must be non-empty', `name part ${qnameRegexMsg}`]],
    ['-bad', [`name part ${qnameRegexMsg}`]],
    ['a'.repeat(64), ['name part must be no more than 63 characters']],
    ['a/b/c', [`a qualified name ${qnameRegexMsg} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]],
  ])('qualified name %j', (value, want) => {
    expect(isQualifiedName(value)).toEqual(want);
  });

  it.each<[string, string[]]>([
    ['', []],
    ['my_value-1.x', []],
    ['-x', [labelValueMsg]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('label value %j', (value, want) => {
    expect(isValidLabelValue(value)).toEqual(want);
  });

  it.each<[Parameters<typeof validateName>[0], string, boolean, number]>([
    ['subdomain', 'web-', true, 0],
    ['subdomain', 'web-', false, 1],
    ['label', 'ns-', true, 0],
    ['subdomain', '-', true, 1],
    ['path', 'a/', true, 1],
    ['path', '..', true, 0],
  ])('validateName(%s, %j, prefix=%s) has %i errors', (kind, value, prefix, n) => {
    expect(validateName(kind, value, prefix)).toHaveLength(n);
  });

});

describe('validateObjectMeta', () => {
  const ns = { namespaced: true, nameKind: 'subdomain' as const };

  it('accepts a well-formed namespaced object', () => {
    expect(validateObjectMeta({ name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'example.com/x': 'y' } }, ns)).toEqual([]);
  });

  it.each<[string, Parameters<typeof validateObjectMeta>[0], Parameters<typeof validateObjectMeta>[1], Array<[string, string]>]>([
    ['no name', { namespace: 'default' }, ns, [['metadata.name', 'Required value: name or generateName is required']]],
    ['bad name', { name: 'Web', namespace: 'default' }, ns, [['metadata.name', `Invalid value: "Web": ${subdomainMsg}`]]],
    ['bad generateName', { name: 'x', generateName: 'Web-', namespace: 'default' }, ns, [['metadata.generateName', `Invalid value: "Web-": ${subdomainMsg}`]]],
    ['missing namespace', { name: 'web' }, ns, [['metadata.namespace', 'Required value']]],
    ['bad namespace', { name: 'web', namespace: 'a.b' }, ns, [['metadata.namespace', 'Invalid value: "a.b": must not contain dots']]],
    ['namespace on a cluster object', { name: 'n1', namespace: 'default' }, { namespaced: false, nameKind: 'subdomain' }, [['metadata.namespace', 'Forbidden: not allowed on this type']]],
    ['namespace name with dots', { name: 'a.b' }, { namespaced: false, nameKind: 'label' }, [['metadata.name', 'Invalid value: "a.b": must not contain dots']]],
    ['negative generation', { name: 'web', namespace: 'd', generation: -1 }, ns, [['metadata.generation', 'Invalid value: -1: must be greater than or equal to 0']]],
    ['bad label key and value', { name: 'web', namespace: 'd', labels: { '-k': 'v!' } }, ns, [['metadata.labels', `Invalid value: "-k": name part ${qnameRegexMsg}`], ['metadata.labels', `Invalid value: "v!": ${labelValueMsg}`]]],
    ['bad annotation key', { name: 'web', namespace: 'd', annotations: { 'a/b/c': '' } }, ns, [['metadata.annotations', expect.stringContaining('Invalid value: "a/b/c": a qualified name') as unknown as string]]],
    ['annotations too large', { name: 'web', namespace: 'd', annotations: { big: 'x'.repeat(256 * 1024) } }, ns, [['metadata.annotations', 'Too long: may not be more than 262144 bytes']]],
    ['unqualified finalizer', { name: 'web', namespace: 'd', finalizers: ['mine', 'example.com/ok', 'kubernetes'] }, ns, [['metadata.finalizers[0]', 'Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified']]],
    ['owner reference without uid', { name: 'web', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs' }] }, ns, [['metadata.ownerReferences.uid', 'Invalid value: "": uid must not be empty']]],
  ])('%s', (_n, meta, opts, want) => {
    expect(validateObjectMeta(meta, opts).map((e) => [e.field, e.message])).toEqual(want);
  });

  it('two controllers are refused', () => {
    const refs = ['a', 'b'].map((n) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: n, uid: n, controller: true }));
    const errs = validateObjectMeta({ name: 'web', namespace: 'd', ownerReferences: refs }, ns);
    expect(errs.map((e) => e.message)).toEqual([expect.stringContaining('Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b')]);
  });
});
