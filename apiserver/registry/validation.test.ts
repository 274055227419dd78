// Semantic validation of the RBAC, certificates, scheduling kinds and pods, through their resource modules
// (rbac/validation.ts, certificates/csr.ts, scheduling/priorityclass.ts).
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../apimachinery/errors.js';
import type { Obj } from '../../apimachinery/objects.js';
import { resources, moduleFor } from './resources.js';

const byPlural = new Map(resources.map((r) => [r.plural, r]));
const mod = (plural: string) => {
  const info = byPlural.get(plural);
  if (!info) throw new Error(`no module ${plural}`);
  return moduleFor(info);
};
const validateObject = (plural: string, o: Obj): FieldError[] => mod(plural).validate?.(o) ?? [];
/** What an update is checked against: validate, then the update-only checks. */
const validateUpdate = (plural: string, o: Obj, old: Obj): FieldError[] => {
  const m = mod(plural);
  return [...(m.validate?.(o) ?? []), ...(m.validateUpdate?.(o, old) ?? [])];
};

const rbac = 'rbac.authorization.k8s.io';
const csrPem = Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n').toString('base64');
const fields = (errs: { field: string; message: string }[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);

describe('validateObject', () => {
  it.each<[string, string, Obj, string[]]>([
    ['a valid role', 'roles', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }, []],
    ['empty verbs', 'roles', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }] }, ['rules[0].verbs: Required value: verbs must contain at least one value']],
    ['no api group', 'clusterroles', { rules: [{ resources: ['pods'], verbs: ['get'] }] }, ['rules[0].apiGroups: Required value: resource rules must supply at least one api group']],
    ['URLs in a namespaced role', 'roles', { rules: [{ nonResourceURLs: ['/x'], verbs: ['get'] }] }, ['rules[0].nonResourceURLs: Invalid value: ["/x"]: namespaced rules cannot apply to non-resource URLs']],
    ['URLs mixed with resources', 'clusterroles', { rules: [{ nonResourceURLs: ['/x'], resources: ['pods'], verbs: ['get'] }] }, ['rules[0].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs']],
    ['URLs in a cluster role', 'clusterroles', { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }, []],
    ['a valid binding', 'rolebindings', { roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u', apiGroup: rbac }, { kind: 'ServiceAccount', name: 'sa' }] }, []],
    ['cluster binding to a Role', 'clusterrolebindings', { roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' } }, ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"']],
    ['cluster binding SA without namespace', 'clusterrolebindings', { roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }, ['subjects[0].namespace: Required value']],
    ['unknown subject kind', 'rolebindings', { roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' }, subjects: [{ kind: 'Robot', name: 'x' }] }, ['subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"']],
    ['a valid CSR', 'certificatesigningrequests', { spec: { request: csrPem, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } }, []],
    ['CSR that is not PEM', 'certificatesigningrequests', { spec: { request: Buffer.from('hello').toString('base64'), signerName: 'example.com/x', usages: ['client auth'] } }, ['spec.request: Invalid value: "<request data>": PEM block type must be CERTIFICATE REQUEST']],
    ['CSR without signer or usages', 'certificatesigningrequests', { spec: { request: csrPem } }, ['spec.signerName: Required value', 'spec.usages: Required value']],
    ['CSR too short', 'certificatesigningrequests', { spec: { request: csrPem, signerName: 'example.com/x', usages: ['client auth'], expirationSeconds: 60 } }, ['spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)']],
    ['CSR approved and denied', 'certificatesigningrequests', { spec: { request: csrPem, signerName: 'example.com/x', usages: ['client auth'] }, status: { conditions: [{ type: 'Approved', status: 'True' }, { type: 'Denied', status: 'True' }] } }, ['status.conditions: Invalid value: "Approved,Denied": Approved and Denied conditions are mutually exclusive']],
    ['CSR issued before approval', 'certificatesigningrequests', { spec: { request: csrPem, signerName: 'example.com/x', usages: ['client auth'] }, status: { certificate: 'eA==' } }, ['status.certificate: Invalid value: "<certificate data>": certificate issued to a non-approved request']],
    ['a user PriorityClass', 'priorityclasses', { metadata: { name: 'high' }, value: 1000 }, []],
    ['too high for a user class', 'priorityclasses', { metadata: { name: 'high' }, value: 2000000000 }, ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']],
    ['reserved system- prefix', 'priorityclasses', { metadata: { name: 'system-mine' }, value: 5 }, ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: priority class system-mine is not a known system priority class"]],
    ['a built-in system class', 'priorityclasses', { metadata: { name: 'system-node-critical' }, value: 2000001000 }, []],
    ['a pod bound to a node by name', 'pods', { spec: { containers: [{ name: 'c', image: 'i' }], nodeName: 'node-1.example' } }, []],
    [
      'a pod whose nodeName is no node name (ValidateNodeName)',
      'pods',
      { spec: { containers: [{ name: 'c', image: 'i' }], nodeName: 'Node_1' } },
      [
        `spec.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    ],
  ])('%s', (_n, resource, o, want) => {
    expect(fields(validateObject(resource, o))).toEqual(want);
  });
});

describe('validateUpdate', () => {
  const binding = (name: string): Obj => ({ roleRef: { apiGroup: rbac, kind: 'ClusterRole', name } });
  it('roleRef is immutable', () => {
    expect(fields(validateUpdate('rolebindings', binding('edit'), binding('view')))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
    expect(validateUpdate('clusterrolebindings', binding('view'), binding('view'))).toEqual([]);
  });
  it('a PriorityClass value is immutable', () => {
    expect(fields(validateUpdate('priorityclasses', { metadata: { name: 'p' }, value: 2 }, { metadata: { name: 'p' }, value: 1 }))).toEqual(['value: Forbidden: may not be changed in an update.']);
  });
});
