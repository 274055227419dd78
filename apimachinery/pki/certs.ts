// Certificate authority operations over the openssl CLI (ECDSA P-256 keys): create a CA, issue a
// key + certificate, make a key + CSR, sign a CSR for client and/or server use.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openssl, randomSerial, subjectArg, withTempDir } from './openssl.js';
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

const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

const isIP = (s: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));

function sanLine(sans: readonly string[]): string[] {
  if (sans.length === 0) return [];
  return [`subjectAltName = ${[...new Set(sans)].map((s) => (isIP(s) ? `IP:${s}` : `DNS:${s}`)).join(',')}`];
}

function leafExtensions(usage: CertUsage, sans: readonly string[]): string {
  const eku = { client: 'clientAuth', server: 'serverAuth', both: 'serverAuth,clientAuth' }[usage];
  return [
    'basicConstraints = critical,CA:FALSE',
    // ECDSA keys sign (TLS handshakes); no keyEncipherment as for RSA.
    'keyUsage = critical,digitalSignature',
    `extendedKeyUsage = ${eku}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    ...(usage === 'client' ? [] : sanLine(sans)),
  ].join('\n');
}

/** A config whose only extension section is `ext` (no defaults from the system openssl.cnf). */
function config(ext: string): string {
  return ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', '[ext]', ext, ''].join('\n');
}

/** Creates a self-signed CA (`cn`, 10 years) and writes `dir`/ca.crt and `dir`/ca.key (0600). */
export async function newCA(dir: string, cn: string, opts: { days?: number; signal?: AbortSignal } = {}): Promise<CA> {
  const ca = await withTempDir(async (tmp) => {
    const ext = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'].join('\n');
    await writeFile(join(tmp, 'c.cnf'), config(ext));
    const { stdout } = await openssl(['req', '-x509', '-new', ...curve, '-keyout', join(tmp, 'ca.key'), '-days', String(opts.days ?? 3650),
      '-set_serial', randomSerial(), '-config', join(tmp, 'c.cnf'), '-extensions', 'ext', '-subj', subjectArg(cn)], { signal: opts.signal });
    return { certPem: stdout, keyPem: await readFile(join(tmp, 'ca.key'), 'utf8') };
  });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'ca.key'), ca.keyPem, { mode: 0o600 });
  await writeFile(join(dir, 'ca.crt'), ca.certPem);
  return ca;
}

/** A new key and a certificate for it signed by `opts.ca`. */
export async function issueCert(opts: IssueOptions): Promise<KeyPair> {
  return withTempDir(async (tmp) => {
    await Promise.all([
      writeFile(join(tmp, 'c.cnf'), config(leafExtensions(opts.usage, opts.sans ?? []))),
      writeFile(join(tmp, 'ca.crt'), opts.ca.certPem),
      writeFile(join(tmp, 'ca.key'), opts.ca.keyPem, { mode: 0o600 }),
    ]);
    const { stdout } = await openssl(['req', '-x509', '-new', ...curve, '-keyout', join(tmp, 'leaf.key'), '-CA', join(tmp, 'ca.crt'), '-CAkey', join(tmp, 'ca.key'),
      '-days', String(opts.days ?? 365), '-set_serial', randomSerial(), '-config', join(tmp, 'c.cnf'), '-extensions', 'ext', '-subj', subjectArg(opts.cn, opts.o)], { signal: opts.signal });
    return { certPem: stdout, keyPem: await readFile(join(tmp, 'leaf.key'), 'utf8') };
  });
}

/** A new key and a PEM CSR for `cn` / organisations `o` (optionally with SANs, for serving certs). */
export async function newKeyAndCSR(cn: string, o: string[] = [], opts: { sans?: string[]; signal?: AbortSignal } = {}): Promise<{ keyPem: string; csrPem: string }> {
  return withTempDir(async (tmp) => {
    await writeFile(join(tmp, 'c.cnf'), config(sanLine(opts.sans ?? []).join('\n')));
    const { stdout } = await openssl(['req', '-new', ...curve, '-keyout', join(tmp, 'k.key'), '-config', join(tmp, 'c.cnf'), '-reqexts', 'ext', '-subj', subjectArg(cn, o)], { signal: opts.signal });
    return { keyPem: await readFile(join(tmp, 'k.key'), 'utf8'), csrPem: stdout };
  });
}

/**
 * Signs a PEM CSR with the CA: the subject is the CSR's, the usages are the caller's (as a
 * Kubernetes signer decides them); a serving certificate carries the CSR's DNS/IP SANs, nothing
 * else from the CSR is copied. Rejects a CSR whose self-signature does not verify.
 */
export async function signCSR(ca: CA, csrPem: string, opts: { usage: CertUsage; days?: number; signal?: AbortSignal }): Promise<string> {
  const subject = await csrSubject(csrPem, { signal: opts.signal });
  return withTempDir(async (tmp) => {
    const sans = [...subject.dnsNames, ...subject.ipAddresses];
    await Promise.all([
      writeFile(join(tmp, 'ext.cnf'), `[ext]\n${leafExtensions(opts.usage, sans)}\n`),
      writeFile(join(tmp, 'ca.crt'), ca.certPem),
      writeFile(join(tmp, 'ca.key'), ca.keyPem, { mode: 0o600 }),
      writeFile(join(tmp, 'req.csr'), csrPem),
    ]);
    const { stdout } = await openssl(['x509', '-req', '-in', join(tmp, 'req.csr'), '-CA', join(tmp, 'ca.crt'), '-CAkey', join(tmp, 'ca.key'),
      '-set_serial', randomSerial(), '-days', String(Math.max(1, Math.ceil(opts.days ?? 365))), '-extfile', join(tmp, 'ext.cnf'), '-extensions', 'ext'], { signal: opts.signal });
    return stdout;
  });
}

/** Reads `dir`/ca.crt and `dir`/ca.key as written by newCA. */
export async function loadCA(dir: string): Promise<CA> {
  const [certPem, keyPem] = await Promise.all([readFile(join(dir, 'ca.crt'), 'utf8'), readFile(join(dir, 'ca.key'), 'utf8')]);
  return { certPem, keyPem };
}
