// Table-driven decoding tests: bodies built with protobufjs's Writer from generated.proto field
// numbers, decoded, and compared with the JSON a JSON client would send.

import { describe, expect, it } from 'vitest';
import { decodeMessage, type DecodeContext } from './decode.js';
import {
  bool,
  bytes,
  envelope,
  fixed32,
  int32,
  int64,
  intOrString,
  mapBytes,
  mapStr,
  msg,
  packed,
  str,
  sub,
  time,
  type Part,
} from './encode-for-tests.js';
import { decodeProtobufBody } from './index.js';
import { buildSchema } from './schema.js';

const meta = (...parts: Part[]): Part => sub(1, ...parts);
/** ObjectMeta the way gogo writes it for `name` alone: every plain field present and empty. */
const kubectlMeta = (name: string, namespace = ''): Part =>
  meta(str(1, name), str(2, ''), str(3, namespace), str(4, ''), str(5, ''), str(6, ''), int64(7, 0), sub(8));

interface Case {
  name: string;
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  want: Record<string, unknown>;
}

const T0 = 1_700_000_000; // 2023-11-14T22:13:20Z

const cases: Case[] = [
  {
    name: 'namespace as kubectl writes it (empty plain fields dropped)',
    apiVersion: 'v1',
    kind: 'Namespace',
    raw: msg(kubectlMeta('team-a'), sub(2), sub(3, str(1, ''))),
    want: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
  },
  {
    name: 'full ObjectMeta',
    apiVersion: 'v1',
    kind: 'Namespace',
    raw: msg(
      meta(
        str(1, 'n'),
        str(2, 'n-'),
        str(3, 'ns'),
        str(4, '/api/v1/namespaces/n'),
        str(5, 'uid-1'),
        str(6, '42'),
        int64(7, 3),
        time(8, T0, 999),
        time(9, T0 + 30),
        int64(10, 0),
        mapStr(11, 'app', 'web'),
        mapStr(11, 'tier', ''),
        mapStr(12, 'note', 'hi'),
        sub(13, str(5, 'apps/v1'), str(1, 'ReplicaSet'), str(3, 'rs'), str(4, 'u2'), bool(6, true), bool(7, false)),
        str(14, 'example.com/f'),
        sub(17, str(1, 'kubectl'), str(2, 'Update'), str(3, 'v1'), time(4, T0), str(6, 'FieldsV1'),
          sub(7, bytes(1, Buffer.from('{"f:metadata":{}}'))), str(8, 'status')),
      ),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'n',
        generateName: 'n-',
        namespace: 'ns',
        selfLink: '/api/v1/namespaces/n',
        uid: 'uid-1',
        resourceVersion: '42',
        generation: 3,
        creationTimestamp: '2023-11-14T22:13:20Z',
        deletionTimestamp: '2023-11-14T22:13:50Z',
        deletionGracePeriodSeconds: 0,
        labels: { app: 'web', tier: '' },
        annotations: { note: 'hi' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u2', controller: true, blockOwnerDeletion: false },
        ],
        finalizers: ['example.com/f'],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'v1',
            time: '2023-11-14T22:13:20Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': {} },
            subresource: 'status',
          },
        ],
      },
    },
  },
  {
    name: 'configmap data, binaryData (base64) and immutable: false kept',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    raw: msg(kubectlMeta('c', 'default'), bool(4, false), mapStr(2, 'a', 'b'), mapBytes(3, 'bin', new Uint8Array([0, 255, 1]))),
    want: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      immutable: false,
      data: { a: 'b' },
      binaryData: { bin: 'AP8B' },
    },
  },
  {
    name: 'secret data bytes, stringData, type',
    apiVersion: 'v1',
    kind: 'Secret',
    raw: msg(kubectlMeta('s'), mapBytes(2, 'k', Buffer.from('v')), mapBytes(2, 'empty', new Uint8Array()), mapStr(4, 'plain', 'text'), str(3, 'Opaque')),
    want: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { k: 'dg==', empty: '' },
      stringData: { plain: 'text' },
      type: 'Opaque',
    },
  },
  {
    name: 'deployment spec: pointers kept at zero, strategy with IntOrString',
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    raw: msg(
      kubectlMeta('web'),
      sub(
        2,
        int32(1, 0),
        sub(2, mapStr(1, 'app', 'web'), sub(2, str(1, 'tier'), str(2, 'In'), str(3, 'a'), str(3, 'b'))),
        sub(3, meta(mapStr(11, 'app', 'web')), sub(2, sub(2, str(1, 'c'), str(2, 'img')))),
        sub(4, str(1, 'RollingUpdate'), sub(2, intOrString(1, 0), intOrString(2, '25%'))),
        int32(5, 0),
        int32(6, 0),
        bool(7, true),
        int32(9, 600),
      ),
      sub(3, int64(1, 0), int32(2, 0)),
    ),
    want: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'img' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        revisionHistoryLimit: 0,
        paused: true,
        progressDeadlineSeconds: 600,
      },
    },
  },
  {
    name: 'service ports with int and named targetPort',
    apiVersion: 'v1',
    kind: 'Service',
    raw: msg(
      kubectlMeta('svc'),
      sub(
        2,
        sub(1, str(1, 'http'), str(2, 'TCP'), int32(3, 80), intOrString(4, 8080), int32(5, 30080)),
        sub(1, str(1, 'named'), str(2, 'TCP'), int32(3, 81), intOrString(4, 'web'), int32(5, 0)),
        mapStr(2, 'app', 'web'),
        str(3, ''),
        str(4, 'NodePort'),
      ),
      sub(3, sub(1)),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: {
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 },
          { name: 'named', protocol: 'TCP', port: 81, targetPort: 'web' },
        ],
        selector: { app: 'web' },
        type: 'NodePort',
      },
    },
  },
  {
    name: 'SubjectAccessReview with extra (ExtraValue lists)',
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    raw: msg(
      sub(2, sub(2, str(1, '/healthz'), str(2, 'get')), str(3, 'alice'), str(4, 'devs'), sub(5, str(1, 'scopes'), sub(2, str(1, 'a'), str(1, 'b'))), str(6, 'u-1')),
    ),
    want: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' }, user: 'alice', groups: ['devs'], extra: { scopes: ['a', 'b'] }, uid: 'u-1' },
    },
  },
  {
    name: 'TokenRequest with bound object',
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    raw: msg(sub(2, str(1, 'api'), int64(4, 3600), sub(3, str(1, 'Pod'), str(2, 'v1'), str(3, 'p'), str(4, 'u')))),
    want: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u' } },
    },
  },
  {
    name: 'TokenReview',
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenReview',
    raw: msg(sub(2, str(1, 'tok'), str(2, 'api'))),
    want: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'tok', audiences: ['api'] } },
  },
  {
    name: 'SelfSubjectReview under v1alpha1',
    apiVersion: 'authentication.k8s.io/v1alpha1',
    kind: 'SelfSubjectReview',
    raw: msg(kubectlMeta('')),
    want: { apiVersion: 'authentication.k8s.io/v1alpha1', kind: 'SelfSubjectReview' },
  },
  {
    name: 'Scale to zero keeps replicas: 0',
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    raw: msg(kubectlMeta('web', 'default'), sub(2, int32(1, 0)), sub(3, int32(1, 0), str(2, ''))),
    want: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 0 }, status: { replicas: 0 } },
  },
  {
    name: 'Eviction with DeleteOptions',
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    raw: msg(kubectlMeta('p', 'default'), sub(2, int64(1, 0), sub(2, str(1, 'uid-1')), str(4, 'Foreground'), str(5, 'All'))),
    want: {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'p', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-1' }, propagationPolicy: 'Foreground', dryRun: ['All'] },
    },
  },
  {
    name: 'DeleteOptions accepted under any group version',
    apiVersion: 'apps/v1',
    kind: 'DeleteOptions',
    raw: msg(str(4, 'Orphan'), bool(3, false)),
    want: { apiVersion: 'apps/v1', kind: 'DeleteOptions', propagationPolicy: 'Orphan', orphanDependents: false },
  },
  {
    name: 'Lease with MicroTime (microseconds kept)',
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    raw: msg(kubectlMeta('node-1', 'kube-node-lease'), sub(2, str(1, 'node-1'), int32(2, 40), time(3, T0, 123_456_789), time(4, T0 + 1), int32(5, 0))),
    want: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease' },
      spec: {
        holderIdentity: 'node-1',
        leaseDurationSeconds: 40,
        acquireTime: '2023-11-14T22:13:20.123456Z',
        renewTime: '2023-11-14T22:13:21.000000Z',
        leaseTransitions: 0,
      },
    },
  },
  {
    name: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    raw: msg(kubectlMeta('crb'), sub(2, str(1, 'Group'), str(2, 'rbac.authorization.k8s.io'), str(3, 'g'), str(4, '')), sub(3, str(1, 'rbac.authorization.k8s.io'), str(2, 'ClusterRole'), str(3, 'view'))),
    want: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'g' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    },
  },
  {
    name: 'core Event with eventTime and series',
    apiVersion: 'v1',
    kind: 'Event',
    raw: msg(
      kubectlMeta('e', 'default'),
      sub(2, str(1, 'Pod'), str(2, 'default'), str(3, 'p')),
      str(3, 'Started'),
      str(4, 'Started container'),
      sub(5, str(1, 'kubelet'), str(2, 'node-1')),
      time(6, T0),
      sub(7),
      int32(8, 2),
      str(9, 'Normal'),
      time(10, T0, 5_000),
      sub(11, int32(1, 2), time(2, T0)),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' },
      reason: 'Started',
      message: 'Started container',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2023-11-14T22:13:20Z',
      count: 2,
      type: 'Normal',
      eventTime: '2023-11-14T22:13:20.000005Z',
      series: { count: 2, lastObservedTime: '2023-11-14T22:13:20.000000Z' },
    },
  },
  {
    name: 'unknown fields of every wire type are skipped',
    apiVersion: 'v1',
    kind: 'Namespace',
    raw: msg(str(99, 'x'), int64(98, 7), fixed32(97, 1), kubectlMeta('n'), sub(2, str(1, 'kubernetes'), int32(50, 1))),
    want: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, spec: { finalizers: ['kubernetes'] } },
  },
];

