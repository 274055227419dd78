// Checks the requests ApiActions sends (paths, verbs, content types, bodies) against
// a recording HTTP server; the real API server's behaviour is covered by integration tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../apimachinery/client.js';
import { silentLogger } from '../../apimachinery/log.js';
import { makePod } from '../testing/builders.js';
import { ApiActions } from './api-actions.js';
import { startRecordingServer, type RecordingServer } from '../../apimachinery/controller/index.js';

let srv: RecordingServer;
beforeAll(async () => {
  srv = await startRecordingServer();
});
afterAll(() => srv.close());

const actions = () => new ApiActions(loadKubeConfig({ server: srv.base }), { schedulerName: 'default-scheduler', identity: 'me', logger: silentLogger() });

describe('ApiActions', () => {
  it('binds through pods/binding', async () => {
    srv.seen.length = 0;
    await actions().bind(makePod('web', { namespace: 'ns' }), 'n1');
    expect(srv.seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/namespaces/ns/pods/web/binding' });
    expect(srv.seen[0]!.body).toMatchObject({ kind: 'Binding', metadata: { name: 'web', namespace: 'ns', uid: 'uid-web' }, target: { kind: 'Node', name: 'n1' } });
  });

  it('patches pods/status and annotations as merge patches', async () => {
    srv.seen.length = 0;
    const a = actions();
    const pod = makePod('web');
    await a.patchStatus(pod, { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm' }] } });
    await a.setAnnotation(pod, 'scheduler.k8ts.io/explain', '{}');
    await a.setNominatedNodeName(pod, '');
    expect(srv.seen.map((s) => [s.method, s.url, s.contentType])).toEqual([
      ['PATCH', '/api/v1/namespaces/default/pods/web/status', 'application/merge-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/pods/web', 'application/merge-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/pods/web/status', 'application/merge-patch+json'],
    ]);
    expect(srv.seen[1]!.body).toEqual({ metadata: { annotations: { 'scheduler.k8ts.io/explain': '{}' } } });
    expect(srv.seen[2]!.body).toEqual({ status: { nominatedNodeName: null } });
  });

  it('records core/v1 events and deletes victims (404 tolerated)', async () => {
    srv.seen.length = 0;
    const a = actions();
    a.event(makePod('web'), 'Normal', 'Scheduled', 'Binding', 'Successfully assigned default/web to n1');
    // The event is sent in the background: wait for it to arrive rather than for a fixed time.
    for (let i = 0; i < 1000 && srv.seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(srv.seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/namespaces/default/events' });
    expect(srv.seen[0]!.body).toMatchObject({ reason: 'Scheduled', type: 'Normal', message: 'Successfully assigned default/web to n1', involvedObject: { kind: 'Pod', name: 'web' }, source: { component: 'default-scheduler' } });
    srv.respond = () => ({ code: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } });
    await a.deletePod(makePod('gone'));
    srv.respond = () => ({ code: 200, body: {} });
    expect(srv.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/v1/namespaces/default/pods/gone' });
  });
});
