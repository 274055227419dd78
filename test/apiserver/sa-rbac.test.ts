// A pod's ServiceAccount token works for what its RBAC allows and nothing more (issue #7's security
// matrix): etcd + our API server over HTTPS with Node,RBAC; a pod-bound token from TokenRequest (what
// the kubelet projects into the pod) used by the real kubectl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, type TestApiServer } from '../envtest.js';

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`ServiceAccount tokens under RBAC${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let asRobot: string;

  beforeAll(async () => {
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'] } } });
    const setup: string[][] = [
      ['create', 'namespace', 'app'],
      ['create', 'serviceaccount', 'robot', '-n', 'app'],
      // Read-only on pods, in its own namespace only.
      ['create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods', '-n', 'app'],
      ['create', 'rolebinding', 'robot-reads-pods', '--role=pod-reader', '--serviceaccount=app:robot', '-n', 'app'],
      ['run', 'worker', '--image=busybox:1', '--overrides={"spec":{"serviceAccountName":"robot"}}', '-n', 'app', '--restart=Never'],
    ];
    for (const args of setup) {
      const r = await env.kubectl(args);
      expect(r.stderr).toBe('');
    }
    const uid = (await env.kubectl(['get', 'pod', 'worker', '-n', 'app', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const token = await env.kubectl(['create', 'token', 'robot', '-n', 'app', '--bound-object-kind=Pod', '--bound-object-name=worker', `--bound-object-uid=${uid}`]);
    expect(token.stderr).toBe('');
    asRobot = env.pki!.kubeconfig('robot', { token: token.stdout.trim() });
  }, 120_000);

  afterAll(async () => {
    await env?.stop();
  });

  const robot = (args: string[]) => env.kubectl(args, { kubeconfig: asRobot });

  it('is the ServiceAccount', async () => {
    const r = await robot(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    expect(r.stdout).toBe('system:serviceaccount:app:robot');
  });

  it('may do what its Role allows', async () => {
    const r = await robot(['get', 'pods', '-n', 'app', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('pod/worker');
  });

  it.each([
    [['create', 'configmap', 'x', '-n', 'app'], 'configmaps is forbidden: User "system:serviceaccount:app:robot" cannot create resource "configmaps" in API group "" in the namespace "app"'],
    [['delete', 'pod', 'worker', '-n', 'app'], 'pods "worker" is forbidden: User "system:serviceaccount:app:robot" cannot delete resource "pods" in API group "" in the namespace "app"'],
    [['get', 'pods', '-n', 'default'], 'pods is forbidden: User "system:serviceaccount:app:robot" cannot list resource "pods" in API group "" in the namespace "default"'],
    [['get', 'secrets', '-n', 'app'], 'secrets is forbidden: User "system:serviceaccount:app:robot" cannot list resource "secrets" in API group "" in the namespace "app"'],
  ])('and nothing more: %j', async (args, message) => {
    const r = await robot(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
  });

  it('kubectl auth can-i agrees', async () => {
    expect((await robot(['auth', 'can-i', 'list', 'pods', '-n', 'app'])).stdout.trim()).toBe('yes');
    expect((await robot(['auth', 'can-i', 'create', 'pods', '-n', 'app'])).stdout.trim()).toBe('no');
  });

  it('stops working once its pod is gone', async () => {
    const del = await env.kubectl(['delete', 'pod', 'worker', '-n', 'app', '--grace-period=0', '--force']);
    expect(del.code).toBe(0);
    const r = await robot(['get', 'pods', '-n', 'app']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Unauthorized');
  });
});
