// imagePullSecrets: docker config secrets of the pod and of its ServiceAccount, by type, matched to
// the image's registry, in order (the e2e suite pulls through a registry with basic auth).
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { dockerConfigOf, pullCredentials, pullSecretNames } from './pullsecrets.js';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64');
const secrets: Record<string, V1Secret> = {
  json: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64({ auths: { 'reg.local:5000': { auth: Buffer.from('alice:pw1').toString('base64') } } }) } },
  cfg: { type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64({ 'https://reg.local:5000': { username: 'bob', password: 'pw2' } }) } },
  hub: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64({ auths: { 'https://index.docker.io/v1/': { username: 'carol', password: 'pw3' } } }) } },
  opaque: { type: 'Opaque', data: { '.dockerconfigjson': b64({ auths: { 'reg.local:5000': { username: 'x', password: 'y' } } }) } },
};
const src = {
  secret: async (_ns: string, name: string) => secrets[name],
  serviceAccount: async (_ns: string, name: string) => (name === 'robot' ? { imagePullSecrets: [{ name: 'cfg' }, { name: 'json' }] } : undefined),
};
const pod = (names: string[], sa?: string): V1Pod => ({ metadata: { namespace: 'ns' },
  spec: { containers: [], imagePullSecrets: names.map((name) => ({ name })), ...(sa ? { serviceAccountName: sa } : {}) } });

describe('pull secrets', () => {
  it('reads both secret types and ignores other types', () => {
    expect(dockerConfigOf(secrets.json!)).toMatchObject({ auths: { 'reg.local:5000': {} } });
    expect(dockerConfigOf(secrets.cfg!)).toMatchObject({ 'https://reg.local:5000': { username: 'bob' } });
    expect(dockerConfigOf(secrets.opaque!)).toBeUndefined();
  });

  it('takes the pod\'s secrets first, then the ServiceAccount\'s, without repeats', async () => {
    expect(await pullSecretNames(pod(['json'], 'robot'), src)).toEqual(['json', 'cfg']);
  });

  it.each([
    ['pod secret for the registry', pod(['json']), 'reg.local:5000/app:1', [{ auth: Buffer.from('alice:pw1').toString('base64') }]],
    ['ServiceAccount dockercfg', pod([], 'robot'), 'reg.local:5000/app:1', [{ username: 'bob', password: 'pw2' }, { auth: Buffer.from('alice:pw1').toString('base64') }]],
    ['docker.io key for a Hub image', pod(['hub', 'json']), 'busybox', [{ username: 'carol', password: 'pw3' }]],
    ['no secret for another registry', pod(['json', 'hub']), 'quay.io/x/y:1', []],
    ['missing and opaque secrets are skipped', pod(['nope', 'opaque']), 'reg.local:5000/app:1', []],
  ])('%s', async (_n, p, image, want) => {
    expect((await pullCredentials(p, image, src)).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)))).toEqual(want);
  });
});
