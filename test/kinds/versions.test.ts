// Kinds served in more than one version or group, through the real kubectl: HorizontalPodAutoscalers
// written and read as autoscaling/v2 (stored, preferred) and autoscaling/v1, PodDisruptionBudgets,
// and events.k8s.io/v1 Events (core Events in storage); then, on a second server, what the conversion
// at the API edge must keep: the HPA v1 <-> v2 round trip both ways, lists, watches, patches,
// server-side apply, protobuf bodies from kubectl's generators, field selectors, discovery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { maskAges } from '../kubectl/golden.js';
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
    // printEvent's wide cells: no subobject, source from reportingController/Instance, first seen from eventTime, a singleton counts 1.
    wide:
      'LAST SEEN   TYPE     REASON    OBJECT    SUBOBJECT   SOURCE                           MESSAGE    FIRST SEEN   COUNT   NAME\n' +
      'AAA         Normal   Checked   pod/web               example.com/checker, checker-1   all good   AAA          1       demo\n',
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

// ---- one stored object, several served versions ------------------------------------------------

const ns = '/namespaces/default';
const v2 = `/apis/autoscaling/v2${ns}/horizontalpodautoscalers`;
const v1 = `/apis/autoscaling/v1${ns}/horizontalpodautoscalers`;

/** An HPA using what autoscaling/v1 cannot hold: a Pods metric, behavior, status metrics and conditions. */
const richSpec = {
  scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  minReplicas: 2,
  maxReplicas: 10,
  metrics: [
    { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
  ],
  behavior: {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
  },
};
const richStatus = {
  currentReplicas: 3,
  desiredReplicas: 4,
  currentMetrics: [
    { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, current: { averageValue: '1200' } } },
    { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m', averageUtilization: 70 } } },
  ],
  conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'ReadyForNewScale', message: 'ok' }],
};

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`served versions: conversion at the API edge${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ code: number; body: Json }> => {
    const res = await fetch(env.url + path, { method, headers: body === undefined ? {} : { 'content-type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { code: res.status, body: (await res.json()) as Json };
  };
  beforeAll(async () => {
    env = await startEnvtest();
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('an HPA written as v2 reads back as v1 with the annotation round trip, and writing that v1 object back loses nothing', async () => {
    expect((await call('POST', v2, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'rich', annotations: { keep: 'me' } }, spec: richSpec })).code).toBe(201);
    const live = (await call('GET', `${v2}/rich`)).body;
    expect((await call('PUT', `${v2}/rich/status`, { ...live, status: richStatus })).code).toBe(200);

    const asV1 = (await call('GET', `${v1}/rich`)).body;
    expect(asV1.apiVersion).toBe('autoscaling/v1');
    expect(asV1.spec).toEqual({ scaleTargetRef: richSpec.scaleTargetRef, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 60 });
    expect(asV1.status).toEqual({ currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 70 });
    expect((asV1.metadata as Json).annotations).toEqual({
      keep: 'me',
      'autoscaling.alpha.kubernetes.io/metrics': '[{"type":"Pods","pods":{"metricName":"packets-per-second","targetAverageValue":"1k"}}]',
      'autoscaling.alpha.kubernetes.io/current-metrics':
        '[{"type":"Pods","pods":{"metricName":"packets-per-second","currentAverageValue":"1200"}},{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":70,"currentAverageValue":"250m"}}]',
      'autoscaling.alpha.kubernetes.io/conditions': '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"ReadyForNewScale","message":"ok"}]',
      'autoscaling.alpha.kubernetes.io/behavior':
        '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}]},"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Min","Policies":[{"Type":"Percent","Value":10,"PeriodSeconds":60}]}}',
    });

    // The v1 object, written back as it was read (a v1 client's update), keeps everything v2 had.
    expect((await call('PUT', `${v1}/rich`, asV1)).code).toBe(200);
    const back = (await call('GET', `${v2}/rich`)).body;
    expect(back.spec).toEqual(richSpec);
    expect(back.status).toEqual(richStatus);
    expect((back.metadata as Json).annotations).toEqual({ keep: 'me' });
  });

  it('an HPA written as v1 (annotations included) reads back as v2 and the reverse, with nothing lost', async () => {
    const written = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'fromv1', annotations: { 'autoscaling.alpha.kubernetes.io/metrics': '[{"type":"External","external":{"metricName":"queue","targetValue":"30"}}]' } },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 75 },
    };
    const created = await call('POST', v1, written);
    expect(created.code).toBe(201);
    expect(created.body.apiVersion).toBe('autoscaling/v1');
    const asV2 = (await call('GET', `${v2}/fromv1`)).body;
    expect((asV2.metadata as Json).annotations).toBeUndefined();
    expect((asV2.spec as Json).metrics).toEqual([
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } },
    ]);
    const asV1 = (await call('GET', `${v1}/fromv1`)).body;
    expect(asV1.spec).toEqual(written.spec);
    expect((asV1.metadata as Json).annotations).toEqual(written.metadata.annotations);
  });

  it('lists, watches, patches and server-side applies in the version asked for', async () => {
    const list = (await call('GET', v1)).body;
    expect(list.apiVersion).toBe('autoscaling/v1');
    expect((list.items as Json[]).every((i) => i.apiVersion === 'autoscaling/v1' && (i.spec as Json).targetCPUUtilizationPercentage !== undefined)).toBe(true);

    const res = await fetch(`${env.url}${v1}?watch=1&fieldSelector=metadata.name%3Dfromv1&timeoutSeconds=1`);
    const first = JSON.parse((await res.text()).split('\n')[0]) as { type: string; object: Json };
    expect(first.type).toBe('ADDED');
    expect(first.object.apiVersion).toBe('autoscaling/v1');
    expect((first.object.spec as Json).targetCPUUtilizationPercentage).toBe(75);

    const patched = await call('PATCH', `${v1}/fromv1`, { spec: { targetCPUUtilizationPercentage: 65 } }, 'application/merge-patch+json');
    expect(patched.code).toBe(200);
    expect((patched.body.spec as Json).targetCPUUtilizationPercentage).toBe(65);
    expect(((await call('GET', `${v2}/fromv1`)).body.spec as Json).metrics).toContainEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } });

    const applied = hpaV1('ssa1', 3, 50);
    expect(await env.kubectlOk(['apply', '--server-side', '-f', '-'], { input: applied })).toBe('horizontalpodautoscaler.autoscaling/ssa1 serverside-applied\n');
    const managed = ((await call('GET', `${v2}/ssa1`)).body.metadata as Json).managedFields as Json[];
    expect(managed.find((f) => f.manager === 'kubectl')).toMatchObject({ operation: 'Apply', apiVersion: 'autoscaling/v1' });
  });

  it('kubectl autoscale and kubectl create pdb send protobuf bodies that decode', async () => {
    await env.kubectlOk(['create', 'deployment', 'web', '--image=nginx']);
    expect(await env.kubectlOk(['autoscale', 'deploy', 'web', '--max=3'])).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    expect(maskAges(await env.kubectlOk(['get', 'hpa', 'web']))).toBe(
      'NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: <unknown>/80%   1         3         0          AA\n',
    );
    expect(await env.kubectlOk(['create', 'pdb', 'x', '--selector=a=b', '--min-available=1'])).toBe('poddisruptionbudget.policy/x created\n');
    const p = JSON.parse(await env.kubectlOk(['get', 'pdb', 'x', '-o', 'json'])) as Json;
    expect(p.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { a: 'b' } } });
    // patchStrategy=replace: a strategic merge patch replaces the selector whole, as Kubernetes does for policy/v1.
    await env.kubectlOk(['patch', 'pdb', 'x', '--type=strategic', '-p', '{"spec":{"selector":{"matchLabels":{"c":"d"}}}}']);
    expect((JSON.parse(await env.kubectlOk(['get', 'pdb', 'x', '-o', 'json'])) as { spec: Json }).spec.selector).toEqual({ matchLabels: { c: 'd' } });
  });

  it('serves core Events as events.k8s.io/v1, with its field selectors', async () => {
    const core = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Pulled',
      message: 'pulled the image',
      source: { component: 'kubelet', host: 'n1' },
      count: 2,
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:01:00Z',
      type: 'Normal',
    };
    expect((await call('POST', `/api/v1${ns}/events`, core)).code).toBe(201);
    const ev = (await call('GET', `/apis/events.k8s.io/v1${ns}/events/e1`)).body;
    expect(ev).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      eventTime: null,
      reason: 'Pulled',
      regarding: { kind: 'Pod', name: 'web', namespace: 'default' },
      note: 'pulled the image',
      type: 'Normal',
      deprecatedSource: { component: 'kubelet', host: 'n1' },
      deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T00:01:00Z',
      deprecatedCount: 2,
    });
    const names = async (q: string): Promise<unknown[]> => ((await call('GET', `/apis/events.k8s.io/v1${ns}/events?fieldSelector=${encodeURIComponent(q)}`)).body.items as Json[]).map((i) => (i.metadata as Json).name);
    expect(await names('regarding.name=web')).toEqual(['e1']);
    expect(await names('regarding.name=other')).toEqual([]);
    expect(await names('source=kubelet,type=Normal')).toEqual(['e1']);
    const refused = await call('GET', `/apis/events.k8s.io/v1${ns}/events?fieldSelector=involvedObject.name%3Dweb`);
    expect(refused).toMatchObject({ code: 400, body: { reason: 'BadRequest' } });
    expect(String(refused.body.message)).toContain('involvedObject.name');
    // An events.k8s.io update may change the series only.
    const changed = await call('PUT', `/apis/events.k8s.io/v1${ns}/events/e1`, { ...ev, note: 'other' });
    expect(changed.code).toBe(422);
    expect(changed.body.message).toBe('Event "e1" is invalid: message: Invalid value: "other": field is immutable');
  });

  it('lists every served version in discovery, the preferred first, with one storage version hash', async () => {
    const group = (await call('GET', '/apis/autoscaling')).body;
    expect(group.versions).toEqual([{ groupVersion: 'autoscaling/v2', version: 'v2' }, { groupVersion: 'autoscaling/v1', version: 'v1' }]);
    expect(group.preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
    const hash = async (gv: string, name: string): Promise<unknown> => ((await call('GET', `/apis/${gv}`)).body.resources as Json[]).find((r) => r.name === name)?.storageVersionHash;
    expect(await hash('autoscaling/v1', 'horizontalpodautoscalers')).toBe(await hash('autoscaling/v2', 'horizontalpodautoscalers'));
    const out = await env.kubectlOk(['api-resources', '--api-group=autoscaling']);
    expect(out).toContain('horizontalpodautoscalers   hpa          autoscaling/v2   true         HorizontalPodAutoscaler');
    const v1doc = (await call('GET', '/openapi/v3/apis/autoscaling/v1')).body;
    expect(Object.keys((v1doc.components as { schemas: Json }).schemas)).toContain('io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler');
    expect(await env.kubectlOk(['explain', 'hpa.spec.targetCPUUtilizationPercentage', '--api-version=autoscaling/v1'])).toContain('VERSION:    v1');
  });
});
