// A client-node informer sees create / update / delete in order, and after an API server restart
// it resumes its watch from the last resourceVersion without relisting; nothing is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, makeInformer, type V1ConfigMap, type KubernetesObject } from '@kubernetes/client-node';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';

async function until(cond: () => boolean, what: () => string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!etcdAvailable)(`client-node informer${etcdSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest({ process: true });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('sees changes in order and resumes after an API server restart without relisting', async () => {
    const kc = env.kubeConfig();
    const api = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps', () => {
      lists++;
      return api.listNamespacedConfigMap({ namespace: 'default' });
    });
    const events: string[] = [];
    const record = (type: string) => (o: KubernetesObject) => events.push(`${type}:${o.metadata?.name}:${(o as V1ConfigMap).data?.v ?? ''}`);
    informer.on('add', record('add'));
    informer.on('update', record('update'));
    informer.on('delete', record('delete'));
    informer.on('error', () => {
      // The informer is restarted below after errors, as controllers do.
      setTimeout(() => void informer.start(), 200);
    });
    await informer.start();
    const mk = (v: string) => ({ metadata: { name: 'inf' }, data: { v } });
    await api.createNamespacedConfigMap({ namespace: 'default', body: mk('1') });
    await api.replaceNamespacedConfigMap({ namespace: 'default', name: 'inf', body: mk('2') });
    await api.deleteNamespacedConfigMap({ namespace: 'default', name: 'inf' });
    await until(() => events.length >= 3, () => `three events, got ${JSON.stringify(events)}`);
    expect(events).toEqual(['add:inf:1', 'update:inf:2', 'delete:inf:2']);
    const listsBefore = lists;

    await env.stopApiServer();
    await env.startApiServer();
    await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after' }, data: { v: '3' } } });
    await until(() => events.includes('add:after:3'), () => `the event after restart, got ${JSON.stringify(events)}`);
    // Resumed from its resourceVersion: no relist happened, nothing was replayed twice.
    expect(lists).toBe(listsBefore);
    expect(events).toEqual(['add:inf:1', 'update:inf:2', 'delete:inf:2', 'add:after:3']);
    await informer.stop();
  });
});
