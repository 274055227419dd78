// PodManager on the fake runtime with a fake API and a hand-driven clock: the sync decisions.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { RuntimeError, type ContainerConfig, type ImageService } from '../runtime/index.js';
import { FakeImageService, FakeRuntime } from '../runtime/fake/index.js';
import { FakeApi } from '../testing/fakeapi.js';
import { PodManager } from './manager.js';

let now = 1_000_000;
let dir: string;
let api: FakeApi;
let rt: FakeRuntime;
let pm: PodManager;

function manager(images: ImageService = new FakeImageService()): PodManager {
  return new PodManager({
    nodeName: 'n1', hostIP: '192.168.0.9', runtimeName: 'fake', runtime: rt, images, api, log: silentLogger(),
    podsDir: join(dir, 'pods'), logsDir: join(dir, 'logs'), dns: { servers: [], domain: 'cluster.local' }, materialize: true,
    nodeAllocatable: () => ({}), now: () => now, plegPeriodMs: 0,
  });
}

let seq = 0;
function addPod(spec: Partial<NonNullable<V1Pod['spec']>>, name = `p${++seq}`): V1Pod {
  const p: V1Pod = { metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'img:1' }], ...spec } };
  pm.upsert(p);
  return p;
}

const uidOf = (p: V1Pod): string => p.metadata!.uid!;
const sync = async (p: V1Pod) => pm.syncNow(uidOf(p));
const running = async (p: V1Pod, name: string) =>
  (await rt.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': uidOf(p), 'io.kubernetes.container.name': name }, state: 'CONTAINER_RUNNING' }))[0];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-pm-'));
  api = new FakeApi();
  rt = new FakeRuntime({ podCIDR: '10.9.0.0/24', now: () => now });
  pm = manager();
  await pm.workers.stop(); // drive syncs by hand
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PodManager sync', () => {
  it('restarts a crashed container at once, then backs off 10 s, 20 s (CrashLoopBackOff)', async () => {
    const p = addPod({});
    await sync(p);
    const kill = async (): Promise<void> => rt.exitContainer((await running(p, 'a'))!.id, 1);
    await kill();
    await sync(p);
    expect(api.last(p.metadata!.name!)!.containerStatuses![0]).toMatchObject({ restartCount: 1, state: { running: {} } });
    await kill();
    let r = await sync(p);
    const cs = api.last(p.metadata!.name!)!.containerStatuses![0]!;
    expect(cs.state?.waiting).toMatchObject({ reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=a pod=${p.metadata!.name}_default(uid-${p.metadata!.name})` });
    expect(r.requeueAfterMs).toBe(10_000);
    now += 10_000;
    r = await sync(p);
    expect(await running(p, 'a')).toBeDefined();
    await kill();
    r = await sync(p);
    expect(r.requeueAfterMs).toBe(20_000);
  });

  it('writes downwardAPI volume items resolved from the pod, its containers and the node', async () => {
    const p = addPod({
      containers: [{ name: 'a', image: 'img:1', resources: { limits: { memory: '64Mi' } } }],
      volumes: [{ name: 'info', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
        { path: 'host', fieldRef: { fieldPath: 'status.hostIP' } },
        { path: 'mem', resourceFieldRef: { containerName: 'a', resource: 'limits.memory', divisor: '1Mi' } }] } }],
    });
    await sync(p);
    const file = (f: string): string => readFileSync(join(dir, 'pods', uidOf(p), 'volumes', 'kubernetes.io~downward-api', 'info', f), 'utf8');
    expect([file('name'), file('host'), file('mem')]).toEqual([p.metadata!.name, '192.168.0.9', '64']);
  });

  it('does not restart under restartPolicy Never; the pod fails and its sandbox stops', async () => {
    const p = addPod({ restartPolicy: 'Never' });
    await sync(p);
    rt.exitContainer((await running(p, 'a'))!.id, 2);
    await sync(p);
    const st = api.last(p.metadata!.name!)!;
    expect(st.phase).toBe('Failed');
    expect(st.containerStatuses![0]!.state?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(await rt.listPodSandbox({ state: 'SANDBOX_READY', labelSelector: { 'io.kubernetes.pod.uid': uidOf(p) } })).toHaveLength(0);
  });

  it('runs init containers one at a time, in order, before the app containers', async () => {
    const p = addPod({ initContainers: [{ name: 'i1', image: 'img:1' }, { name: 'i2', image: 'img:1' }] });
    await sync(p);
    expect(await running(p, 'i1')).toBeDefined();
    expect(await running(p, 'i2')).toBeUndefined();
    expect(api.last(p.metadata!.name!)!.phase).toBe('Pending');
    rt.exitContainer((await running(p, 'i1'))!.id, 0);
    await sync(p);
    expect(await running(p, 'i2')).toBeDefined();
    expect(await running(p, 'a')).toBeUndefined();
    rt.exitContainer((await running(p, 'i2'))!.id, 0);
    await sync(p);
    expect(await running(p, 'a')).toBeDefined();
    const st = api.last(p.metadata!.name!)!;
    expect(st.phase).toBe('Running');
    expect(st.initContainerStatuses!.map((s) => s.state?.terminated?.reason)).toEqual(['Completed', 'Completed']);
  });

  it('reports ErrImagePull, then ImagePullBackOff while the pull backoff runs, then pulls again', async () => {
    let fail = true;
    const images = new FakeImageService();
    const flaky: ImageService = {
      pullImage: async (spec) => { if (fail) throw new RuntimeError('ImagePull', 'manifest unknown'); return images.pullImage(spec); },
      listImages: (f) => images.listImages(f), imageStatus: (s) => images.imageStatus(s), removeImage: (s) => images.removeImage(s),
    };
    pm = manager(flaky);
    await pm.workers.stop();
    const p = addPod({ containers: [{ name: 'a', image: 'img:1' }] });
    await sync(p);
    expect(api.last(p.metadata!.name!)!.containerStatuses![0]!.state?.waiting).toMatchObject({ reason: 'ErrImagePull' });
    await sync(p);
    expect(api.last(p.metadata!.name!)!.containerStatuses![0]!.state?.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "img:1"' });
    fail = false;
    now += 10_000;
    await sync(p);
    expect(await running(p, 'a')).toBeDefined();
  });

  it('refuses to pull with imagePullPolicy Never', async () => {
    const p = addPod({ containers: [{ name: 'a', image: 'img:1', imagePullPolicy: 'Never' }] });
    await sync(p);
    expect(api.last(p.metadata!.name!)!.containerStatuses![0]!.state?.waiting).toEqual({
      reason: 'ErrImageNeverPull', message: 'Container image "img:1" is not present with pull policy of Never' });
  });

  it('holds a container whose ConfigMap is missing in CreateContainerConfigError', async () => {
    const p = addPod({ containers: [{ name: 'a', image: 'img:1', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }] });
    await sync(p);
    expect(api.last(p.metadata!.name!)!.containerStatuses![0]!.state?.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' });
    api.configMaps.set('cfg', { data: { k: 'v' } });
    await sync(p);
    expect(await running(p, 'a')).toBeDefined();
  });

  it('on deletion stops containers, writes a terminal status and deletes with grace 0 and the uid; cleans up once gone', async () => {
    const p = addPod({});
    await sync(p);
    pm.upsert({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(now), deletionGracePeriodSeconds: 30 } });
    await sync(p);
    expect(api.deletes).toEqual([{ name: p.metadata!.name, uid: uidOf(p), grace: 0 }]);
    expect(api.last(p.metadata!.name!)!.containerStatuses![0]!.state?.terminated).toBeDefined();
    pm.remove(p);
    expect(await sync(p)).toEqual({ done: true });
    expect(await rt.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': uidOf(p) } })).toHaveLength(0);
  });

  it('writes status only when it changes', async () => {
    const p = addPod({});
    await sync(p);
    const n = api.statuses.length;
    now += 5000;
    await sync(p);
    now += 5000;
    await sync(p);
    expect(api.statuses.length).toBe(n);
  });
});

describe('PodManager ephemeral containers', () => {
  it('starts one once its target runs, in the target\'s PID namespace, and never restarts it', async () => {
    const created = new Map<string, ContainerConfig>();
    const create = rt.createContainer.bind(rt);
    vi.spyOn(rt, 'createContainer').mockImplementation(async (sb, cfg, sbc) => {
      const id = await create(sb, cfg, sbc);
      created.set(cfg.metadata.name, cfg);
      return id;
    });
    const p = addPod({ ephemeralContainers: [{ name: 'dbg', image: 'img:1', targetContainerName: 'a' }] });
    const first = await sync(p);
    expect([...created.keys()]).toEqual(['a']); // the target was not running when the pass began
    expect(first.requeueAfterMs).toBeLessThanOrEqual(1000);
    await sync(p);
    const target = (await running(p, 'a'))!;
    expect(created.get('dbg')?.linux?.securityContext?.namespaceOptions).toEqual({ network: 'POD', pid: 'TARGET', ipc: 'POD', targetId: target.id });
    const dbg = (await running(p, 'dbg'))!;
    expect(api.last(p.metadata!.name!)!.ephemeralContainerStatuses).toMatchObject([{ name: 'dbg', state: { running: {} } }]);
    rt.exitContainer(dbg.id, 0);
    await sync(p);
    expect(await rt.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': uidOf(p), 'io.kubernetes.container.name': 'dbg' } })).toHaveLength(1);
    expect(api.last(p.metadata!.name!)!.ephemeralContainerStatuses).toMatchObject([{ name: 'dbg', state: { terminated: { exitCode: 0 } } }]);
    expect(api.last(p.metadata!.name!)!.phase).toBe('Running');
  });
});
