import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { hasKubectl, KubectlOracle } from './kubectl-oracle.js';
import { strategicMergePatch } from './strategic-merge.js';

const oracle = hasKubectl() ? new KubectlOracle() : undefined;
afterAll(() => oracle?.close());
const kubectlPatch = (original: Record<string, any>, patch: unknown, gvk: { group: string; version: string; kind: string }): unknown =>
  oracle!.strategic(original, patch, gvk);

const deployGVK = { group: 'apps', version: 'v1', kind: 'Deployment' };
const podGVK = { group: '', version: 'v1', kind: 'Pod' };
const nodeGVK = { group: '', version: 'v1', kind: 'Node' };
const svcGVK = { group: '', version: 'v1', kind: 'Service' };

type O = Record<string, unknown>;
const deploy = (podSpec: O, extra: O = {}): O => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } },
  ...extra,
});

/** With kubectl on the PATH, also checks that kubectl's own implementation gives `ours`. */
function agreesWithKubectl(original: Record<string, any>, patch: unknown, gvk: { group: string; version: string; kind: string }, ours: unknown): void {
  if (!oracle) return;
  const want = JSON.parse(JSON.stringify(ours));
  delete want.apiVersion;
  delete want.kind;
  delete want.metadata.name;
  expect(kubectlPatch(original, patch, gvk)).toEqual(want);
}

// kubectl-wire.md §4.2, exactly as kubectl 1.32 sent them.
describe('strategicMergePatch: the patches kubectl generated', () => {
  it('replicas 2→3 and image 1.25→1.27 with $setElementOrder', () => {
    const live = deploy({
      containers: [
        { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] },
        { name: 'sidecar', image: 'busybox', args: ['sleep', '1d'] },
      ],
    });
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:1.27', name: 'nginx' }],
          },
        },
      },
    };
    const out = strategicMergePatch(live, patch, deployGVK) as any;
    agreesWithKubectl(live, patch, deployGVK, out);
    expect(out.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' });
    expect(out.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'busybox', args: ['sleep', '1d'] },
    ]);
    expect(live.spec).toMatchObject({ replicas: 2 }); // input untouched
  });

  it('removing a container, an env var and a port, and adding a volume', () => {
    const live = deploy({
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          env: [{ name: 'A', value: '1' }, { name: 'B', value: '1' }],
          ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 8080, protocol: 'TCP' }],
        },
        { name: 'sidecar', image: 'busybox' },
      ],
    });
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'B' }],
                '$setElementOrder/ports': [{ containerPort: 8080 }],
                env: [{ name: 'B', value: '2' }, { $patch: 'delete', name: 'A' }],
                name: 'nginx',
                ports: [{ containerPort: 8080 }, { $patch: 'delete', containerPort: 80 }],
                volumeMounts: [{ mountPath: '/data', name: 'data' }],
              },
              { $patch: 'delete', name: 'sidecar' },
            ],
            volumes: [{ emptyDir: {}, name: 'data' }],
          },
        },
      },
    };
    const out = strategicMergePatch(live, patch, deployGVK) as any;
    agreesWithKubectl(live, patch, deployGVK, out);
    expect(out.spec.template.spec).toEqual({
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          env: [{ name: 'B', value: '2' }],
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          volumeMounts: [{ mountPath: '/data', name: 'data' }],
        },
      ],
      volumes: [{ emptyDir: {}, name: 'data' }],
    });
  });

  it('removing a label and changing the volume type with $retainKeys', () => {
    const live = deploy({ containers: [{ name: 'nginx' }], volumes: [{ name: 'data', emptyDir: {} }] });
    const patch = {
      metadata: { labels: { app: null } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/volumes': [{ name: 'data' }],
            volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' }, emptyDir: null, name: 'data' }],
          },
        },
      },
    };
    const out = strategicMergePatch(live, patch, deployGVK) as any;
    agreesWithKubectl(live, patch, deployGVK, out);
    expect(out.metadata.labels).toEqual({ tier: 'fe' });
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });
});

