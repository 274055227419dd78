// Golden round trips of the apps/v1 kinds added by issue 13 with the real kubectl: DaemonSet,
// StatefulSet and ControllerRevision, with Kubernetes 1.32's defaults, columns and messages.
import { expect } from 'vitest';
import { kindGoldens } from './harness.js';

const daemonSet = (opts: { name?: string; image?: string; labels?: string; strategy?: string } = {}): string => `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${opts.name ?? 'fluentd'}}
spec:
  selector: {matchLabels: {app: fluentd}}${opts.strategy ?? ''}
  template:
    metadata: {labels: {${opts.labels ?? 'app: fluentd'}}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: fluentd, image: "${opts.image ?? 'fluentd:v1.16'}"}]
`;

// The claim template is written with the defaults the server gives it: volumeClaimTemplates is an
// atomic list, so kubectl's three-way patch replaces it whenever the live list differs from the file,
// and a second apply of a template without them says "configured" on Kubernetes too
// (kubernetes/kubernetes#66450). The defaults themselves are checked in apiserver/registry/apps.
const statefulSet = (opts: { name?: string; replicas?: number; extra?: string; labels?: string } = {}): string => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${opts.name ?? 'web'}}
spec:
  serviceName: web
  replicas: ${opts.replicas ?? 2}${opts.extra ?? ''}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {${opts.labels ?? 'app: web'}}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
  volumeClaimTemplates:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
      volumeMode: Filesystem
    status: {phase: Pending}
`;

const revision = (opts: { name?: string; revision?: number; data?: string } = {}): string => `
apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: ${opts.name ?? 'web-7d4b9c'}
  ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: web, uid: 6f0e3c52-0d0c-4c39-9a55-0f3b0a1f2d11, controller: true}]
${opts.data ?? 'data: {spec: {template: {metadata: {labels: {app: web}}}}}'}
revision: ${opts.revision ?? 1}
`;

kindGoldens('apps/v1', [
  {
    resource: 'daemonsets',
    manifest: daemonSet(),
    changed: daemonSet({ image: 'fluentd:v1.17' }),
    patches: {
      strategic: '{"spec":{"template":{"spec":{"containers":[{"name":"fluentd","image":"fluentd:v1.18"}]}}}}',
      merge: '{"spec":{"minReadySeconds":5}}',
      json: '[{"op":"replace","path":"/spec/revisionHistoryLimit","value":3}]',
    },
    table: 'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\nfluentd   0         0         0       0            0           kubernetes.io/os=linux   AA\n',
    wide:
      'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE   CONTAINERS   IMAGES          SELECTOR\nfluentd   0         0         0       0            0           kubernetes.io/os=linux   AA    fluentd      fluentd:v1.16   app=fluentd\n',
    describe: ['Selector:       app=fluentd', 'Node-Selector:  kubernetes.io/os=linux', 'Desired Number of Nodes Scheduled: 0'],
    check: (o) =>
      expect(o.spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 }),
    bad: [
      {
        title: 'selector does not match the template',
        manifest: daemonSet({ name: 'other', labels: 'app: other' }),
        code: 422,
        reason: 'Invalid',
        message: 'DaemonSet.apps "other" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      },
      {
        title: 'maxSurge with maxUnavailable',
        manifest: daemonSet({ name: 'surge', strategy: '\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1, maxSurge: 1}}' }),
        code: 422,
        reason: 'Invalid',
        message: 'DaemonSet.apps "surge" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
      },
    ],
  },
  {
    resource: 'statefulsets',
    manifest: statefulSet(),
    changed: statefulSet({ replicas: 3 }),
    patches: {
      strategic: '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}',
      merge: '{"spec":{"replicas":4}}',
      json: '[{"op":"add","path":"/spec/minReadySeconds","value":5}]',
    },
    table: 'NAME   READY   AGE\nweb    0/2     AA\n',
    wide: 'NAME   READY   AGE   CONTAINERS   IMAGES\nweb    0/2     AA    nginx        nginx:1.27\n',
    describe: ['Selector:           app=web', 'Replicas:           2 desired | 0 total', 'Update Strategy:    RollingUpdate', '  Partition:        0', 'Volume Claims:\n  Name:          www'],
    check: (o) => {
      expect(o.spec).toMatchObject({
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        revisionHistoryLimit: 10,
      });
      expect(o.status).toEqual({ replicas: 0, availableReplicas: 0 });
    },
    bad: [
      {
        title: 'negative partition',
        manifest: statefulSet({ name: 'part', extra: '\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: -1}}' }),
        code: 422,
        reason: 'Invalid',
        message: 'StatefulSet.apps "part" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
      },
      {
        title: 'negative replicas',
        manifest: statefulSet({ name: 'neg', replicas: -1 }),
        code: 422,
        reason: 'Invalid',
        message: 'StatefulSet.apps "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      },
      {
        title: 'a name that is no DNS label',
        manifest: statefulSet({ name: 'web.v1' }),
        code: 422,
        reason: 'Invalid',
        message: 'StatefulSet.apps "web.v1" is invalid: metadata.name: Invalid value: "web.v1": must not contain dots',
      },
    ],
  },
  {
    resource: 'controllerrevisions',
    manifest: revision(),
    changed: revision({ revision: 2 }),
    patches: {
      strategic: '{"metadata":{"labels":{"app":"web"}}}',
      merge: '{"revision":3}',
      json: '[{"op":"add","path":"/metadata/annotations","value":{"note":"x"}}]',
    },
    table: 'NAME         CONTROLLER             REVISION   AGE\nweb-7d4b9c   statefulset.apps/web   1          AA\n',
    describe: ['Name:         web-7d4b9c', 'API Version:  apps/v1', 'Kind:           ControllerRevision'],
    check: (o) => expect(o.revision).toBe(1),
    bad: [
      {
        title: 'no data',
        manifest: revision({ name: 'nodata', data: '' }),
        code: 422,
        reason: 'Invalid',
        message: 'ControllerRevision.apps "nodata" is invalid: data: Required value: data is mandatory',
      },
      {
        title: 'negative revision',
        manifest: revision({ name: 'neg', revision: -1 }),
        code: 422,
        reason: 'Invalid',
        message: 'ControllerRevision.apps "neg" is invalid: revision: Invalid value: -1: must be greater than or equal to 0',
      },
    ],
  },
]);
