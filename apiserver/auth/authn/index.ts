// Authentication for the API server: turns a request into a user (client certificate, static
// token, bootstrap token, ServiceAccount JWT, anonymous), then the request filter that also asks
// the authorizer. The ServiceAccount token code itself lives in ../serviceaccount.
export { type TokenAuthenticator, bearerToken, bearerAuthenticator, authenticateToken } from './bearer.js';
export { parseTokenFile, staticTokenAuthenticator, parseCsvLine } from './tokenfile.js';
export { bootstrapTokenAuthenticator, bootstrapTokenPattern, bootstrapTokenSecretType } from './bootstrap.js';
export { x509Authenticator, userFromCertificate } from './x509.js';
export { newRequestAuthenticator, withAuthenticatedGroup, anonymousUser, unsecuredUser, type Authentication, type RequestAuthenticator } from './chain.js';
export { requestAttributes, forbidden } from './attributes.js';
export { newRequestFilter, isPublicPath, publicPaths, alwaysAllow, type RequestFilter, type RequestFilterOptions } from './filter.js';
export { storeGetter, unauthorized, unauthorizedReason, type ObjectGetter } from '../lookup.js';
export { type ReviewHandler, selfSubjectReview, tokenReview, userInfoObject } from './reviews.js';
export { buildAuthentication, type AuthnFlags, type AuthnSetup } from './config.js';
