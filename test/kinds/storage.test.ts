// Golden round trips with the real kubectl for the storage.k8s.io kinds (StorageClass, CSIDriver,
// CSINode, CSIStorageCapacity, VolumeAttachment) and node.k8s.io RuntimeClass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { kindGoldens } from './harness.js';

const storageClass = (expansion: boolean, name = 'fast', extra = '') => `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${name}
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: example.com/ssd
parameters: {type: ssd}
allowVolumeExpansion: ${expansion}
${extra}`;

const csiDriver = (republish: boolean, name = 'csi.example.com', extra = '') => `
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: {name: ${name}}
spec:
  requiresRepublish: ${republish}
${extra}`;

const csiNode = (drivers: string[], name = 'node-1') => `
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: {name: ${name}}
spec:
  drivers:
${drivers.map((d) => `  - {name: ${d}, nodeID: ${name}, topologyKeys: [topology.kubernetes.io/zone], allocatable: {count: 10}}`).join('\n')}
`;

const capacity = (size: string, name = 'cap-fast', cls = 'fast') => `
apiVersion: storage.k8s.io/v1
kind: CSIStorageCapacity
metadata: {name: ${name}}
storageClassName: ${cls}
nodeTopology: {matchLabels: {topology.kubernetes.io/zone: zone-a}}
capacity: ${size}
`;

const attachment = (label: string, name = 'va-1', source = '{persistentVolumeName: pv-1}', node = 'node-1') => `
apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata: {name: ${name}, labels: {purpose: ${label}}}
spec:
  attacher: csi.example.com
  nodeName: ${node}
  source: ${source}
`;

const runtimeClass = (cpu: string, name = 'gvisor', handler = 'runsc') => `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: ${name}}
handler: ${handler}
overhead: {podFixed: {cpu: ${cpu}}}
scheduling: {nodeSelector: {sandbox: gvisor}}
`;

kindGoldens('storage.k8s.io and node.k8s.io', [
  {
    resource: 'sc',
    manifest: storageClass(false),
    changed: storageClass(true),
    patches: {
      strategic: '{"allowVolumeExpansion":true}',
      merge: '{"mountOptions":["debug"]}',
      json: '[{"op":"add","path":"/metadata/labels","value":{"tier":"ssd"}}]',
    },
    table:
      'NAME             PROVISIONER       RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\n' +
      'fast (default)   example.com/ssd   Delete          Immediate           false                  AA\n',
    describe: ['IsDefaultClass:        Yes', 'Provisioner:           example.com/ssd', 'Parameters:            type=ssd', 'ReclaimPolicy:         Delete', 'VolumeBindingMode:     Immediate'],
    check: (o) => {
      expect(o.reclaimPolicy).toBe('Delete');
      expect(o.volumeBindingMode).toBe('Immediate');
    },
    bad: [
      {
        title: 'the Recycle reclaim policy',
        manifest: storageClass(false, 'recycle', 'reclaimPolicy: Recycle'),
        code: 422,
        reason: 'Invalid',
        message: 'StorageClass.storage.k8s.io "recycle" is invalid: reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
      },
      {
        title: 'no provisioner',
        manifest: 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: none}\n',
        code: 422,
        reason: 'Invalid',
        message: 'StorageClass.storage.k8s.io "none" is invalid: provisioner: Required value',
      },
    ],
  },
  {
    resource: 'csidrivers',
    manifest: csiDriver(false),
    changed: csiDriver(true),
    patches: {
      strategic: '{"spec":{"storageCapacity":true}}',
      merge: '{"spec":{"requiresRepublish":true}}',
      json: '[{"op":"add","path":"/spec/tokenRequests","value":[{"audience":"vault"}]}]',
    },
    table:
      'NAME              ATTACHREQUIRED   PODINFOONMOUNT   STORAGECAPACITY   TOKENREQUESTS   REQUIRESREPUBLISH   MODES        AGE\n' +
      'csi.example.com   true             false            false             <unset>         false               Persistent   AA\n',
    describe: ['Kind:         CSIDriver', 'Attach Required:     true', 'Fs Group Policy:     ReadWriteOnceWithFSType'],
    // Every default is in the unit test; these show they reach a stored object.
    check: (o) => {
      expect(o.spec).toMatchObject({ attachRequired: true, fsGroupPolicy: 'ReadWriteOnceWithFSType', volumeLifecycleModes: ['Persistent'], seLinuxMount: false });
      expect((o.metadata as { generation?: number }).generation).toBeUndefined();
    },
    bad: [
      {
        title: 'an unknown fsGroupPolicy',
        manifest: csiDriver(false, 'bad.example.com', '  fsGroupPolicy: Always'),
        code: 422,
        reason: 'Invalid',
        message: 'CSIDriver.storage.k8s.io "bad.example.com" is invalid: spec.fsGroupPolicy: Unsupported value: "Always": supported values: "File", "None", "ReadWriteOnceWithFSType"',
      },
    ],
  },
  {
    resource: 'csinodes',
    manifest: csiNode(['a.example.com']),
    changed: csiNode(['a.example.com', 'b.example.com']),
    patches: {
      strategic: '{"spec":{"drivers":[{"name":"c.example.com","nodeID":"node-1"}]}}',
      merge: '{"metadata":{"labels":{"zone":"a"}}}',
      json: '[{"op":"add","path":"/spec/drivers/-","value":{"name":"d.example.com","nodeID":"node-1"}}]',
    },
    table: 'NAME     DRIVERS   AGE\nnode-1   1         AA\n',
    describe: ['Spec:\n  Drivers:\n    a.example.com:\n      Node ID:  node-1\n', 'Topology Keys:  [topology.kubernetes.io/zone]'],
    bad: [
      {
        title: 'a driver without a node ID',
        manifest: 'apiVersion: storage.k8s.io/v1\nkind: CSINode\nmetadata: {name: node-2}\nspec:\n  drivers: [{name: a.example.com, nodeID: ""}]\n',
        code: 422,
        reason: 'Invalid',
        message: 'CSINode.storage.k8s.io "node-2" is invalid: spec.drivers[0].nodeID: Required value',
      },
    ],
  },
  {
    resource: 'csistoragecapacities',
    manifest: capacity('10Gi'),
    changed: capacity('20Gi'),
    patches: {
      strategic: '{"capacity":"30Gi"}',
      merge: '{"maximumVolumeSize":"5Gi"}',
      json: '[{"op":"replace","path":"/capacity","value":"1536Mi"}]',
    },
    table: 'NAME       STORAGECLASSNAME   CAPACITY\ncap-fast   fast               10Gi\n',
    describe: ['Kind:         CSIStorageCapacity', 'Capacity:     10Gi', 'Storage Class Name:               fast'],
    bad: [
      {
        title: 'a storage class name that is not a DNS subdomain',
        manifest: capacity('1Gi', 'cap-bad', 'Fast'),
        code: 422,
        reason: 'Invalid',
        message:
          'CSIStorageCapacity.storage.k8s.io "cap-bad" is invalid: storageClassName: Invalid value: "Fast": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      },
    ],
  },
  {
    resource: 'volumeattachments',
    manifest: attachment('data'),
    // The spec is immutable: the applied change is a label.
    changed: attachment('logs'),
    patches: {
      strategic: '{"metadata":{"labels":{"a":"1"}}}',
      merge: '{"metadata":{"annotations":{"b":"2"}}}',
      json: '[{"op":"add","path":"/metadata/labels/c","value":"3"}]',
    },
    table: 'NAME   ATTACHER          PV     NODE     ATTACHED   AGE\nva-1   csi.example.com   pv-1   node-1   false      AA\n',
    describe: ['Kind:         VolumeAttachment', 'Attacher:   csi.example.com', 'Node Name:  node-1', 'Attached:  false'],
    check: (o) => expect(o.status).toEqual({ attached: false }),
    bad: [
      {
        title: 'no volume source',
        manifest: attachment('x', 'va-nosrc', '{}'),
        code: 422,
        reason: 'Invalid',
        message: 'VolumeAttachment.storage.k8s.io "va-nosrc" is invalid: spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
      },
    ],
  },
  {
    resource: 'runtimeclasses',
    manifest: runtimeClass('250m'),
    changed: runtimeClass('500m'),
    patches: {
      strategic: '{"scheduling":{"nodeSelector":{"pool":"sandboxed"}}}',
      merge: '{"overhead":{"podFixed":{"memory":"120Mi"}}}',
      json: '[{"op":"replace","path":"/overhead/podFixed/cpu","value":"1"}]',
    },
    table: 'NAME     HANDLER   AGE\ngvisor   runsc     AA\n',
    describe: ['Kind:         RuntimeClass', 'Handler:      runsc'],
    bad: [
      {
        title: 'a handler that is not a DNS label',
        manifest: runtimeClass('250m', 'dotted', 'run.sc'),
        code: 422,
        reason: 'Invalid',
        message: 'RuntimeClass.node.k8s.io "dotted" is invalid: handler: Invalid value: "run.sc": must not contain dots',
      },
    ],
  },
]);

