import { describe, expect, it } from 'vitest';
import { ApiServerMetrics } from './metrics.js';
import { requestLabels } from './requests.js';
import { resourceOfKey } from './etcd.js';

describe('requestLabels: what Kubernetes calls each request', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', { verb: 'LIST', group: '', version: 'v1', resource: 'pods', subresource: '', scope: 'namespace' }],
    ['GET', '/api/v1/pods?watch=true', { verb: 'WATCH', resource: 'pods', scope: 'cluster' }],
    ['GET', '/api/v1/namespaces/default/pods/p', { verb: 'GET', scope: 'resource' }],
    ['POST', '/apis/apps/v1/namespaces/default/deployments?dryRun=All', { verb: 'POST', group: 'apps', resource: 'deployments', dryRun: 'All', scope: 'namespace' }],
    ['PUT', '/apis/apps/v1/namespaces/default/deployments/d/scale', { verb: 'PUT', subresource: 'scale', scope: 'resource' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps', { verb: 'DELETECOLLECTION' }],
    ['POST', '/api/v1/namespaces/default/pods/p/exec?command=ls', { verb: 'CONNECT', subresource: 'exec' }],
    ['GET', '/healthz', { verb: 'GET', resource: '', subresource: '/healthz', scope: '' }],
    ['GET', '/some/unknown/path', { verb: 'GET', resource: '', subresource: '', scope: '' }],
  ])('%s %s', (method, url, want) => {
    expect(requestLabels(method, url)).toMatchObject(want);
  });

  it.each([
    ['/registry/pods/default/p', 'pods'],
    ['/registry/deployments/default/d', 'deployments.apps'],
    ['/registry/leases/', 'leases.coordination.k8s.io'],
  ])('etcd type of %s is %s', (key, want) => {
    expect(resourceOfKey(key)).toBe(want);
  });
});

describe('ApiServerMetrics', () => {
  it('renders Kubernetes-named series with their labels, buckets and object counts', async () => {
    const m = new ApiServerMetrics();
    m.setObjectCounter(async () => new Map([['pods', 3], ['deployments.apps', 1]]));
    const labels = { verb: 'LIST', dryRun: '', group: '', version: 'v1', resource: 'pods', subresource: '', scope: 'namespace' };
    m.observeRequest(labels, 200, 0.01);
    m.observeRequest(labels, 200, 0.3);
    m.observeRequest(labels, 500, 0.01);
    m.observeEtcd('get', 'pods', 0.002);
    m.requestStarted(true);
    const { contentType, body } = await m.render();
    expect(contentType).toContain('text/plain');
    expect(body).toContain('apiserver_request_total{verb="LIST",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",code="200"} 2');
    expect(body).toContain('apiserver_request_total{verb="LIST",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",code="500"} 1');
    expect(body).toContain('apiserver_request_duration_seconds_bucket{le="0.025",verb="LIST",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver"} 2');
    expect(body).toContain('apiserver_request_duration_seconds_count{verb="LIST",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver"} 3');
    expect(body).toContain('etcd_request_duration_seconds_bucket{le="0.005",operation="get",type="pods"} 1');
    expect(body).toContain('apiserver_storage_objects{resource="deployments.apps"} 1');
    expect(body).toContain('apiserver_current_inflight_requests{request_kind="mutating"} 1');
    expect(body).toContain('apiserver_current_inflight_requests{request_kind="readOnly"} 0');
  });
});