describe('decodeProtobufBody', () => {
  it.each(cases)('$name', ({ apiVersion, kind, raw, want }) => {
    const got = decodeProtobufBody(envelope(apiVersion, kind, raw));
    expect(got.apiVersion).toBe(apiVersion);
    expect(got.kind).toBe(kind);
    expect(got.object).toEqual(want);
  });
});

describe('decodeMessage special types', () => {
  const schema = buildSchema({
    Holder: {
      1: 'ext:RawExtension',
      2: 'fields:FieldsV1',
      3: 'labels:map<string>',
      4: 'inner:Inner',
      5: 'nums:int32[]',
      6: 'flag:bool',
      7: 'big:int64',
    },
    Inner: { 1: 'a', 2: 'b' },
    Namespace: { 1: 'metadata:Meta' },
    Meta: { 1: 'name' },
  });
  const ctx: DecodeContext = {
    schema,
    decodeEmbedded: (raw) => ({ embedded: raw.length }),
  };

  it.each([
    { name: 'RawExtension holding JSON', raw: msg(sub(1, bytes(1, Buffer.from('{"kind":"X","n":1}')))), want: { ext: { kind: 'X', n: 1 } } },
    {
      name: 'RawExtension holding a k8s protobuf object',
      raw: msg(sub(1, bytes(1, Buffer.from([0x6b, 0x38, 0x73, 0x00, 1, 2])))),
      want: { ext: { embedded: 6 } },
    },
    { name: 'empty RawExtension dropped', raw: msg(sub(1)), want: {} },
    { name: 'FieldsV1 as JSON', raw: msg(sub(2, bytes(1, Buffer.from('{"f:a":{}}')))), want: { fields: { 'f:a': {} } } },
    {
      name: 'a "__proto__" label stays an ordinary key',
      raw: msg(mapStr(3, '__proto__', 'x'), mapStr(3, 'k', 'v')),
      want: JSON.parse('{"labels":{"__proto__":"x","k":"v"}}') as Record<string, unknown>,
    },
    { name: 'map entry without a value gets the zero value', raw: msg(sub(3, str(1, 'k'))), want: { labels: { k: '' } } },
    { name: 'a repeated singular message merges', raw: msg(sub(4, str(1, 'x')), sub(4, str(2, 'y'))), want: { inner: { a: 'x', b: 'y' } } },
    { name: 'packed and unpacked repeated ints mix', raw: msg(packed(5, [1, -2]), int32(5, 3)), want: { nums: [1, -2, 3] } },
    { name: 'int64 beyond int32', raw: msg(int64(7, 2 ** 40), bool(6, true)), want: { big: 2 ** 40, flag: true } },
  ])('$name', ({ raw, want }) => {
    expect(decodeMessage(ctx, 'Holder', raw)).toEqual(want);
  });
});
