// Golden round trips with the real kubectl for the cluster-administration kinds of issue 13:
// flowcontrol.apiserver.k8s.io, admissionregistration.k8s.io, apiextensions.k8s.io, apiregistration.k8s.io.
// Expected output is Kubernetes 1.32's (pkg/printers/internalversion, kube-aggregator's APIService
// convertor, the default NAME/CREATED AT convertor for CRDs, kubectl's generic describer).
// Rules carry scope "*" explicitly: rule lists are atomic, so a server-defaulted scope would make every
// client-side apply "configured" (on a real cluster too).
// One known difference: a real server's APF controller sets FlowSchemas' Dangling condition at once,
// so MISSINGPL reads True/False there; it reads "?" (no condition) until that controller (issue 22) exists.
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { kindGoldens, type KindCase } from './harness.js';

type Json = Record<string, unknown>;
const spec = (o: Json): Json => o.spec as Json;

const flowSchema = (precedence?: number, name = 'team-a', pl = 'team-a') => `
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: ${name}}
spec:
  priorityLevelConfiguration: {name: "${pl}"}
  ${precedence === undefined ? '' : `matchingPrecedence: ${precedence}`}
  distinguisherMethod: {type: ByUser}
  rules:
  - subjects: [{kind: Group, group: {name: team-a}}]
    resourceRules: [{verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"]}]
`;

const priorityLevel = (queues: number, extra = '', name = 'team-a') => `
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: ${name}}
spec:
  type: Limited
  limited:
    ${extra}
    limitResponse:
      type: Queue
      queuing: {queues: ${queues}}
`;

const webhooks = (kind: string, extra = '', name = 'pod-policy', url = '') => `
apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}}
webhooks:
- name: pod-policy.example.com
  rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods], scope: "*"}]
  clientConfig: ${url ? `{url: "${url}"}` : '{service: {namespace: default, name: webhook}}'}
  admissionReviewVersions: [v1]
  ${extra}
`;

const policy = (max: number, extra = '', name = 'replicas-limit') => `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: ${name}}
spec:
  ${extra}
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments], scope: "*"}]
  validations:
  - expression: "object.spec.replicas <= ${max}"
`;

const binding = (actions: string, extra = '', name = 'limit-binding', policyName = 'replicas-limit') => `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec:
  policyName: "${policyName}"
  validationActions: [${actions}]
  ${extra}
`;

const crd = (props: string, plural = 'crontabs', group = 'stable.example.com', name = `${plural}.${group}`, kind = 'CronTab', scope = 'Namespaced') => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${name}}
spec:
  group: ${group}
  scope: ${scope}
  names: {plural: ${plural}, kind: ${kind}}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties: {${props}}
`;

const apiService = (versionPriority: number, version = 'v1alpha1', extra = '', name = `${version}.wardle.example.com`) => `
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: ${name}}
spec:
  group: wardle.example.com
  version: ${version}
  groupPriorityMinimum: 1000
  versionPriority: ${versionPriority}
  ${extra}
