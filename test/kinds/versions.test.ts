// Kinds served in more than one version or group, through the real kubectl: HorizontalPodAutoscalers
// written and read as autoscaling/v2 (stored, preferred) and autoscaling/v1, PodDisruptionBudgets,
// and events.k8s.io/v1 Events (core Events in storage). The conversions' own checks are in
// ./versions-conversion.test.ts.
import { expect } from 'vitest';
import { kindGoldens } from './harness.js';

type Json = Record<string, unknown>;

const hpaV2 = (name: string, max: number, extra = '') => `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: ${max}
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
${extra}`;

const hpaV1 = (name: string, max: number, cpu: number) => `
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: ${name}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: ${max}
  targetCPUUtilizationPercentage: ${cpu}
`;

const pdb = (name: string, spec: string) => `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}}
spec: ${spec}
`;

/** A MicroTime 10.5 hours ago: the event's ages print as "10h" for the next half hour. */
const now = new Date(Date.now() - 10.5 * 3600_000).toISOString().replace('Z', '000Z');
const event = (name: string, extra = '') => `
apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ${name}}
eventTime: "${now}"
reportingController: example.com/checker
reportingInstance: checker-1
action: Check
reason: Checked
regarding: {apiVersion: v1, kind: Pod, name: web, namespace: default}
note: all good
type: Normal
${extra}`;

kindGoldens('autoscaling, policy and events.k8s.io', [
  {
    resource: 'hpa',
    manifest: hpaV2('web', 3),
    changed: hpaV2('web', 5),
    patches: {
      strategic: '{"spec":{"maxReplicas":4}}',
      merge: '{"spec":{"minReplicas":2}}',
      json: '[{"op":"replace","path":"/spec/maxReplicas","value":6}]',
    },
    table: 'NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: <unknown>/50%   1         3         0          AA\n',
    describe: ['Reference:                                             Deployment/web', '  resource cpu on pods  (as a percentage of request):  <unknown> / 50%', 'Min replicas:                                          1', 'Max replicas:                                          3'],
    check(o) {
      expect(o.apiVersion).toBe('autoscaling/v2');
      expect(o.status).toEqual({ currentMetrics: null, desiredReplicas: 0 });
    },
    bad: [
      {
        title: 'maxReplicas below minReplicas',
        manifest: hpaV2('bad', 3).replace('minReplicas: 1', 'minReplicas: 4'),
        code: 422,
        reason: 'Invalid',
        message: 'HorizontalPodAutoscaler.autoscaling "bad" is invalid: spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`',
      },
      {
        title: 'a metric without its source',
        manifest: hpaV2('bad', 3).replace('metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]', 'metrics: [{type: Pods}]'),
        code: 422,
        reason: 'Invalid',
        message: 'HorizontalPodAutoscaler.autoscaling "bad" is invalid: spec.metrics[0].pods: Required value: must populate information for the given metric source',
      },
    ],
  },
  {
    // kubectl resolves a short name to the preferred version (hpa.v1.autoscaling reads v2): the full name keeps v1.
    resource: 'horizontalpodautoscalers.v1.autoscaling',
    manifest: hpaV1('web1', 3, 70),
    changed: hpaV1('web1', 5, 70),
    patches: {
      strategic: '{"spec":{"maxReplicas":4}}',
      merge: '{"spec":{"minReplicas":2}}',
      json: '[{"op":"replace","path":"/spec/targetCPUUtilizationPercentage","value":60}]',
    },
    table: 'NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nweb1   Deployment/web   cpu: <unknown>/70%   1         3         0          AA\n',
    describe: ['Reference:                                             Deployment/web', '<unknown> / 70%', 'Min replicas:                                          1'],
    check(o) {
      expect(o.apiVersion).toBe('autoscaling/v1');
      expect(o.spec).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 70 });
      expect(o.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
      expect((o.metadata as Json).annotations).toBeUndefined();
    },
    bad: [
      {
        // Validation runs on the stored form: the v1 target is metrics[0] there, as in Kubernetes.
        title: 'a zero CPU target',
        manifest: hpaV1('bad', 3, 0),
        code: 422,
        reason: 'Invalid',
        message: 'HorizontalPodAutoscaler.autoscaling "bad" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
      },
    ],
  },
  {
    resource: 'pdb',
    // No selector: kubectl's three-way patch always carries a selector (patchStrategy=replace), so a
    // re-apply of a PDB with one says "configured" on a real cluster too.
    manifest: pdb('web', '{minAvailable: 1}'),
    changed: pdb('web', '{minAvailable: 2}'),
    patches: {
      strategic: '{"spec":{"minAvailable":"50%"}}',
      merge: '{"metadata":{"labels":{"tier":"web"}}}',
      json: '[{"op":"add","path":"/spec/unhealthyPodEvictionPolicy","value":"AlwaysAllow"}]',
    },
    table: 'NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb    1               N/A               0                     AA\n',
    describe: ['Min available:  1', 'Selector:       <unset>', 'Allowed disruptions:  0'],
    check(o) {
      expect((o.metadata as Json).generation).toBe(1);
      expect(o.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    },
    bad: [
      {
        title: 'more than 100%',
        manifest: pdb('bad', '{minAvailable: "150%"}'),
        code: 422,
        reason: 'Invalid',
        message: 'PodDisruptionBudget.policy "bad" is invalid: spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
      },
      {
        title: 'a negative maxUnavailable',
        manifest: pdb('bad', '{maxUnavailable: -1}'),
        code: 422,
        reason: 'Invalid',
        message: 'PodDisruptionBudget.policy "bad" is invalid: spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
      },
    ],
  },
  {
    resource: 'events.events.k8s.io',
    manifest: event('demo'),
    // Only the series of an events.k8s.io Event may change.
    changed: event('demo', `series: {count: 2, lastObservedTime: "${now}"}`),
    patches: {
      strategic: '{"metadata":{"labels":{"a":"1"}}}',
      merge: '{"metadata":{"labels":{"b":"2"}}}',
      json: '[{"op":"add","path":"/metadata/annotations","value":{"c":"3"}}]',
    },
    table: 'LAST SEEN   TYPE     REASON    OBJECT    MESSAGE\nAAA         Normal   Checked   pod/web   all good\n',
    describe: ['Note:                  all good', 'Reporting Controller:  example.com/checker'],
    check(o) {
      expect(o.apiVersion).toBe('events.k8s.io/v1');
      expect(o.regarding).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default' });
      expect(o.note).toBe('all good');
      expect(o.deprecatedSource).toEqual({});
    },
    bad: [
      {
        title: 'no action',
        manifest: event('bad').replace('action: Check\n', ''),
        code: 422,
        reason: 'Invalid',
        message: 'Event "bad" is invalid: action: Required value',
      },
      {
        title: 'a deprecated count',
        manifest: event('bad', 'deprecatedCount: 3'),
        code: 422,
        reason: 'Invalid',
        message: 'Event "bad" is invalid: count: Invalid value: "": needs to be unset',
      },
    ],
  },
]);
