// Kubelet events on the fake runtime (FakeRecorder): reasons, messages and involved objects as
// Kubernetes writes them, for a start, a crash loop, image pull failures and a deletion.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRecorder } from '../../apimachinery/controller/index.js';
import { silentLogger } from '../../apimachinery/log.js';
import { RuntimeError } from '../runtime/index.js';
import { FakeImageService, FakeRuntime } from '../runtime/fake/index.js';
import { FakeApi } from '../testing/fakeapi.js';
import { goDuration, podObjectRef } from './events.js';
import { PodManager } from './manager.js';

let now = 1_000_000;
let dir: string;
let rec: FakeRecorder;
let rt: FakeRuntime;

function manager(images = new FakeImageService()): PodManager {
  return new PodManager({
    nodeName: 'n1', hostIP: '192.168.0.9', runtimeName: 'fake', runtime: rt, images, api: new FakeApi(), log: silentLogger(),
    podsDir: join(dir, 'pods'), logsDir: join(dir, 'logs'), dns: { servers: [], domain: 'cluster.local' }, materialize: true,
    nodeAllocatable: () => ({}), now: () => now, plegPeriodMs: 0, recorder: rec,
  });
}

const pod = (name: string, image = 'img:1'): V1Pod => ({ metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { nodeName: 'n1', containers: [{ name: 'a', image }] } });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-ev-'));
  rec = new FakeRecorder();
  rt = new FakeRuntime({ podCIDR: '10.9.0.0/24', now: () => now });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('kubelet events', () => {
  it('Pulling, Pulled, Created, Started on a container reference; BackOff in a crash loop; Killing on delete', async () => {
    const pm = manager();
    await pm.workers.stop();
    const p = pod('web');
    pm.upsert(p);
    await pm.syncNow('uid-web');
    expect(rec.lines()).toEqual([
      'Normal Pulling Pulling image "img:1"',
      expect.stringMatching(/^Normal Pulled Successfully pulled image "img:1" in (?:\d+ms|0s) \((?:\d+ms|0s) including waiting\)\. Image size: 1048576 bytes\.$/),
      'Normal Created Created container: a',
      'Normal Started Started container a',
    ]);
    expect(rec.events[0]!.ref).toMatchObject({ kind: 'Pod', apiVersion: 'v1', name: 'web', namespace: 'default', uid: 'uid-web', fieldPath: 'spec.containers{a}' });
    const crash = async (): Promise<void> => {
      const c = (await rt.listContainers({ state: 'CONTAINER_RUNNING' }))[0]!;
      rt.exitContainer(c.id, 1);
      await pm.syncNow('uid-web');
    };
    rec.events.length = 0;
    await crash(); // restarted at once
    expect(rec.lines()).toEqual(['Normal Pulled Container image "img:1" already present on machine', 'Normal Created Created container: a', 'Normal Started Started container a']);
    rec.events.length = 0;
    await crash(); // now backing off
    expect(rec.lines()).toEqual(['Warning BackOff Back-off restarting failed container a in pod web_default(uid-web)']);
    now += 10_000;
    await pm.syncNow('uid-web');
    rec.events.length = 0;
    pm.upsert({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(now), deletionGracePeriodSeconds: 0 } });
    await pm.syncNow('uid-web');
    expect(rec.lines()).toEqual(['Normal Killing Stopping container a']);
  });

  it('Failed with the pull error, Error: ErrImagePull, then BackOff and Error: ImagePullBackOff', async () => {
    const images = new FakeImageService();
    images.pullImage = async () => { throw new RuntimeError('ImagePull', 'manifest unknown: manifest unknown'); };
    const pm = manager(images);
    await pm.workers.stop();
    pm.upsert(pod('bad', 'reg.local/x:1'));
    await pm.syncNow('uid-bad');
    expect(rec.lines()).toEqual([
      'Normal Pulling Pulling image "reg.local/x:1"',
      'Warning Failed Failed to pull image "reg.local/x:1": failed to pull and unpack image "reg.local/x:1": manifest unknown: manifest unknown',
      'Warning Failed Error: ErrImagePull',
    ]);
    rec.events.length = 0;
    await pm.syncNow('uid-bad');
    expect(rec.lines()).toEqual(['Normal BackOff Back-off pulling image "reg.local/x:1"', 'Warning Failed Error: ImagePullBackOff']);
  });

  it('FailedMount when a volume cannot be set up', async () => {
    const pm = manager();
    await pm.workers.stop();
    pm.upsert({ ...pod('vol'), spec: { ...pod('vol').spec!, volumes: [{ name: 'c', configMap: { name: 'missing' } }] } });
    await pm.syncNow('uid-vol');
    expect(rec.lines()).toEqual(['Warning FailedMount MountVolume.SetUp failed for volume "c" : configmap "missing" not found']);
    expect(rec.events[0]!.ref.fieldPath).toBeUndefined();
  });
});

describe('podObjectRef / goDuration', () => {
  it('uses spec.initContainers{x} for init containers', () => {
    const p: V1Pod = { metadata: { name: 'p', namespace: 'n', uid: 'u' }, spec: { containers: [{ name: 'a' }], initContainers: [{ name: 'i' }] } };
    expect(podObjectRef(p, 'i').fieldPath).toBe('spec.initContainers{i}');
    expect(podObjectRef(p, 'a').fieldPath).toBe('spec.containers{a}');
    expect(podObjectRef(p).fieldPath).toBeUndefined();
  });
  it.each([[850, '850ms'], [1234, '1.234s'], [61_500, '1m1.5s'], [0, '0s'], [3_723_400, '1h2m3.4s'], [1.4, '1ms']])('%i ms → %s', (ms, s) => expect(goDuration(ms)).toBe(s));
});
