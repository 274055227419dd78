// /metrics on the health port: a rule sync moves the sync-duration histogram and the last-sync time.
import { describe, expect, it } from 'vitest';
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { FakeInformer } from '../apimachinery/controller/index.js';
import { silentLogger } from '../apimachinery/log.js';
import { serveHealthz } from './healthz.js';
import { ProxyMetrics } from './metrics.js';
import { FakeNftWriter } from './nft/writer.js';
import { Proxier } from './proxier.js';
import { endpoint, service, slice } from './testing/fixtures.js';

describe('kube-proxy /metrics', () => {
  it('serves the sync metrics next to /healthz, and a sync moves them', async () => {
    const services = new FakeInformer<V1Service>([service('web')]);
    const slices = new FakeInformer<V1EndpointSlice>([slice('web', [endpoint('10.244.1.5')])]);
    const metrics = new ProxyMetrics();
    const proxier = new Proxier({ services: services.store, slices: slices.store, writer: new FakeNftWriter(), facts: () => ({ nodePortIPs: 'all' }), logger: silentLogger(), now: () => 1_700_000_000_500, metrics });
    const ac = new AbortController();
    const h = await serveHealthz('127.0.0.1:0', { lastSyncAt: () => proxier.lastSyncAt, now: () => Date.now(), staleAfterMs: 60_000 }, ac.signal, metrics);
    const scrape = async (): Promise<string> => {
      const r = await fetch(`http://127.0.0.1:${h.port}/metrics`);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      return r.text();
    };
    expect(await scrape()).toContain('kubeproxy_sync_proxy_rules_duration_seconds_count 0');
    await proxier.sync();
    const body = await scrape();
    expect(body).toContain('kubeproxy_sync_proxy_rules_duration_seconds_count 1');
    expect(body).toContain('kubeproxy_sync_proxy_rules_last_timestamp_seconds 1700000000.5');
    ac.abort();
    await h.closed;
  });
});
