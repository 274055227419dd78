// The networking.k8s.io modules: Ingress, IngressClass and NetworkPolicy defaults and validation,
// with Kubernetes' field paths and messages.
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { parseCidr, strictSubset } from './checks.js';
import { ingressclasses } from './ingressclass.js';
import { ingresses } from './ingress.js';
import { networkpolicies } from './networkpolicy.js';

const fields = (errs: FieldError[] | undefined): string[] => (errs ?? []).map((e) => `${e.field}: ${e.message}`);
const svc = (name: string, port: Obj) => ({ service: { name, port } });
const rule = (path: Obj, host?: string): Obj => ({ ...(host ? { host } : {}), http: { paths: [path] } });
const ing = (spec: Obj, annotations?: Record<string, string>): Obj => ({ metadata: { name: 'web', annotations }, spec });
const dns1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('Ingress validation', () => {
  const ok = { path: '/', pathType: 'Prefix', backend: svc('web', { number: 80 }) };
  it.each<[string, Obj, string[]]>([
    ['a valid rule', ing({ rules: [rule(ok, 'foo.com')] }), []],
    ['a wildcard host', ing({ rules: [rule(ok, '*.foo.com')] }), []],
    ['a default backend only', ing({ defaultBackend: svc('web', { name: 'http' }) }), []],
    ['neither rules nor default backend', ing({}), ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']],
    ['missing pathType', ing({ rules: [rule({ path: '/', backend: svc('web', { number: 80 }) })] }), ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']],
    ['relative Prefix path', ing({ rules: [rule({ ...ok, path: 'api' })] }), ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path']],
    ['Exact path with //', ing({ rules: [rule({ ...ok, pathType: 'Exact', path: '/a//b' })] }), ["spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"]],
    ['path ending in /..', ing({ rules: [rule({ ...ok, path: '/a/..' })] }), ["spec.rules[0].http.paths[0].path: Invalid value: \"/a/..\": cannot end with '/..'"]],
    ['ImplementationSpecific without a path', ing({ rules: [rule({ pathType: 'ImplementationSpecific', backend: svc('web', { number: 80 }) })] }), []],
    ['ImplementationSpecific relative path', ing({ rules: [rule({ ...ok, pathType: 'ImplementationSpecific', path: 'x' })] }), ['spec.rules[0].http.paths[0].path: Invalid value: "x": must be an absolute path']],
    ['unknown pathType', ing({ rules: [rule({ ...ok, pathType: 'Regex' })] }), ['spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"']],
    ['IP host', ing({ rules: [rule(ok, '10.0.0.1')] }), ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address']],
    ['upper-case host', ing({ rules: [rule(ok, 'Foo.com')] }), [`spec.rules[0].host: Invalid value: "Foo.com": ${dns1123}`]],
    ['bad wildcard host', ing({ rules: [rule(ok, 'foo.*.com')] }), [
      "spec.rules[0].host: Invalid value: \"foo.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]],
    ['no paths', ing({ rules: [{ host: 'foo.com', http: { paths: [] } }] }), ['spec.rules[0].http.paths: Required value']],
    ['service and resource', ing({ rules: [rule({ ...ok, backend: { ...svc('web', { number: 80 }), resource: { kind: 'Bucket', name: 'b' } } })] }), ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends']],
    ['no backend', ing({ rules: [rule({ ...ok, backend: {} })] }), ['spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required']],
    ['port name and number', ing({ rules: [rule({ ...ok, backend: svc('web', { name: 'http', number: 80 }) })] }), ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number']],
    ['no port', ing({ rules: [rule({ ...ok, backend: svc('web', {}) })] }), ['spec.rules[0].http.paths[0].backend: Required value: port name or number is required']],
    ['port out of range', ing({ rules: [rule({ ...ok, backend: svc('web', { number: 70000 }) })] }), ['spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['numeric port name', ing({ rules: [rule({ ...ok, backend: svc('web', { name: '80' }) })] }), ['spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "80": must contain at least one letter (a-z)']],
    ['service name not DNS-1035', ing({ defaultBackend: svc('1web', { number: 80 }) }), [
      "spec.defaultBackend.service.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]],
    ['resource backend without a kind', ing({ defaultBackend: { resource: { name: 'b' } } }), ['spec.defaultBackend.resource.kind: Required value']],
    ['bad TLS host', ing({ defaultBackend: svc('web', { number: 80 }), tls: [{ hosts: ['Foo'] }] }), [`spec.tls[0].hosts[0]: Invalid value: "Foo": ${dns1123}`]],
  ])('%s', (_n, o, want) => {
    expect(fields(ingresses.validate?.(o))).toEqual(want);
  });

  it('refuses a class annotation that disagrees with ingressClassName, on create only', () => {
    const o = ing({ ingressClassName: 'nginx', defaultBackend: svc('web', { number: 80 }) }, { 'kubernetes.io/ingress.class': 'traefik' });
    expect(fields(ingresses.validateCreate?.(o))).toEqual(['annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified']);
    expect(fields(ingresses.validateUpdate?.(o, o))).toEqual([]);
  });

  it('checks load-balancer status written through /status', () => {
    const o = { ...ing({}), status: { loadBalancer: { ingress: [{ ip: '300.1.1.1' }, { hostname: '10.0.0.1' }] } } };
    expect(fields(ingresses.validateUpdate?.(o, o, 'status'))).toEqual([
      'status.loadBalancer.ingress[0].ip: Invalid value: "300.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'status.loadBalancer.ingress[1].hostname: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    ]);
  });

  it('starts with an empty load-balancer status', () => {
    const o: Obj = { spec: {}, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } };
    ingresses.prepareForCreate?.(o);
    expect(o.status).toEqual({ loadBalancer: {} });
  });
});

describe('IngressClass', () => {
  it.each<[string, Obj, string[]]>([
    ['valid', { spec: { controller: 'example.com/ingress' } }, []],
    ['no controller', { spec: {} }, ['spec.controller: Required value']],
    ['not domain-prefixed', { spec: { controller: 'nginx' } }, ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']],
    ['namespace scope without a namespace', { spec: { controller: 'a.io/b', parameters: { kind: 'K', name: 'n', scope: 'Namespace' } } }, ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]],
    ['cluster scope with a namespace', { spec: { controller: 'a.io/b', parameters: { kind: 'K', name: 'n', scope: 'Cluster', namespace: 'x' } } }, ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"]],
  ])('%s', (_n, o, want) => {
    expect(fields(ingressclasses.validate?.(o))).toEqual(want);
  });

  it('defaults the parameters scope to Cluster and keeps the controller', () => {
    const o: Obj = { spec: { controller: 'a.io/b', parameters: { kind: 'K', name: 'n' } } };
    ingressclasses.defaults?.(o);
    expect(o.spec).toEqual({ controller: 'a.io/b', parameters: { kind: 'K', name: 'n', scope: 'Cluster' } });
    expect(fields(ingressclasses.validateUpdate?.({ spec: { controller: 'a.io/c' } }, o))).toEqual(['spec.controller: Invalid value: "a.io/c": field is immutable']);
  });
});

describe('NetworkPolicy', () => {
  it.each<[string, Obj, Obj]>([
    ['ingress only', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }, { podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }], policyTypes: ['Ingress'] }],
    ['with egress rules', { egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }, { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }], policyTypes: ['Ingress', 'Egress'] }],
    ['explicit policy types kept', { podSelector: {}, policyTypes: ['Egress'] }, { podSelector: {}, policyTypes: ['Egress'] }],
  ])('defaults: %s', (_n, spec, want) => {
    const o: Obj = { spec };
    networkpolicies.defaults?.(o);
    expect(o.spec).toEqual(want);
  });

  const np = (spec: Obj): Obj => ({ metadata: { name: 'np' }, spec: { podSelector: {}, ...spec } });
  it.each<[string, Obj, string[]]>([
    ['valid', np({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 80, endPort: 90, protocol: 'TCP' }] }] }), []],
    ['bad protocol', np({ ingress: [{ ports: [{ protocol: 'ICMP' }] }] }), ['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"']],
    ['endPort below port', np({ egress: [{ ports: [{ port: 90, endPort: 80 }] }] }), ['spec.egress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`']],
    ['endPort with a named port', np({ ingress: [{ ports: [{ port: 'http', endPort: 80 }] }] }), ['spec.ingress[0].ports[0].endPort: Invalid value: 80: may not be specified when `port` is non-numeric']],
    ['endPort without a port', np({ ingress: [{ ports: [{ endPort: 80 }] }] }), ['spec.ingress[0].ports[0].endPort: Invalid value: 80: may not be specified when `port` is not specified']],
    ['port out of range', np({ ingress: [{ ports: [{ port: 0 }] }] }), ['spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['empty peer', np({ ingress: [{ from: [{}] }] }), ['spec.ingress[0].from[0]: Required value: must specify a peer']],
    ['ipBlock with another peer', np({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }), ['spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer']],
    ['bad cidr', np({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0' } }] }] }), ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": not a valid CIDR']],
    ['except outside the cidr', np({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }] }] }), ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`']],
    ['bad pod selector key', np({ podSelector: { matchLabels: { 'a b': 'x' } } }), [
      "spec.podSelector.matchLabels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]],
    ['In without values in a peer', np({ ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In' }] } }] }] }), [
      "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]],
    ['unknown operator', np({ podSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } }), ['spec.podSelector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator']],
    ['bad policy type', np({ policyTypes: ['Sideways'] }), ['spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"']],
    ['three policy types', np({ policyTypes: ['Ingress', 'Egress', 'Ingress'] }), ['spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes']],
  ])('validate: %s', (_n, o, want) => {
    expect(fields(networkpolicies.validate?.(o))).toEqual(want);
  });
});

describe('CIDRs', () => {
  it.each<[string, string, boolean]>([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.0.0.0/8', false],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8::/32', '2001:db9::/48', false],
    ['::ffff:10.0.0.0/104', '::ffff:10.1.0.0/112', true],
    ['10.0.0.0/8', '2001:db8::/48', false],
  ])('%s ⊃ %s: %s', (outer, inner, want) => {
    expect(strictSubset(parseCidr(outer)!, parseCidr(inner)!)).toBe(want);
  });
  it.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', 'x/8', '10.0.0.0/-1'])('%s is not a CIDR', (s) => {
    expect(parseCidr(s)).toBeUndefined();
  });
});
