// X.509 client certificates (--client-ca-file): the TLS layer asks for a certificate and checks its
// chain against the client CA (socket.authorized); here the verdict becomes a user: CN = name,
// O = groups. A certificate that does not verify, or is not for client authentication, is a 401.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import type { Authenticator, UserInfo } from '../types.js';
import { unauthorized } from '../lookup.js';

const clientAuthOID = '1.3.6.1.5.5.7.3.2';

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The user a verified client certificate names. */
export function userFromCertificate(cert: Pick<PeerCertificate, 'subject'>): UserInfo | undefined {
  const subject = cert.subject as unknown as Record<string, string | string[] | undefined>;
  const cn = list(subject.CN)[0];
  if (!cn) return undefined;
  return { name: cn, groups: list(subject.O) };
}

export function x509Authenticator(): Authenticator {
  return {
    async authenticate(req: IncomingMessage) {
      const socket = req.socket as Partial<TLSSocket>;
      if (typeof socket.getPeerCertificate !== 'function') return undefined;
      const cert = socket.getPeerCertificate(false);
      if (!cert || Object.keys(cert).length === 0) return undefined;
      if (!socket.authorized) throw unauthorized(`x509: certificate signed by unknown authority or not valid (${String(socket.authorizationError ?? 'unverified')})`);
      const eku = (cert as PeerCertificate & { ext_key_usage?: string[] }).ext_key_usage;
      if (Array.isArray(eku) && eku.length > 0 && !eku.includes(clientAuthOID)) throw unauthorized('x509: certificate specifies an incompatible key usage');
      const user = userFromCertificate(cert);
      if (!user) throw unauthorized('x509: certificate has no common name');
      return user;
    },
  };
}