describe('strategicMergePatch: rules', () => {
  const cases: Array<[string, O, O, O, { group: string; version: string; kind: string }?]> = [
    ['maps merge recursively', { a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } }, { a: { b: 1, c: 3, d: 4 } }],
    ['null deletes a key', { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ['null for an absent key is a no-op', { a: 1 }, { z: null }, { a: 1 }],
    ['nulls inside a new map are dropped', {}, { spec: { x: { y: null, z: 1 } } }, { spec: { x: { z: 1 } } }],
    ['scalars replace maps', { a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
    ['maps replace scalars', { a: 'x' }, { a: { b: 1 } }, { a: { b: 1 } }],
    [
      '$patch: replace on a map',
      { spec: { selector: { matchLabels: { a: '1' }, matchExpressions: [] } } },
      { spec: { selector: { $patch: 'replace', matchLabels: { b: '2' } } } },
      { spec: { selector: { matchLabels: { b: '2' } } } },
    ],
    ['$patch: delete on a map empties it', { metadata: { labels: { a: '1' } } }, { metadata: { labels: { $patch: 'delete' } } }, { metadata: { labels: {} } }],
    ['$patch: merge is the default', { a: { b: 1 } }, { a: { $patch: 'merge', c: 2 } }, { a: { b: 1, c: 2 } }],
    [
      'unknown lists are replaced wholesale',
      { spec: { containers: [{ name: 'c', args: ['a', 'b'], command: ['x'] }] } },
      { spec: { containers: [{ name: 'c', args: ['z'] }] } },
      { spec: { containers: [{ name: 'c', args: ['z'], command: ['x'] }] } },
      podGVK,
    ],
    [
      'tolerations are atomic',
      { spec: { tolerations: [{ key: 'a' }, { key: 'b' }] } },
      { spec: { tolerations: [{ key: 'c' }] } },
      { spec: { tolerations: [{ key: 'c' }] } },
      podGVK,
    ],
    [
      'envFrom is atomic',
      { spec: { containers: [{ name: 'c', envFrom: [{ configMapRef: { name: 'a' } }] }] } },
      { spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'b' } }] }] } },
      { spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'b' } }] }] } },
      podGVK,
    ],
    [
      'keyed list merges by key; patched elements come in patch order, new ones first',
      { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } },
      { spec: { containers: [{ name: 'c', image: 'z' }, { name: 'a', image: 'x2' }] } },
      { spec: { containers: [{ name: 'c', image: 'z' }, { name: 'a', image: 'x2' }, { name: 'b', image: 'y' }] } },
      podGVK,
    ],
    [
      'initContainers and ephemeralContainers merge by name',
      { spec: { initContainers: [{ name: 'i', image: 'x' }], ephemeralContainers: [{ name: 'e', image: 'x' }] } },
      { spec: { initContainers: [{ name: 'i', image: 'y' }], ephemeralContainers: [{ name: 'e', tty: true }] } },
      { spec: { initContainers: [{ name: 'i', image: 'y' }], ephemeralContainers: [{ name: 'e', image: 'x', tty: true }] } },
      podGVK,
    ],
    [
      'volumeMounts merge by mountPath, volumeDevices by devicePath',
      { spec: { containers: [{ name: 'c', volumeMounts: [{ mountPath: '/a', name: 'v1' }], volumeDevices: [{ devicePath: '/dev/x', name: 'd' }] }] } },
      { spec: { containers: [{ name: 'c', volumeMounts: [{ mountPath: '/a', readOnly: true }], volumeDevices: [{ devicePath: '/dev/y', name: 'e' }] }] } },
      {
        spec: {
          containers: [
            {
              name: 'c',
              volumeMounts: [{ mountPath: '/a', name: 'v1', readOnly: true }],
              volumeDevices: [{ devicePath: '/dev/y', name: 'e' }, { devicePath: '/dev/x', name: 'd' }],
            },
          ],
        },
      },
      podGVK,
    ],
    [
      'imagePullSecrets by name, hostAliases by ip, resourceClaims by name',
      { spec: { imagePullSecrets: [{ name: 'a' }], hostAliases: [{ ip: '1.1.1.1', hostnames: ['a'] }], resourceClaims: [{ name: 'r' }] } },
      { spec: { imagePullSecrets: [{ name: 'b' }], hostAliases: [{ ip: '1.1.1.1', hostnames: ['b'] }], resourceClaims: [{ name: 'r', resourceClaimName: 'x' }] } },
      {
        spec: {
          imagePullSecrets: [{ name: 'b' }, { name: 'a' }],
          hostAliases: [{ ip: '1.1.1.1', hostnames: ['b'] }],
          resourceClaims: [{ name: 'r', resourceClaimName: 'x' }],
        },
      },
      podGVK,
    ],
    [
      'topologySpreadConstraints by topologyKey',
      { spec: { topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 1 }] } },
      { spec: { topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 2 }, { topologyKey: 'host', maxSkew: 1 }] } },
      { spec: { topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 2 }, { topologyKey: 'host', maxSkew: 1 }] } },
      podGVK,
    ],
    [
      'pod status conditions by type',
      { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } },
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } },
      podGVK,
    ],
    [
      'node conditions and addresses by type, taints atomic',
      {
        spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
        status: { conditions: [{ type: 'Ready', status: 'False' }], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] },
      },
      {
        spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] },
        status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'Hostname', address: 'n1' }] },
      },
      {
        spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }],
        },
      },
      nodeGVK,
    ],
    ['cordon: spec.unschedulable', { spec: { podCIDR: '10.0.0.0/24' } }, { spec: { unschedulable: true } }, { spec: { podCIDR: '10.0.0.0/24', unschedulable: true } }, nodeGVK],
    [
      'service spec.ports by port',
      { spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] } },
      { spec: { ports: [{ port: 80, targetPort: 9090 }, { $patch: 'delete', port: 443 }] } },
      { spec: { ports: [{ port: 80, targetPort: 9090, protocol: 'TCP' }] } },
      svcGVK,
    ],
    [
      'deployment status conditions by type',
      { status: { conditions: [{ type: 'Available', status: 'False' }, { type: 'Progressing', status: 'True' }] } },
      { status: { conditions: [{ type: 'Available', status: 'True' }] } },
      { status: { conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True' }] } },
    ],
    [
      'ownerReferences merge by uid',
      { metadata: { ownerReferences: [{ uid: '1', name: 'a' }] } },
      { metadata: { ownerReferences: [{ uid: '2', name: 'b' }, { uid: '1', controller: true }] } },
      { metadata: { ownerReferences: [{ uid: '2', name: 'b' }, { uid: '1', name: 'a', controller: true }] } },
    ],
    [
      'finalizers: primitive list union',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['b', 'c'] } },
      { metadata: { finalizers: ['a', 'b', 'c'] } },
    ],
    [
      'finalizers: new values in patch order, original-only values kept in place',
      { metadata: { finalizers: ['a', 'srv', 'b'] } },
      { metadata: { finalizers: ['c', 'a'] } },
      { metadata: { finalizers: ['c', 'a', 'srv', 'b'] } },
    ],
    [
      '$deleteFromPrimitiveList/finalizers',
      { metadata: { finalizers: ['a', 'b', 'c'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
      { metadata: { finalizers: ['a', 'c'] } },
    ],
    [
      '$deleteFromPrimitiveList with an addition',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] } },
      { metadata: { finalizers: ['c', 'b'] } },
    ],
    [
      '$setElementOrder on a primitive list',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { '$setElementOrder/finalizers': ['c', 'b', 'a'], finalizers: ['c'] } },
      { metadata: { finalizers: ['c', 'b', 'a'] } },
    ],
    [
      '$setElementOrder alone reorders',
      { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } },
      { spec: { containers: [{ name: 'b' }, { name: 'a' }] } },
      podGVK,
    ],
    [
      '$setElementOrder keeps server-only elements in their place',
      { spec: { containers: [{ name: 'a' }, { name: 'srv' }, { name: 'b' }] } },
      { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'new' }, { name: 'b' }], containers: [{ name: 'new' }] } },
      { spec: { containers: [{ name: 'a' }, { name: 'new' }, { name: 'srv' }, { name: 'b' }] } },
      podGVK,
    ],
    [
      '$patch: replace on a keyed list',
      { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } },
      { spec: { containers: [{ $patch: 'replace' }, { name: 'c', image: 'z', env: [{ name: 'E', value: null }] }] } },
      { spec: { containers: [{ name: 'c', image: 'z', env: [{ name: 'E' }] }] } },
      podGVK,
    ],
    [
      '$patch: delete of a missing element is a no-op',
      { spec: { containers: [{ name: 'a' }] } },
      { spec: { containers: [{ $patch: 'delete', name: 'zz' }] } },
      { spec: { containers: [{ name: 'a' }] } },
      podGVK,
    ],
    [
      'directives inside a new list element are applied, not stored',
      {},
      { spec: { containers: [{ name: 'a', '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'X', value: '1' }, { $patch: 'delete', name: 'Y' }] }] } },
      { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] } },
      podGVK,
    ],
    [
      'volumes: $retainKeys drops other union members',
      { spec: { volumes: [{ name: 'v', hostPath: { path: '/x' }, emptyDir: {} }, { name: 'w', emptyDir: {} }] } },
      { spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'secret'], secret: { secretName: 's' } }] } },
      { spec: { volumes: [{ name: 'v', secret: { secretName: 's' } }, { name: 'w', emptyDir: {} }] } },
      podGVK,
    ],
    [
      'deployment strategy with $retainKeys',
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
      { spec: { strategy: { type: 'Recreate' } } },
    ],
    [
      'rollout restart annotation',
      { spec: { template: { metadata: { labels: { app: 'w' } } } } },
      { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } } } } },
      { spec: { template: { metadata: { labels: { app: 'w' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } } } } },
    ],
    [
      'unknown kinds still merge ObjectMeta lists',
      { metadata: { finalizers: ['a'] }, spec: { list: [1, 2] } },
      { metadata: { finalizers: ['b'] }, spec: { list: [3] } },
      { metadata: { finalizers: ['b', 'a'] }, spec: { list: [3] } },
      { group: 'example.com', version: 'v1', kind: 'Widget' },
    ],
  ];
  it.each(cases)('%s', (_name, original, patch, want, gvk = deployGVK) => {
    const before = JSON.stringify(original);
    const pbefore = JSON.stringify(patch);
    expect(strategicMergePatch(original, patch, gvk)).toEqual(want);
    expect(JSON.stringify(original)).toBe(before);
    expect(JSON.stringify(patch)).toBe(pbefore);
  });

  describe.skipIf(!oracle)('agrees with kubectl patch --local (skipped: kubectl not on PATH)', () => {
    it.each(cases.filter((c) => (c[4] ?? deployGVK).group !== 'example.com' && !c[0].startsWith('maps ') && !c[0].startsWith('null') && !c[0].startsWith('scalars') && !c[0].startsWith('$patch: merge')))(
      '%s',
      (_name, original, patch, want, gvk = deployGVK) => {
        expect(kubectlPatch(original, patch, gvk)).toEqual(want);
      },
    );
  });

  it('result shares nothing with the original', () => {
    const original = { spec: { containers: [{ name: 'a', env: [{ name: 'x' }] }] } };
    const out = strategicMergePatch(original, { spec: { replicas: 1 } }, podGVK) as any;
    out.spec.containers[0].env.push({ name: 'y' });
    expect(original.spec.containers[0].env).toHaveLength(1);
  });
});

