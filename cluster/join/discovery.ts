// Join discovery: connect to the API server with TLS without trusting it yet, take the CA from the
// certificate chain it serves (the serving cert is followed by the CA), and accept that CA only if
// its public key hash is the one the join line carries (kubeadm's --discovery-token-ca-cert-hash:
// "sha256:" + hex SHA-256 of the DER SubjectPublicKeyInfo) and it really issued the serving cert.
import { X509Certificate, createHash } from 'node:crypto';
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';

export class DiscoveryError extends Error {}

export function spkiHash(cert: X509Certificate): string {
  return 'sha256:' + createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** "sha256:<64 hex>" normalised to lower case; undefined when malformed. */
export function parseCAHash(h: string): string | undefined {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(h.trim());
  return m ? `sha256:${m[1]!.toLowerCase()}` : undefined;
}

/** The certificates the server sent, leaf first (as far as the chain links go). */
function servedChain(leaf: DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let c: PeerCertificate | DetailedPeerCertificate | undefined = leaf;
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new X509Certificate(c.raw));
    c = (c as DetailedPeerCertificate).issuerCertificate;
  }
  return out;
}

/**
 * Returns the cluster CA's PEM after checking it against `expectedHash`; throws DiscoveryError
 * with the reason otherwise (no chain, hash mismatch, CA did not issue the serving cert).
 */
export async function discoverClusterCA(server: string, expectedHash: string, signal?: AbortSignal): Promise<string> {
  const want = parseCAHash(expectedHash);
  if (!want) throw new DiscoveryError(`--discovery-token-ca-cert-hash must be sha256:<64 hex digits>, got "${expectedHash}"`);
  const url = new URL(server);
  if (url.protocol !== 'https:') throw new DiscoveryError(`the API server URL must be https://, got ${server}`);
  const chain = await new Promise<X509Certificate[]>((resolve, reject) => {
    const sock = connect({ host: url.hostname, port: Number(url.port || 443), servername: /^[\d.]+$/.test(url.hostname) ? undefined : url.hostname,
      // Not trusted yet: the CA is checked against the hash below, before anything is sent.
      rejectUnauthorized: false });
    signal?.addEventListener('abort', () => sock.destroy(new DiscoveryError(`TLS handshake with ${url.host} aborted`)), { once: true });
    sock.setTimeout(10_000, () => sock.destroy(new DiscoveryError(`TLS handshake with ${url.host} timed out`)));
    sock.once('secureConnect', () => {
      const chainNow = servedChain(sock.getPeerCertificate(true));
      sock.end();
      resolve(chainNow);
    });
    sock.once('error', (e) => reject(e instanceof DiscoveryError ? e : new DiscoveryError(`cannot reach ${url.host}: ${e.message}`)));
  });
  const leaf = chain[0];
  if (!leaf) throw new DiscoveryError(`${url.host} sent no certificate`);
  const ca = chain.find((c) => spkiHash(c) === want);
  if (!ca) {
    const seen = chain.map((c) => `${c.subject.replace(/\n/g, ',')} (${spkiHash(c)})`).join('; ');
    throw new DiscoveryError(`refusing ${url.host}: no certificate it serves has the CA hash ${want} (served: ${seen})`);
  }
  if (!ca.ca) throw new DiscoveryError(`refusing ${url.host}: the certificate with hash ${want} is not a CA`);
  if (ca !== leaf && !(leaf.checkIssued(ca) && leaf.verify(ca.publicKey))) {
    throw new DiscoveryError(`refusing ${url.host}: its serving certificate was not issued by the CA with hash ${want}`);
  }
  return ca.toString();
}
