import type { V1ConfigMap, V1Container, V1DownwardAPIVolumeFile, V1Pod, V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { downwardItemValue, expandVars, resolveEnv, resourceFieldValue, type EnvSources } from './env.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const cms: Record<string, V1ConfigMap> = { cfg: { data: { MODE: 'fast', 'bad key': 'x', LEVEL: '3' } } };
const secrets: Record<string, V1Secret> = { creds: { data: { PASSWORD: b64('s3cret') } } };
const src: EnvSources = {
  configMap: async (_ns, n) => cms[n], secret: async (_ns, n) => secrets[n], podIP: '10.0.0.7', hostIP: '192.168.0.2',
  nodeAllocatable: { cpu: '4', memory: '8Gi' },
};
const pod: V1Pod = {
  metadata: { name: 'web', namespace: 'prod', uid: 'u-1', labels: { app: 'web', tier: 'fe' }, annotations: { note: 'hi' } },
  spec: { nodeName: 'n1', serviceAccountName: 'sa', containers: [] },
};
const env = async (c: Partial<V1Container>) => resolveEnv(pod, { name: 'c', ...c }, src);
const asMap = (r: Awaited<ReturnType<typeof env>>): Record<string, string> => {
  if (!r.ok) throw new Error(r.message);
  return Object.fromEntries(r.envs.map((e) => [e.key, e.value]));
};

describe('resolveEnv', () => {
  it.each([
    ['metadata.name', 'web'], ['metadata.namespace', 'prod'], ['metadata.uid', 'u-1'], ["metadata.labels['app']", 'web'],
    ["metadata.annotations['note']", 'hi'], ['spec.nodeName', 'n1'], ['spec.serviceAccountName', 'sa'], ['status.podIP', '10.0.0.7'],
    ['status.hostIP', '192.168.0.2'], ['metadata.labels', 'app="web"\ntier="fe"'],
  ])('fieldRef %s', async (fieldPath, want) => {
    expect(asMap(await env({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath } } }] })).X).toBe(want);
  });

  it('expands $(VAR) from earlier variables and keeps $$ escapes', async () => {
    const m = asMap(await env({ env: [{ name: 'A', value: 'a' }, { name: 'B', value: '$(A)-$(MISSING)-$$(A)' }] }));
    expect(m.B).toBe('a-$(MISSING)-$(A)');
  });

  it('reads configMapKeyRef and secretKeyRef; optional misses are skipped', async () => {
    const m = asMap(await env({ env: [
      { name: 'M', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } },
      { name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
      { name: 'O', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x', optional: true } } },
    ] }));
    expect(m).toEqual({ M: 'fast', P: 's3cret' });
  });

  it.each([
    ['missing configmap', { configMapKeyRef: { name: 'nope', key: 'x' } }, 'configmap "nope" not found'],
    ['missing key', { configMapKeyRef: { name: 'cfg', key: 'x' } }, "couldn't find key x in ConfigMap prod/cfg"],
    ['missing secret', { secretKeyRef: { name: 'nope', key: 'x' } }, 'secret "nope" not found'],
  ])('fails with CreateContainerConfigError material: %s', async (_n, valueFrom, message) => {
    expect(await env({ env: [{ name: 'X', valueFrom }] })).toEqual({ ok: false, message });
  });

  it('applies envFrom with prefix (skipping invalid names) before env, which overrides', async () => {
    const m = asMap(await env({
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
      env: [{ name: 'CFG_MODE', value: 'slow' }],
    }));
    expect(m).toEqual({ CFG_MODE: 'slow', CFG_LEVEL: '3', PASSWORD: 's3cret' });
  });
});

describe('resourceFieldValue', () => {
  const c: V1Container = { name: 'c', resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m' } } };
  it.each([
    ['limits.cpu', undefined, '1'], ['limits.cpu', '1m', '500'], ['requests.cpu', '1m', '250'],
    ['limits.memory', undefined, String(256 * 1024 * 1024)], ['limits.memory', '1Mi', '256'],
  ])('%s / %s', (resource, divisor, want) => {
    expect(resourceFieldValue(c, { resource, divisor }, {})).toBe(want);
  });
  it('falls back to node allocatable for an unset limit', () => {
    expect(resourceFieldValue({ name: 'x' }, { resource: 'limits.cpu' }, { cpu: '4' })).toBe('4');
  });
});

describe('expandVars', () => {
  it('leaves unterminated references alone', () => {
    expect(expandVars('$(A', new Map([['A', 'x']]))).toBe('$(A');
  });
});

describe('downwardItemValue (downwardAPI volume items)', () => {
  const withApp: V1Pod = { ...pod, spec: { containers: [{ name: 'app', resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } } }] } };
  it.each([
    ['a fieldRef', { path: 'n', fieldRef: { fieldPath: 'metadata.name' } }, 'web'],
    ['a fieldRef to the pod IP', { path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }, '10.0.0.7'],
    ['an unsupported fieldRef', { path: 'x', fieldRef: { fieldPath: 'spec.hostname' } }, undefined],
    ['a container limit with a divisor', { path: 'm', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } }, '64'],
    ['a container request (rounded up)', { path: 'c', resourceFieldRef: { containerName: 'app', resource: 'requests.cpu' } }, '1'],
    ['an unset limit: node allocatable', { path: 'a', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } }, '4'],
    ['an unknown container: node allocatable', { path: 'u', resourceFieldRef: { containerName: 'nope', resource: 'limits.memory', divisor: '1Gi' } }, '8'],
    ['an item without a reference', { path: 'e' }, undefined],
  ] as [string, V1DownwardAPIVolumeFile, string | undefined][])('%s', (_n, item, want) => {
    expect(downwardItemValue(withApp, item, src)).toBe(want);
  });
});