// Updates Kubernetes refuses, through the real kubectl (the round trip above only changes what may change).
describe.skipIf(!etcdAvailable || !kubectlAvailable)(`immutable storage and node fields${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    await env.kubectlOk(['apply', '-f', '-'], { input: [storageClass(false), attachment('data'), runtimeClass('250m'), csiDriver(false)].join('\n---\n') });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['sc', 'fast', '{"provisioner":"example.com/hdd"}', 'The StorageClass "fast" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.'],
    ['sc', 'fast', '{"parameters":{"type":"hdd"}}', 'The StorageClass "fast" is invalid: parameters: Forbidden: updates to parameters are forbidden.'],
    ['sc', 'fast', '{"reclaimPolicy":"Retain"}', 'The StorageClass "fast" is invalid: reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.'],
    ['sc', 'fast', '{"volumeBindingMode":"WaitForFirstConsumer"}', 'The StorageClass "fast" is invalid: volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable'],
    ['runtimeclass', 'gvisor', '{"handler":"kata"}', 'The RuntimeClass "gvisor" is invalid: handler: Invalid value: "kata": field is immutable'],
    ['csidriver', 'csi.example.com', '{"spec":{"attachRequired":false}}', 'The CSIDriver "csi.example.com" is invalid: spec.attachedRequired: Invalid value: false: field is immutable'],
  ])('kubectl patch %s %s %s is refused', async (resource, name, patch, line) => {
    const r = await env.kubectl(['patch', resource, name, '--type=merge', '-p', patch]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('a VolumeAttachment spec never changes, its status does (through /status)', async () => {
    const r = await env.kubectl(['patch', 'volumeattachment', 'va-1', '--type=merge', '-p', '{"spec":{"nodeName":"node-2"}}']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^The VolumeAttachment "va-1" is invalid: spec: Invalid value: .*: field is immutable\n$/);
    await env.kubectlOk(['patch', 'volumeattachment', 'va-1', '--subresource=status', '--type=merge', '-p', '{"status":{"attached":true}}']);
    expect(await env.kubectlOk(['get', 'volumeattachment', 'va-1', '-o', 'jsonpath={.status.attached}'])).toBe('true');
  });
});
