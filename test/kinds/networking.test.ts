// Golden round trips with the real kubectl for the networking.k8s.io kinds: Ingress, IngressClass,
// NetworkPolicy (tables, defaults and validation messages as Kubernetes 1.32 prints them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { maskAges } from '../kubectl/golden.js';
import { kindGoldens } from './harness.js';

const ingress = (host: string, name = 'web', extra = '') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}}
spec:
  ingressClassName: nginx
  rules:
  - host: ${host}
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
  tls:
  - {hosts: [${host}], secretName: foo-tls}
${extra}`;

const ingressClass = (controller: string, name = 'nginx') => `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${name}
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: ${controller}
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb}
`;

const netpol = (port: number, name = 'allow-web') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {role: frontend}}
    - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}
    ports:
    - {port: ${port}, protocol: TCP}
`;

kindGoldens('networking.k8s.io', [
  {
    resource: 'ingresses',
    manifest: ingress('foo.com'),
    changed: ingress('bar.com'),
    patches: {
      strategic: '{"spec":{"ingressClassName":"traefik"}}',
      merge: '{"spec":{"tls":null}}',
      json: '[{"op":"replace","path":"/spec/rules/0/host","value":"baz.com"}]',
    },
    table: 'NAME   CLASS   HOSTS     ADDRESS   PORTS     AGE\nweb    nginx   foo.com             80, 443   AA\n',
    describe: [
      'Ingress Class:    nginx',
      'Default backend:  <default>',
      'TLS:\n  foo-tls terminates foo.com\n',
      'Rules:\n  Host        Path  Backends\n  ----        ----  --------\n  foo.com     \n              /api   api:8080 ',
    ],
    check: (o) => {
      expect(o.status).toEqual({ loadBalancer: {} });
      expect((o.metadata as { generation?: number }).generation).toBe(1);
    },
    bad: [
      {
        title: 'a relative Prefix path',
        manifest: ingress('foo.com', 'rel').replace('path: /api', 'path: api'),
        code: 422,
        reason: 'Invalid',
        message: 'Ingress.networking.k8s.io "rel" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
      },
      {
        title: 'no pathType',
        manifest: ingress('foo.com', 'nopt').replace('pathType: Prefix, ', ''),
        code: 422,
        reason: 'Invalid',
        message: 'Ingress.networking.k8s.io "nopt" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      },
      {
        title: 'an IP address as host',
        manifest: ingress('10.0.0.1', 'ip'),
        code: 422,
        reason: 'Invalid',
        message: 'Ingress.networking.k8s.io "ip" is invalid: spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      },
      {
        title: 'a port name and number',
        manifest: ingress('foo.com', 'ports').replace('port: {number: 8080}', 'port: {number: 8080, name: http}'),
        code: 422,
        reason: 'Invalid',
        message: 'Ingress.networking.k8s.io "ports" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
      },
      {
        title: 'neither rules nor a default backend',
        manifest: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: empty}\nspec: {ingressClassName: nginx}\n',
        code: 422,
        reason: 'Invalid',
        message: 'Ingress.networking.k8s.io "empty" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
      },
      {
        title: 'the class annotation disagrees with ingressClassName',
        manifest: ingress('foo.com', 'annotated').replace('metadata: {name: annotated}', 'metadata: {name: annotated, annotations: {kubernetes.io/ingress.class: traefik}}'),
        code: 422,
        reason: 'Invalid',
        message: 'Ingress.networking.k8s.io "annotated" is invalid: annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
      },
    ],
  },
  {
    resource: 'ingressclasses',
    manifest: ingressClass('example.com/ingress-controller'),
    changed: ingressClass('example.com/ingress-controller').replace('name: external-lb', 'name: internal-lb'),
    patches: {
      strategic: '{"metadata":{"labels":{"tier":"edge"}}}',
      merge: '{"spec":{"parameters":{"name":"other-lb"}}}',
      json: '[{"op":"replace","path":"/spec/parameters/kind","value":"LBParameters"}]',
    },
    table: 'NAME    CONTROLLER                       PARAMETERS                                      AGE\nnginx   example.com/ingress-controller   IngressParameters.k8s.example.com/external-lb   AA\n',
    describe: ['Controller:   example.com/ingress-controller', 'Kind:      IngressParameters', 'Name:      external-lb'],
    check: (o) => expect((o.spec as { parameters: unknown }).parameters).toEqual({ apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb', scope: 'Cluster' }),
    bad: [
      {
        title: 'a controller that is not domain-prefixed',
        manifest: ingressClass('nginx', 'plain'),
        code: 422,
        reason: 'Invalid',
        message: 'IngressClass.networking.k8s.io "plain" is invalid: spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
      },
    ],
  },
  {
    resource: 'netpol',
    manifest: netpol(80),
    changed: netpol(8080),
    patches: {
      strategic: '{"spec":{"podSelector":{"matchLabels":{"app":"api"}}}}',
      merge: '{"spec":{"egress":[{"ports":[{"port":53,"protocol":"UDP"}]}]}}',
      json: '[{"op":"replace","path":"/spec/ingress/0/ports/0/port","value":443}]',
    },
    table: 'NAME        POD-SELECTOR   AGE\nallow-web   app=web        AA\n',
    describe: ['PodSelector:     app=web', 'Allowing ingress traffic:', 'To Port: 80/TCP', 'PodSelector: role=frontend', 'IPBlock:', 'CIDR: 10.0.0.0/16', 'Except: 10.0.1.0/24', 'Not affecting egress traffic', 'Policy Types: Ingress'],
    // The manifest names its port's protocol: kubectl's three-way merge replaces an atomic list whose
    // live copy differs (a defaulted protocol), so without it every apply says "configured" (as on Kubernetes).
    check: (o) => expect((o.spec as { policyTypes: string[] }).policyTypes).toEqual(['Ingress']),
    bad: [
      {
        title: 'except outside the cidr',
        manifest: netpol(80, 'bad-except').replace('except: [10.0.1.0/24]', 'except: [10.1.0.0/24]'),
        code: 422,
        reason: 'Invalid',
        message: 'NetworkPolicy.networking.k8s.io "bad-except" is invalid: spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
      },
      {
        title: 'a port out of range',
        manifest: netpol(70000, 'bad-port'),
        code: 422,
        reason: 'Invalid',
        message: 'NetworkPolicy.networking.k8s.io "bad-port" is invalid: spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      },
    ],
  },
]);

// What the per-kind round trip does not cover: kubectl's create generator (a protobuf body) and discovery.
describe.skipIf(!etcdAvailable || !kubectlAvailable)(`networking, storage and node kinds with kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('kubectl create ingress (protobuf) stores the rule, the TLS secret and an Exact path', async () => {
    expect(await env.kubectlOk(['create', 'ingress', 'gen', '--rule=foo.com/bar=svc1:8080,tls=my-cert'])).toBe('ingress.networking.k8s.io/gen created\n');
    expect(await env.kubectlOk(['create', 'ingress', 'catch-all', '--class=nginx', '--rule=/path*=svc:http'])).toBe('ingress.networking.k8s.io/catch-all created\n');
    const gen = JSON.parse(await env.kubectlOk(['get', 'ingress', 'gen', '-o', 'json'])) as { spec: unknown };
    expect(gen.spec).toEqual({
      rules: [{ host: 'foo.com', http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'svc1', port: { number: 8080 } } } }] } }],
      tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }],
    });
    expect(maskAges(await env.kubectlOk(['get', 'ing']))).toBe(
      'NAME        CLASS    HOSTS     ADDRESS   PORTS     AGE\ncatch-all   nginx    *                   80        AA\ngen         <none>   foo.com             80, 443   AA\n',
    );
  });

  it('an Ingress created without a class gets the default IngressClass (DefaultIngressClass admission)', async () => {
    await env.kubectlOk(['apply', '-f', '-'], { input: ingressClass('example.com/ingress-controller', 'edge') });
    await env.kubectlOk(['create', 'ingress', 'later', '--rule=foo.com/=svc1:80']);
    expect(await env.kubectlOk(['get', 'ingress', 'later', '-o', 'jsonpath={.spec.ingressClassName}'])).toBe('edge');
    await env.kubectlOk(['create', 'ingress', 'legacy', '--rule=foo.com/=svc1:80', '--annotation=kubernetes.io/ingress.class=nginx']);
    expect(await env.kubectlOk(['get', 'ingress', 'legacy', '-o', 'jsonpath={.spec.ingressClassName}'])).toBe('');
  });

  it('an IngressClass controller is immutable', async () => {
    const r = await env.kubectl(['patch', 'ingressclass', 'edge', '--type=merge', '-p', '{"spec":{"controller":"example.com/other"}}']);
    expect(r.stderr).toBe('The IngressClass "edge" is invalid: spec.controller: Invalid value: "example.com/other": field is immutable\n');
  });

  it.each([
    ['networking.k8s.io', ['ingressclasses                 networking.k8s.io/v1   false        IngressClass', 'ingresses         ing          networking.k8s.io/v1   true         Ingress', 'networkpolicies   netpol       networking.k8s.io/v1   true         NetworkPolicy']],
    ['storage.k8s.io', ['csidrivers                          storage.k8s.io/v1   false        CSIDriver', 'csinodes                            storage.k8s.io/v1   false        CSINode', 'csistoragecapacities                storage.k8s.io/v1   true         CSIStorageCapacity', 'storageclasses         sc           storage.k8s.io/v1   false        StorageClass', 'volumeattachments                   storage.k8s.io/v1   false        VolumeAttachment']],
    ['node.k8s.io', ['runtimeclasses                node.k8s.io/v1   false        RuntimeClass']],
  ])('kubectl api-resources --api-group=%s lists the kinds as Kubernetes 1.32', async (group, rows) => {
    const lines = (await env.kubectlOk(['api-resources', `--api-group=${group}`])).trimEnd().split('\n').slice(1).map((l) => l.trimEnd());
    expect(lines).toEqual(rows);
  });

  it('kubectl explain reads the real docs', async () => {
    const out = await env.kubectlOk(['explain', 'ingress.spec.rules.http.paths.pathType']);
    expect(out).toContain('GROUP:      networking.k8s.io\nKIND:       Ingress\nVERSION:    v1\n');
    expect(out).toContain('pathType determines the interpretation of the path matching.');
    expect(await env.kubectlOk(['explain', 'runtimeclass.handler'])).toContain('handler specifies the underlying runtime and configuration that the CRI');
  });
});
