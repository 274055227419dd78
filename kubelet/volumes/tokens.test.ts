// TokenManager and projected serviceAccountToken volumes: TokenRequest shape (bound to the pod,
// audience, expirationSeconds), caching until 80% of the token's life, keeping a valid token when a
// refresh fails, and the pod side: FailedMount + no start while the request fails, then the token
// file (with kube-root-ca.crt and namespace beside it), rewritten after 80% of its life.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthenticationV1TokenRequest, V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRecorder } from '../../apimachinery/controller/index.js';
import { silentLogger } from '../../apimachinery/log.js';
import { PodManager } from '../pods/manager.js';
import { FakeImageService, FakeRuntime } from '../runtime/fake/index.js';
import { FakeApi } from '../testing/fakeapi.js';
import { TokenManager } from './tokens.js';

let now = 1_000_000_000;
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const pod: V1Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { serviceAccountName: 'robot', containers: [{ name: 'c', image: 'img:1' }] } };

function issuer(seq = { n: 0 }): (ns: string, sa: string, req: AuthenticationV1TokenRequest) => Promise<AuthenticationV1TokenRequest> {
  return async (_ns, _sa, req) => ({ ...req, status: { token: `tok-${++seq.n}`, expirationTimestamp: new Date(now + (req.spec.expirationSeconds ?? 3600) * 1000) } });
}

describe('TokenManager', () => {
  it('requests a token bound to the pod with the source audience and expiry, and reuses it until 80% of its life', async () => {
    const calls: { ns: string; sa: string; req: AuthenticationV1TokenRequest }[] = [];
    const issue = issuer();
    const tm = new TokenManager(async (ns, sa, req) => { calls.push({ ns, sa, req }); return issue(ns, sa, req); }, () => now);
    const src = { path: 'token', audience: 'vault', expirationSeconds: 1000 };
    expect(await tm.get(pod, src)).toEqual({ ok: true, token: 'tok-1' });
    expect(calls[0]).toEqual({ ns: 'ns', sa: 'robot', req: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
      spec: { audiences: ['vault'], expirationSeconds: 1000, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u1' } } } });
    now += 799_000;
    expect(await tm.get(pod, src)).toEqual({ ok: true, token: 'tok-1' });
    expect(tm.nextRefresh('u1')).toBe(now + 1000);
    now += 1000;
    expect(await tm.get(pod, src)).toEqual({ ok: true, token: 'tok-2' });
    expect(calls).toHaveLength(2);
  });

  it('keeps serving a still-valid token when a refresh fails; reports the error when it has none', async () => {
    let fail = false;
    const issue = issuer();
    const tm = new TokenManager(async (ns, sa, req) => { if (fail) throw new Error('no signing key'); return issue(ns, sa, req); }, () => now);
    const src = { path: 'token', expirationSeconds: 600 };
    expect(await tm.get(pod, src)).toEqual({ ok: true, token: 'tok-1' });
    fail = true;
    now += 500_000;
    expect(await tm.get(pod, src)).toEqual({ ok: true, token: 'tok-1' });
    now += 200_000;
    expect(await tm.get(pod, src)).toEqual({ ok: false, message: 'failed to fetch token: no signing key' });
    tm.forgetPod('u1');
    expect(tm.nextRefresh('u1')).toBeUndefined();
  });
});

describe('projected serviceAccountToken volumes in pods', () => {
  it('waits with FailedMount while the TokenRequest fails, then starts with the token, and rewrites it at 80% of its life', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-tok-'));
    dirs.push(dir);
    const api = new FakeApi();
    api.configMaps.set('kube-root-ca.crt', { data: { 'ca.crt': 'CA PEM' } });
    const rec = new FakeRecorder();
    const rt = new FakeRuntime({ podCIDR: '10.9.0.0/24', now: () => now });
    const pm = new PodManager({
      nodeName: 'n1', hostIP: '192.168.0.9', runtimeName: 'fake', runtime: rt, images: new FakeImageService(), api, log: silentLogger(),
      podsDir: join(dir, 'pods'), logsDir: join(dir, 'logs'), dns: { servers: [], domain: 'cluster.local' }, materialize: true,
      nodeAllocatable: () => ({}), now: () => now, plegPeriodMs: 0, recorder: rec,
    });
    await pm.workers.stop();
    const p: V1Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u9' }, spec: { nodeName: 'n1', serviceAccountName: 'default',
      containers: [{ name: 'c', image: 'img:1', volumeMounts: [{ name: 'kube-api-access-x', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }],
      volumes: [{ name: 'kube-api-access-x', projected: { defaultMode: 0o644, sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ] } }] } };
    pm.upsert(p);
    const r1 = await pm.syncNow('u9');
    expect(r1.requeueAfterMs).toBe(10_000);
    expect(await rt.listContainers()).toEqual([]);
    expect(rec.lines()).toEqual([expect.stringMatching(/^Warning FailedMount MountVolume\.SetUp failed for volume "kube-api-access-x" : failed to fetch token: .*no signing key/)]);
    expect(api.last('p')?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');

    const seq = { n: 0 };
    api.issueToken = (req) => ({ ...req, status: { token: `jwt-${++seq.n}`, expirationTimestamp: new Date(now + 3607_000) } });
    now += 10_000;
    await pm.syncNow('u9');
    expect((await rt.listContainers({ state: 'CONTAINER_RUNNING' })).length).toBe(1);
    const vol = join(dir, 'pods', 'u9', 'volumes', 'kubernetes.io~projected', 'kube-api-access-x');
    expect(['token', 'ca.crt', 'namespace'].map((f) => readFileSync(join(vol, f), 'utf8'))).toEqual(['jwt-1', 'CA PEM', 'ns']);
    expect(api.tokenRequests.at(-1)).toMatchObject({ namespace: 'ns', name: 'default',
      req: { spec: { audiences: [], expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', name: 'p', uid: 'u9' } } } });

    now += 0.8 * 3607_000 - 1000;
    await pm.syncNow('u9');
    expect(readFileSync(join(vol, 'token'), 'utf8')).toBe('jwt-1');
    now += 2000;
    const r = await pm.syncNow('u9');
    expect(readFileSync(join(vol, 'token'), 'utf8')).toBe('jwt-2');
    expect(r.requeueAfterMs).toBeLessThanOrEqual(0.8 * 3607_000);
  });
});