`;

/** A copy with its own spec-derived name: `edit` sets the fields the name is made of. */
function renameBy(edit: (o: Json, suffix: string) => string): KindCase['rename'] {
  return (manifest, suffix) => {
    const o = parse(manifest) as Json;
    const name = edit(o, suffix);
    (o.metadata as Json).name = name;
    return { manifest: stringify(o), name };
  };
}

const cases: KindCase[] = [
  {
    resource: 'flowschemas',
    manifest: flowSchema(),
    changed: flowSchema(900),
    patches: { strategic: '{"spec":{"matchingPrecedence":800}}', merge: '{"spec":{"matchingPrecedence":700}}', json: '[{"op":"replace","path":"/spec/matchingPrecedence","value":600}]' },
    table: 'NAME     PRIORITYLEVEL   MATCHINGPRECEDENCE   DISTINGUISHERMETHOD   AGE   MISSINGPL\nteam-a   team-a          1000                 ByUser                AA    ?\n',
    describe: ['Name:         team-a', 'Kind:         FlowSchema', 'Matching Precedence:  1000'],
    check: (o) => expect(spec(o).matchingPrecedence).toBe(1000),
    bad: [
      {
        title: 'matchingPrecedence 1 is for exempt only',
        manifest: flowSchema(1, 'bad'),
        code: 422,
        reason: 'Invalid',
        message: `FlowSchema.flowcontrol.apiserver.k8s.io "bad" is invalid: spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1`,
      },
      {
        title: 'no priority level',
        manifest: flowSchema(500, 'bad', ''),
        code: 422,
        reason: 'Invalid',
        message: 'FlowSchema.flowcontrol.apiserver.k8s.io "bad" is invalid: spec.priorityLevelConfiguration.name: Required value: must reference a priority level',
      },
    ],
  },
  {
    resource: 'prioritylevelconfigurations',
    manifest: priorityLevel(16),
    changed: priorityLevel(32),
    patches: {
      strategic: '{"spec":{"limited":{"lendablePercent":10}}}',
      merge: '{"spec":{"limited":{"nominalConcurrencyShares":20}}}',
      json: '[{"op":"replace","path":"/spec/limited/limitResponse/queuing/handSize","value":4}]',
    },
    table: 'NAME     TYPE      NOMINALCONCURRENCYSHARES   QUEUES   HANDSIZE   QUEUELENGTHLIMIT   AGE\nteam-a   Limited   30                         16       8          50                 AA\n',
    describe: ['Name:         team-a', 'Nominal Concurrency Shares:  30', 'Hand Size:               8'],
    check: (o) => expect(spec(o).limited).toEqual({ nominalConcurrencyShares: 30, lendablePercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 16, handSize: 8, queueLengthLimit: 50 } } }),
    bad: [
      {
        title: 'lendablePercent over 100',
        manifest: priorityLevel(16, 'lendablePercent: 101', 'bad'),
        code: 422,
        reason: 'Invalid',
        message: 'PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io "bad" is invalid: spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive',
      },
      {
        title: 'handSize larger than queues',
        manifest: priorityLevel(2, '', 'bad').replace('queues: 2', 'queues: 2, handSize: 3'),
        code: 422,
        reason: 'Invalid',
        message: 'PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io "bad" is invalid: spec.limited.limitResponse.queuing.handSize: Invalid value: 3: should not be greater than queues (2)',
      },
    ],
  },
  ...(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'] as const).map(
    (kind): KindCase => ({
      resource: `${kind.toLowerCase()}s`,
      manifest: webhooks(kind, 'sideEffects: None'),
      changed: webhooks(kind, 'sideEffects: None\n  timeoutSeconds: 5'),
      patches: {
        strategic: '{"webhooks":[{"name":"pod-policy.example.com","timeoutSeconds":7}]}',
        merge: '{"metadata":{"labels":{"team":"a"}}}',
        json: '[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Ignore"}]',
      },
      table: 'NAME         WEBHOOKS   AGE\npod-policy   1          AA\n',
      describe: ['Name:         pod-policy', `Kind:         ${kind}`, 'Failure Policy:  Fail'],
      check: (o) => {
        const w = (o.webhooks as Json[])[0];
        expect(w).toMatchObject({ failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10 });
        expect(w.reinvocationPolicy).toBe(kind === 'MutatingWebhookConfiguration' ? 'Never' : undefined);
        expect(((w.clientConfig as Json).service as Json).port).toBe(443);
        expect((w.rules as Json[])[0].scope).toBe('*');
      },
      bad: [
        {
          title: 'sideEffects missing',
          manifest: webhooks(kind, '', 'bad'),
          code: 422,
          reason: 'Invalid',
          message: `${kind}.admissionregistration.k8s.io "bad" is invalid: webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun`,
        },
        {
          title: 'http URL',
          manifest: webhooks(kind, 'sideEffects: None', 'bad', 'http://example.com/validate'),
          code: 422,
          reason: 'Invalid',
          message: `${kind}.admissionregistration.k8s.io "bad" is invalid: webhooks[0].clientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
        },
      ],
    }),
  ),
  {
    resource: 'validatingadmissionpolicies',
    manifest: policy(5),
    changed: policy(6),
    patches: {
      strategic: '{"spec":{"failurePolicy":"Ignore"}}',
      merge: '{"spec":{"validations":[{"expression":"object.spec.replicas <= 3"}]}}',
      json: '[{"op":"add","path":"/spec/validations/-","value":{"expression":"true"}}]',
    },
    table: 'NAME             VALIDATIONS   PARAMKIND   AGE\nreplicas-limit   1             <unset>     AA\n',
    describe: ['Name:         replicas-limit', 'Kind:         ValidatingAdmissionPolicy', 'Failure Policy:  Fail'],
    check: (o) => expect(spec(o)).toMatchObject({ failurePolicy: 'Fail', matchConstraints: { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} } }),
    bad: [
      {
        title: 'unknown failurePolicy',
        manifest: policy(5, 'failurePolicy: Maybe', 'bad'),
        code: 422,
        reason: 'Invalid',
        message: 'ValidatingAdmissionPolicy.admissionregistration.k8s.io "bad" is invalid: spec.failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"',
      },
      {
        title: 'paramKind without a kind',
        manifest: policy(5, 'paramKind: {apiVersion: v1}', 'bad'),
        code: 422,
        reason: 'Invalid',
        message: 'ValidatingAdmissionPolicy.admissionregistration.k8s.io "bad" is invalid: spec.paramKind.kind: Required value',
      },
    ],
  },
  {
    resource: 'validatingadmissionpolicybindings',
    manifest: binding('Deny'),
    changed: binding('Warn'),
    patches: {
      strategic: '{"spec":{"validationActions":["Audit"]}}',
      merge: '{"spec":{"policyName":"other"}}',
      json: '[{"op":"replace","path":"/spec/policyName","value":"third"}]',
    },
    table: 'NAME            POLICYNAME       PARAMREF   AGE\nlimit-binding   replicas-limit   <unset>    AA\n',
    describe: ['Name:         limit-binding', 'Policy Name:  replicas-limit'],
    check: (o) => expect(spec(o)).toEqual({ policyName: 'replicas-limit', validationActions: ['Deny'] }),
    bad: [
      {
        title: 'no policy name',
        manifest: binding('Deny', '', 'bad', ''),
        code: 422,
        reason: 'Invalid',
        message: 'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "bad" is invalid: spec.policyName: Required value',
      },
      {
        title: 'paramRef with neither name nor selector',
        manifest: binding('Deny', 'paramRef: {namespace: default}', 'bad'),
        code: 422,
        reason: 'Invalid',
        message: 'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "bad" is invalid: spec.paramRef: Required value: one of name or selector must be specified',
      },
    ],
  },
  {
    resource: 'crd',
    manifest: crd('cronSpec: {type: string}'),
    changed: crd('cronSpec: {type: string}, replicas: {type: integer}'),
    patches: {
      strategic: '{"spec":{"names":{"shortNames":["ct"]}}}',
      merge: '{"spec":{"names":{"categories":["all"]}}}',
      json: '[{"op":"add","path":"/metadata/labels","value":{"team":"a"}}]',
    },
    table: /^NAME {26}CREATED AT\ncrontabs\.stable\.example\.com {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
    describe: ['Name:         crontabs.stable.example.com', 'Kind:         CustomResourceDefinition', 'List Kind:  CronTabList'],
    check: (o) => {
      expect(spec(o).names).toEqual({ plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' });
      expect(spec(o).conversion).toEqual({ strategy: 'None' });
      expect((o.status as Json).storedVersions).toEqual(['v1']);
    },
    rename: renameBy((o, suffix) => {
      const names = spec(o).names as Json;
      names.plural = `crontabs${suffix}`;
      names.kind = `CronTab${suffix}`;
      return `crontabs${suffix}.stable.example.com`;
    }),
    bad: [
      {
        title: 'name is not <plural>.<group>',
        manifest: crd('a: {type: string}', 'crontabs', 'stable.example.com', 'crontabs.example.com'),
        code: 422,
        reason: 'Invalid',
        message: 'CustomResourceDefinition.apiextensions.k8s.io "crontabs.example.com" is invalid: metadata.name: Invalid value: "crontabs.example.com": must be spec.names.plural+"."+spec.group',
      },
      {
        title: 'unknown scope',
        manifest: crd('a: {type: string}', 'widgets', 'stable.example.com', undefined, 'Widget', 'Global'),
        code: 422,
        reason: 'Invalid',
        message: 'CustomResourceDefinition.apiextensions.k8s.io "widgets.stable.example.com" is invalid: spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      },
      {
        title: 'a property without a type',
        manifest: crd('a: {description: untyped}', 'widgets', 'stable.example.com', undefined, 'Widget'),
        code: 422,
        reason: 'Invalid',
        message:
          'CustomResourceDefinition.apiextensions.k8s.io "widgets.stable.example.com" is invalid: spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[a].type: Required value: must not be empty for specified object fields',
      },
    ],
  },
  {
    resource: 'apiservices',
    manifest: apiService(15),
    changed: apiService(20),
    patches: { strategic: '{"spec":{"versionPriority":16}}', merge: '{"spec":{"versionPriority":17}}', json: '[{"op":"replace","path":"/spec/groupPriorityMinimum","value":2000}]' },
    table: 'NAME                          SERVICE   AVAILABLE   AGE\nv1alpha1.wardle.example.com   Local     True        AA\n',
    describe: ['Name:         v1alpha1.wardle.example.com', 'Kind:         APIService', 'Group Priority Minimum:  1000'],
    check: (o) => expect((o.status as Json).conditions).toMatchObject([{ type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available' }]),
    rename: renameBy((o, suffix) => {
      spec(o).version = `v1${suffix}`;
      return `v1${suffix}.wardle.example.com`;
    }),
    bad: [
      {
        title: 'insecureSkipTLSVerify on a local APIService',
        manifest: apiService(15, 'v1', 'insecureSkipTLSVerify: true'),
        code: 422,
        reason: 'Invalid',
        message: 'APIService.apiregistration.k8s.io "v1.wardle.example.com" is invalid: spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify',
      },
      {
        title: 'name is not <version>.<group>',
        manifest: apiService(15, 'v1', '', 'v2.wardle.example.com'),
        code: 422,
        reason: 'Invalid',
        message: 'APIService.apiregistration.k8s.io "v2.wardle.example.com" is invalid: metadata.name: Invalid value: "v2.wardle.example.com": must be `spec.version+"."+spec.group`: "v1.wardle.example.com"',
      },
    ],
  },
];

kindGoldens('flowcontrol, admissionregistration, apiextensions, apiregistration', cases);
