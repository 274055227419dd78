// Projected ServiceAccount tokens end to end on real runc, in a cluster that can sign them (HTTPS
// envtest with a ServiceAccount signing key): the API server's ServiceAccount admission adds the
// kube-api-access-* volume, the kubelet asks TokenRequest for a token bound to the pod and writes
// token, ca.crt (from the kube-root-ca.crt ConfigMap) and namespace, which the container reads.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podLabelKeys } from '../../kubelet/pods/index.js';
import { eventually, pod } from './helpers.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from './runcenv.js';

const unavailable = runcUnavailable();

describe.skipIf(!!unavailable)(`kubelet on runc: projected ServiceAccount tokens${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;
  const NODE = 'runc-token';

  beforeAll(async () => {
    env = await startRuncEnv({ secure: true });
    // No controllers run here: create what the ServiceAccount and root-CA controllers would.
    await env.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'default' } } });
    await env.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': env.api.pki!.ca.certPem } } });
    node = await startInProcessNode(env, NODE);
  }, 120_000);

  afterAll(async () => {
    await node?.stop();
    await env?.stop();
  }, 90_000);

  it('writes a pod-bound token, ca.crt and namespace into the kube-api-access volume', async () => {
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('reader', NODE, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: env.reg.image, command: ['sh', '-c', `cat ${dir}/token; echo; cat ${dir}/namespace; echo; cat ${dir}/ca.crt; sleep 3600`] }],
    }) });
    const p = await eventually('reader Running', async () => {
      const x = await env.getPod('reader');
      return x.status?.phase === 'Running' ? x : undefined;
    }, 60_000);
    expect(p.spec?.volumes?.some((v) => v.name.startsWith('kube-api-access-'))).toBe(true);
    const [c] = await node.runtime.listContainers({ labelSelector: { [podLabelKeys.POD_UID]: p.metadata!.uid! } });
    const logPath = (await node.runtime.containerStatus(c!.id)).logPath;
    const out = await eventually('the container printed its files', async () => {
      // CRI lines: "<time> stdout P|F <content>"; P (partial) lines join the next one.
      const text = readFileSync(logPath, 'utf8').split('\n').filter(Boolean)
        .map((l) => { const f = l.split(' '); return f.slice(3).join(' ') + (f[2] === 'F' ? '\n' : ''); }).join('');
      return text.includes('END CERTIFICATE') ? text.split('\n') : undefined;
    });
    const token = out[0]!;
    expect(token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown> & { exp: number; iat: number };
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:default',
      'kubernetes.io': { namespace: 'default', pod: { name: 'reader', uid: p.metadata!.uid } } });
    expect(claims.exp - claims.iat).toBe(3607);
    expect(out[1]).toBe('default');
    expect(out.join('\n')).toContain(env.api.pki!.ca.certPem.trim().split('\n')[1]);
    const ev = await env.events('reader');
    expect(ev.some((e) => e.reason === 'FailedMount')).toBe(false);
  }, 120_000);
});
