// Builds the API server's authenticators from its flags: client certificates (--client-ca-file),
// static tokens (--token-auth-file), bootstrap tokens (--enable-bootstrap-token-auth) and
// ServiceAccount JWTs (--service-account-key-file / --service-account-signing-key-file), then
// anonymous (--anonymous-auth). Key and token files are read once, at start.
import { readFileSync } from 'node:fs';
import type { Authenticator, UserInfo } from '../types.js';
import { type SigningKey, type VerifyKey, loadSigningKey, loadVerifyKeys } from '../serviceaccount/jwt.js';
import { defaultIssuer, serviceAccountTokenAuthenticator } from '../serviceaccount/tokens.js';
import { type TokenAuthenticator, authenticateToken, bearerAuthenticator } from './bearer.js';
import { bootstrapTokenAuthenticator } from './bootstrap.js';
import { type RequestAuthenticator, newRequestAuthenticator, withAuthenticatedGroup } from './chain.js';
import type { ObjectGetter } from '../lookup.js';
import { parseTokenFile, staticTokenAuthenticator } from './tokenfile.js';
import { x509Authenticator } from './x509.js';

export interface AuthnFlags {
  /** Whether the server speaks TLS (client certificates need it). */
  tls: boolean;
  clientCAFile?: string;
  tokenAuthFile?: string;
  serviceAccountIssuers?: string[];
  serviceAccountKeyFiles?: string[];
  serviceAccountSigningKeyFile?: string;
  apiAudiences?: string[];
  anonymousAuth?: boolean;
  enableBootstrapTokenAuth?: boolean;
}

export interface AuthnSetup {
  request: RequestAuthenticator;
  /** Whether any authenticator is configured (otherwise every request is system:unsecured). */
  configured: boolean;
  /** Bearer-token authentication as requests meet it (TokenReview), with system:authenticated added. */
  authenticateToken(token: string): Promise<UserInfo>;
  /** The ServiceAccount token signer, when --service-account-signing-key-file is given. */
  signingKey?: SigningKey;
  issuer: string;
  audiences: string[];
  clientCA?: string;
}

export function buildAuthentication(f: AuthnFlags, objects: ObjectGetter, clock?: () => Date): AuthnSetup {
  const issuers = f.serviceAccountIssuers && f.serviceAccountIssuers.length > 0 ? f.serviceAccountIssuers : [defaultIssuer];
  const audiences = f.apiAudiences && f.apiAudiences.length > 0 ? f.apiAudiences : issuers;
  const signingKey = f.serviceAccountSigningKeyFile ? loadSigningKey(readFileSync(f.serviceAccountSigningKeyFile, 'utf8')) : undefined;
  const verifyKeys: VerifyKey[] = (f.serviceAccountKeyFiles ?? []).flatMap((file) => loadVerifyKeys(readFileSync(file, 'utf8')));
  if (verifyKeys.length === 0 && signingKey) verifyKeys.push(...loadVerifyKeys(readFileSync(f.serviceAccountSigningKeyFile!, 'utf8')));

  const tokens: TokenAuthenticator[] = [];
  if (f.tokenAuthFile) tokens.push(staticTokenAuthenticator(parseTokenFile(readFileSync(f.tokenAuthFile, 'utf8'))));
  if (f.enableBootstrapTokenAuth) tokens.push(bootstrapTokenAuthenticator(objects, clock));
  if (verifyKeys.length > 0) tokens.push(serviceAccountTokenAuthenticator({ issuers, audiences, keys: verifyKeys, objects, clock }));

  const clientCA = f.tls && f.clientCAFile ? readFileSync(f.clientCAFile, 'utf8') : undefined;
  const authenticators: Authenticator[] = [];
  if (clientCA) authenticators.push(x509Authenticator());
  if (tokens.length > 0) authenticators.push(bearerAuthenticator(tokens));
  return {
    request: newRequestAuthenticator({ authenticators, anonymous: f.anonymousAuth ?? true }),
    configured: authenticators.length > 0,
    authenticateToken: async (token) => withAuthenticatedGroup(await authenticateToken(tokens, token)),
    signingKey,
    issuer: issuers[0],
    audiences,
    clientCA,
  };
}
