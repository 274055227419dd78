// The PKI helpers against the real openssl CLI: chains verify, subjects/SANs/usages are what was
// asked, CSRs parse, the CA hash matches kubeadm's recipe, and a generated kubeconfig works over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { caCertHash, certIPs, csrSubject, issueCert, kubeconfigYaml, loadCA, newCA, newKeyAndCSR, signCSR, writeKubeconfigFile, type CA } from './index.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const clientAuth = '1.3.6.1.5.5.7.3.2';
const serverAuth = '1.3.6.1.5.5.7.3.1';

describe.skipIf(!hasOpenssl)('pki (needs the openssl CLI)', () => {
  let dir: string;
  let ca: CA;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pki-test-'));
    ca = await newCA(join(dir, 'pki'), 'k8ts-ca');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const verify = (certPem: string): string => {
    writeFileSync(join(dir, 'leaf.crt'), certPem);
    return execFileSync('openssl', ['verify', '-CAfile', join(dir, 'pki', 'ca.crt'), join(dir, 'leaf.crt')], { encoding: 'utf8' }).trim();
  };

  it('newCA writes a self-signed P-256 CA, key 0600, and loadCA reads it back', async () => {
    const x = new X509Certificate(ca.certPem);
    expect(x.subject).toBe('CN=k8ts-ca');
    expect(x.ca).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(statSync(join(dir, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
    expect(await loadCA(join(dir, 'pki'))).toEqual(ca);
  });

  it('issueCert: a client cert with CN, several O, clientAuth only, chained to the CA', async () => {
    const { certPem, keyPem } = await issueCert({ ca, cn: 'system:node:n1', o: ['system:nodes', 'a/b,c+d'], usage: 'client' });
    const x = new X509Certificate(certPem);
    expect(x.subject.split('\n')).toEqual(['O=system:nodes', 'O=a/b\\,c\\+d', 'CN=system:node:n1']);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual([clientAuth]);
    expect(x.subjectAltName).toBeUndefined();
    expect(x.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(verify(certPem)).toMatch(/: OK$/);
    expect(keyPem).toContain('PRIVATE KEY');
  });

  it('issueCert: a serving cert with DNS and IP SANs', async () => {
    const { certPem } = await issueCert({ ca, cn: 'kube-apiserver', sans: ['127.0.0.1', 'localhost', 'kubernetes.default.svc', '10.96.0.1', '::1'], usage: 'server', days: 2 });
    const x = new X509Certificate(certPem);
    expect(x.keyUsage).toEqual([serverAuth]);
    expect(x.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost, DNS:kubernetes.default.svc, IP Address:10.96.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(certIPs(certPem)).toContain('10.96.0.1');
    expect(new Date(x.validTo).getTime() - Date.now()).toBeLessThan(3 * 86_400_000);
    expect(verify(certPem)).toMatch(/: OK$/);
  });

  it('issueCert: usage both carries serverAuth and clientAuth', async () => {
    const { certPem } = await issueCert({ ca, cn: 'x', usage: 'both', sans: ['n1'] });
    expect(new X509Certificate(certPem).keyUsage?.sort()).toEqual([serverAuth, clientAuth].sort());
  });

  it('newKeyAndCSR + csrSubject: CN, O and SANs come back', async () => {
    const { keyPem, csrPem } = await newKeyAndCSR('system:node:n2', ['system:nodes', 'x,y'], { sans: ['n2', '10.0.0.2'] });
    expect(keyPem).toContain('PRIVATE KEY');
    expect(await csrSubject(csrPem)).toEqual({ cn: 'system:node:n2', o: ['system:nodes', 'x,y'], dnsNames: ['n2'], ipAddresses: ['10.0.0.2'] });
    expect(await csrSubject((await newKeyAndCSR('only-cn')).csrPem)).toEqual({ cn: 'only-cn', o: [], dnsNames: [], ipAddresses: [] });
  });

  it('csrSubject rejects what is not a CSR and a CSR whose signature is broken', async () => {
    await expect(csrSubject('hello')).rejects.toThrow(/not a PEM/);
    const { csrPem } = await newKeyAndCSR('a');
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff; // flip a byte of the signature
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(csrSubject(bad)).rejects.toThrow(/signature/);
    await expect(signCSR(ca, bad, { usage: 'client' })).rejects.toThrow(/signature/);
  });

  it('signCSR (client): keeps the subject, drops requested SANs, clientAuth only', async () => {
    const { csrPem } = await newKeyAndCSR('system:node:n3', ['system:nodes'], { sans: ['evil.example'] });
    const certPem = await signCSR(ca, csrPem, { usage: 'client', days: 1 });
    const x = new X509Certificate(certPem);
    expect(x.subject.split('\n')).toEqual(['O=system:nodes', 'CN=system:node:n3']);
    expect(x.keyUsage).toEqual([clientAuth]);
    expect(x.subjectAltName).toBeUndefined();
    expect(x.ca).toBe(false);
    expect(verify(certPem)).toMatch(/: OK$/);
  });

  it('signCSR (server): copies the CSR DNS/IP SANs, serverAuth only', async () => {
    const { csrPem } = await newKeyAndCSR('system:node:n4', ['system:nodes'], { sans: ['n4', '192.168.1.4'] });
    const x = new X509Certificate(await signCSR(ca, csrPem, { usage: 'server' }));
    expect(x.keyUsage).toEqual([serverAuth]);
    expect(x.subjectAltName).toBe('DNS:n4, IP Address:192.168.1.4');
  });

  it('caCertHash is sha256 of the DER SubjectPublicKeyInfo, as `openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256`', () => {
    const pub = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: ca.certPem });
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pub });
    expect(caCertHash(ca.certPem)).toBe('sha256:' + createHash('sha256').update(der).digest('hex'));
  });

  it('kubeconfigYaml: CA data + client cert/key, or a token; no insecure-skip-tls-verify', () => {
    const y = parse(kubeconfigYaml({ server: 'https://127.0.0.1:1', caPem: ca.certPem, clientCertPem: 'C', clientKeyPem: 'K', namespace: 'default' })) as {
      clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[]; contexts: { context: Record<string, string> }[];
    };
    expect(y.clusters[0]?.cluster).toEqual({ server: 'https://127.0.0.1:1', 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') });
    expect(y.users[0]?.user).toEqual({ 'client-certificate-data': 'Qw==', 'client-key-data': 'Sw==' });
    expect(y.contexts[0]?.context.namespace).toBe('default');
    const t = parse(kubeconfigYaml({ server: 'https://h:2', caPem: ca.certPem, token: 'abc.def' })) as { users: { user: Record<string, string> }[] };
    expect(t.users[0]?.user).toEqual({ token: 'abc.def' });
  });

  it('kubeconfigYaml: a plain-HTTP server gets insecure-skip-tls-verify and no CA; https needs the CA', () => {
    const y = parse(kubeconfigYaml({ server: 'http://127.0.0.1:8080', user: 'admin' })) as { clusters: { cluster: Record<string, unknown> }[]; users: { name: string; user: Record<string, string> }[] };
    expect(y.clusters[0]?.cluster).toEqual({ server: 'http://127.0.0.1:8080', 'insecure-skip-tls-verify': true });
    expect(y.users[0]).toEqual({ name: 'admin', user: {} });
    expect(() => kubeconfigYaml({ server: 'https://127.0.0.1:6443' })).toThrow("the CA's PEM is needed");
  });

  describe('a written kubeconfig works with client-node against a TLS server requiring client certs', () => {
    let server: Server;
    let port = 0;
    let seenCN = '';
    beforeAll(async () => {
      const serving = await issueCert({ ca, cn: 'kube-apiserver', sans: ['127.0.0.1'], usage: 'server' });
      server = createServer({ cert: serving.certPem + ca.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
        const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        seenCN = peer.subject.CN as string;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0-test' }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const a = server.address();
      port = typeof a === 'object' && a ? a.port : 0;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('authenticates with the client cert and verifies the server against the CA', async () => {
      const admin = await issueCert({ ca, cn: 'kubernetes-admin', o: ['system:masters'], usage: 'client' });
      const path = join(dir, 'kubeconfig');
      writeKubeconfigFile(path, { server: `https://127.0.0.1:${port}`, caPem: ca.certPem, clientCertPem: admin.certPem, clientKeyPem: admin.keyPem });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8')).not.toContain('insecure-skip-tls-verify');
      const kc = new KubeConfig();
      kc.loadFromFile(path);
      const v = await kc.makeApiClient(VersionApi).getCode();
      expect(v.gitVersion).toBe('v1.32.0-test');
      expect(seenCN).toBe('kubernetes-admin');
    });

    it('a kubeconfig with another CA is refused by the client', async () => {
      const other = await newCA(join(dir, 'other'), 'other-ca');
      const kc = new KubeConfig();
      kc.loadFromString(kubeconfigYaml({ server: `https://127.0.0.1:${port}`, caPem: other.certPem, token: 't' }));
      await expect(kc.makeApiClient(VersionApi).getCode()).rejects.toThrow();
    });
  });
});
