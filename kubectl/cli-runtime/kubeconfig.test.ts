import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionFor, loadConfig } from './kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the light kubeconfig loader', () => {
  it('resolves file paths relative to the kubeconfig and reads TLS material and a token file', async () => {
    mkdirSync(join(dir, 'pki'));
    writeFileSync(join(dir, 'pki', 'ca.crt'), 'CA');
    writeFileSync(join(dir, 'pki', 'u.crt'), 'CERT');
    writeFileSync(join(dir, 'pki', 'u.key'), 'KEY');
    writeFileSync(join(dir, 'token'), 'tok\n');
    writeFileSync(join(dir, 'config'), `
clusters: [{name: c, cluster: {server: "https://h:6443/", certificate-authority: pki/ca.crt, tls-server-name: api}}]
users: [{name: u, user: {client-certificate: pki/u.crt, client-key: pki/u.key, tokenFile: token}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`);
    const { merged } = await loadConfig(join(dir, 'config'), {});
    const c = connectionFor(merged, undefined);
    expect({ ...c, ca: c.ca?.toString(), cert: c.cert?.toString(), key: c.key?.toString() }).toEqual({
      server: 'https://h:6443', ca: 'CA', cert: 'CERT', key: 'KEY', insecureSkipTLSVerify: false, tlsServerName: 'api', token: 'tok', basic: undefined, needsFullClient: false,
    });
  });

  it('takes base64 data fields and flags exec plugins for the full client', async () => {
    writeFileSync(join(dir, 'exec'), `
clusters: [{name: c, cluster: {server: "https://h", certificate-authority-data: "${Buffer.from('CA2').toString('base64')}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {exec: {command: get-token, apiVersion: client.authentication.k8s.io/v1}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`);
    const c = connectionFor((await loadConfig(join(dir, 'exec'), {})).merged, 'x');
    expect(c.ca?.toString()).toBe('CA2');
    expect(c.insecureSkipTLSVerify).toBe(true);
    expect(c.needsFullClient).toBe(true);
  });

  it("falls back to kubectl's default server without a current context", () => {
    expect(connectionFor({ clusters: [], users: [], contexts: [] }, undefined).server).toBe('http://localhost:8080');
  });
});
