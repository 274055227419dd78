// DaemonSets, StatefulSets and ControllerRevisions through their modules: Kubernetes 1.32's defaults
// and validation messages (pkg/apis/apps/v1/defaults.go, pkg/apis/apps/validation).
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../apimachinery/errors.js';
import { clone, type Obj } from '../../../apimachinery/objects.js';
import { prepareForCreate } from '../lifecycle.js';
import type { ResourceModule } from '../strategy/types.js';
import { controllerrevisions } from './controllerrevision.js';
import { daemonsets } from './daemonset.js';
import { statefulsets } from './statefulset.js';

function create(mod: ResourceModule, o: Obj): { obj: Obj; errs: FieldError[] } {
  const obj = clone(o);
  mod.defaults?.(obj);
  prepareForCreate(mod, obj);
  return { obj, errs: mod.validate?.(obj) ?? [] };
}
const messages = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
const ds = (spec: Obj = {}): Obj => ({ metadata: { name: 'fluentd' }, spec: { selector: { matchLabels: { app: 'web' } }, template, ...spec } });
const sts = (spec: Obj = {}): Obj => ({ metadata: { name: 'web' }, spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template, ...spec } });

describe('DaemonSet', () => {
  it('defaults RollingUpdate 1/0, history 10 and the pod template', () => {
    const { obj, errs } = create(daemonsets, ds());
    expect(errs).toEqual([]);
    expect(obj.spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } },
    });
    expect(obj.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  it('OnDelete gets no rollingUpdate', () => {
    expect((create(daemonsets, ds({ updateStrategy: { type: 'OnDelete' } })).obj.spec as Obj).updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it.each<[string, Obj, string[]]>([
    ['selector not matching', ds({ selector: { matchLabels: { app: 'db' } } }), ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['no selector', ds({ selector: undefined }), ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['restartPolicy OnFailure', ds({ template: { ...template, spec: { ...template.spec, restartPolicy: 'OnFailure' } } }), ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']],
    [
      'maxSurge and maxUnavailable both set',
      ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' } } }),
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero'],
    ],
    ['both zero', ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }), ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']],
    ['over 100%', ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } } }), ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%']],
    ['negative revisionHistoryLimit', ds({ revisionHistoryLimit: -1 }), ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
  ])('%s', (_n, o, want) => {
    expect(messages(create(daemonsets, o).errs)).toEqual(want);
  });

  it('the selector is immutable', () => {
    const live = create(daemonsets, ds()).obj;
    const next = clone(live);
    (next.spec as Obj).selector = { matchLabels: { app: 'web', tier: 'x' } };
    expect(messages(daemonsets.validateUpdate?.(next, live) ?? [])).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']);
  });
});

describe('StatefulSet', () => {
  it('defaults as Kubernetes 1.32', () => {
    const claim = { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const { obj, errs } = create(statefulsets, sts({ volumeClaimTemplates: [claim] }));
    expect(errs).toEqual([]);
    expect(obj.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
      volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
    });
    expect(obj.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it.each<[string, Obj, string[]]>([
    ['bad podManagementPolicy', sts({ podManagementPolicy: 'Random' }), ['spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'']],
    ['negative replicas', sts({ replicas: -1 }), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['negative partition', sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }), ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0']],
    ['bad retention', sts({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Retain' } }), ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"']],
    ['empty selector', sts({ selector: {} }), ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset']],
    ['selector not matching', sts({ selector: { matchLabels: { app: 'db' } } }), ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
  ])('%s', (_n, o, want) => {
    expect(messages(create(statefulsets, o).errs)).toEqual(want);
  });

  const live = create(statefulsets, sts()).obj;
  it.each<[string, (s: Obj) => void, number]>([
    ['replicas', (s) => (s.replicas = 3), 0],
    ['template', (s) => (s.template = { ...template, metadata: { labels: { app: 'web', v: '2' } } }), 0],
    ['updateStrategy', (s) => (s.updateStrategy = { type: 'OnDelete' }), 0],
    ['minReadySeconds', (s) => (s.minReadySeconds = 5), 0],
    ['serviceName', (s) => (s.serviceName = 'other'), 1],
    ['volumeClaimTemplates', (s) => (s.volumeClaimTemplates = [{ metadata: { name: 'x' } }]), 1],
    ['revisionHistoryLimit', (s) => (s.revisionHistoryLimit = 3), 1],
  ])('changing %s', (_n, change, n) => {
    const next = clone(live);
    change(next.spec as Obj);
    const errs = messages(statefulsets.validateUpdate?.(next, live) ?? []);
    expect(errs).toEqual(
      n === 0
        ? []
        : ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"],
    );
  });
});

describe('ControllerRevision', () => {
  it.each<[string, Obj, string[]]>([
    ['valid', { metadata: { name: 'r' }, data: { spec: {} }, revision: 1 }, []],
    ['no data', { metadata: { name: 'r' }, revision: 1 }, ['data: Required value: data is mandatory']],
    ['negative revision', { metadata: { name: 'r' }, data: {}, revision: -1 }, ['revision: Invalid value: -1: must be greater than or equal to 0']],
  ])('%s', (_n, o, want) => {
    expect(messages(create(controllerrevisions, o).errs)).toEqual(want);
  });

  it('revision defaults to 0 and data never changes', () => {
    const live = create(controllerrevisions, { metadata: { name: 'r' }, data: { a: 1 } }).obj;
    expect(live.revision).toBe(0);
    expect(messages(controllerrevisions.validateUpdate?.({ ...live, data: { a: 2 } }, live) ?? [])).toEqual(['data: Invalid value: {"a":2}: field is immutable']);
  });
});

describe('status writes', () => {
  const stsLive = { ...create(statefulsets, sts()).obj, status: { replicas: 2, readyReplicas: 2, availableReplicas: 1, collisionCount: 1 } };
  const dsLive = { ...create(daemonsets, ds()).obj, status: { currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 1, collisionCount: 2 } };
  it.each<[string, ResourceModule, Obj, Obj, string[]]>([
    ['a valid StatefulSet status', statefulsets, stsLive, { replicas: 3, readyReplicas: 3, availableReplicas: 3, collisionCount: 1 }, []],
    [
      'StatefulSet counts beyond status.replicas',
      statefulsets,
      stsLive,
      { replicas: 1, readyReplicas: 2, availableReplicas: 2, collisionCount: 1 },
      [
        'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      ],
    ],
    ['StatefulSet available beyond ready', statefulsets, stsLive, { replicas: 3, readyReplicas: 1, availableReplicas: 2, collisionCount: 1 }, ['status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas']],
    ['StatefulSet collisionCount decremented', statefulsets, stsLive, { replicas: 2, collisionCount: 0 }, ['status.collisionCount: Invalid value: 0: cannot be decremented']],
    ['a negative DaemonSet counter', daemonsets, dsLive, { numberReady: -1, collisionCount: 2 }, ['status.numberReady: Invalid value: -1: must be greater than or equal to 0']],
    ['DaemonSet collisionCount dropped', daemonsets, dsLive, { numberReady: 1 }, ['status.collisionCount: Invalid value: 0: cannot be decremented']],
  ])('%s', (_n, mod, live, status, want) => {
    expect(messages(mod.validateUpdate?.({ ...live, status }, live, 'status') ?? [])).toEqual(want);
  });
});
