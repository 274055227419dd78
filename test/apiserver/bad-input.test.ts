// Bad input gets a Kubernetes Status with the right code, reason and message, and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, type TestApiServer } from '../envtest.js';

interface Status {
  kind: string;
  status: string;
  reason: string;
  code: number;
  message: string;
  details?: { causes?: { field?: string; reason?: string; message?: string }[] };
}

describe.skipIf(!etcdAvailable)(`bad input${etcdSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  });
  afterAll(async () => {
    await env?.stop();
  });

  const send = async (method: string, path: string, body: string | Buffer, contentType = 'application/json'): Promise<{ code: number; body: Status }> => {
    const r = await fetch(env.url + path, { method, body, headers: { 'content-type': contentType } });
    return { code: r.status, body: (await r.json()) as Status };
  };
  const count = async (path: string): Promise<number> => {
    const r = await fetch(env.url + path);
    return ((await r.json()) as { items: unknown[] }).items.length;
  };
  const cms = '/api/v1/namespaces/default/configmaps';

  it.each([
    ['malformed JSON', '{"kind": "ConfigMap", ', 'application/json', 400, 'BadRequest', /json parse error/],
    ['malformed YAML', 'kind: ConfigMap\nmetadata: [unclosed', 'application/yaml', 400, 'BadRequest', /yaml/],
    ['a kind that does not match the URL', '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}', 'application/json', 400, 'BadRequest', /^Secret in version "v1" cannot be handled as a ConfigMap: converting \(v1\.Secret\) to \(core\.ConfigMap\): unknown conversion$/],
    ['a group-version that does not match the URL', '{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}', 'application/json', 400, 'BadRequest', /does not match the expected API version/],
    ['an invalid name', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Not_Valid"}}', 'application/json', 422, 'Invalid', /metadata\.name: Invalid value: "Not_Valid"/],
    ['an unknown media type', 'x', 'text/csv', 415, 'UnsupportedMediaType', /text\/csv/],
    ['garbage protobuf', Buffer.from('k8s\0\x0a\xff\xff\xff'), 'application/vnd.kubernetes.protobuf', 400, 'BadRequest', /./],
  ])('rejects %s', async (_name, body, type, code, reason, message) => {
    const before = await count(cms);
    const r = await send('POST', cms, body, type);
    expect(r.code).toBe(code);
    expect(r.body.kind).toBe('Status');
    expect(r.body.reason).toBe(reason);
    expect(r.body.code).toBe(code);
    expect(r.body.message).toMatch(message);
    expect(await count(cms)).toBe(before);
  });

  it('rejects unknown and duplicate fields under fieldValidation=Strict and warns under Warn', async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict"},"data":{"a":"1"},"dataa":{}}';
    const strict = await send('POST', `${cms}?fieldValidation=Strict`, body);
    expect(strict.code).toBe(400);
    expect(strict.body.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dataa"');
    const dup = await send('POST', `${cms}?fieldValidation=Strict`, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup"}}');
    expect(dup.code).toBe(400);
    expect(dup.body.message).toMatch(/duplicate field "metadata.name"/);
    expect((await fetch(`${env.url}${cms}/strict`)).status).toBe(404);
    const warn = await fetch(`${env.url}${cms}?fieldValidation=Warn`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toContain('unknown field \\"dataa\\"');
  });

  it('answers 409 Conflict on a stale resourceVersion and keeps the stored object', async () => {
    const created = await send('POST', cms, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cas"},"data":{"v":"1"}}');
    const rv = (created.body as unknown as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const upd = (v: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cas","resourceVersion":"${rv}"},"data":{"v":"${v}"}}`;
    expect((await send('PUT', `${cms}/cas`, upd('2'))).code).toBe(200);
    const stale = await send('PUT', `${cms}/cas`, upd('3'));
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toBe('Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again');
    const now = (await (await fetch(`${env.url}${cms}/cas`)).json()) as { data: { v: string } };
    expect(now.data.v).toBe('2');
  });

  it('rejects a body over 3 MiB with 413', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) } });
    const r = await send('POST', cms, big);
    expect(r.code).toBe(413);
    expect(r.body.reason).toBe('RequestEntityTooLarge');
    expect((await fetch(`${env.url}${cms}/big`)).status).toBe(404);
  });

  it('names the field in validation errors', async () => {
    const r = await send('POST', '/apis/apps/v1/namespaces/default/deployments', JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' },
      spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c' }] } } },
    }));
    expect(r.code).toBe(422);
    expect(r.body.message).toBe('Deployment.apps "bad" is invalid: spec.template.spec.containers[0].image: Required value');
    expect(r.body.details?.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].image' }]);
  });

  it('returns NotFound Status for unknown objects and resources', async () => {
    const r = await fetch(`${env.url}/api/v1/namespaces/default/pods/nope`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as Status).message).toBe('pods "nope" not found');
    const nores = await fetch(`${env.url}/apis/apps/v1/namespaces/default/foos`);
    expect(nores.status).toBe(404);
  });

  it.skipIf(!kubectlAvailable)('kubectl prints the Invalid error as for a real cluster', async () => {
    const r = await env.kubectl(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: UPPER\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The ConfigMap "UPPER" is invalid: metadata\.name: Invalid value: "UPPER": a lowercase RFC 1123 subdomain/m);
  });
});
