// Webhook configurations and admission policies: Kubernetes 1.32 defaults and validation messages.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { mutatingwebhookconfigurations } from './mutatingwebhookconfiguration.js';
import { validatingadmissionpolicies } from './validatingadmissionpolicy.js';
import { validatingadmissionpolicybindings } from './validatingadmissionpolicybinding.js';
import { validatingwebhookconfigurations } from './validatingwebhookconfiguration.js';

const msgs = (errs: { field: string; message: string }[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);
const hook = (extra: Obj = {}): Obj => ({
  name: 'a.example.com',
  clientConfig: { service: { namespace: 'default', name: 'w' } },
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
  ...extra,
});
const vwc = (...webhooks: Obj[]): Obj => ({ metadata: { name: 'c' }, webhooks });

describe('webhook configurations', () => {
  it('defaults a webhook as Kubernetes does (mutating adds reinvocationPolicy)', () => {
    const o = vwc(hook());
    mutatingwebhookconfigurations.defaults?.(o);
    const w = (o.webhooks as Obj[])[0];
    expect(w).toMatchObject({ failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10, reinvocationPolicy: 'Never' });
    expect((w.rules as Obj[])[0].scope).toBe('*');
    expect(((w.clientConfig as Obj).service as Obj).port).toBe(443);
    const v = vwc(hook());
    validatingwebhookconfigurations.defaults?.(v);
    expect((v.webhooks as Obj[])[0].reinvocationPolicy).toBeUndefined();
  });

  it.each<[string, Obj, string[]]>([
    ['a valid configuration', vwc(hook()), []],
    ['no sideEffects', vwc(hook({ sideEffects: undefined })), ['webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun']],
    ['side effects', vwc(hook({ sideEffects: 'Some' })), ['webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"']],
    ['no review versions', vwc(hook({ admissionReviewVersions: [] })), ['webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1']],
    ['unknown review version', vwc(hook({ admissionReviewVersions: ['v2'] })), ['webhooks[0].admissionReviewVersions: Invalid value: ["v2"]: must include at least one of v1, v1beta1']],
    ['duplicate names', vwc(hook(), hook()), ['webhooks[1].name: Duplicate value: "a.example.com"']],
    ['short name', vwc(hook({ name: 'a.b' })), ['webhooks[0].name: Invalid value: "a.b": should be a domain with at least three segments separated by dots']],
    ['url and service', vwc(hook({ clientConfig: { url: 'https://x.example.com', service: { namespace: 'd', name: 'w' } } })), ['webhooks[0].clientConfig: Required value: exactly one of url or service is required']],
    ['http url', vwc(hook({ clientConfig: { url: 'http://x.example.com/v' } })), ['webhooks[0].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]']],
    ['timeout too long', vwc(hook({ timeoutSeconds: 31 })), ['webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds']],
    ['bad operation', vwc(hook({ rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['READ'], resources: ['pods'] }] })), ['webhooks[0].rules[0].operations[0]: Unsupported value: "READ": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"']],
  ])('%s', (_n, o, want) => {
    expect(msgs(validatingwebhookconfigurations.validate?.(o) ?? [])).toEqual(want);
  });

  it('generation moves when the webhooks change, not otherwise', () => {
    const old = { ...vwc(hook()), metadata: { name: 'c', generation: 3 } };
    const same = { ...vwc(hook()), metadata: { name: 'c', generation: 3 } };
    validatingwebhookconfigurations.prepareForUpdate?.(same, old);
    expect((same.metadata as Obj).generation).toBe(3);
    const changed = { ...vwc(hook({ timeoutSeconds: 5 })), metadata: { name: 'c', generation: 3 } };
    validatingwebhookconfigurations.prepareForUpdate?.(changed, old);
    expect((changed.metadata as Obj).generation).toBe(4);
  });
});

const vap = (spec: Obj): Obj => ({
  metadata: { name: 'p' },
  spec: { failurePolicy: 'Fail', matchConstraints: { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] }, validations: [{ expression: 'true' }], ...spec },
});

