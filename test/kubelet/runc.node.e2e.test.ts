// Issue #3 node features on real runc: imagePullSecrets (dockerconfigjson from the pod, dockercfg
// from its ServiceAccount) against a docker-registry with htpasswd auth; CRI log rotation at
// --container-log-max-size keeping --container-log-max-files with conmon reopening its log and
// `kubectl logs` reading the live file; a projected serviceAccountToken volume in a cluster that
// cannot issue tokens: FailedMount events and the container not started.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotatedLogs } from '../../kubelet/logs/index.js';
import { podLabelKeys } from '../../kubelet/pods/index.js';
import { authRegistryUnavailable, startAuthRegistry, type AuthRegistry } from './authregistry.js';
import { eventually, pod } from './helpers.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from './runcenv.js';

const unavailable = runcUnavailable() ?? authRegistryUnavailable();
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe.skipIf(!!unavailable)(`kubelet on runc: pull secrets, log rotation, token volumes${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;
  let auth: AuthRegistry;
  const NODE = 'runc-node';
  const phase = async (name: string): Promise<string | undefined> => (await env.getPod(name)).status?.phase;

  beforeAll(async () => {
    env = await startRuncEnv();
    auth = await startAuthRegistry(env.reg.storage, 'alice', 's3cret');
    node = await startInProcessNode(env, NODE, { containerLogMaxSize: 2048, containerLogMaxFiles: 3, containerLogMonitorIntervalMs: 300 });
  }, 120_000);

  afterAll(async () => {
    await node?.stop();
    await auth?.stop();
    await env?.stop();
  }, 90_000);

  it('pulls from a registry with basic auth only with imagePullSecrets (pod or ServiceAccount)', async () => {
    const image = auth.image;
    const app = { name: 'app', image, imagePullPolicy: 'Always', command: ['sleep', '3600'] };
    const noauth = await env.watchWaiting('noauth');
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('noauth', NODE, { terminationGracePeriodSeconds: 1, containers: [app] }) });
    await eventually('noauth ErrImagePull', async () => noauth.seen.has('ErrImagePull'), 60_000);
    noauth.stop();
    expect(noauth.seen.get('ErrImagePull')).toMatch(/401|unauthorized|authentication required/i);

    await env.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'regcred' }, type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [auth.registry]: { username: 'alice', password: 's3cret', auth: b64('alice:s3cret') } } })) } } });
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('withsecret', NODE, {
      terminationGracePeriodSeconds: 1, imagePullSecrets: [{ name: 'regcred' }], containers: [app] }) });
    await eventually('withsecret Running', async () => (await phase('withsecret')) === 'Running', 60_000);

    await env.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'regcfg' }, type: 'kubernetes.io/dockercfg',
      data: { '.dockercfg': b64(JSON.stringify({ [`http://${auth.registry}`]: { username: 'alice', password: 's3cret' } })) } } });
    await env.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'puller' }, imagePullSecrets: [{ name: 'regcfg' }] } });
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('viasa', NODE, {
      terminationGracePeriodSeconds: 1, serviceAccountName: 'puller', containers: [app] }) });
    await eventually('viasa Running', async () => (await phase('viasa')) === 'Running', 60_000);

    // A wrong password is still refused.
    await env.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'badcred' }, type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [auth.registry]: { username: 'alice', password: 'wrong' } } })) } } });
    const badsecret = await env.watchWaiting('badsecret');
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('badsecret', NODE, {
      terminationGracePeriodSeconds: 1, imagePullSecrets: [{ name: 'badcred' }], containers: [app] }) });
    await eventually('badsecret ErrImagePull', async () => badsecret.seen.has('ErrImagePull'), 60_000);
    badsecret.stop();
  }, 180_000);

  it('rotates container logs at the size limit, keeps the file count, and kubectl logs reads the live file', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('chatty', NODE, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: env.reg.image, command: ['sh', '-c', 'i=0; while :; do echo "line $i"; i=$((i+1)); sleep 0.02; done'] }],
    }) });
    const p = await eventually('chatty Running', async () => {
      const x = await env.getPod('chatty');
      return x.status?.phase === 'Running' ? x : undefined;
    }, 60_000);
    const [c] = await node.runtime.listContainers({ labelSelector: { [podLabelKeys.POD_UID]: p.metadata!.uid! } });
    const logPath = (await node.runtime.containerStatus(c!.id)).logPath;
    const rotated = await eventually('two rotations, one gzipped', async () => {
      const r = await rotatedLogs(logPath);
      return r.length === 2 && r[0]!.endsWith('.gz') && !r[1]!.endsWith('.gz') ? r : undefined;
    }, 60_000, 100);
    expect(rotated.length + 1).toBeLessThanOrEqual(3);
    // Rotated files hold CRI lines of the same counter, in order.
    const numbers = (text: string): number[] => [...text.matchAll(/ stdout F line (\d+)/g)].map((m) => Number(m[1]));
    const older = numbers(gunzipSync(readFileSync(rotated[0]!)).toString());
    expect(older.length).toBeGreaterThan(0);
    expect(older).toEqual(older.map((_, i) => older[0]! + i));
    // conmon writes to the new live file; kubectl logs shows only it: consecutive lines not from 0.
    const logs = await eventually('kubectl logs of the live file', async () => {
      const r = await env.api.kubectl(['logs', 'chatty']);
      return r.code === 0 && r.stdout.startsWith('line ') ? r.stdout : undefined;
    });
    const shown = [...logs.matchAll(/^line (\d+)$/gm)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown[0]).toBeGreaterThan(0);
    expect(shown).toEqual(shown.map((_, i) => shown[0]! + i));
    await eventually('still rotating, never more than 3 files', async () => {
      const r = await rotatedLogs(logPath);
      expect(r.length).toBeLessThanOrEqual(2);
      return r.length === 2 && r[1] !== rotated[1];
    }, 60_000, 100);
  }, 180_000);

  it('a projected serviceAccountToken volume that cannot be issued: FailedMount events, container not started', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('tokenless', NODE, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: env.reg.image, command: ['sleep', '3600'],
        volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
      volumes: [{ name: 'kube-api-access-abcde', projected: { defaultMode: 0o644, sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ] } }],
    }) });
    const ev = await eventually('FailedMount event', async () =>
      (await env.events('tokenless')).find((e) => e.reason === 'FailedMount'), 60_000);
    expect(ev).toMatchObject({ type: 'Warning', source: { component: 'kubelet', host: NODE } });
    expect(ev.message).toMatch(/^MountVolume\.SetUp failed for volume "kube-api-access-abcde" : failed to fetch token: /);
    const x = await env.getPod('tokenless');
    expect(x.status?.phase).toBe('Pending');
    expect(x.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
  }, 90_000);
});
