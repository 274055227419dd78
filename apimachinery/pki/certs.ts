// Certificate authority operations in-process with @peculiar/x509 over Node's WebCrypto (ECDSA
// P-256 keys, SHA-256 signatures): create a CA, issue a key + certificate, make a key + CSR, sign a
// CSR for client and/or server use. No openssl process and no temporary files.
import { createPrivateKey, KeyObject, webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';
import { csrSubject } from './inspect.js';

/** A CA as PEM strings. */
export interface CA {
  certPem: string;
  keyPem: string;
}

/** What a leaf certificate may be used for (extendedKeyUsage clientAuth / serverAuth). */
export type CertUsage = 'client' | 'server' | 'both';

export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  ca: CA;
  cn: string;
  /** Organisations: Kubernetes reads them as the user's groups. */
  o?: string[];
  /** DNS names and IP addresses (IPs are told apart by their syntax). */
  sans?: string[];
  usage: CertUsage;
  days?: number;
  signal?: AbortSignal;
}

type Lib = typeof X509;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type SigningAlgorithm = { name: string; hash: string };

const lib = async (): Promise<Lib> => (await import('./x509.js')).x509;
const dayMs = 86_400_000;
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' };
const ecdsaSHA256: SigningAlgorithm = { name: 'ECDSA', hash: 'SHA-256' };
const oid = { cn: '2.5.4.3', o: '2.5.4.10' };

/** A distinguished name as openssl's `-subj /O=…/CN=…` made it: one RDN per value, O values first,
 *  CN last, every value a UTF8String (openssl's default string mask), no escaping needed. */
function subjectName(x: Lib, cn: string, o: readonly string[] = []): X509.Name {
  return new x.Name([...o.map((v) => ({ [oid.o]: [{ utf8String: v }] })), { [oid.cn]: [{ utf8String: cn }] }]);
}

function sanExtension(x: Lib, sans: readonly string[]): X509.Extension[] {
  if (sans.length === 0) return [];
  return [new x.SubjectAlternativeNameExtension([...new Set(sans)].map((s) => ({ type: isIP(s) ? ('ip' as const) : ('dns' as const), value: s })))];
}

/** PEM text with exactly one trailing newline (files concatenate PEMs: serving cert + CA). */
const pem = (text: string): string => `${text.replace(/\r\n/g, '\n').trimEnd()}\n`;

const newKeys = (): Promise<CryptoKeyPair> => webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

/** The private key as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), as `openssl req -nodes -keyout` writes it. */
const keyPem = (keys: CryptoKeyPair): string => KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();

