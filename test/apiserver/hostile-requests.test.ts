// Requests a client can send to hurt the API server: over-sized bodies at any write speed, deep
// nesting, YAML alias bombs, overflowing numbers, absurd resourceVersions, verbs a URL does not
// support. Each gets a 4xx Status with a message free of JavaScript artefacts, and nothing is stored.
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../apimachinery/errors.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, type TestApiServer } from '../envtest.js';


/** No JavaScript value may leak into what a client reads. */
export function expectCleanMessage(message: string | undefined): void {
  expect(typeof message).toBe('string');
  expect(message).not.toMatch(/\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b|\bInfinity\b/);
}

/** Sends headers, then the body in `chunk`-sized writes `gapMs` apart; resolves with the raw answer. */
function slowUpload(url: string, path: string, size: number, chunk: number, gapMs: number): Promise<{ response: string; socketError?: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let socketError: string | undefined;
    let sent = 0;
    const payload = Buffer.alloc(chunk, 'a');
    socket.on('data', (d: Buffer) => (response += d.toString()));
    socket.on('error', (e: NodeJS.ErrnoException) => (socketError ??= e.code ?? e.message));
    socket.on('close', () => resolve({ response, socketError }));
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`);
    const tick = (): void => {
      if (socket.destroyed) return;
      const n = Math.min(chunk, size - sent);
      if (n <= 0) return;
      socket.write(payload.subarray(0, n));
      sent += n;
      setTimeout(tick, gapMs);
    };
    tick();
  });
}

describe.skipIf(!etcdAvailable)(`hostile requests${etcdSkipReason}`, () => {
  let env: TestApiServer;
  const cms = '/api/v1/namespaces/default/configmaps';
  beforeAll(async () => {
    env = await startEnvtest();
  });
  afterAll(async () => {
    await env?.stop();
  });

  const send = async (method: string, path: string, body?: string, contentType = 'application/json'): Promise<{ code: number; body: Status }> => {
    const r = await fetch(env.url + path, { method, body, headers: { 'content-type': contentType }, signal: AbortSignal.timeout(10_000) });
    const status = (await r.json()) as Status;
    expect(status.kind).toBe('Status');
    expectCleanMessage(status.message);
    return { code: r.status, body: status };
  };
  const names = async (): Promise<string[]> => {
    const r = (await (await fetch(env.url + cms)).json()) as { items: { metadata: { name: string } }[] };
    return r.items.map((i) => i.metadata.name);
  };

  it.each([
    ['fast, in one go', 64 * 1024, 0],
    ['slowly, 64 KiB every 2 ms', 64 * 1024, 2],
    ['in small pieces', 4 * 1024, 0],
  ])('answers an over-sized body sent %s with a 413 Status after reading it, without resetting the connection', async (_n, chunk, gap) => {
    const r = await slowUpload(env.url, cms, 5 * 1024 * 1024, chunk, gap);
    expect(r.socketError).toBeUndefined();
    expect(r.response).toMatch(/^HTTP\/1\.1 413 /);
    const status = JSON.parse(r.response.slice(r.response.indexOf('\r\n\r\n') + 4)) as Status;
    expect(status).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413, message: 'Request entity too large: limit is 3145728' });
  });

  it.skipIf(!kubectlAvailable)('kubectl create cm --from-file with a 5 MB file prints the 413 message, 20 times in a row', async () => {
    const file = join(env.dir, 'big');
    writeFileSync(file, 'x'.repeat(5 * 1024 * 1024));
    for (let i = 0; i < 20; i++) {
      const r = await env.kubectl(['create', 'cm', `big${i}`, `--from-file=big=${file}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Request entity too large: limit is 3145728');
      expect(r.stderr).not.toMatch(/broken pipe|connection reset/);
    }
  }, 120_000);

  const aliasBomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');
  it.each([
    ['a 5,000-deep JSON array with a field selector', `${cms}?fieldSelector=a%3D%3D%3Db`, '['.repeat(5000) + ']'.repeat(5000), 'application/json', /exceeded max depth of 200/],
    ['5,000-deep JSON objects', cms, '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), 'application/json', /exceeded max depth of 200/],
    ['a 5,000-deep YAML flow sequence', cms, '['.repeat(5000) + ']'.repeat(5000), 'application/yaml', /yaml: exceeded max depth of 200/],
    ['5,000 nested YAML block sequences', cms, '- '.repeat(5000) + 'x', 'application/yaml', /yaml: exceeded max depth of 200/],
    ['a YAML alias bomb', cms, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n${aliasBomb}\n`, 'application/yaml', /excessive aliasing/],
    ['a 5,000-digit number', cms, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"num"},"data":{"a":${'1'.repeat(5000)}}}`, 'application/json', /data\.a overflows a float64/],
    ['a 400-digit replicas', '/apis/apps/v1/namespaces/default/deployments', `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":${'9'.repeat(400)}}}`, 'application/json', /spec\.replicas overflows/],
  ])('refuses %s with 400 before any recursive work', async (_n, path, body, type, message) => {
    const r = await send('POST', path, body, type);
    expect(r.code).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
    expect(r.body.message).toMatch(message);
    expect(await names()).toEqual([]);
  });

  it.each([
    ['a watch', '/api/v1/namespaces/default/pods?watch=1&resourceVersion=-5', 'invalid resource version "-5"'],
    ['a watch, 20 digits', `${cms}?watch=1&resourceVersion=99999999999999999999`, 'invalid resource version "99999999999999999999"'],
    ['a list', `${cms}?resourceVersion=abc`, 'invalid resource version "abc"'],
    ['a get', '/api/v1/namespaces/default/services/kubernetes?resourceVersion=1.5', 'invalid resource version "1.5"'],
    ['a named watch', '/api/v1/namespaces/default/services?watch=true&fieldSelector=metadata.name%3Dkubernetes&resourceVersion=x', 'invalid resource version "x"'],
  ])('answers an invalid resourceVersion on %s with 400', async (_n, path, message) => {
    const r = await send('GET', path);
    expect(r.code).toBe(400);
    expect(r.body).toMatchObject({ reason: 'BadRequest', message });
  });

  it.each([
    ['PUT', cms],
    ['PUT', '/api/v1/namespaces'],
    ['PUT', '/apis/apps/v1/namespaces/default/deployments'],
    ['POST', '/api/v1/configmaps'],
    ['POST', `${cms}/named`],
    ['PATCH', cms],
  ])('answers %s on %s with 405 MethodNotAllowed', async (method, path) => {
    const r = await send(method, path, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m"}}', method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
    expect(r.code).toBe(405);
    expect(r.body).toMatchObject({ reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' });
    expect(await names()).toEqual([]);
  });

  it.each([
    ['merge', 'application/merge-patch+json', '{"metadata":"x"}'],
    ['JSON', 'application/json-patch+json', '[{"op":"replace","path":"/metadata","value":7}]'],
    ['strategic merge', 'application/strategic-merge-patch+json', '{"metadata":["x"]}'],
  ])('refuses a %s patch whose result is no longer a ConfigMap (400), leaving the object as it was', async (_n, type, patch) => {
    const created = await fetch(env.url + cms, { method: 'POST', body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"}}', headers: { 'content-type': 'application/json' } });
    const rv = ((await created.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const r = await send('PATCH', `${cms}/p`, patch, type);
    expect(r.code).toBe(400);
    expect(r.body.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: metadata must be an object');
    const now = (await (await fetch(`${env.url}${cms}/p`)).json()) as { metadata: { resourceVersion: string } };
    expect(now.metadata.resourceVersion).toBe(rv);
    expect((await fetch(`${env.url}${cms}/p`, { method: 'DELETE' })).status).toBe(200);
  });

  it('answers a path with malformed escapes with a 400 Status', async () => {
    const r = await send('GET', '/api/v1/namespaces/%zz/configmaps');
    expect(r.code).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
  });
});