describe('ValidatingAdmissionPolicy', () => {
  it('defaults failurePolicy and the match constraints', () => {
    const o: Obj = { spec: { matchConstraints: { resourceRules: [{ operations: ['*'] }] } } };
    validatingadmissionpolicies.defaults?.(o);
    expect(o.spec).toEqual({ failurePolicy: 'Fail', matchConstraints: { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, resourceRules: [{ operations: ['*'], scope: '*' }] } });
  });

  it.each<[string, Obj, string[]]>([
    ['a valid policy', vap({}), []],
    ['no validations or audit annotations', vap({ validations: [] }), ['spec.validations: Required value: validations or auditAnnotations must contain at least one item', 'spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item']],
    ['empty expression', vap({ validations: [{ expression: ' ' }] }), ['spec.validations[0].expression: Required value: expression is not specified']],
    ['no match constraints', vap({ matchConstraints: undefined }), ['spec.matchConstraints: Required value']],
    ['no resource rules', vap({ matchConstraints: { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} } }), ['spec.matchConstraints.resourceRules: Required value']],
    ['bad reason', vap({ validations: [{ expression: 'true', reason: 'Teapot' }] }), ['spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge"']],
    ['paramKind without kind', vap({ paramKind: { apiVersion: 'v1' } }), ['spec.paramKind.kind: Required value']],
    ['variable name not an identifier', vap({ variables: [{ name: 'a-b', expression: '1' }] }), ['spec.variables[0].name: Invalid value: "a-b": name is not a valid CEL identifier']],
  ])('%s', (_n, o, want) => {
    expect(msgs(validatingadmissionpolicies.validate?.(o) ?? [])).toEqual(want);
  });
});

describe('ValidatingAdmissionPolicyBinding', () => {
  const b = (spec: Obj): Obj => ({ metadata: { name: 'b' }, spec: { policyName: 'p', validationActions: ['Deny'], ...spec } });
  it('defaults a paramRef action to Deny', () => {
    const o = b({ paramRef: { name: 'x' } });
    validatingadmissionpolicybindings.defaults?.(o);
    expect(((o.spec as Obj).paramRef as Obj).parameterNotFoundAction).toBe('Deny');
  });
  it.each<[string, Obj, string[]]>([
    ['a valid binding', b({}), []],
    ['no policy', b({ policyName: '' }), ['spec.policyName: Required value']],
    ['no actions', b({ validationActions: [] }), ['spec.validationActions: Required value: at least one validation action is required']],
    ['Deny and Warn', b({ validationActions: ['Deny', 'Warn'] }), ['spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)']],
    ['paramRef with neither name nor selector', b({ paramRef: { parameterNotFoundAction: 'Deny' } }), ['spec.paramRef: Required value: one of name or selector must be specified']],
    [
      'paramRef with name and selector',
      b({ paramRef: { name: 'x', selector: {}, parameterNotFoundAction: 'Allow' } }),
      ['spec.paramRef.name: Forbidden: name and selector are mutually exclusive', 'spec.paramRef.selector: Forbidden: name and selector are mutually exclusive'],
    ],
  ])('%s', (_n, o, want) => {
    expect(msgs(validatingadmissionpolicybindings.validate?.(o) ?? [])).toEqual(want);
  });
});

describe('through the registry with the schema check', () => {
  it('a required field the module reports is not reported twice (schema "Required value" dropped)', async () => {
    const { Registry } = await import('../rest.js');
    const { loadDefinitions } = await import('../../openapi/index.js');
    const { SchemaValidator } = await import('../../validation/index.js');
    const { schemaValidator } = await import('../../server/engines.js');
    const validator = new SchemaValidator(await loadDefinitions());
    const reg = new Registry({} as never, {} as never, { validate: schemaValidator(validator) });
    const o = vwc(hook({ sideEffects: undefined }));
    delete (o.webhooks as Obj[])[0].sideEffects;
    const err = await reg.create(validatingwebhookconfigurations.info, undefined, o, { dryRun: true }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('ValidatingWebhookConfiguration.admissionregistration.k8s.io "c" is invalid: webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun');
  });
});