/** Imports a CA's PEM private key (PKCS#8 or SEC1/PKCS#1; EC or RSA) for signing with SHA-256. */
async function signingKey(keyPemText: string): Promise<{ key: webcrypto.CryptoKey; algorithm: SigningAlgorithm }> {
  const k = createPrivateKey(keyPemText);
  const der = k.export({ type: 'pkcs8', format: 'der' });
  if (k.asymmetricKeyType === 'ec') {
    const curves: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
    const namedCurve = curves[k.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!namedCurve) throw new Error(`the CA key's curve ${k.asymmetricKeyDetails?.namedCurve} is not supported`);
    return { key: await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']), algorithm: ecdsaSHA256 };
  }
  if (k.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']), algorithm };
  }
  throw new Error(`the CA key's type ${k.asymmetricKeyType} is not supported (EC or RSA)`);
}

interface LeafSpec {
  subject: X509.Name;
  publicKey: X509.PublicKey | webcrypto.CryptoKey;
  usage: CertUsage;
  sans: readonly string[];
  days: number;
}

/** A leaf certificate for `spec.publicKey` signed by the CA, with the extensions kubeadm's certs carry. */
async function signLeaf(x: Lib, ca: CA, spec: LeafSpec): Promise<string> {
  const caCert = new x.X509Certificate(ca.certPem);
  const { key, algorithm } = await signingKey(ca.keyPem);
  const caKeyId = caCert.getExtension(x.SubjectKeyIdentifierExtension)?.keyId;
  const eku = { client: [x.ExtendedKeyUsage.clientAuth], server: [x.ExtendedKeyUsage.serverAuth], both: [x.ExtendedKeyUsage.serverAuth, x.ExtendedKeyUsage.clientAuth] }[spec.usage];
  const notBefore = new Date();
  const cert = await x.X509CertificateGenerator.create({
    subject: spec.subject,
    issuer: caCert.subjectName,
    publicKey: spec.publicKey,
    signingKey: key,
    signingAlgorithm: algorithm,
    notBefore,
    notAfter: new Date(notBefore.getTime() + spec.days * dayMs),
    extensions: [
      new x.BasicConstraintsExtension(false, undefined, true),
      // ECDSA keys sign (TLS handshakes); no keyEncipherment as for RSA.
      new x.KeyUsagesExtension(x.KeyUsageFlags.digitalSignature, true),
      new x.ExtendedKeyUsageExtension(eku),
      await x.SubjectKeyIdentifierExtension.create(spec.publicKey),
      caKeyId ? new x.AuthorityKeyIdentifierExtension(caKeyId) : await x.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      ...(spec.usage === 'client' ? [] : sanExtension(x, spec.sans)),
    ],
  });
  return pem(cert.toString('pem'));
}

/** Creates a self-signed CA (`cn`, 10 years) and writes `dir`/ca.crt and `dir`/ca.key (0600). */
export async function newCA(dir: string, cn: string, opts: { days?: number; signal?: AbortSignal } = {}): Promise<CA> {
  opts.signal?.throwIfAborted();
  const x = await lib();
  const keys = await newKeys();
  const notBefore = new Date();
  const cert = await x.X509CertificateGenerator.createSelfSigned({
    name: subjectName(x, cn),
    keys,
    signingAlgorithm: ecdsaSHA256,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (opts.days ?? 3650) * dayMs),
    extensions: [
      new x.BasicConstraintsExtension(true, undefined, true),
      new x.KeyUsagesExtension(x.KeyUsageFlags.digitalSignature | x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign, true),
      await x.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const ca = { certPem: pem(cert.toString('pem')), keyPem: keyPem(keys) };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'ca.key'), ca.keyPem, { mode: 0o600 });
  await writeFile(join(dir, 'ca.crt'), ca.certPem);
  return ca;
}

/** A new key and a certificate for it signed by `opts.ca`. */
export async function issueCert(opts: IssueOptions): Promise<KeyPair> {
  opts.signal?.throwIfAborted();
  const x = await lib();
  const keys = await newKeys();
  const certPem = await signLeaf(x, opts.ca, { subject: subjectName(x, opts.cn, opts.o), publicKey: keys.publicKey, usage: opts.usage, sans: opts.sans ?? [], days: opts.days ?? 365 });
  return { certPem, keyPem: keyPem(keys) };
}

/** A new key and a PEM CSR for `cn` / organisations `o` (optionally with SANs, for serving certs). */
export async function newKeyAndCSR(cn: string, o: string[] = [], opts: { sans?: string[]; signal?: AbortSignal } = {}): Promise<{ keyPem: string; csrPem: string }> {
  opts.signal?.throwIfAborted();
  const x = await lib();
  const keys = await newKeys();
  const csr = await x.Pkcs10CertificateRequestGenerator.create({
    name: subjectName(x, cn, o),
    keys,
    signingAlgorithm: ecdsaSHA256,
    extensions: sanExtension(x, opts.sans ?? []),
  });
  return { keyPem: keyPem(keys), csrPem: pem(csr.toString('pem')) };
}

/**
 * Signs a PEM CSR with the CA: the subject is the CSR's, the usages are the caller's (as a
 * Kubernetes signer decides them); a serving certificate carries the CSR's DNS/IP SANs, nothing
 * else from the CSR is copied. Rejects a CSR whose self-signature does not verify.
 */
export async function signCSR(ca: CA, csrPem: string, opts: { usage: CertUsage; days?: number; signal?: AbortSignal }): Promise<string> {
  const subject = await csrSubject(csrPem, { signal: opts.signal });
  const x = await lib();
  const csr = new x.Pkcs10CertificateRequest(csrPem);
  const days = Math.max(1, Math.ceil(opts.days ?? 365));
  return signLeaf(x, ca, { subject: csr.subjectName, publicKey: csr.publicKey, usage: opts.usage, sans: [...subject.dnsNames, ...subject.ipAddresses], days });
}

/** Reads `dir`/ca.crt and `dir`/ca.key as written by newCA. */
export async function loadCA(dir: string): Promise<CA> {
  const [certPem, keyPem] = await Promise.all([readFile(join(dir, 'ca.crt'), 'utf8'), readFile(join(dir, 'ca.key'), 'utf8')]);
  return { certPem, keyPem };
}
