// Golden round trips with the real kubectl for the core/v1 kinds of issue 13: PersistentVolume,
// PersistentVolumeClaim, ResourceQuota, LimitRange, PodTemplate, ReplicationController.
// (Binding is create-only and ComponentStatus read-only: test/apiserver/core-v1.test.ts.)
// No volume, quota or replication controller runs against this API server: phases stay Pending,
// quota status and replica counts stay empty, as on a Kubernetes server whose controllers are off.
import { expect } from 'vitest';
import { kindGoldens } from './harness.js';

type Json = Record<string, unknown>;

const pv = (storage: string, name = 'pv1', extra = '') => `
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}}
spec:
  capacity: {storage: ${storage}}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data/pv1}${extra}
`;

const pvc = (labels = 'app: db', name = 'data', spec = 'accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}') => `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, labels: {${labels}}}
spec:
  ${spec}
`;

const quota = (pods: string, name = 'compute', hard = `pods: "${pods}", requests.cpu: "1", limits.memory: 1Gi`) => `
apiVersion: v1
kind: ResourceQuota
metadata: {name: ${name}}
spec:
  hard: {${hard}}
`;

// Every default given, so that defaulting adds nothing (limits is an atomic list: a defaulted item
// would make each client-side apply a "configured" replacement, as on Kubernetes).
const limits = (max: string, name = 'limits', item = `{type: Container, max: {memory: ${max}}, min: {memory: 100Mi}, default: {memory: 512Mi}, defaultRequest: {memory: 256Mi}}`) => `
apiVersion: v1
kind: LimitRange
metadata: {name: ${name}}
spec:
  limits: [${item}]
`;

const podTemplate = (image: string, name = 'tmpl', container = `{name: c, image: ${image}}`) => `
apiVersion: v1
kind: PodTemplate
metadata: {name: ${name}}
template:
  metadata: {labels: {app: web}}
  spec:
    containers: [${container}]
`;

const rc = (image: string, name = 'web', selector = '') => `
apiVersion: v1
kind: ReplicationController
metadata: {name: ${name}}
spec:
  replicas: 2${selector}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: ${image}}]
`;

