// The PKI helpers (in-process, no openssl): chains verify with node:crypto, subjects/SANs/usages are
// what was asked, CSRs round-trip, the CA hash matches kubeadm's recipe, and a generated kubeconfig
// works over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { x509 } from './x509.js';
import { caCertHash, certIPs, csrSubject, issueCert, kubeconfigYaml, loadCA, newCA, newKeyAndCSR, signCSR, writeKubeconfigFile, type CA } from './index.js';

const clientAuth = '1.3.6.1.5.5.7.3.2';
const serverAuth = '1.3.6.1.5.5.7.3.1';

describe('pki', () => {
  let dir: string;
  let ca: CA;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pki-test-'));
    ca = await newCA(join(dir, 'pki'), 'k8ts-ca');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Whether node:crypto finds `certPem` issued and signed by the CA, and valid now. */
  const verify = (certPem: string, caPem = ca.certPem): boolean => {
    const [leaf, issuer] = [new X509Certificate(certPem), new X509Certificate(caPem)];
    const now = Date.now();
    return leaf.checkIssued(issuer) && leaf.verify(issuer.publicKey) && new Date(leaf.validFrom).getTime() <= now && now < new Date(leaf.validTo).getTime();
  };
  /** The critical basicConstraints / keyUsage extensions, read with @peculiar/x509. */
  const constraints = (certPem: string): { ca?: boolean; usages?: number; critical: boolean[] } => {
    const c = new x509.X509Certificate(certPem);
    const bc = c.getExtension(x509.BasicConstraintsExtension);
    const ku = c.getExtension(x509.KeyUsagesExtension);
    return { ca: bc?.ca, usages: ku?.usages, critical: [bc?.critical ?? false, ku?.critical ?? false] };
  };
  const { digitalSignature, keyCertSign, cRLSign } = x509.KeyUsageFlags;

  it('newCA writes a self-signed P-256 CA, key 0600, and loadCA reads it back', async () => {
    const x = new X509Certificate(ca.certPem);
    expect(x.subject).toBe('CN=k8ts-ca');
    expect(x.ca).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(statSync(join(dir, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
    expect(await loadCA(join(dir, 'pki'))).toEqual(ca);
    expect(ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(verify(ca.certPem)).toBe(true);
    expect(constraints(ca.certPem)).toEqual({ ca: true, usages: digitalSignature | keyCertSign | cRLSign, critical: [true, true] });
    expect(new Date(x.validTo).getTime() - Date.now()).toBeGreaterThan(3649 * 86_400_000);
  });

  it('issueCert: a client cert with CN, several O, clientAuth only, chained to the CA', async () => {
    const { certPem, keyPem } = await issueCert({ ca, cn: 'system:node:n1', o: ['system:nodes', 'a/b,c+d'], usage: 'client' });
    const x = new X509Certificate(certPem);
    expect(x.subject.split('\n')).toEqual(['O=system:nodes', 'O=a/b\\,c\\+d', 'CN=system:node:n1']);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual([clientAuth]);
    expect(x.subjectAltName).toBeUndefined();
    expect(x.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(verify(certPem)).toBe(true);
    expect(constraints(certPem)).toEqual({ ca: false, usages: digitalSignature, critical: [true, true] });
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
  });

  it('issueCert: a serving cert with DNS and IP SANs', async () => {
    const { certPem } = await issueCert({ ca, cn: 'kube-apiserver', sans: ['127.0.0.1', 'localhost', 'kubernetes.default.svc', '10.96.0.1', '::1'], usage: 'server', days: 2 });
    const x = new X509Certificate(certPem);
    expect(x.keyUsage).toEqual([serverAuth]);
    expect(x.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost, DNS:kubernetes.default.svc, IP Address:10.96.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(certIPs(certPem)).toContain('10.96.0.1');
    expect(new Date(x.validTo).getTime() - Date.now()).toBeLessThan(3 * 86_400_000);
    expect(verify(certPem)).toBe(true);
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
    const { csrPem, keyPem } = await newKeyAndCSR('system:node:n3', ['system:nodes'], { sans: ['evil.example'] });
    const certPem = await signCSR(ca, csrPem, { usage: 'client', days: 1 });
    const x = new X509Certificate(certPem);
    expect(x.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(new Date(x.validTo).getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(x.subject.split('\n')).toEqual(['O=system:nodes', 'CN=system:node:n3']);
    expect(x.keyUsage).toEqual([clientAuth]);
    expect(x.subjectAltName).toBeUndefined();
    expect(x.ca).toBe(false);
    expect(verify(certPem)).toBe(true);
  });

  it('signCSR (server): copies the CSR DNS/IP SANs, serverAuth only', async () => {
    const { csrPem } = await newKeyAndCSR('system:node:n4', ['system:nodes'], { sans: ['n4', '192.168.1.4'] });
    const x = new X509Certificate(await signCSR(ca, csrPem, { usage: 'server' }));
    expect(x.keyUsage).toEqual([serverAuth]);
    expect(x.subjectAltName).toBe('DNS:n4, IP Address:192.168.1.4');
  });

  it('caCertHash is sha256 of the DER SubjectPublicKeyInfo (kubeadm: `openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256`)', () => {
    const der = Buffer.from(new x509.X509Certificate(ca.certPem).publicKey.rawData);
    expect(caCertHash(ca.certPem)).toBe('sha256:' + createHash('sha256').update(der).digest('hex'));
  });

  it('signCSR and issueCert sign with an RSA CA key too (a CA made elsewhere)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const keys = {
      privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, true, ['sign']),
      publicKey: await webcrypto.subtle.importKey('spki', createPublicKey(privateKey).export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']),
    };
    const caCert = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=rsa-ca', keys, signingAlgorithm: algorithm, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });
    const rsa: CA = { certPem: caCert.toString('pem'), keyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
    const { csrPem } = await newKeyAndCSR('system:node:r', ['system:nodes']);
    expect(verify(await signCSR(rsa, csrPem, { usage: 'client' }), rsa.certPem)).toBe(true);
    expect(verify((await issueCert({ ca: rsa, cn: 'x', usage: 'server', sans: ['x'] })).certPem, rsa.certPem)).toBe(true);
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