describe('strategicMergePatch: bad patches are 400', () => {
  it.each([
    ['unknown $patch on a map', { spec: { $patch: 'frob' } }, /unknown patch type: "frob"/],
    ['unknown $patch in a list element', { spec: { containers: [{ name: 'a', $patch: 'frob' }] } }, /unknown patch type/],
    ['element without the merge key', { spec: { containers: [{ image: 'x' }] } }, /does not contain declared merge key: name/],
    ['non-map element in a keyed list', { spec: { containers: ['x'] } }, /is not a map/],
    ['field set but not retained', { spec: { volumes: [{ name: 'v', $retainKeys: ['name'], secret: {} }] } }, /retainKeys.*"secret"/],
    ['$retainKeys not a list', { spec: { volumes: [{ name: 'v', $retainKeys: 'name' }] } }, /retainKeys/],
    ['$setElementOrder not a list', { spec: { '$setElementOrder/containers': 'x' } }, /must be a list/],
    ['$deleteFromPrimitiveList not a list', { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }, /must be a list/],
    ['unknown directive', { spec: { $frob: 1 } }, /unknown strategic merge patch directive "\$frob"/],
  ])('%s', (name, patch, msg) => {
    const original = { spec: { containers: [{ name: 'a' }], volumes: [{ name: 'v', emptyDir: {} }] } };
    let err: unknown;
    try {
      strategicMergePatch(original, patch, podGVK);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
    expect((err as ApiError).message).toMatch(msg);
    // kubectl rejects these too, except the two where it is lax (it ignores or keeps the junk).
    if (oracle && !name.startsWith('$deleteFromPrimitiveList') && name !== 'unknown directive') {
      expect(() => kubectlPatch(original, patch, podGVK)).toThrow();
    }
  });
});