kindGoldens('core/v1 kinds of issue 13', [
  {
    resource: 'pv',
    manifest: pv('1Gi'),
    changed: pv('2Gi'),
    patches: {
      strategic: '{"spec":{"storageClassName":"manual"}}',
      merge: '{"metadata":{"labels":{"tier":"gold"}}}',
      json: '[{"op":"replace","path":"/spec/capacity/storage","value":"3Gi"}]',
    },
    table:
      'NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS    CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n' +
      'pv1    1Gi        RWO            Retain           Pending                          <unset>                          AA\n',
    wide:
      'NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS    CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE   VOLUMEMODE\n' +
      'pv1    1Gi        RWO            Retain           Pending                          <unset>                          AA    Filesystem\n',
    describe: ['Reclaim Policy:  Retain', 'Access Modes:    RWO', 'VolumeMode:      Filesystem', 'Capacity:        1Gi', 'Type:          HostPath (bare host directory volume)'],
    check: (o) => {
      expect(o.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
      expect((o.status as Json).phase).toBe('Pending');
    },
    bad: [
      {
        title: 'no capacity',
        manifest: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: bad}\nspec: {accessModes: [ReadWriteOnce], hostPath: {path: /x}}\n',
        code: 422,
        reason: 'Invalid',
        message: 'PersistentVolume "bad" is invalid: [spec.capacity: Required value, spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"]',
        kubectl: 'The PersistentVolume "bad" is invalid: \n* spec.capacity: Required value\n* spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
      },
      {
        title: 'no volume source',
        manifest: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: bad}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce]}\n',
        code: 422,
        reason: 'Invalid',
        message: 'PersistentVolume "bad" is invalid: spec: Required value: must specify a volume type',
      },
    ],
  },
  {
    resource: 'pvc',
    manifest: pvc(),
    // Only metadata may change on a claim no volume is bound to.
    changed: pvc('app: db, tier: gold'),
    patches: {
      strategic: '{"metadata":{"labels":{"s":"1"}}}',
      merge: '{"metadata":{"annotations":{"m":"1"}}}',
      json: '[{"op":"add","path":"/metadata/labels/j","value":"1"}]',
    },
    table:
      'NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
      'data   Pending                                                     <unset>                 AA\n',
    wide:
      'NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE\n' +
      'data   Pending                                                     <unset>                 AA    Filesystem\n',
    describe: ['Status:        Pending', 'VolumeMode:    Filesystem'],
    check: (o) => {
      expect((o.spec as Json).volumeMode).toBe('Filesystem');
      expect(o.status).toEqual({ phase: 'Pending' });
    },
    bad: [
      {
        title: 'no access modes',
        manifest: pvc('app: db', 'bad', 'resources: {requests: {storage: 1Gi}}'),
        code: 422,
        reason: 'Invalid',
        message: 'PersistentVolumeClaim "bad" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
      },
      {
        title: 'no storage request',
        manifest: pvc('app: db', 'bad', 'accessModes: [ReadWriteOnce]'),
        code: 422,
        reason: 'Invalid',
        message: 'PersistentVolumeClaim "bad" is invalid: spec.resources[storage]: Required value',
      },
    ],
  },
  {
    resource: 'quota',
    manifest: quota('10'),
    changed: quota('20'),
    patches: {
      strategic: '{"spec":{"hard":{"pods":"11"}}}',
      merge: '{"spec":{"hard":{"secrets":"5"}}}',
      json: '[{"op":"replace","path":"/spec/hard/pods","value":"12"}]',
    },
    table: 'NAME      AGE   REQUEST   LIMIT\ncompute   AA              \n',
    // kubectl lists status.hard, which the quota controller fills in.
    describe: ['Name:       compute', 'Namespace:  default', 'Resource    Used  Hard'],
    check: (o) => expect(o.status).toEqual({}),
    bad: [
      {
        title: 'an unknown resource name',
        manifest: quota('1', 'bad', 'foo: "1"'),
        code: 422,
        reason: 'Invalid',
        message:
          'ResourceQuota "bad" is invalid: [spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified, spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota]',
        // kubectl lists several causes from the Status details, one per line.
        kubectl:
          'The ResourceQuota "bad" is invalid: \n* spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified\n* spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
      },
      {
        title: 'a negative amount',
        manifest: quota('1', 'bad', 'requests.cpu: "-1"'),
        code: 422,
        reason: 'Invalid',
        message: 'ResourceQuota "bad" is invalid: spec.hard[requests.cpu]: Invalid value: "-1": must be greater than or equal to 0',
      },
    ],
  },
  {
    resource: 'limits',
    manifest: limits('1Gi'),
    changed: limits('2Gi'),
    patches: {
      strategic: '{"metadata":{"labels":{"s":"1"}}}',
      merge: '{"spec":{"limits":[{"type":"Container","max":{"memory":"3Gi"},"default":{"memory":"1Gi"}}]}}',
      json: '[{"op":"replace","path":"/spec/limits/0/max/memory","value":"4Gi"}]',
    },
    table: 'NAME     CREATED AT\nlimits   AAAAAAAAAAAAAAAAAAAA\n',
    describe: ['Type        Resource  Min    Max  Default Request  Default Limit  Max Limit/Request Ratio', 'Container   memory    100Mi  1Gi  256Mi            512Mi          -'],
    check: (o) => expect((o.spec as { limits: Json[] }).limits[0]).toEqual({ type: 'Container', max: { memory: '1Gi' }, min: { memory: '100Mi' }, default: { memory: '512Mi' }, defaultRequest: { memory: '256Mi' } }),
    bad: [
      {
        title: 'min above max',
        manifest: limits('1Gi', 'bad', '{type: Pod, max: {memory: 1Gi}, min: {memory: 2Gi}}'),
        code: 422,
        reason: 'Invalid',
        message: 'LimitRange "bad" is invalid: spec.limits[0].min[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2147483648, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2Gi", Format:"BinarySI"}: min value 2Gi is greater than max value 1Gi',
      },
    ],
  },
  {
    resource: 'podtemplates',
    manifest: podTemplate('nginx:1.25'),
    changed: podTemplate('nginx:1.27'),
    patches: {
      strategic: '{"template":{"spec":{"containers":[{"name":"c","image":"nginx:1.26"}]}}}',
      merge: '{"template":{"metadata":{"labels":{"app":"web","v":"2"}}}}',
      json: '[{"op":"replace","path":"/template/spec/containers/0/image","value":"nginx:1.28"}]',
    },
    table: 'NAME   CONTAINERS   IMAGES       POD LABELS\ntmpl   c            nginx:1.25   app=web\n',
    // kubectl has no describer for PodTemplates: its generic one prints the fields.
    describe: ['Kind:         PodTemplate', '      Image:              nginx:1.25', '    Restart Policy:                Always'],
    check: (o) => expect(((o.template as Json).spec as Json).restartPolicy).toBe('Always'),
    bad: [
      {
        title: 'a container without an image',
        manifest: podTemplate('x', 'bad', '{name: c}'),
        code: 422,
        reason: 'Invalid',
        message: 'PodTemplate "bad" is invalid: template.spec.containers[0].image: Required value',
      },
    ],
  },
  {
    resource: 'rc',
    manifest: rc('nginx:1.25'),
    changed: rc('nginx:1.27'),
    patches: {
      strategic: '{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:1.26"}]}}}}',
      merge: '{"spec":{"replicas":3}}',
      json: '[{"op":"add","path":"/spec/minReadySeconds","value":3}]',
    },
    table: 'NAME   DESIRED   CURRENT   READY   AGE\nweb    2         0         0       AA\n',
    wide: 'NAME   DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR\nweb    2         0         0       AA    c            nginx:1.25   app=web\n',
    describe: ['Selector:     app=web', 'Labels:       app=web', 'Replicas:     0 current / 2 desired'],
    check: (o) => {
      expect((o.spec as Json).selector).toEqual({ app: 'web' });
      expect((o.metadata as Json).labels).toEqual({ app: 'web' });
      expect((o.metadata as Json).generation).toBe(1);
    },
    bad: [
      {
        title: 'selector does not match the template',
        manifest: rc('nginx', 'bad', '\n  selector: {app: other}'),
        code: 422,
        reason: 'Invalid',
        message: 'ReplicationController "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      },
    ],
  },
]);
